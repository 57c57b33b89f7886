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

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    and_,
    bindparam,
    case,
    func,
    literal,
    null,
    type_coerce,
    union_all,
)
from sqlalchemy import select as sa_select
from sqlalchemy.sql.util import ClauseAdapter
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
_LAST = bindparam("last", type_=UTCDateTime())  # the last instant before ``hi``


@lru_cache(maxsize=32)
def _renewal_counts_statement(tiers: Tiers) -> Any:
    """Renewals per date, counted on ``ix_customer_active_renewal`` alone, and the name of
    a date's customer only where it is the one renewing then (a correlated look-up, run for
    those dates only): a busy date reads no customer row."""
    where = [rules.active_customer_clause()]
    if tiers:
        where.append(_tier_clause(frozenset(tiers)))
    other = Customer.__table__.alias("lone")  # type: ignore[attr-defined]
    as_other = ClauseAdapter(other).traverse  # the same conditions, on the other row
    lone = (sa_select(other.c.name)
            .where(*(as_other(clause) for clause in where),
                   other.c.renewal_date == col(Customer.renewal_date))
            .limit(1))
    name = case((func.count() == 1, lone.scalar_subquery()), else_=literal(""))
    return (
        select(col(Customer.renewal_date), func.count(), name)
        .where(*where, col(Customer.renewal_date) >= _START,
               col(Customer.renewal_date) <= _END)
        .group_by(col(Customer.renewal_date))
    )


def _renewal_counts(session: Session, start: date, end: date, flt: CalendarFilter
                    ) -> dict[date, tuple[int, str]]:
    rows = session.exec(_renewal_counts_statement(_tiers(flt)),
                        params={"start": start, "end": end})
    return {day: (n, name) for day, n, name in rows if day is not None}


def _visits_from(start_utc: Any) -> ColumnElement[bool]:
    """Visits at or after ``start_utc`` (the upper bound added apart, see _capped_bounds)."""
    return and_(rules.kinds_clause(rules.VISIT_KINDS),
                col(Interaction.occurred_at) >= start_utc)


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


_TICK = timedelta(microseconds=1)  # the resolution of a stored instant


def _params(n: int | None, **values: Any) -> dict[str, Any]:
    if n is None:
        values.pop("last", None)
        return values
    return {**values, "n": n}


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
            statement, _params(n, lo=bounds[0], hi=bounds[1], last=bounds[1] - _TICK)):
        day = local_day(at, zone)
        items.append(CalendarItem(ItemKind.TODO, day, tid, cid, name or "", tier or "", title,
                                  at=at, overdue=rules.is_overdue(None, at, now),
                                  sort_key=(day, 1, at, title, tid)))
    return items


@lru_cache(maxsize=32)
def _todo_items_statement(tiers: Tiers, capped: bool) -> Any:
    # Six columns, more than SQLModel's ``select`` overloads take: Core selects, their rows
    # read with ``session.execute``.
    flt = _by_tiers(tiers)
    bounds = _capped_bounds(_LO, _HI, _LAST, _todo_cutoff(_LO, _HI, flt, _N)) if capped \
        else rules.span_bounds(_LO, _HI)
    arms = []
    for where, due in rules.due_arms(bounds):
        arm = (sa_select(col(Todo.id).label("id"), col(Todo.title).label("title"),
                         due.label("at"), col(Todo.customer_id), col(Customer.name),
                         col(Customer.tier))
               .join(Customer, col(Customer.id) == col(Todo.customer_id),
                     isouter=not tiers)
               .where(where))
        arms.append(arm.where(_tier_clause(frozenset(tiers))) if tiers else arm)
    return _first(union_all(*arms).order_by("at", "title", "id"), capped)


def _capped_bounds(lo: Any, hi: Any, last: Any, cutoff: Any) -> tuple[rules.Bound, ...]:
    """Due in ``[lo, hi)`` and by ``cutoff`` (when there is one) as ONE range: ``last`` is
    the last instant before ``hi`` (a microsecond before: instants are stored to the
    microsecond), so ``<= coalesce(cutoff, last)`` is both, and SQLite scans the index
    from ``lo`` to the cutoff only (of two upper bounds it would use one, maybe ``hi``)."""
    return ((">=", lo), ("<=", func.coalesce(cutoff, last)))


def _todo_cutoff(lo: Any, hi: Any, flt: CalendarFilter, limit: Any) -> Any:
    """A scalar: the due instant of the ``limit``-th open to-do due in ``[lo, hi)`` under
    ``flt`` (NULL if there are fewer), found on ``ix_todo_open`` alone. The first
    ``limit`` to-dos in display order (by due instant, then title) are all due by then, so
    a capped read narrowed to it reads those rows, not every row of a busy day."""
    arms = [_with_tiers(sa_select(due.label("at")).where(where), col(Todo.customer_id), flt)
            for where, due in rules.due_arms(rules.span_bounds(lo, hi))]
    nth = union_all(*arms).order_by("at").limit(1).offset(limit - 1).subquery()
    return sa_select(nth.c.at).scalar_subquery()


