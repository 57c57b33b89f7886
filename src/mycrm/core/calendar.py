"""Calendar queries: what falls on which local day, and rescheduling a to-do to another day.

Three kinds of items appear on the calendar:

* **renewals** — ``Customer.renewal_date`` of active customers. A renewal date is a plain
  calendar date and is never shifted by a time zone.
* **to-dos** — open to-dos with a reminder; ``Todo.remind_at`` (UTC) is shown on the local
  day of the viewer's IANA zone. Overdue = the reminder instant has passed.
* **visits** — service records (visits, QBRs, calls, …); ``Interaction.occurred_at`` on its
  local day.

Day counts for the month grid are computed by SQL aggregates. SQLite knows no time zones,
so the UTC→local conversion is done in SQL with the zone's UTC offset(s): within a date
range the offset is piecewise constant between DST transitions, found here in Python
(usually one or two segments), and passed to SQLite as a ``CASE`` of ``'+N seconds'``
modifiers. All queries are range scans on indexes (``ix_customer_renewal``,
``ix_todo_open``, ``ix_interaction_kind_time``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, literal
from sqlmodel import Session, col, select

from mycrm.core.board import active_clause
from mycrm.core.models import Customer, Interaction, InteractionKind, Todo
from mycrm.core.timeutil import require_aware, wall_to_utc
from mycrm.core.todos import apply_reminder, get_todo
from mycrm.core.validation import Collector, ErrorCode


class ItemKind(StrEnum):
    RENEWAL = "renewal"
    TODO = "todo"
    VISIT = "visit"


ALL_KINDS = frozenset(ItemKind)


@dataclass(frozen=True)
class CalendarFilter:
    """Which items to show: ``kinds`` (subset of :class:`ItemKind`) and customer ``tiers``
    (empty = every tier; a to-do without a customer has no tier and is then hidden)."""

    kinds: frozenset[str] = ALL_KINDS
    tiers: frozenset[str] = frozenset()

    def shows(self, kind: ItemKind) -> bool:
        return kind.value in self.kinds


@dataclass(frozen=True)
class DayCounts:
    renewals: int = 0
    todos: int = 0
    overdue: int = 0  # of ``todos``, how many are overdue
    visits: int = 0
    # one renewing customer's name, so a day with a single renewal can name it
    renewal_name: str = field(default="", compare=False)

    @property
    def total(self) -> int:
        return self.renewals + self.todos + self.visits


@dataclass(frozen=True)
class CalendarItem:
    """One thing on one local day. ``item_id`` is the customer id (renewal), to-do id or
    interaction id; ``at`` is the UTC instant (``None`` for renewals, which are all-day)."""

    kind: ItemKind
    day: date
    item_id: int
    customer_id: int | None
    customer_name: str
    tier: str
    title: str
    at: datetime | None = None
    overdue: bool = False
    detail: str = ""  # the interaction kind for visits
    sort_key: tuple[Any, ...] = field(default=(), compare=False)


# --- time zone segments ----------------------------------------------------------------

def day_bounds(start: date, end: date, zone: str) -> tuple[datetime, datetime]:
    """UTC instants ``[first local midnight of start, first local midnight after end)``."""
    return (wall_to_utc(datetime.combine(start, time()), zone),
            wall_to_utc(datetime.combine(end + timedelta(days=1), time()), zone))


def _offset(instant: datetime, tz: ZoneInfo) -> int:
    delta = instant.astimezone(tz).utcoffset()
    return int(delta.total_seconds()) if delta is not None else 0


def _transition(lo: datetime, hi: datetime, tz: ZoneInfo) -> datetime:
    """The first instant in ``(lo, hi]`` whose offset differs from ``lo``'s (bisection)."""
    before = _offset(lo, tz)
    while hi - lo > timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        if _offset(mid, tz) == before:
            lo = mid
        else:
            hi = mid
    return hi.replace(microsecond=0)


def offset_segments(start_utc: datetime, end_utc: datetime, zone: str
                    ) -> list[tuple[datetime, int]]:
    """``[(segment start, UTC offset seconds), …]`` covering ``[start_utc, end_utc)``."""
    tz = ZoneInfo(zone)
    segments = [(start_utc, _offset(start_utc, tz))]
    probe = start_utc
    while probe < end_utc:
        nxt = min(probe + timedelta(hours=12), end_utc)
        if _offset(nxt, tz) != segments[-1][1]:
            at = _transition(probe, nxt, tz)
            segments.append((at, _offset(at, tz)))
        probe = nxt
    return segments


def local_day_sql(column: Any, segments: list[tuple[datetime, int]]) -> ColumnElement[Any]:
    """SQL ``date(column + offset)``: the local calendar day of a stored UTC instant."""
    modifiers = [f"{offset:+d} seconds" for _, offset in segments]
    if len(segments) == 1:
        modifier: Any = literal(modifiers[0])
    else:
        whens = [(column < segments[i + 1][0], modifiers[i]) for i in range(len(segments) - 1)]
        modifier = case(*whens, else_=modifiers[-1])
    return func.date(column, modifier)


