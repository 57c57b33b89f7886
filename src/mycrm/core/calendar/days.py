"""Calendar queries: what falls on which local day, and rescheduling a to-do to another day.

Three kinds of items appear on the calendar:

* **renewals** — ``Customer.renewal_date`` of active customers. A renewal date is a plain
  calendar date and is never shifted by a time zone.
* **to-dos** — open to-dos with a due instant (``core.rules``: the snooze target, else the
  reminder time), shown on the local day of the viewer's IANA zone; overdue by the rule
  (due at or before now), as Home, the To-dos page and the tray say.
* **visits** — visit records, a QBR included (``rules.VISIT_KINDS``);
  ``Interaction.occurred_at`` on its local day.

Each statement is built once per shape (which kinds, which tiers, capped or not) with bound
parameters for the days and instants, and then reused: building and keying a statement of
a dozen subqueries costs more Python than SQLite spends running it, and a month switch runs
four of them. Only the query text is kept, never a result.

Day counts for the month grid are SQL counts, one per local day: each day's UTC range
``[local midnight, next local midnight)`` is computed here in the viewer's IANA zone (so DST
days are exact) and counted as ranges of a covering index (``ix_todo_open``, one range per
arm of the due rule; ``ix_interaction_kind_time``; renewals group
``ix_customer_active_renewal`` by date). A count steps over index entries only: no row
is read and nothing is computed per item. The item lists can be capped
(``limit``/``offset``) and are read in display order, so a day with hundreds of items
costs what its first page shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Date, Integer, and_, bindparam, func, union_all
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from mycrm.core import rules
from mycrm.core.changes import Change, changes
from mycrm.core.common.timeutil import require_aware, wall_to_utc
from mycrm.core.common.validation import Collector, ErrorCode
from mycrm.core.db.models import Customer, Interaction, Todo, UTCDateTime
from mycrm.core.todos.services import apply_reminder, get_todo


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


# --- local days -----------------------------------------------------------------------

def day_bounds(start: date, end: date, zone: str) -> tuple[datetime, datetime]:
    """UTC instants ``[first local midnight of start, first local midnight after end)``."""
    return (wall_to_utc(datetime.combine(start, time()), zone),
            wall_to_utc(datetime.combine(end + timedelta(days=1), time()), zone))


def local_day(instant: datetime, zone: str) -> date:
    return require_aware(instant).astimezone(ZoneInfo(zone)).date()


# --- counts for the month grid ---------------------------------------------------------

def _tier_clause(tiers: frozenset[str]) -> ColumnElement[bool]:
    return col(Customer.tier).in_(sorted(tiers))


Tiers = tuple[str, ...]  # a filter's tiers, sorted: part of a statement's shape


def _tiers(flt: CalendarFilter) -> Tiers:
    return tuple(sorted(flt.tiers))


def _by_tiers(tiers: Tiers) -> CalendarFilter:
    return CalendarFilter(tiers=frozenset(tiers))


_START = bindparam("start", type_=Date())
_END = bindparam("end", type_=Date())
_LO = bindparam("lo", type_=UTCDateTime())
_HI = bindparam("hi", type_=UTCDateTime())
_N = bindparam("n", type_=Integer())


@lru_cache(maxsize=32)
def _renewal_counts_statement(tiers: Tiers) -> Any:
    statement = (
        select(col(Customer.renewal_date), func.count(), func.min(Customer.name))
        .where(rules.active_customer_clause(), col(Customer.renewal_date) >= _START,
               col(Customer.renewal_date) <= _END)
        .group_by(col(Customer.renewal_date))
    )
    return statement.where(_tier_clause(frozenset(tiers))) if tiers else statement


def _renewal_counts(session: Session, start: date, end: date, flt: CalendarFilter
                    ) -> dict[date, tuple[int, str]]:
    rows = session.exec(_renewal_counts_statement(_tiers(flt)),
                        params={"start": start, "end": end})
    return {day: (n, name) for day, n, name in rows if day is not None}


def _visit_range_clause(start_utc: Any, end_utc: Any) -> ColumnElement[bool]:
    # ``kind IN (…)`` lets SQLite use ix_interaction_kind_time for the time range.
    return and_(rules.kinds_clause(rules.VISIT_KINDS),
                col(Interaction.occurred_at) >= start_utc,
                col(Interaction.occurred_at) < end_utc)


def day_ranges(start: date, end: date, zone: str) -> list[tuple[date, datetime, datetime]]:
    """``(day, first instant, first instant of the next day)`` in UTC for each local day in
    ``[start, end]``: midnight to midnight on the wall clock of ``zone`` (23 or 25 hours on
    a DST day; a midnight inside a spring-forward gap starts the day when the clock does)."""
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    edges = [wall_to_utc(datetime.combine(day, time()), zone) for day in days]
    edges.append(wall_to_utc(datetime.combine(end + timedelta(days=1), time()), zone))
    return [(day, edges[i], edges[i + 1]) for i, day in enumerate(days)]


def _with_tiers(statement: Any, customer_id: Any, flt: CalendarFilter) -> Any:
    if not flt.tiers:
        return statement
    return statement.join(Customer, col(Customer.id) == customer_id).where(
        _tier_clause(flt.tiers))


def _days_table() -> Any:
    """The days as a table ``(key, lo, hi)``: ONE bound parameter, ``days``, holding a JSON
    array of ``[lo, hi]`` (:func:`_days_json`) read by ``json_each``, so the statement has
    the same shape for any number of days."""
    each = func.json_each(bindparam("days")).table_valued("key", "value")
    return select(each.c.key.label("key"),
                  func.json_extract(each.c.value, "$[0]").label("lo"),
                  func.json_extract(each.c.value, "$[1]").label("hi")).cte("days")


def _days_json(session: Session, ranges: list[tuple[date, datetime, datetime]]) -> str:
    """The ``days`` parameter: each range's instants as the columns store them."""
    dialect = session.get_bind().dialect
    to_sql = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert to_sql is not None
    return json.dumps([[to_sql(lo), to_sql(hi)] for _day, lo, hi in ranges])


