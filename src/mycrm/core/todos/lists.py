"""The To-dos page's lists: the groups, their rows, and each group counted and paged in SQL.

The page shows Overdue / Today / Upcoming / No date / Done recently. The dated groups are
the shared rule (``core.rules``: a to-do is due at ``coalesce(notify_at, remind_at)``;
overdue, today, upcoming); the tray's today list is the first rows of Overdue and Today.
The specification, ``tests/todo_reference.list_todos``, builds every row in Python; these
read one group page at a time in the same order, and count with COUNT, so showing the page
costs what is on screen.

Each dated group is read as the rule's two "arms" (``rules.due_arms``) — rows with a
``notify_at`` (due then), and rows with only a ``remind_at`` (normally none) — each a
range of ``ix_todo_open (done_at, notify_at, remind_at, customer_id)``, merged in order by
SQLite (``UNION ALL … ORDER BY … LIMIT``).

The page's statements (the counts, a group's page) are built once per shape — the groups'
bound operators, whether a customer and a text filter apply — with bound parameters for the
instants, the filter and the page, then reused: building a statement of a dozen subqueries
costs more Python than SQLite spends on it. Only the query text is kept, never a result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, String, bindparam, func, literal, union_all
from sqlalchemy import select as sa_select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from mycrm.core import rules
from mycrm.core.common.timeutil import require_aware
from mycrm.core.db.engine import CASEFOLD_SQL
from mycrm.core.db.models import Customer, Todo, UTCDateTime


class Group(StrEnum):
    """A group of the page: the rule's due groups, then the undated and the done ones."""

    OVERDUE = rules.DueGroup.OVERDUE.value
    TODAY = rules.DueGroup.TODAY.value
    UPCOMING = rules.DueGroup.UPCOMING.value
    NO_DATE = "no_date"
    DONE = "done"


GROUP_ORDER = (Group.OVERDUE, Group.TODAY, Group.UPCOMING, Group.NO_DATE, Group.DONE)


@dataclass(frozen=True)
class TodoRow:
    """A to-do as lists show it (a plain value, safe outside the session)."""

    id: int
    title: str
    notes: str
    customer_id: int | None
    customer_name: str
    when: datetime | None  # the due instant (``rules.due_instant``)
    reminder_state: str
    done_at: datetime | None
    group: Group


def group_of(todo: Todo, now: datetime, zone: str) -> Group:
    """The Python form of the page's grouping (``_arms`` is its SQL form)."""
    if todo.done_at is not None:
        return Group.DONE
    due = rules.due_instant(todo.notify_at, todo.remind_at)
    if due is None:
        return Group.NO_DATE
    return Group(rules.due_group(due, now, zone).value)

TODO_PAGE = 20  # rows of a group read at a time (a screenful is about 15)


@dataclass(frozen=True)
class TodoFilter:
    """What the To-dos page is filtered by. ``text`` must occur in the title, the notes or the
    customer's name, ignoring case."""

    customer_id: int | None = None
    text: str = ""
    done_days: int = 7  # "Done recently" reaches back this many days


NO_FILTER = TodoFilter()


@dataclass(frozen=True)
class TodoSection:
    """One group of the page: its full ``count`` and the first ``len(rows)`` rows."""

    group: Group
    count: int
    rows: list[TodoRow]


@dataclass(frozen=True)
class _Arm:
    """Part of a group: the rows matching ``where``, due at ``when`` (None: undated)."""

    where: ColumnElement[bool]
    when: Any = None


def _bounds(group: Group, now: datetime, zone: str, done_days: int) -> tuple[rules.Bound, ...]:
    """The instants that place a to-do in ``group`` at ``now``: the rule's due bounds for
    the dated groups, "done since" for Done recently, none for No date."""
    if group is Group.DONE:
        return ((">=", now - timedelta(days=done_days)),)
    if group is Group.NO_DATE:
        return ()
    return rules.group_bounds(rules.DueGroup(group.value), now, zone)


def _arms_within(group: Group, bounds: Sequence[rules.Bound]) -> list[_Arm]:
    """``group``'s members (the rule of :func:`group_of`) within ``bounds`` (values or
    bound parameters) as disjoint arms."""
    if group is Group.DONE:
        return [_Arm(col(Todo.done_at) >= bounds[0][1])]
    if group is Group.NO_DATE:
        return [_Arm(col(Todo.done_at).is_(None) & col(Todo.notify_at).is_(None)
                     & col(Todo.remind_at).is_(None))]
    return [_Arm(where, when) for where, when in rules.due_arms(bounds)]


