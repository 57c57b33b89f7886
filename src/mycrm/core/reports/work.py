"""The work report (周报 / 月报) for a week, a month or any days: what was done, what
slipped, and the next period's plan.

The figures are Home's: ``core.home.progress.metrics_done`` for the period's days, and the
goals with their targets from ``goal_progress`` (the month containing the period's end, or
the quarter / year when the period is exactly one: goals are set per month, quarter or
year only), with the pace as of today. The renewals signed and the new needs are the rows
the goal figures count, selected by the figures' own conditions (``progress``). The other
lists come from the queries behind their pages: visits and QBRs, renewals due and to-dos
due from the calendar's ``items_between``; overdue to-dos from the To-dos page's group;
the revisit resets from Home's needs-attention list.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from mycrm.core.calendar.days import CalendarFilter, CalendarItem, ItemKind, items_between
from mycrm.core.common.timeutil import local_today, require_aware
from mycrm.core.db.kinds import GoalPeriod
from mycrm.core.db.sqlread import rows, to_day, to_instant
from mycrm.core.home.dashboard import AttentionItem, AttentionKind, attention
from mycrm.core.home.progress import (
    NEW_NEEDS_SQL,
    RENEWALS_SIGNED_SQL,
    GoalProgress,
    goal_progress,
    metrics_done,
    pace,
    period_bounds,
    period_parameters,
)
from mycrm.core.records.needs import NeedRow
from mycrm.core.reports.lines import TodoLine, todos_done_between
from mycrm.core.reports.periods import Period, next_period
from mycrm.core.todos.lists import Group, TodoRow, todo_group_counts, todo_group_page


@dataclass(frozen=True)
class VisitLine:
    """A visit or QBR of the period (``rules.VISIT_KINDS``), as the calendar lists it."""

    record_id: int
    at: datetime  # UTC
    kind: str
    customer_id: int | None
    customer_name: str
    tier: str


@dataclass(frozen=True)
class RenewalLine:
    """A renewal contract signed in the period (what the renewal goals count)."""

    contract_id: int
    customer_id: int
    customer_name: str
    signed_on: date
    end_date: date | None
    amount_cents: int
    currency: str


@dataclass(frozen=True)
class RenewalDue:
    """An active customer whose renewal date falls in the next period."""

    customer_id: int
    customer_name: str
    tier: str
    renewal_date: date
    days_left: int  # from today


@dataclass(frozen=True)
class WorkReport:
    period: Period
    next: Period  # the plan's period
    now: datetime  # UTC
    zone: str
    figures: dict[str, int]  # ``metrics_done`` for the period: GoalMetric value → done
    goals: tuple[GoalProgress, ...]  # Home's goal figures for ``goal_period``, pace as of today
    goal_period: str  # GoalPeriod value of ``goals``
    visits: tuple[VisitLine, ...]
    renewals: tuple[RenewalLine, ...]
    new_needs: tuple[NeedRow, ...]
    todos_done: tuple[TodoLine, ...]
    overdue: tuple[TodoLine, ...]  # open, overdue now, and due before the period's end
    renewals_due: tuple[RenewalDue, ...]  # next period
    todos_due: tuple[TodoLine, ...]  # open, due in the next period
    revisit_resets: tuple[AttentionItem, ...]  # as Home lists them (at most its limit)
    revisit_total: int  # how many Home counts

    @property
    def is_empty(self) -> bool:
        """Nothing was done in the period (the plan may still hold something)."""
        return not (any(self.figures.values()) or self.todos_done)


def goal_period_of(period: Period) -> str:
    """The goal period whose figures sit beside the report: the quarter or year the report
    covers exactly, else the month containing the report's last day."""
    for candidate in (GoalPeriod.QUARTER.value, GoalPeriod.YEAR.value):
        if period_bounds(candidate, period.first) == (period.first, period.last):
            return candidate
    return GoalPeriod.MONTH.value


def report_goals(session: Session, period: Period, today: date,
                 zone: str) -> tuple[str, tuple[GoalProgress, ...]]:
    """Home's ``goal_progress`` for :func:`goal_period_of`; the pace is recomputed for the
    real ``today`` (``goal_progress`` takes its period from the day it is given)."""
    which = goal_period_of(period)
    found = goal_progress(session, period=which, today=period.last, zone=zone)
    return which, tuple(dataclasses.replace(g, pace=pace(g.done, g.target, g.first, g.last,
                                                         today)) for g in found)


def _visit_lines(session: Session, period: Period, now: datetime,
                 zone: str) -> tuple[VisitLine, ...]:
    items = items_between(session, start=period.first, end=period.last, zone=zone, now=now,
                          flt=CalendarFilter(kinds=frozenset({ItemKind.VISIT.value})))
    return tuple(VisitLine(i.item_id, i.at, i.detail, i.customer_id, i.customer_name, i.tier)
                 for i in items if i.at is not None)