def _todo_count(bounds: tuple[rules.Bound, ...], flt: CalendarFilter) -> Any:
    """A scalar: how many open to-dos are due within ``bounds`` — each arm of the due rule
    counted as a range of ``ix_todo_open`` (index entries only), the counts added."""
    counts = [_with_tiers(select(func.count()).select_from(Todo).where(where),
                          col(Todo.customer_id), flt).scalar_subquery()
              for where, _due in rules.due_arms(bounds)]
    total = counts[0]
    for more in counts[1:]:
        total = total + more
    return total


def _range_counts(session: Session, ranges: list[tuple[date, datetime, datetime]],
                  now: datetime, flt: CalendarFilter) -> dict[date, tuple[int, int, int]]:
    """``day -> (to-dos, overdue to-dos, visits)`` for ``ranges`` (see :func:`day_ranges`),
    in one statement: each count is a correlated range of a covering index
    (``ix_todo_open``: open to-dos by due instant, per arm; ``ix_interaction_kind_time``:
    records by kind and time), so SQLite counts index entries and reads no row. Overdue =
    the day's open to-dos that are overdue by the rule (due at or before ``now``)."""
    todos, visits = flt.shows(ItemKind.TODO), flt.shows(ItemKind.VISIT)
    if not ranges or not (todos or visits):
        return {}
    overdue = rules.overdue_bounds(now)
    statement = _range_counts_statement(todos, visits, _tiers(flt),
                                        tuple(op for op, _at in overdue))
    params: dict[str, Any] = {"days": _days_json(session, ranges)}
    params.update({f"overdue_{i}": at for i, (_op, at) in enumerate(overdue)})
    found: dict[date, tuple[int, int, int]] = {}
    for key, *counts in session.exec(statement, params=params):
        n_todos, n_overdue = (counts.pop(0), counts.pop(0)) if todos else (0, 0)
        n_visits = counts.pop(0) if visits else 0
        if n_todos or n_visits:
            found[ranges[key][0]] = (n_todos, n_overdue, n_visits)
    return found