def _arms(group: Group, now: datetime, zone: str, done_days: int) -> list[_Arm]:
    """``group``'s members at ``now`` as disjoint arms."""
    return _arms_within(group, _bounds(group, now, zone, done_days))


def _needle(flt: TodoFilter) -> str | None:
    return flt.text.strip().casefold() or None


def _filtered(statement: Any, customer_id: Any, needle: Any) -> Any:
    """``statement`` (on ``Todo``) narrowed to ``customer_id`` and to to-dos with ``needle``
    anywhere in the title, the notes or the customer's name, with the full Unicode case
    folding (``str.casefold``: "ÉCOLE" matches "école", "Straße" "STRASSE"); None: no such
    filter. Values or bound parameters."""
    if customer_id is not None:
        statement = statement.where(Todo.customer_id == customer_id)
    if needle is not None:
        haystack = (col(Todo.title) + " " + col(Todo.notes) + " "
                    + func.coalesce(col(Customer.name), ""))
        folded = getattr(func, CASEFOLD_SQL)(haystack)
        statement = (statement.join(Customer, isouter=True)
                     .where(func.instr(folded, needle) > 0))
    return statement


def _count(arms: list[_Arm], customer_id: Any, needle: Any,
           extra: list[ColumnElement[bool]] | None = None) -> Any:
    """One scalar: how many rows the arms hold under the filter (and ``extra`` per arm)."""
    counts = []
    for i, arm in enumerate(arms):
        statement = select(func.count(col(Todo.id))).where(arm.where)
        if extra is not None:
            statement = statement.where(extra[i])
        counts.append(_filtered(statement, customer_id, needle).scalar_subquery())
    total = counts[0]
    for more in counts[1:]:
        total = total + more
    return total


def todo_group_counts(session: Session, *, now: datetime, zone: str = "UTC",
                      flt: TodoFilter = NO_FILTER) -> dict[Group, int]:
    """How many to-dos each group holds under ``flt`` (the headers' counts): one statement
    of ``COUNT``s over index ranges, never a row read into Python."""
    now = require_aware(now)
    bounds = {group: _bounds(group, now, zone, flt.done_days) for group in GROUP_ORDER}
    statement = _counts_statement(tuple((g, _ops(b)) for g, b in bounds.items()),
                                  flt.customer_id is not None, _needle(flt) is not None)
    params = _filter_values(flt)
    for group, group_bounds in bounds.items():
        params.update(_bound_values(group, group_bounds))
    counts = session.exec(statement, params=params).one()
    return {group: int(n) for group, n in zip(GROUP_ORDER, counts, strict=True)}


# --- the page's statements, one per shape -------------------------------------------------

Ops = tuple[str, ...]  # the operators of a group's bounds: part of a statement's shape
_CUSTOMER = bindparam("customer_id", type_=Integer())
_TEXT = bindparam("needle", type_=String())
_LIMIT = bindparam("limit", type_=Integer())
_OFFSET = bindparam("offset", type_=Integer())


def _ops(bounds: Sequence[rules.Bound]) -> Ops:
    return tuple(op for op, _value in bounds)


def _bound_params(group: Group, ops: Ops) -> tuple[rules.Bound, ...]:
    """Bounds of ``group`` with parameters in place of the instants (see _bound_values)."""
    return tuple((op, bindparam(f"{group.value}_{i}", type_=UTCDateTime()))
                 for i, op in enumerate(ops))


def _bound_values(group: Group, bounds: Sequence[rules.Bound]) -> dict[str, Any]:
    return {f"{group.value}_{i}": value for i, (_op, value) in enumerate(bounds)}


def _filter_params(customer: bool, text: bool) -> tuple[Any, Any]:
    return (_CUSTOMER if customer else None), (_TEXT if text else None)


def _filter_values(flt: TodoFilter) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if flt.customer_id is not None:
        values["customer_id"] = flt.customer_id
    needle = _needle(flt)
    if needle is not None:
        values["needle"] = needle
    return values


@lru_cache(maxsize=64)
def _counts_statement(shapes: tuple[tuple[Group, Ops], ...], customer: bool, text: bool
                      ) -> Any:
    """Every group's count in one statement (``todo_group_counts``)."""
    return select(*(_count(_arms_within(group, _bound_params(group, ops)),
                           *_filter_params(customer, text)).label(group.value)
                    for group, ops in shapes))