def local_day(instant: datetime, zone: str) -> date:
    return require_aware(instant).astimezone(ZoneInfo(zone)).date()


# --- counts for the month grid ---------------------------------------------------------

def _tier_clause(tiers: frozenset[str]) -> ColumnElement[bool]:
    return col(Customer.tier).in_(sorted(tiers))


def _renewal_counts(session: Session, start: date, end: date, flt: CalendarFilter
                    ) -> dict[date, tuple[int, str]]:
    statement = (
        select(Customer.renewal_date, func.count(col(Customer.id)), func.min(Customer.name))
        .where(active_clause(), col(Customer.renewal_date) >= start,
               col(Customer.renewal_date) <= end)
        .group_by(col(Customer.renewal_date))
    )
    if flt.tiers:
        statement = statement.where(_tier_clause(flt.tiers))
    return {day: (n, name) for day, n, name in session.exec(statement) if day is not None}


def _todo_open_clause(start_utc: datetime, end_utc: datetime) -> ColumnElement[bool]:
    return and_(col(Todo.done_at).is_(None), col(Todo.remind_at) >= start_utc,
                col(Todo.remind_at) < end_utc)


def _todo_counts(session: Session, bounds: tuple[datetime, datetime],
                 segments: list[tuple[datetime, int]], now: datetime, flt: CalendarFilter
                 ) -> dict[date, tuple[int, int]]:
    day = local_day_sql(col(Todo.remind_at), segments)
    overdue = func.sum(case((col(Todo.remind_at) < now, 1), else_=0))
    statement = (
        select(day, func.count(col(Todo.id)), overdue)
        .where(_todo_open_clause(*bounds))
        .group_by(day)
    )
    if flt.tiers:
        statement = statement.join(Customer, col(Customer.id) == col(Todo.customer_id)).where(
            _tier_clause(flt.tiers))
    return {date.fromisoformat(d): (n, int(o or 0)) for d, n, o in session.exec(statement)}


def _visit_range_clause(start_utc: datetime, end_utc: datetime) -> ColumnElement[bool]:
    # ``kind IN (…)`` lets SQLite use ix_interaction_kind_time for the time range.
    return and_(col(Interaction.kind).in_([k.value for k in InteractionKind]),
                col(Interaction.occurred_at) >= start_utc,
                col(Interaction.occurred_at) < end_utc)


def _visit_counts(session: Session, bounds: tuple[datetime, datetime],
                  segments: list[tuple[datetime, int]], flt: CalendarFilter) -> dict[date, int]:
    day = local_day_sql(col(Interaction.occurred_at), segments)
    statement = (
        select(day, func.count(col(Interaction.id)))
        .where(_visit_range_clause(*bounds))
        .group_by(day)
    )
    if flt.tiers:
        statement = statement.join(
            Customer, col(Customer.id) == col(Interaction.customer_id)).where(
            _tier_clause(flt.tiers))
    return {date.fromisoformat(d): n for d, n in session.exec(statement)}


def day_counts(session: Session, *, start: date, end: date, zone: str, now: datetime,
               flt: CalendarFilter | None = None) -> dict[date, DayCounts]:
    """Per local day in ``[start, end]`` (inclusive), how many items of each kind.
    Days without items are absent."""
    now = require_aware(now)
    flt = flt or CalendarFilter()
    bounds = day_bounds(start, end, zone)
    segments = offset_segments(*bounds, zone)
    renewals = _renewal_counts(session, start, end, flt) if flt.shows(ItemKind.RENEWAL) else {}
    todos = (_todo_counts(session, bounds, segments, now, flt)
             if flt.shows(ItemKind.TODO) else {})
    visits = _visit_counts(session, bounds, segments, flt) if flt.shows(ItemKind.VISIT) else {}
    result: dict[date, DayCounts] = {}
    for day in set(renewals) | set(todos) | set(visits):
        n_todos, n_overdue = todos.get(day, (0, 0))
        n_renewals, name = renewals.get(day, (0, ""))
        result[day] = DayCounts(renewals=n_renewals, todos=n_todos, overdue=n_overdue,
                                visits=visits.get(day, 0), renewal_name=name)
    return result


# --- the items themselves --------------------------------------------------------------

def _renewal_items(session: Session, start: date, end: date, flt: CalendarFilter
                   ) -> list[CalendarItem]:
    statement = (
        select(Customer.id, Customer.name, Customer.tier, Customer.renewal_date)
        .where(active_clause(), col(Customer.renewal_date) >= start,
               col(Customer.renewal_date) <= end)
    )
    if flt.tiers:
        statement = statement.where(_tier_clause(flt.tiers))
    return [CalendarItem(ItemKind.RENEWAL, day, cid, cid, name, tier, name,
                         sort_key=(day, 0, "", name))
            for cid, name, tier, day in session.exec(statement)]


