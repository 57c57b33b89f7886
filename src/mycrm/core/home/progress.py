"""Goal progress: what the records say was done per metric and period, and the pace.

Progress is never stored: every figure is one indexed SQL aggregate over the records, so
adding, editing or deleting a visit, contract or need changes it at once. The queries are
plain SQL (``core.sqlread``): Home shows them before the ORM is loaded. The targets
themselves are set in ``core.goals``.

Periods are the user's *local* calendar month / quarter / year. For instants
(``Interaction.occurred_at``, ``Need.created_at``) the period's first and last local day are
converted to a half-open UTC range ``[start, end)`` in the user's IANA zone; calendar dates
(``Contract.signed_on``) are compared as dates, never converted.

Metric definitions:
- ``visits``: visits that occurred in the period — a QBR is a visit (``rules.VISIT_KINDS``);
- ``qbrs``: QBRs that occurred in the period (``rules.QBR_KINDS``);
- ``renewals_count``: contracts of kind ``renewal`` whose ``signed_on`` is in the period;
- ``renewals_amount``: the sum of those contracts' ``amount_cents``;
- ``new_needs``: needs created in the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from mycrm.core import rules
from mycrm.core.db.kinds import ContractKind, GoalMetric, GoalPeriod
from mycrm.core.db.sqlread import day, instant, one, rows

METRICS = tuple(GoalMetric)
PERIODS = tuple(GoalPeriod)
AMOUNT_METRICS = {GoalMetric.RENEWALS_AMOUNT.value}


# --- periods ----------------------------------------------------------------------------
def period_bounds(period: str, day: date) -> tuple[date, date]:
    """The first and last calendar day of the month / quarter / year containing ``day``."""
    if period == GoalPeriod.MONTH:
        first = day.replace(day=1)
        last = _next_month(first) - timedelta(days=1)
    elif period == GoalPeriod.QUARTER:
        first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        last = _add_months(first, 3) - timedelta(days=1)
    elif period == GoalPeriod.YEAR:
        first = date(day.year, 1, 1)
        last = date(day.year, 12, 31)
    else:
        raise ValueError(f"unknown period {period!r}")
    return first, last


def _next_month(first: date) -> date:
    return _add_months(first, 1)


def _add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def local_range_utc(first: date, last: date, zone: str) -> tuple[datetime, datetime]:
    """Half-open UTC range ``[start, end)`` covering local days ``first``..``last`` in ``zone``."""
    tz = ZoneInfo(zone)
    start = datetime.combine(first, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return start, end


def sub_periods(period: str, year: int) -> list[date]:
    """The first days of the quarters or months of ``year``."""
    if period == GoalPeriod.QUARTER:
        return [date(year, m, 1) for m in (1, 4, 7, 10)]
    if period == GoalPeriod.MONTH:
        return [date(year, m, 1) for m in range(1, 13)]
    raise ValueError(f"a year splits into quarters or months, not {period!r}")


# --- progress ---------------------------------------------------------------------------
# What each figure counts, as a WHERE condition — the rule's one home. The aggregates below
# count the rows it selects; the work report lists the same rows (``core.reports.work``), so
# a listed renewal or need is exactly a counted one. Parameters: ``:start``/``:end``, the
# half-open UTC range of local days ``first``..``last``; ``:first``/``:last``, the dates
# themselves (:func:`period_parameters`).
VISITS_SQL = f"""{rules.kinds_sql(rules.VISIT_KINDS)}
        AND interaction.occurred_at >= :start AND interaction.occurred_at < :end"""
QBRS_SQL = f"""{rules.kinds_sql(rules.QBR_KINDS)}
        AND interaction.occurred_at >= :start AND interaction.occurred_at < :end"""
RENEWALS_SIGNED_SQL = f"""contract.kind = '{ContractKind.RENEWAL.value}'
        AND contract.signed_on >= :first AND contract.signed_on <= :last"""
NEW_NEEDS_SQL = "need.created_at >= :start AND need.created_at < :end"

# One indexed aggregate per metric, as a scalar subquery: what the records say was done in
# the period (visits/QBRs via ix_interaction_kind_time, renewals via
# ix_contract_kind_signed, needs via ix_need_created_at), each from the index alone.
_METRIC_SQL = {
    GoalMetric.VISITS.value: f"(SELECT count(*) FROM interaction WHERE {VISITS_SQL})",
    GoalMetric.QBRS.value: f"(SELECT count(*) FROM interaction WHERE {QBRS_SQL})",
    GoalMetric.RENEWALS_COUNT.value:
        f"(SELECT count(*) FROM contract WHERE {RENEWALS_SIGNED_SQL})",
    GoalMetric.RENEWALS_AMOUNT.value: f"""(SELECT coalesce(sum(contract.amount_cents), 0)
        FROM contract WHERE {RENEWALS_SIGNED_SQL})""",
    GoalMetric.NEW_NEEDS.value: f"(SELECT count(*) FROM need WHERE {NEW_NEEDS_SQL})",
}


def period_parameters(first: date, last: date, zone: str) -> dict[str, str]:
    """The parameters of the conditions above for local days ``first``..``last``."""
    start, end = local_range_utc(first, last, zone)
    return {"start": instant(start), "end": instant(end), "first": day(first),
            "last": day(last)}


def metric_done(db: Any, metric: str, first: date, last: date, zone: str) -> int:
    """What the records say was done for ``metric`` in local days ``first``..``last``."""
    if metric not in _METRIC_SQL:
        raise ValueError(f"unknown metric {metric!r}")
    row = one(db, f"SELECT {_METRIC_SQL[metric]}", period_parameters(first, last, zone))
    return int(row[0] or 0)


def metrics_done(db: Any, first: date, last: date, zone: str) -> dict[str, int]:
    """Every metric's :func:`metric_done` in ONE statement (one scalar subquery each)."""
    columns = ", ".join(_METRIC_SQL[m.value] for m in METRICS)
    row = one(db, f"SELECT {columns}", period_parameters(first, last, zone))
    return {m.value: int(value or 0) for m, value in zip(METRICS, row, strict=True)}