def _page_ids(group: Group, arms: list[_Arm], customer_id: Any, needle: Any, limit: Any,
              offset: Any, scan: bool = False) -> Any:
    """A subquery of the page's (id, sort key) rows, in display order. ``scan`` (No date,
    unfiltered, a large group): walk the table newest first instead of sorting the whole
    group's index range by id — the group is then dense enough that a page is found
    within a few hundred rows."""
    if group is Group.DONE:
        key = col(Todo.done_at)
        statement = _filtered(select(col(Todo.id).label("id"), key.label("k"))
                              .where(arms[0].where), customer_id, needle
                              ).order_by(key.desc(), col(Todo.id))
    elif group is Group.NO_DATE:
        # The scan's form of the same condition (all three NULL) is one SQLite cannot
        # look up in an index, so it walks the table by id from the newest.
        where = (func.coalesce(col(Todo.done_at), col(Todo.notify_at),
                               col(Todo.remind_at)).is_(None) if scan else arms[0].where)
        statement = _filtered(select(col(Todo.id).label("id"), col(Todo.id).label("k"))
                              .where(where), customer_id, needle
                              ).order_by(col(Todo.id).desc())
    else:
        statement = union_all(*(
            _filtered(select(col(Todo.id).label("id"), arm.when.label("k")).where(arm.where),
                      customer_id, needle) for arm in arms)).order_by("k", "id")
    return statement.limit(limit).offset(offset).subquery(f"page_{group.value}")


_COLUMNS = (col(Todo.id), col(Todo.title), col(Todo.notes), col(Todo.customer_id),
            col(Customer.name), col(Todo.notify_at), col(Todo.remind_at),
            col(Todo.reminder_state), col(Todo.done_at))


def _group_rows(group: Group, ops: Ops, customer: bool, text: bool, limit: Any, offset: Any,
                scan: bool = False, tagged: bool = False) -> Any:
    """The rows of one page of ``group`` in display order (parameters: the group's bounds,
    the filter's, ``limit`` and ``offset``); ``tagged``: with the group's position in
    ``GROUP_ORDER`` first, as ``todo_sections``' one statement reads every group's page."""
    page = _page_ids(group, _arms_within(group, _bound_params(group, ops)),
                     *_filter_params(customer, text), limit, offset, scan)
    columns: list[Any] = list(_COLUMNS)
    if tagged:
        columns.insert(0, literal(GROUP_ORDER.index(group)).label("section"))
    statement = (select(*columns)
                 .select_from(page)
                 .join(Todo, col(Todo.id) == page.c.id)
                 .join(Customer, col(Customer.id) == col(Todo.customer_id), isouter=True))
    if group is Group.DONE:
        return statement.order_by(page.c.k.desc(), page.c.id)
    if group is Group.NO_DATE:
        return statement.order_by(page.c.id.desc())
    return statement.order_by(page.c.k, page.c.id)


@lru_cache(maxsize=64)
def _page_statement(group: Group, ops: Ops, customer: bool, text: bool) -> Any:
    """One page of ``group`` (``todo_group_page``): parameters ``limit``, ``offset``, the
    group's bounds and the filter's."""
    return _group_rows(group, ops, customer, text, _LIMIT, _OFFSET)


@lru_cache(maxsize=64)
def _sections_statement(shapes: tuple[tuple[Group, Ops, bool], ...], customer: bool,
                        text: bool) -> Any:
    """The first page of each of ``shapes``' groups (group, bound operators, scan) in one
    statement (``todo_sections``): parameters ``limit_<group>``, the groups' bounds and the
    filter's; each row starts with its group's position in ``GROUP_ORDER``."""
    pages = [sa_select(_group_rows(group, ops, customer, text,
                                bindparam(f"limit_{group.value}", type_=Integer()), 0, scan,
                                tagged=True).subquery())
             for group, ops, scan in shapes]
    return pages[0] if len(pages) == 1 else union_all(*pages)


def _row(group: Group, todo_id: int, title: str, notes: str, customer_id: int | None,
         name: str | None, notify: datetime | None, remind: datetime | None, state: str,
         done_at: datetime | None) -> TodoRow:
    return TodoRow(todo_id, title, notes, customer_id, name or "",
                   rules.due_instant(notify, remind), state, done_at, group)


