"""Goals: targets per metric and period, with progress computed from the records.

Progress is never stored: every figure is one indexed SQL aggregate over the records, so
adding, editing or deleting a visit, contract or need changes it at once.

Periods are the user's *local* calendar month / quarter / year. For instants
(``Interaction.occurred_at``, ``Need.created_at``) the period's first and last local day are
converted to a half-open UTC range ``[start, end)`` in the user's IANA zone; calendar dates
(``Contract.signed_on``) are compared as dates, never converted.

Metric definitions:
- ``visits``: interactions of kind ``visit`` that occurred in the period;
- ``qbrs``: interactions of kind ``qbr`` that occurred in the period;
- ``renewals_count``: contracts of kind ``renewal`` whose ``signed_on`` is in the period;
- ``renewals_amount``: the sum of those contracts' ``amount_cents``;
- ``new_needs``: needs created in the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from mycrm.core.models import (
    Contract,
    ContractKind,
    Goal,
    GoalMetric,
    GoalPeriod,
    Interaction,
    InteractionKind,
    Need,
)
from mycrm.core.timeutil import local_today, require_aware
from mycrm.core.validation import MAX_AMOUNT_CENTS, Collector, ErrorCode

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
def _metric_statement(metric: str, first: date, last: date, zone: str):  # type: ignore[no-untyped-def]
    """One indexed aggregate: what the records say was done for ``metric`` in local days
    ``first``..``last`` (visits/QBRs via ix_interaction_kind_time, renewals via
    ix_contract_signed_on, needs via ix_need_created_at)."""
    if metric in (GoalMetric.VISITS, GoalMetric.QBRS):
        kind = InteractionKind.VISIT if metric == GoalMetric.VISITS else InteractionKind.QBR
        start, end = local_range_utc(first, last, zone)
        return select(func.count()).where(
            Interaction.kind == kind.value,
            col(Interaction.occurred_at) >= start,
            col(Interaction.occurred_at) < end,
        )
    if metric in (GoalMetric.RENEWALS_COUNT, GoalMetric.RENEWALS_AMOUNT):
        measure = (func.count() if metric == GoalMetric.RENEWALS_COUNT
                   else func.coalesce(func.sum(col(Contract.amount_cents)), 0))
        return select(measure).where(
            Contract.kind == ContractKind.RENEWAL.value,
            col(Contract.signed_on) >= first,
            col(Contract.signed_on) <= last,
        )
    if metric == GoalMetric.NEW_NEEDS:
        start, end = local_range_utc(first, last, zone)
        return select(func.count()).where(
            col(Need.created_at) >= start, col(Need.created_at) < end
        )
    raise ValueError(f"unknown metric {metric!r}")


def metric_done(session: Session, metric: str, first: date, last: date, zone: str) -> int:
    """What the records say was done for ``metric`` in local days ``first``..``last``."""
    return int(session.exec(_metric_statement(metric, first, last, zone)).one() or 0)


def metrics_done(session: Session, first: date, last: date, zone: str) -> dict[str, int]:
    """Every metric's :func:`metric_done` in ONE statement (one scalar subquery each)."""
    columns = [_metric_statement(m.value, first, last, zone).scalar_subquery() for m in METRICS]
    row = session.exec(select(*columns)).one()
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


def goal_progress(session: Session, *, period: str, today: date, zone: str) -> list[GoalProgress]:
    """Every metric's progress for the period containing ``today`` (local date)."""
    first, last = period_bounds(period, today)
    goals = {
        g.metric: g
        for g in session.exec(
            select(Goal).where(Goal.period == period, Goal.period_start == first)
        )
    }
    done_by_metric = metrics_done(session, first, last, zone)
    result = []
    for metric in METRICS:
        goal = goals.get(metric.value)
        target = goal.target if goal is not None else 0
        done = done_by_metric[metric.value]
        result.append(GoalProgress(metric.value, period, first, last, done, target,
                                   goal.id if goal else None,
                                   pace(done, target, first, last, today)))
    return result


def goals_for_year(session: Session, *, year: int) -> dict[tuple[str, str, date], int]:
    """All targets whose period starts in ``year``: ``(metric, period, start) -> target``."""
    statement = select(Goal).where(
        col(Goal.period_start) >= date(year, 1, 1), col(Goal.period_start) <= date(year, 12, 31)
    )
    return {(g.metric, g.period, g.period_start): g.target for g in session.exec(statement)}


# --- services ---------------------------------------------------------------------------
def _clean_goal(c: Collector, metric: str, period: str, target: int) -> None:
    c.choice("metric", metric, {m.value for m in METRICS})
    c.choice("period", period, {p.value for p in PERIODS})
    if target < 0:
        c.add("target", ErrorCode.NEGATIVE_AMOUNT)
    elif target > MAX_AMOUNT_CENTS:
        c.add("target", ErrorCode.AMOUNT_TOO_LARGE)