def _todo_items(session: Session, bounds: tuple[datetime, datetime], zone: str,
                now: datetime, flt: CalendarFilter) -> list[CalendarItem]:
    statement = (
        select(Todo.id, Todo.title, Todo.remind_at, Todo.customer_id, Customer.name,
               Customer.tier)
        .join(Customer, col(Customer.id) == col(Todo.customer_id), isouter=not flt.tiers)
        .where(_todo_open_clause(*bounds))
    )
    if flt.tiers:
        statement = statement.where(_tier_clause(flt.tiers))
    items = []
    for tid, title, at, cid, name, tier in session.exec(statement):
        day = local_day(at, zone)
        items.append(CalendarItem(ItemKind.TODO, day, tid, cid, name or "", tier or "", title,
                                  at=at, overdue=at < now, sort_key=(day, 1, at, title)))
    return items


def _visit_items(session: Session, bounds: tuple[datetime, datetime], zone: str,
                 flt: CalendarFilter) -> list[CalendarItem]:
    statement = (
        select(Interaction.id, Interaction.kind, Interaction.occurred_at,
               Interaction.customer_id, Customer.name, Customer.tier)
        .join(Customer, col(Customer.id) == col(Interaction.customer_id))
        .where(_visit_range_clause(*bounds))
    )
    if flt.tiers:
        statement = statement.where(_tier_clause(flt.tiers))
    items = []
    for iid, kind, at, cid, name, tier in session.exec(statement):
        day = local_day(at, zone)
        items.append(CalendarItem(ItemKind.VISIT, day, iid, cid, name, tier, name, at=at,
                                  detail=kind, sort_key=(day, 2, at, name)))
    return items


def items_between(session: Session, *, start: date, end: date, zone: str, now: datetime,
                  flt: CalendarFilter | None = None) -> list[CalendarItem]:
    """Every item on the local days ``[start, end]``, ordered by day, then renewals,
    to-dos (by time), visits (by time). Used for the day list, week and agenda views."""
    now = require_aware(now)
    flt = flt or CalendarFilter()
    bounds = day_bounds(start, end, zone)
    items: list[CalendarItem] = []
    if flt.shows(ItemKind.RENEWAL):
        items += _renewal_items(session, start, end, flt)
    if flt.shows(ItemKind.TODO):
        items += _todo_items(session, bounds, zone, now, flt)
    if flt.shows(ItemKind.VISIT):
        items += _visit_items(session, bounds, zone, flt)
    return sorted(items, key=lambda item: item.sort_key)


def month_range(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def expiring_this_month(session: Session, *, today: date,
                        flt: CalendarFilter | None = None) -> list[CalendarItem]:
    """Renewals of active customers whose renewal date falls in ``today``'s month."""
    tiers = (flt or CalendarFilter()).tiers
    start, end = month_range(today.year, today.month)
    return sorted(_renewal_items(session, start, end, CalendarFilter(tiers=tiers)),
                  key=lambda item: item.sort_key)


def month_grid(year: int, month: int, first_weekday: int = 0) -> list[date]:
    """The 42 days (6 weeks) shown for a month; ``first_weekday`` 0 = Monday … 6 = Sunday."""
    first = date(year, month, 1)
    lead = (first.weekday() - first_weekday) % 7
    start = first - timedelta(days=lead)
    return [start + timedelta(days=i) for i in range(42)]


# --- rescheduling ----------------------------------------------------------------------

def reschedule_todo(*, session: Session, todo_id: int, new_day: date, now: datetime) -> Todo:
    """Move an open to-do's reminder to ``new_day``, keeping its wall-clock time in the
    to-do's own zone (``remind_tz``), so 09:00 Berlin stays 09:00 Berlin across a DST
    change. The reminder is pending again. Raises ``ValidationError`` for a to-do without
    a reminder or one already done; ``TodoNotFoundError`` if it does not exist."""
    require_aware(now)
    todo = get_todo(session, todo_id)
    c = Collector()
    if todo.remind_wall is None or todo.done_at is not None:
        c.add("remind_wall", ErrorCode.BAD_DATETIME)
    c.check()
    assert todo.remind_wall is not None
    wall = datetime.combine(new_day, todo.remind_wall.time())
    apply_reminder(todo, wall, todo.remind_tz or "UTC")
    session.add(todo)
    return todo


__all__ = [
    "ALL_KINDS", "CalendarFilter", "CalendarItem", "DayCounts", "ItemKind", "day_counts",
    "expiring_this_month", "items_between", "month_grid", "month_range", "reschedule_todo",
]