def todo_group_page(session: Session, *, group: Group, now: datetime, zone: str = "UTC",
                    flt: TodoFilter = NO_FILTER, limit: int = TODO_PAGE,
                    offset: int = 0) -> list[TodoRow]:
    """Rows ``offset`` … ``offset + limit - 1`` of ``group`` in display order."""
    now = require_aware(now)
    bounds = _bounds(group, now, zone, flt.done_days)
    statement = _page_statement(group, _ops(bounds), flt.customer_id is not None,
                                _needle(flt) is not None)
    params = {"limit": limit, "offset": offset, **_filter_values(flt),
              **_bound_values(group, bounds)}
    return [_row(group, *values) for values in session.exec(statement, params=params).all()]


SCAN_FROM = 1000  # an unfiltered No date group this large is paged by walking the table


def todo_sections(session: Session, *, now: datetime, zone: str = "UTC",
                  flt: TodoFilter = NO_FILTER,
                  shown: Mapping[Group, int] | None = None) -> list[TodoSection]:
    """The non-empty groups in page order, each with its count and its first rows: at
    least ``TODO_PAGE``, or as many as ``shown`` says the page already showed (a reload
    keeps what the user scrolled to). Two statements whatever the groups: the counts, then
    every non-empty group's first rows (one statement per shape, see _sections_statement)."""
    now = require_aware(now)
    counts = todo_group_counts(session, now=now, zone=zone, flt=flt)
    groups = [group for group in GROUP_ORDER if counts[group]]
    if not groups:
        return []
    unfiltered = flt.customer_id is None and _needle(flt) is None
    shapes, params = [], _filter_values(flt)
    for group in groups:
        bounds = _bounds(group, now, zone, flt.done_days)
        scan = group is Group.NO_DATE and unfiltered and counts[group] >= SCAN_FROM
        shapes.append((group, _ops(bounds), scan))
        params.update(_bound_values(group, bounds))
        params[f"limit_{group.value}"] = max(TODO_PAGE, (shown or {}).get(group, 0))
    statement = _sections_statement(tuple(shapes), flt.customer_id is not None,
                                    _needle(flt) is not None)
    rows: dict[Group, list[TodoRow]] = {group: [] for group in groups}
    for position, *values in session.execute(statement, params).all():
        group = GROUP_ORDER[position]
        rows[group].append(_row(group, *values))
    return [TodoSection(group, counts[group], rows[group]) for group in groups]


def todo_position(session: Session, *, todo_id: int, now: datetime, zone: str = "UTC",
                  flt: TodoFilter = NO_FILTER) -> tuple[Group, int] | None:
    """(group, index within the group) of ``todo_id`` as the page would show it under
    ``flt``, or None when the filter (or "done long ago") hides it. Lets the page read just
    enough of one group to show a given to-do."""
    now = require_aware(now)
    todo = session.get(Todo, todo_id)
    if todo is None:
        return None
    for group in GROUP_ORDER:
        arms = _arms(group, now, zone, flt.done_days)
        this = [col(Todo.id) == todo_id] * len(arms)
        if session.exec(select(_count(arms, flt.customer_id, _needle(flt), this))).one():
            break
    else:
        return None
    when = rules.due_instant(todo.notify_at, todo.remind_at)
    before: list[ColumnElement[bool]]
    if group is Group.DONE:
        before = [(col(Todo.done_at) > todo.done_at) | (
            (col(Todo.done_at) == todo.done_at) & (col(Todo.id) < todo_id))]
    elif group is Group.NO_DATE:
        before = [col(Todo.id) > todo_id]
    else:
        before = [(arm.when < when) | ((arm.when == when) & (col(Todo.id) < todo_id))
                  for arm in arms]
    return group, int(session.exec(select(_count(arms, flt.customer_id, _needle(flt),
                                                 before))).one())


def _instant(value: Any) -> datetime | None:
    """A ``min(...)`` of an instant column as an aware UTC instant (a scalar subquery's
    value comes back as the column's text)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return require_aware(value) if value.tzinfo else value.replace(tzinfo=UTC)


@lru_cache(maxsize=1)
def _next_change_statement() -> Any:
    """``next_group_change``'s statement (parameters ``now`` and ``since``), built once."""
    now, since = (bindparam(name, type_=UTCDateTime()) for name in ("now", "since"))
    open_ = col(Todo.done_at).is_(None)
    notify, remind, done = col(Todo.notify_at), col(Todo.remind_at), col(Todo.done_at)
    return select(
        select(func.min(notify)).where(open_, notify > now).scalar_subquery(),
        select(func.min(remind)).where(open_, notify.is_(None), remind > now)
        .scalar_subquery(),
        select(func.min(done)).where(done >= since).scalar_subquery())