def set_goal(*, session: Session, now: datetime, metric: str, period: str, day: date,
             target: int) -> Goal | None:
    """Set the target of ``metric`` for the period containing ``day``; 0 removes the goal.

    ``target`` is a count, or cents for ``renewals_amount``. Raises ``ValidationError``
    (nothing written) for an unknown metric/period or a negative target.
    """
    require_aware(now)
    c = Collector()
    _clean_goal(c, metric, period, target)
    c.check()
    first, _last = period_bounds(period, day)
    goal = session.exec(select(Goal).where(
        Goal.metric == metric, Goal.period == period, Goal.period_start == first)).first()
    if target == 0:
        if goal is not None:
            session.delete(goal)
        return None
    goal = goal or Goal(metric=metric, period=period, period_start=first)
    goal.target = target
    session.add(goal)
    session.flush()
    return goal


def parse_target(c: Collector, metric: str, value: str | int) -> int:
    """A typed target: money for the amount metric (into cents), else a whole count.
    Empty is 0 (no goal). Errors go to ``c`` under the metric's name."""
    if metric in AMOUNT_METRICS:
        return c.amount(metric, value)
    if isinstance(value, int):
        count = value
    else:
        text = value.strip().replace(",", "")
        if not text:
            return 0
        if not text.isdigit():
            c.add(metric, ErrorCode.BAD_AMOUNT, value=value.strip())
            return 0
        count = int(text)
    if count < 0:
        c.add(metric, ErrorCode.NEGATIVE_AMOUNT)
    elif count > MAX_AMOUNT_CENTS:
        c.add(metric, ErrorCode.AMOUNT_TOO_LARGE)
    return count


def set_goals(*, session: Session, now: datetime, period: str, day: date,
              targets: dict[str, str | int]) -> None:
    """Save several metrics' targets for one period at once, as the goals dialog does.

    Each value is what the user typed (money for ``renewals_amount``, a whole number
    otherwise; empty = no goal). Every bad field is reported before anything is written.
    """
    c = Collector()
    c.choice("period", period, {p.value for p in PERIODS})
    parsed = {}
    for metric, value in targets.items():
        c.choice("metric", metric, {m.value for m in METRICS})
        parsed[metric] = parse_target(c, metric, value)
    c.check()
    for metric, target in parsed.items():
        set_goal(session=session, now=now, metric=metric, period=period, day=day, target=target)


def even_split(total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` near-equal integers summing to ``total`` (earlier parts +1)."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def split_year(*, session: Session, now: datetime, year: int, period: str,
               metrics: tuple[str, ...] | None = None, overwrite: bool = False) -> int:
    """Create the missing quarter or month goals of ``year`` from its yearly targets.

    Each metric's yearly target is split evenly (the remainder goes to the earliest parts,
    so the parts add up to the year). Existing quarter/month goals are kept unless
    ``overwrite``. Returns how many goals were written.
    """
    require_aware(now)
    c = Collector()
    c.choice("period", period, {GoalPeriod.QUARTER.value, GoalPeriod.MONTH.value})
    c.check()
    existing = goals_for_year(session, year=year)
    starts = sub_periods(period, year)
    written = 0
    for metric in metrics or tuple(m.value for m in METRICS):
        yearly = existing.get((metric, GoalPeriod.YEAR.value, date(year, 1, 1)), 0)
        if yearly <= 0:
            continue
        for start, part in zip(starts, even_split(yearly, len(starts)), strict=True):
            if not overwrite and (metric, period, start) in existing:
                continue
            set_goal(session=session, now=now, metric=metric, period=period, day=start,
                     target=part)
            written += 1
    return written


SAMPLE_YEAR_TARGETS = {
    GoalMetric.VISITS.value: 120,
    GoalMetric.QBRS.value: 60,
    GoalMetric.RENEWALS_COUNT.value: 40,
    GoalMetric.RENEWALS_AMOUNT.value: 6_000_000 * 100,
    GoalMetric.NEW_NEEDS.value: 24,
}


def seed_sample_goals(*, session: Session, now: datetime, zone: str) -> None:
    """Give the sample portfolio yearly goals for the current local year, split into
    quarters and months, so the demo dashboard shows progress."""
    today = local_today(now, zone)
    for metric, target in SAMPLE_YEAR_TARGETS.items():
        set_goal(session=session, now=now, metric=metric, period=GoalPeriod.YEAR.value,
                 day=today, target=target)
    for period in (GoalPeriod.QUARTER.value, GoalPeriod.MONTH.value):
        split_year(session=session, now=now, year=today.year, period=period)
