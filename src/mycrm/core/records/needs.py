"""Potential needs (潜在需求): capture, follow up, close as won or dropped.

A follow-up date creates a to-do with a reminder at 09:00 local on that day, linked to the
need. Dashboards count new needs by ``created_at``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.selectable import Join
from sqlmodel import Session, col

from mycrm.core.changes import Change, changes
from mycrm.core.common.timeutil import require_aware
from mycrm.core.common.undo import Snapshot
from mycrm.core.common.validation import Collector
from mycrm.core.customers.services import get_customer
from mycrm.core.customers.table import Parts, SortKey, ordered_parts, read_window
from mycrm.core.customers.timeline import EventKind, record_event
from mycrm.core.db.models import Customer, Need, NeedStatus
from mycrm.core.search import not_indexed
from mycrm.core.todos.services import TodoInput, create_todo

STATUSES = {s.value for s in NeedStatus}
FOLLOW_UP_HOUR = 9
DEFAULT_FOLLOW_UP_TITLE = "Follow up: %1"


class NeedNotFoundError(LookupError):
    pass


@dataclass
class NeedInput:
    customer_id: int
    title: str = ""
    detail: str = ""
    amount: str | int | None = None
    follow_up_on: str | date | None = None
    status: str = NeedStatus.OPEN.value


@dataclass(frozen=True)
class NeedRow:
    id: int
    customer_id: int
    customer_name: str
    title: str
    detail: str
    amount_cents: int
    status: str
    follow_up_on: date | None
    created_at: datetime


def _clean(c: Collector, data: NeedInput) -> tuple[str, int, date | None]:
    title = c.text("title", data.title, required=True, max_len=200)
    amount = c.amount("amount", data.amount)
    follow = c.date("follow_up_on", data.follow_up_on)
    c.choice("status", data.status, STATUSES)
    return title, amount, follow


@changes(Change.NEEDS | Change.TODOS)
def create_need(*, session: Session, data: NeedInput, now: datetime, zone: str = "UTC",
                todo_title: str = DEFAULT_FOLLOW_UP_TITLE) -> Need:
    now = require_aware(now)
    c = Collector()
    title, amount, follow = _clean(c, data)
    c.check()
    get_customer(session, data.customer_id)
    need = Need(customer_id=data.customer_id, title=title, detail=data.detail.strip(),
                amount_cents=amount, status=data.status, follow_up_on=follow, created_at=now)
    if data.status != NeedStatus.OPEN.value:
        need.closed_at = now
    session.add(need)
    session.flush()
    record_event(session, customer_id=data.customer_id, kind=EventKind.NEED_CREATED, now=now,
                 need_id=need.id, title=title, amount_cents=amount)
    if follow is not None and need.status == NeedStatus.OPEN.value:
        _follow_up_todo(session, need, follow, now, zone, todo_title)
    return need


@changes(Change.NEEDS | Change.TODOS)
def update_need(*, session: Session, need_id: int, data: NeedInput, now: datetime,
                zone: str = "UTC", todo_title: str = DEFAULT_FOLLOW_UP_TITLE) -> Need:
    """Edit a need. Closing it (won/dropped) records when; a new follow-up date adds a to-do."""
    now = require_aware(now)
    c = Collector()
    title, amount, follow = _clean(c, data)
    c.check()
    need = get_need(session, need_id)
    old_status, old_follow = need.status, need.follow_up_on
    need.title, need.detail, need.amount_cents = title, data.detail.strip(), amount
    need.follow_up_on = follow
    need.status = data.status
    if old_status == NeedStatus.OPEN.value and data.status != NeedStatus.OPEN.value:
        need.closed_at = now
        record_event(session, customer_id=need.customer_id, kind=EventKind.NEED_CLOSED,
                     now=now, need_id=need.id, title=title, status=data.status)
    elif data.status == NeedStatus.OPEN.value:
        need.closed_at = None
    session.add(need)
    session.flush()
    if follow is not None and follow != old_follow and need.status == NeedStatus.OPEN.value:
        _follow_up_todo(session, need, follow, now, zone, todo_title)
    return need


@changes(Change.NEEDS)
def delete_need(*, session: Session, need_id: int, now: datetime) -> Snapshot:
    require_aware(now)
    need = get_need(session, need_id)
    snapshot = Snapshot("need")
    snapshot.add(need)
    session.delete(need)
    session.flush()
    return snapshot


def get_need(session: Session, need_id: int) -> Need:
    need = session.get(Need, need_id)
    if need is None:
        raise NeedNotFoundError(f"need {need_id} does not exist")
    return need


NEED_SORTS = ("title", "customer", "amount", "follow_up", "status", "created")  # columns
# The default order's equal follow-up dates: the newest need first (then the higher id).
_NEWEST: list[SortKey] = [(col(Need.created_at), True), (col(Need.id), True)]


def _need_sort_keys(sort: str) -> list[SortKey]:
    """ORDER BY terms of one Needs column but the follow-up date, ascending, text
    case-insensitively; equal keys by id, a stable order to page by that the indexes of
    migration 0009 end with (every index ends with the rowid)."""
    keys: dict[str, list[Any]] = {
        "title": [col(Need.title).collate("NOCASE")],
        # by customer (name, then id: each customer's needs together), as the customer
        # name index and then each customer's needs in ``ix_need_customer_id`` give them
        "customer": [col(Customer.name).collate("NOCASE"), col(Customer.id)],
        "amount": [col(Need.amount_cents)],
        "status": [col(Need.status)],
        "created": [col(Need.created_at)],
    }
    if sort not in keys:
        raise ValueError(f"unknown sort column {sort!r}")
    return [(key, False) for key in [*keys[sort], col(Need.id)]]


class _CustomersFirst(Join):
    """``customer CROSS JOIN need ON …``: SQLite keeps the left table the outer loop, so
    the customer order is read off the customers' name index, a customer's needs after
    it, and a page stops after its rows — a plain join reads every need, then sorts."""

    inherit_cache = True


@compiles(_CustomersFirst)
def _cross_join(join: _CustomersFirst, compiler: Any, **kw: Any) -> str:
    kw["asfrom"] = True
    return (f"{compiler.process(join.left, **kw)} CROSS JOIN "
            f"{compiler.process(join.right, **kw)} ON {compiler.process(join.onclause, **kw)}")


def _where(statement: Any, status: str | None, customer_id: int | None) -> Any:
    if customer_id is not None:
        statement = statement.where(Need.customer_id == customer_id)
        if status:
            statement = statement.where(one_customers_status(status))
    elif status:
        statement = statement.where(Need.status == status)
    return statement


def one_customers_status(status: str) -> Any:
    """``need.status = status`` for one customer's needs, not answered from an index
    (``not_indexed``): left indexable, SQLite takes a status index of the Needs page's
    orders (migration 0009) to skip sorting a customer's few needs, and reads every need
    of that status (~10 ms at stress)."""
    return not_indexed(col(Need.status) == status, Need)


def list_needs(session: Session, status: str | None = None,
               customer_id: int | None = None, *, sort: str = "follow_up",
               descending: bool = False, offset: int = 0,
               limit: int | None = None) -> list[NeedRow]:
    """Needs with their customer's name, sorted in SQL by ``sort`` (a :data:`NEED_SORTS`
    column) and paged (``offset``, ``limit``; None: every row) — the Needs page reads a
    page at a time. The default order: needs with a follow-up date first, soonest first,
    then the rest; newest first among equals (``descending``: all of it the other way).
    The other columns: equal keys by id.

    Each page, by status or of all, comes off an index (migration 0009) — the default
    order as the needs with a follow-up date, then those without; the customer order
    the customers' names, then each one's needs."""
    parts = (_list_parts(sort, descending, status or None) if customer_id is None
             else _needs_parts(sort, descending, status or None, customer_id))
    return [NeedRow(*row) for row in read_window(session, parts, offset, limit, core=True)]


# NeedRow's fields, in order: plain columns (no ORM entity to build per row), read on the
# session's connection (``read_window(core=True)``).
_ROW_COLUMNS = (col(Need.id), col(Need.customer_id), col(Customer.name), col(Need.title),
                col(Need.detail), col(Need.amount_cents), col(Need.status),
                col(Need.follow_up_on), col(Need.created_at))


def _needs_parts(sort: str, descending: bool, status: str | None,
                 customer_id: int | None = None) -> Parts:
    on = col(Customer.id) == col(Need.customer_id)
    statement = sa_select(*_ROW_COLUMNS)
    statement = _where(
        statement.select_from(_CustomersFirst(cast(Any, Customer).__table__,
                                              cast(Any, Need).__table__, on))
        if sort == "customer" else statement.join(Customer, on), status, customer_id)
    if sort == "follow_up" and customer_id is not None:
        # One customer's few needs: one statement, sorted (two, as below, would each take
        # the follow-up index and read every need of the portfolio).
        follow_up = col(Need.follow_up_on)
        return ordered_parts(statement, [(follow_up.is_(None), False), (follow_up, False),
                                         *_NEWEST], descending)
    if sort == "follow_up":
        return ordered_parts(statement, _NEWEST, descending,
                             nulls_last=col(Need.follow_up_on))
    return ordered_parts(statement, _need_sort_keys(sort), descending)


# Each order of every need or of one status, built once (statements are immutable values;
# the rows are read anew every time). One customer's needs: built for the call.
_list_parts = lru_cache(maxsize=64)(_needs_parts)


def count_needs(session: Session, status: str | None = None,
                customer_id: int | None = None) -> int:
    """How many rows ``list_needs`` has without a limit. Every need has its customer (a
    foreign key, deleted with it), so the count needs no join: one index range."""
    statement = _where(sa_select(func.count(col(Need.id))), status, customer_id)
    return int(session.execute(statement).scalar_one())


def _follow_up_todo(session: Session, need: Need, follow: date, now: datetime, zone: str,
                    title: str) -> None:
    create_todo(session=session, now=now, data=TodoInput(
        title=title.replace("%1", need.title)[:300], customer_id=need.customer_id,
        need_id=need.id, remind_wall=datetime.combine(follow, time(FOLLOW_UP_HOUR)),
        remind_tz=zone))
