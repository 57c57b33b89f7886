"""User-visible words for the dashboard's codes: metric names, pace, risk reasons, and the
two lines of a "needs attention" row. The core returns codes and numbers; this module
turns them into the user's language."""

from __future__ import annotations

from PySide6.QtGui import QColor

from mycrm.core.db.kinds import GoalMetric, GoalPeriod
from mycrm.core.home.dashboard import AttentionItem, AttentionKind, RiskCode, RiskReason
from mycrm.core.home.progress import AMOUNT_METRICS, GoalProgress
from mycrm.ui.common import fmt
from mycrm.ui.common.i18n import translator

SEPARATOR = " · "


_t = translator("dashboard")


def metric_label(metric: str) -> str:
    return {
        GoalMetric.VISITS.value: _t("Visits"),
        GoalMetric.QBRS.value: _t("QBRs"),
        GoalMetric.RENEWALS_COUNT.value: _t("Renewals signed"),
        GoalMetric.RENEWALS_AMOUNT.value: _t("Renewal amount"),
        GoalMetric.NEW_NEEDS.value: _t("New needs"),
    }.get(metric, metric)


def period_label(period: str) -> str:
    return {
        GoalPeriod.MONTH.value: _t("This month"),
        GoalPeriod.QUARTER.value: _t("This quarter"),
        GoalPeriod.YEAR.value: _t("This year"),
    }.get(period, period)


def metric_value(metric: str, value: int) -> str:
    """A count, or money for the amount metric (``value`` in cents)."""
    return fmt.format_money(value) if metric in AMOUNT_METRICS else str(value)


def _more(metric: str, remaining: int) -> str:
    if metric in AMOUNT_METRICS:
        return _t("%1 more").replace("%1", fmt.format_money(remaining))
    return {
        GoalMetric.VISITS.value: _t("%n more visit(s)", remaining),
        GoalMetric.QBRS.value: _t("%n more QBR(s)", remaining),
        GoalMetric.RENEWALS_COUNT.value: _t("%n more renewal(s)", remaining),
        GoalMetric.NEW_NEEDS.value: _t("%n more need(s)", remaining),
    }.get(metric, str(remaining))


def pace_text(progress: GoalProgress) -> str:
    """E.g. "3 more visits in 9 days · behind pace", "Target reached", "No target yet"."""
    pace = progress.pace
    if progress.target <= 0:
        return _t("No target yet")
    if pace.met:
        return _t("Target reached")
    if pace.ended:
        return _t("Period ended") + SEPARATOR + _more(progress.metric, pace.remaining)
    text = _more(progress.metric, pace.remaining) + " " + _t("in %n day(s)", pace.days_left)
    if pace.behind:
        text += SEPARATOR + _t("behind pace")
    return text


def progress_text(progress: GoalProgress) -> str:
    """E.g. "1 / 4 · 25 %"; only the count when there is no target."""
    done = metric_value(progress.metric, progress.done)
    if progress.target <= 0:
        return done
    return _t("%1 / %2").replace("%1", done).replace(
        "%2", metric_value(progress.metric, progress.target)) + SEPARATOR + fmt.format_percent(
        progress.done, progress.target)


def reason_text(reason: RiskReason) -> str:
    value = reason.value
    if reason.code == RiskCode.RENEWAL_NEAR:
        assert value is not None
        if value < 0:
            return _t("renewal %n day(s) overdue", -value)
        if value == 0:
            return _t("renews today")
        return _t("renews in %n day(s)", value)
    if reason.code == RiskCode.NO_VISIT:
        return _t("never visited") if value is None else _t("no visit for %n day(s)", value)
    if reason.code == RiskCode.OVERDUE_TODOS:
        return _t("%n overdue to-do(s)", value or 0)
    if reason.code == RiskCode.OPEN_COMPLAINTS:
        return _t("%n open complaint(s)", value or 0)
    return reason.code.value


def reasons_text(reasons: tuple[RiskReason, ...]) -> str:
    return SEPARATOR.join(reason_text(r) for r in reasons)


def kind_label(kind: AttentionKind) -> str:
    return {
        AttentionKind.OVERDUE_TODO: _t("Overdue to-do"),
        AttentionKind.DUE_TODAY: _t("Reminder today"),
        AttentionKind.RISK: _t("At risk"),
        AttentionKind.RENEWAL_UNVISITED: _t("Renewal, not visited"),
        AttentionKind.REVISIT_RESET: _t("Time to revisit"),
    }[kind]


KIND_COLORS = {
    AttentionKind.OVERDUE_TODO: QColor("#d32f2f"),
    AttentionKind.DUE_TODAY: QColor("#f9a825"),
    AttentionKind.RISK: QColor("#e64a19"),
    AttentionKind.RENEWAL_UNVISITED: QColor("#1e88e5"),
    AttentionKind.REVISIT_RESET: QColor("#8e24aa"),
}


def _renewal_days(days: int | None) -> str:
    return reason_text(RiskReason(RiskCode.RENEWAL_NEAR, days if days is not None else 0))


def attention_title(item: AttentionItem) -> str:
    if item.kind in (AttentionKind.OVERDUE_TODO, AttentionKind.DUE_TODAY):
        return item.title
    return item.customer_name


def attention_detail(item: AttentionItem, zone: str) -> str:
    """The second line of a row: why it is here, in words."""
    label = kind_label(item.kind)
    if item.kind == AttentionKind.OVERDUE_TODO:
        text = _t("Overdue since %1").replace("%1", fmt.format_datetime(item.when, zone))  # type: ignore[arg-type]
    elif item.kind == AttentionKind.DUE_TODAY:
        text = _t("Reminder at %1").replace("%1", fmt.format_datetime(item.when, zone))  # type: ignore[arg-type]
    elif item.kind == AttentionKind.RISK:
        return label + ": " + reasons_text(item.reasons)
    elif item.kind == AttentionKind.RENEWAL_UNVISITED:
        return _renewal_days(item.days) + SEPARATOR + _t("not visited this cycle")
    else:
        return _t("Back to To contact by the revisit rule")
    if item.customer_name:
        text += SEPARATOR + item.customer_name
    return text