@lru_cache(maxsize=32)
def _range_counts_statement(todos: bool, visits: bool, tiers: Tiers,
                            overdue_ops: tuple[str, ...]) -> Any:
    """The statement of :func:`_range_counts`; parameters ``days`` and ``overdue_<i>``
    (the values of ``rules.overdue_bounds``, whose operators are ``overdue_ops``)."""
    flt = _by_tiers(tiers)
    days = _days_table()
    columns: list[Any] = [days.c.key]
    if todos:
        day = rules.span_bounds(days.c.lo, days.c.hi)
        overdue = tuple((op, bindparam(f"overdue_{i}", type_=UTCDateTime()))
                        for i, op in enumerate(overdue_ops))
        columns.append(_todo_count(day, flt))
        columns.append(_todo_count(day + overdue, flt))
    if visits:
        done = select(func.count()).select_from(Interaction).where(
            _visit_range_clause(days.c.lo, days.c.hi))
        columns.append(_with_tiers(done, col(Interaction.customer_id), flt).scalar_subquery())
    return select(*columns)


def day_counts(session: Session, *, start: date, end: date, zone: str, now: datetime,
               flt: CalendarFilter | None = None) -> dict[date, DayCounts]:
    """Per local day in ``[start, end]`` (inclusive), how many items of each kind.
    Days without items are absent."""
    now = require_aware(now)
    flt = flt or CalendarFilter()
    renewals = _renewal_counts(session, start, end, flt) if flt.shows(ItemKind.RENEWAL) else {}
    counted = _range_counts(session, day_ranges(start, end, zone), now, flt)
    result: dict[date, DayCounts] = {}
    for day in set(renewals) | set(counted):
        n_todos, n_overdue, n_visits = counted.get(day, (0, 0, 0))
        n_renewals, name = renewals.get(day, (0, ""))
        result[day] = DayCounts(renewals=n_renewals, todos=n_todos, overdue=n_overdue,
                                visits=n_visits, renewal_name=name)
    return result


# --- the items themselves --------------------------------------------------------------
# Each kind is read in display order (the order of ``CalendarItem.sort_key``, which ends
# with the id so that it is total), so the first ``n`` items of the merged list are among
# the first ``n`` of each kind: a capped read never builds more than it returns per kind.

def _first(statement: Any, capped: bool) -> Any:
    """``statement`` stopped at the parameter ``n`` rows when ``capped``."""
    return statement.limit(_N) if capped else statement


def _params(n: int | None, **values: Any) -> dict[str, Any]:
    return values if n is None else {**values, "n": n}


@lru_cache(maxsize=32)
def _renewal_items_statement(tiers: Tiers, capped: bool) -> Any:
    statement = (
        select(col(Customer.id), col(Customer.name), col(Customer.tier),
               col(Customer.renewal_date))
        .where(rules.active_customer_clause(), col(Customer.renewal_date) >= _START,
               col(Customer.renewal_date) <= _END)
        .order_by(col(Customer.renewal_date), col(Customer.name), col(Customer.id))
    )
    if tiers:
        statement = statement.where(_tier_clause(frozenset(tiers)))
    return _first(statement, capped)


def _renewal_items(session: Session, start: date, end: date, flt: CalendarFilter,
                   n: int | None = None) -> list[CalendarItem]:
    rows = session.exec(_renewal_items_statement(_tiers(flt), n is not None),
                        params=_params(n, start=start, end=end))
    return [CalendarItem(ItemKind.RENEWAL, day, cid, cid, name, tier, name,
                         sort_key=(day, 0, "", name, cid))
            for cid, name, tier, day in rows]


def _todo_items(session: Session, bounds: tuple[datetime, datetime], zone: str,
                now: datetime, flt: CalendarFilter, n: int | None = None
                ) -> list[CalendarItem]:
    """Open to-dos due within ``bounds``, by due instant: the due rule's two arms, each in
    order on ``ix_todo_open``, merged by SQLite (``UNION ALL … ORDER BY … LIMIT``)."""
    statement = _todo_items_statement(_tiers(flt), n is not None)
    items = []
    for tid, title, at, cid, name, tier in session.execute(
            statement, _params(n, lo=bounds[0], hi=bounds[1])):
        day = local_day(at, zone)
        items.append(CalendarItem(ItemKind.TODO, day, tid, cid, name or "", tier or "", title,
                                  at=at, overdue=rules.is_overdue(None, at, now),
                                  sort_key=(day, 1, at, title, tid)))
    return items