def renewals_signed(session: Session, period: Period, zone: str) -> tuple[RenewalLine, ...]:
    """Renewal contracts signed on the period's days, by date: the rows the renewal goals
    count (``progress.RENEWALS_SIGNED_SQL``, the same condition), so the list and Home's
    figures cannot drift apart."""
    found = rows(session, f"""SELECT contract.id, contract.customer_id, customer.name,
        contract.signed_on, contract.end_date, contract.amount_cents, contract.currency
        FROM contract JOIN customer ON customer.id = contract.customer_id
        WHERE {RENEWALS_SIGNED_SQL} ORDER BY contract.signed_on, contract.id""",
                 period_parameters(period.first, period.last, zone))
    lines = []
    for contract_id, customer_id, name, signed, end, amount, currency in found:
        signed_on = to_day(signed)
        assert signed_on is not None  # the condition bounds it
        lines.append(RenewalLine(contract_id, customer_id, name, signed_on, to_day(end),
                                 amount, currency))
    return tuple(lines)


def new_needs(session: Session, period: Period, zone: str) -> tuple[NeedRow, ...]:
    """Needs created on the period's days, oldest first: the rows the new-needs goal counts
    (``progress.NEW_NEEDS_SQL``), one range of ``ix_need_created_at``."""
    found = rows(session, f"""SELECT need.id, need.customer_id, customer.name, need.title,
        need.detail, need.amount_cents, need.status, need.follow_up_on, need.created_at
        FROM need JOIN customer ON customer.id = need.customer_id
        WHERE {NEW_NEEDS_SQL} ORDER BY need.created_at, need.id""",
                 period_parameters(period.first, period.last, zone))
    needs = []
    for need_id, customer_id, name, title, detail, amount, status, follow, created in found:
        created_at = to_instant(created)
        assert created_at is not None  # the condition bounds it
        needs.append(NeedRow(need_id, customer_id, name, title, detail, amount, status,
                             to_day(follow), created_at))
    return tuple(needs)


def _todo_line(row: TodoRow) -> TodoLine:
    return TodoLine(row.id, row.title, row.when, row.done_at, row.group is Group.OVERDUE,
                    row.customer_id, row.customer_name)


def _overdue(session: Session, period: Period, now: datetime,
             zone: str) -> tuple[TodoLine, ...]:
    """The To-dos page's Overdue group, limited to what was due before the period's end."""
    count = todo_group_counts(session, now=now, zone=zone)[Group.OVERDUE]
    if not count:
        return ()
    _start, end = period.utc_range(zone)
    rows = todo_group_page(session, group=Group.OVERDUE, now=now, zone=zone, limit=count)
    return tuple(_todo_line(r) for r in rows if r.when is not None and r.when < end)


def _plan(session: Session, after: Period, now: datetime, zone: str
          ) -> tuple[tuple[RenewalDue, ...], tuple[TodoLine, ...]]:
    """The next period's renewal dates and open to-dos, from the calendar's items."""
    today = local_today(now, zone)
    items: list[CalendarItem] = items_between(
        session, start=after.first, end=after.last, zone=zone, now=now,
        flt=CalendarFilter(kinds=frozenset({ItemKind.RENEWAL.value, ItemKind.TODO.value})))
    renewals = tuple(RenewalDue(i.item_id, i.customer_name, i.tier, i.day, (i.day - today).days)
                     for i in items if i.kind is ItemKind.RENEWAL)
    todos = tuple(TodoLine(i.item_id, i.title, i.at, None, i.overdue, i.customer_id,
                           i.customer_name) for i in items if i.kind is ItemKind.TODO)
    return renewals, todos


def build_work_report(session: Session, *, period: Period, now: datetime,
                      zone: str) -> WorkReport:
    """The work report for ``period`` (``periods.week_of`` / ``month_of`` / ``parse_week``
    / ``parse_month`` / ``date_range``) as of ``now``, on the wall of IANA ``zone``."""
    now = require_aware(now)
    today = local_today(now, zone)
    start, end = period.utc_range(zone)
    goal_period, goals = report_goals(session, period, today, zone)
    after = next_period(period)
    renewals_due, todos_due = _plan(session, after, now, zone)
    home = attention(session, now=now, zone=zone)
    return WorkReport(
        period=period, next=after, now=now, zone=zone,
        figures=metrics_done(session, period.first, period.last, zone),
        goals=goals, goal_period=goal_period,
        visits=_visit_lines(session, period, now, zone),
        renewals=renewals_signed(session, period, zone),
        new_needs=new_needs(session, period, zone),
        todos_done=tuple(todos_done_between(session, start, end, now)),
        overdue=_overdue(session, period, now, zone),
        renewals_due=renewals_due, todos_due=todos_due,
        revisit_resets=tuple(i for i in home.items if i.kind is AttentionKind.REVISIT_RESET),
        revisit_total=home.totals.get(AttentionKind.REVISIT_RESET, 0),
    )