@dataclass(frozen=True)
class Pace:
    """What is still needed: ``remaining`` more in ``days_left`` days (today included).

    ``expected`` is where a steady pace would be by the end of today; ``behind`` is True
    when ``done`` is below it. ``met`` when the target is reached; ``ended`` when the
    period is over.
    """

    remaining: int
    days_left: int
    expected: int
    behind: bool
    met: bool
    ended: bool


def pace(done: int, target: int, first: date, last: date, today: date) -> Pace:
    total_days = (last - first).days + 1
    elapsed = 0 if today < first else min(total_days, (today - first).days + 1)
    days_left = max(0, (last - today).days + 1) if today >= first else total_days
    expected = target * elapsed // total_days if total_days else target
    remaining = max(0, target - done)
    return Pace(
        remaining=remaining,
        days_left=days_left,
        expected=expected,
        behind=done < expected,
        met=target > 0 and remaining == 0,
        ended=today > last,
    )


@dataclass(frozen=True)
class GoalProgress:
    metric: str
    period: str
    first: date
    last: date
    done: int
    target: int  # 0 = no target set
    goal_id: int | None
    pace: Pace

    @property
    def fraction(self) -> float:
        """Share of the target done, 0…1 (capped); 0 when there is no target."""
        return min(1.0, self.done / self.target) if self.target > 0 else 0.0


def goal_progress(db: Any, *, period: str, today: date, zone: str) -> list[GoalProgress]:
    """Every metric's progress for the period containing ``today`` (local date). ``db``: a
    ``Session`` or a DB-API connection (``core.sqlread``)."""
    first, last = period_bounds(period, today)
    goals = {metric: (goal_id, target) for goal_id, metric, target in rows(
        db, "SELECT id, metric, target FROM goal WHERE period = ? AND period_start = ?",
        (period, day(first)))}
    done_by_metric = metrics_done(db, first, last, zone)
    result = []
    for metric in METRICS:
        goal_id, target = goals.get(metric.value, (None, 0))
        done = done_by_metric[metric.value]
        result.append(GoalProgress(metric.value, period, first, last, done, target, goal_id,
                                   pace(done, target, first, last, today)))
    return result