@lru_cache(maxsize=32)
def _todo_items_statement(tiers: Tiers, capped: bool) -> Any:
    # Six columns, more than SQLModel's ``select`` overloads take: Core selects, their rows
    # read with ``session.execute``.
    arms = []
    for where, due in rules.due_arms(rules.span_bounds(_LO, _HI)):
        arm = (sa_select(col(Todo.id).label("id"), col(Todo.title).label("title"),
                         due.label("at"), col(Todo.customer_id), col(Customer.name),
                         col(Customer.tier))
               .join(Customer, col(Customer.id) == col(Todo.customer_id),
                     isouter=not tiers)
               .where(where))
        arms.append(arm.where(_tier_clause(frozenset(tiers))) if tiers else arm)
    return _first(union_all(*arms).order_by("at", "title", "id"), capped)


@lru_cache(maxsize=32)
def _visit_items_statement(tiers: Tiers, capped: bool) -> Any:
    # Six columns: a Core select, rows read with ``session.execute`` (as in _todo_items).
    statement = (
        sa_select(col(Interaction.id), col(Interaction.kind), col(Interaction.occurred_at),
                  col(Interaction.customer_id), col(Customer.name), col(Customer.tier))
        .join(Customer, col(Customer.id) == col(Interaction.customer_id))
        .where(_visit_range_clause(_LO, _HI))
        .order_by(col(Interaction.occurred_at), col(Customer.name), col(Interaction.id))
    )
    if tiers:
        statement = statement.where(_tier_clause(frozenset(tiers)))
    return _first(statement, capped)


def _visit_items(session: Session, bounds: tuple[datetime, datetime], zone: str,
                 flt: CalendarFilter, n: int | None = None) -> list[CalendarItem]:
    statement = _visit_items_statement(_tiers(flt), n is not None)
    items = []
    for iid, kind, at, cid, name, tier in session.execute(
            statement, _params(n, lo=bounds[0], hi=bounds[1])):
        day = local_day(at, zone)
        items.append(CalendarItem(ItemKind.VISIT, day, iid, cid, name, tier, name, at=at,
                                  detail=kind, sort_key=(day, 2, at, name, iid)))
    return items


def items_between(session: Session, *, start: date, end: date, zone: str, now: datetime,
                  flt: CalendarFilter | None = None, limit: int | None = None,
                  offset: int = 0) -> list[CalendarItem]:
    """The items on the local days ``[start, end]``, ordered by day, then renewals,
    to-dos (by time), visits (by time). Used for the day list, week and agenda views.

    ``limit``/``offset`` give one page of that list (``offset`` items skipped, at most
    ``limit`` returned); each kind then reads at most ``offset + limit`` rows, in order."""
    now = require_aware(now)
    flt = flt or CalendarFilter()
    bounds = day_bounds(start, end, zone)
    n = None if limit is None else offset + limit
    items: list[CalendarItem] = []
    if flt.shows(ItemKind.RENEWAL):
        items += _renewal_items(session, start, end, flt, n)
    if flt.shows(ItemKind.TODO):
        items += _todo_items(session, bounds, zone, now, flt, n)
    if flt.shows(ItemKind.VISIT):
        items += _visit_items(session, bounds, zone, flt, n)
    ordered = sorted(items, key=lambda item: item.sort_key)
    return ordered[offset:] if n is None else ordered[offset:n]


def items_per_day(session: Session, *, start: date, end: date, zone: str, now: datetime,
                  flt: CalendarFilter | None = None, per_day: int
                  ) -> dict[date, list[CalendarItem]]:
    """The first ``per_day`` items of each local day in ``[start, end]`` (days without items
    absent), each day in :func:`items_between`'s order — what a week's cells can show. A
    busy day holds hundreds of items; how many there are comes from :func:`day_counts`."""
    found: dict[date, list[CalendarItem]] = {}
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        items = items_between(session, start=day, end=day, zone=zone, now=now, flt=flt,
                              limit=per_day)
        if items:
            found[day] = items
    return found


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

@changes(Change.TODOS)
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
    "expiring_this_month", "items_between", "items_per_day", "month_grid", "month_range",
    "reschedule_todo",
]
