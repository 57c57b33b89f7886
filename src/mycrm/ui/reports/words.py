"""Words both reports share: dates and periods, to-do states, the "reports" catalogue."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

from mycrm.core.reports.lines import TodoLine
from mycrm.core.reports.periods import Period, PeriodKind
from mycrm.ui.common import fmt

DASH = "—"  # an empty cell


def _t(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("reports", text, None, n)


def day_text(value: date | datetime | None, zone: str) -> str:
    """A calendar date, or an instant's local day in ``zone``; a dash for none."""
    if value is None:
        return DASH
    if isinstance(value, datetime):
        return fmt.format_date(value.astimezone(ZoneInfo(zone)).date())
    return fmt.format_date(value)


def when_text(value: datetime | None, zone: str) -> str:
    """An instant's local date and time in ``zone``; a dash for none."""
    return fmt.format_datetime(value, zone) if value is not None else DASH


def period_text(period: Period) -> str:
    """E.g. "2026-W48 · 23/11/2026 – 29/11/2026" or "23/08/2026 – 22/11/2026"."""
    days = _t("%1 – %2").replace("%1", fmt.format_date(period.first)).replace(
        "%2", fmt.format_date(period.last))
    if period.kind in (PeriodKind.WEEK, PeriodKind.MONTH):
        return period.code + " · " + days
    return days


def prepared_text(now: datetime, zone: str) -> str:
    return _t("Prepared %1").replace("%1", when_text(now, zone))


def todo_status(todo: TodoLine, zone: str) -> str:
    """Done (with its day), overdue or open."""
    if todo.done_at is not None:
        return _t("Done %1").replace("%1", day_text(todo.done_at, zone))
    return _t("Overdue") if todo.overdue else _t("Open")


def money(cents: int, currency: str = "CNY") -> str:
    return fmt.format_money(cents, currency)