def _visit_cutoff(lo: Any, hi: Any, flt: CalendarFilter, limit: Any) -> Any:
    """As :func:`_todo_cutoff` for visits: the instant of the ``limit``-th visit in
    ``[lo, hi)`` (on ``ix_interaction_kind_time``)."""
    nth = _with_tiers(sa_select(col(Interaction.occurred_at)).where(
        _visit_range_clause(lo, hi)), col(Interaction.customer_id), flt).order_by(
        col(Interaction.occurred_at)).limit(1).offset(limit - 1)
    return nth.scalar_subquery()


@lru_cache(maxsize=32)
def _visit_items_statement(tiers: Tiers, capped: bool) -> Any:
    # Six columns: a Core select, rows read with ``session.execute`` (as in _todo_items).
    statement = (
        sa_select(col(Interaction.id), col(Interaction.kind), col(Interaction.occurred_at),
                  col(Interaction.customer_id), col(Customer.name), col(Customer.tier))
        .join(Customer, col(Customer.id) == col(Interaction.customer_id))
        .where(_visit_range_clause(_LO, _HI) if not capped else _visits_from(_LO))
        .order_by(col(Interaction.occurred_at), col(Customer.name), col(Interaction.id))
    )
    if capped:  # the rows up to the n-th visit's instant (see _capped_bounds)
        statement = statement.where(col(Interaction.occurred_at) <= func.coalesce(
            _visit_cutoff(_LO, _HI, _by_tiers(tiers), _N), _LAST))
    if tiers:
        statement = statement.where(_tier_clause(frozenset(tiers)))
    return _first(statement, capped)


def _visit_items(session: Session, bounds: tuple[datetime, datetime], zone: str,
                 flt: CalendarFilter, n: int | None = None) -> list[CalendarItem]:
    statement = _visit_items_statement(_tiers(flt), n is not None)
    items = []
    for iid, kind, at, cid, name, tier in session.execute(
            statement, _params(n, lo=bounds[0], hi=bounds[1], last=bounds[1] - _TICK)):
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
    busy day holds hundreds of items; how many there are comes from :func:`day_counts`.

    One statement for every day and kind (:func:`_per_day_statement`): per day, each kind
    is read in display order and stopped at what is left of ``per_day`` after the kinds
    before it (renewals, then to-dos, then visits; those counted on their indexes), so a
    day of 200 items reads ``per_day`` rows, not ``per_day`` of each kind."""
    now = require_aware(now)
    flt = flt or CalendarFilter()
    kinds = tuple(kind for kind in ItemKind if flt.shows(kind))
    ranges = day_ranges(start, end, zone)
    if per_day <= 0 or not kinds or not ranges:
        return {}
    statement = _per_day_statement(len(ranges), kinds, _tiers(flt))
    params: dict[str, Any] = {"n": per_day}
    for i, (day, lo, hi) in enumerate(ranges):
        params.update({f"d{i}": day, f"lo{i}": lo, f"hi{i}": hi, f"last{i}": hi - _TICK})
    found: dict[date, list[CalendarItem]] = {}
    for key, kind, item_id, cid, name, tier, title, at, detail in session.execute(
            statement, params):
        day = ranges[key][0]
        found.setdefault(day, []).append(_day_item(ItemKind(kind), day, item_id, cid,
                                                   name or "", tier or "", title, at,
                                                   detail, now))
    for items in found.values():
        items.sort(key=lambda item: item.sort_key)
    return found


def _day_item(kind: ItemKind, day: date, item_id: int, cid: int | None, name: str, tier: str,
              title: str, at: datetime | None, detail: str, now: datetime) -> CalendarItem:
    """A row of :func:`_per_day_statement` as the item :func:`items_between` makes of it."""
    if kind is ItemKind.RENEWAL:
        return CalendarItem(kind, day, item_id, cid, name, tier, name,
                            sort_key=(day, 0, "", name, item_id))
    if kind is ItemKind.TODO:
        return CalendarItem(kind, day, item_id, cid, name, tier, title, at=at,
                            overdue=rules.is_overdue(None, at, now),
                            sort_key=(day, 1, at, title, item_id))
    return CalendarItem(kind, day, item_id, cid, name, tier, name, at=at, detail=detail,
                        sort_key=(day, 2, at, name, item_id))


def _day_param(i: int) -> tuple[Any, Any, Any, Any]:
    """Day ``i``'s parameters: its date (renewals), its UTC range ``[lo, hi)`` and the last
    instant before ``hi`` (see :func:`_capped_bounds`)."""
    return (bindparam(f"d{i}", type_=Date()), bindparam(f"lo{i}", type_=UTCDateTime()),
            bindparam(f"hi{i}", type_=UTCDateTime()),
            bindparam(f"last{i}", type_=UTCDateTime()))


def _item_columns(key: int, kind: ItemKind, item_id: Any, cid: Any, name: Any, tier: Any,
                  title: Any, at: Any, detail: Any) -> list[Any]:
    """The columns every arm of :func:`_per_day_statement` has, in one order and type."""
    return [literal(key, Integer()).label("key"), literal(kind.value).label("kind"),
            item_id.label("id"), cid.label("cid"), name.label("name"), tier.label("tier"),
            title.label("title"), type_coerce(at, UTCDateTime()).label("at"),
            detail.label("detail")]


def _renewals_on(key: int, flt: CalendarFilter, _limit: Any) -> tuple[Any, Any]:
    """Day ``key``'s renewals in display order (a select) and their count (a scalar)."""
    day = _day_param(key)[0]
    where = [rules.active_customer_clause(), col(Customer.renewal_date) == day]
    if flt.tiers:
        where.append(_tier_clause(flt.tiers))
    rows = sa_select(*_item_columns(
        key, ItemKind.RENEWAL, col(Customer.id), col(Customer.id), col(Customer.name),
        col(Customer.tier), col(Customer.name), null(), literal(""))).where(*where).order_by(
        col(Customer.name), col(Customer.id))
    return rows, select(func.count()).select_from(Customer).where(*where).scalar_subquery()