def next_group_change(session: Session, *, now: datetime, zone: str = "UTC",
                      done_days: int = NO_FILTER.done_days) -> datetime:
    """The next instant after ``now`` at which a to-do moves to another group of the page:
    a reminder falls due, the local day ends, or a done to-do leaves "Done recently". The
    page reads its counts and every later page as of one instant, and reloads then. One
    statement of three index look-ups (``ix_todo_open``), whatever the portfolio."""
    now = require_aware(now)
    since = now - timedelta(days=done_days)
    row = session.exec(_next_change_statement(), params={"now": now, "since": since}).one()
    due, reminded, first_done = (_instant(value) for value in row)
    changes = [rules.end_of_local_day(now, zone)]
    changes += [at for at in (due, reminded) if at is not None]
    if first_done is not None:  # kept while done_at >= now - days
        changes.append(first_done + timedelta(days=done_days, microseconds=1))
    return min(at for at in changes if at > now)  # the end of today always is


# --- the To-dos page's customer filter: customers by name, a page at a time -------------

def filter_customer_count(session: Session) -> int:
    return int(session.exec(select(func.count(col(Customer.id)))).one())


def filter_customers(session: Session, *, limit: int, offset: int = 0) -> list[tuple[int, str]]:
    """(id, name) of customers ``offset`` … ``offset + limit - 1`` ordered by name, then id."""
    statement = (select(col(Customer.id), col(Customer.name))
                 .order_by(col(Customer.name), col(Customer.id)).limit(limit).offset(offset))
    return [(cid, name) for cid, name in session.exec(statement).all() if cid is not None]


def filter_customer_last(session: Session) -> tuple[int, str] | None:
    """The last of ``filter_customers``' order, found through ``ix_customer_name`` (the
    greatest name, then its greatest id) instead of by sorting every customer."""
    greatest = select(func.max(col(Customer.name))).scalar_subquery()
    statement = (select(col(Customer.id), col(Customer.name))
                 .where(col(Customer.name) == greatest)
                 .order_by(col(Customer.id).desc()).limit(1))
    row = session.exec(statement).first()
    return None if row is None or row[0] is None else (row[0], row[1])


def filter_customer_index(session: Session, *, customer_id: int) -> int | None:
    """Where ``customer_id`` stands in ``filter_customers``' order, or None if it is gone."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    before = (col(Customer.name) < customer.name) | (
        (col(Customer.name) == customer.name) & (col(Customer.id) < customer_id))
    return int(session.exec(select(func.count(col(Customer.id))).where(before)).one())


def first_showing_reads(session: Session, *, now: datetime, zone: str = "UTC") -> None:
    """Every read the To-dos page makes when first shown, the rows dropped: run on a
    worker at start (``ui.app.context.warm_first_showings``) so that SQLAlchemy compiles
    their statements there, not on the GUI thread as the page is first shown."""
    todo_sections(session, now=now, zone=zone)
    next_group_change(session, now=now, zone=zone)
    filter_customer_count(session)
    filter_customer_last(session)
    filter_customers(session, limit=1)


# --- the tray and the notifications ------------------------------------------------------
def todays_reminders(session: Session, *, now: datetime, zone: str = "UTC",
                     limit: int = 20) -> list[TodoRow]:
    """Open to-dos due today (local) or overdue, soonest first — the tray's submenu: the
    first ``limit`` of the page's Overdue and Today groups (index ranges, not a sort of
    every open to-do)."""
    rows = todo_group_page(session, group=Group.OVERDUE, now=now, zone=zone, limit=limit)
    if len(rows) < limit:
        rows += todo_group_page(session, group=Group.TODAY, now=now, zone=zone,
                                limit=limit - len(rows))
    return rows


def todo_rows(session: Session, *, todo_ids: list[int], now: datetime,
              zone: str = "UTC") -> list[TodoRow]:
    """The given to-dos (any state) as rows, in the given order."""
    rows = []
    for todo_id in todo_ids:
        todo = session.get(Todo, todo_id)
        if todo is None or todo.id is None:
            continue
        customer = session.get(Customer, todo.customer_id) if todo.customer_id else None
        rows.append(TodoRow(todo.id, todo.title, todo.notes, todo.customer_id,
                            customer.name if customer else "",
                            rules.due_instant(todo.notify_at, todo.remind_at),
                            todo.reminder_state, todo.done_at, group_of(todo, now, zone)))
    return rows
