"""Goals: a target per metric and period, set by the user (progress: ``core.progress``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, select

from mycrm.core.changes import Change, changes
from mycrm.core.common.timeutil import local_today, require_aware
from mycrm.core.common.validation import MAX_AMOUNT_CENTS, Collector, ErrorCode
from mycrm.core.db.models import Goal, GoalMetric, GoalPeriod
from mycrm.core.home.progress import AMOUNT_METRICS, METRICS, PERIODS, period_bounds, sub_periods


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


@changes(Change.GOALS)
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


@changes(Change.GOALS)
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


@changes(Change.GOALS)
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


@changes(Change.GOALS)
def seed_sample_goals(*, session: Session, now: datetime, zone: str) -> None:
    """Give the sample portfolio yearly goals for the current local year, split into
    quarters and months, so the demo dashboard shows progress."""
    today = local_today(now, zone)
    for metric, target in SAMPLE_YEAR_TARGETS.items():
        set_goal(session=session, now=now, metric=metric, period=GoalPeriod.YEAR.value,
                 day=today, target=target)
    for period in (GoalPeriod.QUARTER.value, GoalPeriod.MONTH.value):
        split_year(session=session, now=now, year=today.year, period=period)