def _todos_on(key: int, flt: CalendarFilter, limit: Any) -> tuple[Any, Any]:
    """Day ``key``'s open to-dos by due instant (the due rule's two arms merged), those
    due by the ``limit``-th (:func:`_todo_cutoff`), and their count (index ranges of
    ``ix_todo_open``)."""
    _day, lo, hi, last = _day_param(key)
    bounds = _capped_bounds(lo, hi, last, _todo_cutoff(lo, hi, flt, limit))
    arms = []
    for where, due in rules.due_arms(bounds):
        arm = (sa_select(*_item_columns(key, ItemKind.TODO, col(Todo.id), col(Todo.customer_id),
                                        col(Customer.name), col(Customer.tier),
                                        col(Todo.title), due, literal("")))
               .join(Customer, col(Customer.id) == col(Todo.customer_id), isouter=not flt.tiers)
               .where(where))
        arms.append(arm.where(_tier_clause(flt.tiers)) if flt.tiers else arm)
    return (union_all(*arms).order_by("at", "title", "id"),
            _todo_count(rules.span_bounds(lo, hi), flt))


def _visits_on(key: int, flt: CalendarFilter, limit: Any) -> tuple[Any, Any]:
    """Day ``key``'s visits by time, those by the ``limit``-th's (:func:`_visit_cutoff`);
    no count (nothing comes after visits)."""
    _day, lo, hi, last = _day_param(key)
    cutoff = func.coalesce(_visit_cutoff(lo, hi, flt, limit), last)
    rows = (sa_select(*_item_columns(key, ItemKind.VISIT, col(Interaction.id),
                                     col(Interaction.customer_id), col(Customer.name),
                                     col(Customer.tier), col(Customer.name),
                                     col(Interaction.occurred_at), col(Interaction.kind)))
            .join(Customer, col(Customer.id) == col(Interaction.customer_id))
            .where(_visits_from(lo), col(Interaction.occurred_at) <= cutoff)
            .order_by(col(Interaction.occurred_at), col(Customer.name), col(Interaction.id)))
    if flt.tiers:
        rows = rows.where(_tier_clause(flt.tiers))
    return rows, None


_ON_DAY = {ItemKind.RENEWAL: _renewals_on, ItemKind.TODO: _todos_on, ItemKind.VISIT: _visits_on}


@lru_cache(maxsize=16)
def _per_day_statement(days: int, kinds: tuple[ItemKind, ...], tiers: Tiers) -> Any:
    """:func:`items_per_day`'s statement for ``days`` days: parameters ``n`` and, per day
    ``i``, ``d<i>``, ``lo<i>``, ``hi<i>`` (see :func:`_day_param`). Each day's kinds come
    in display order, each stopped at ``max(0, n - the day's items of the kinds before)``
    (SQLite takes an expression as the LIMIT), so per day at most ``n`` rows are read."""
    flt = _by_tiers(tiers)
    parts = []
    for key in range(days):
        before: Any = None
        for kind in kinds:
            limit = _N if before is None else func.max(0, _N - before)
            rows, count = _ON_DAY[kind](key, flt, limit)
            parts.append(sa_select(rows.limit(limit).subquery()))
            if count is not None:
                before = count if before is None else before + count
    return union_all(*parts)


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
