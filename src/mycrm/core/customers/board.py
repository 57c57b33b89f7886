"""The board query: active customers of one state, soonest renewal first, no date last."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, literal_column
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from mycrm.core.db.models import Customer, Todo
from mycrm.core.rules import active_customer_clause
from mycrm.core.search import customer_search_clause


@dataclass(frozen=True)
class BoardCard:
    id: int
    name: str
    tier: str
    state: str
    industry: str
    renewal_date: date | None
    last_visit_at: datetime | None
    open_todos: int


def _column_where(statement: Any, state: str, search: str) -> Any:
    statement = statement.where(active_customer_clause(), Customer.state == state)
    if search.strip():
        statement = statement.where(customer_search_clause(search))
    return statement


# BoardCard's fields before ``open_todos``, in order. More columns than SQLModel's ``select``
# overloads take: read with SQLAlchemy Core's ``select`` and ``session.execute`` (rows).
_CARD_COLUMNS = (
    col(Customer.id),
    col(Customer.name),
    col(Customer.tier),
    col(Customer.state),
    col(Customer.industry),
    col(Customer.renewal_date),
    col(Customer.last_visit_at),
)


def board_column(session: Session, state: str, search: str = "", *, limit: int | None = None,
                 offset: int = 0) -> list[BoardCard]:
    """Cards of one board column, ordered soonest renewal first (overdue first), then
    customers without a renewal date; ties by name, then id (a total order, so pages taken
    with ``limit``/``offset`` neither overlap nor skip a card). ``limit=None``: all of them.

    The dated and the undated cards are read separately, each in an order the
    ``ix_customer_board`` index (…, state, renewal_date) mostly provides, so a page costs
    about its own size, not a sort of the whole column. Open to-dos are counted afterwards
    for the returned cards only.
    """
    dated = col(Customer.renewal_date).is_not(None)
    rows = _card_rows(session, state, search, dated,
                      (col(Customer.renewal_date), col(Customer.name), col(Customer.id)),
                      limit, offset)
    if limit is None or len(rows) < limit:
        # The undated cards follow the last dated one; skip only what earlier pages showed.
        skip = 0 if rows or not offset else max(0, offset - _count(session, state, search,
                                                                   dated))
        more = None if limit is None else limit - len(rows)
        rows += _card_rows(session, state, search, col(Customer.renewal_date).is_(None),
                           (col(Customer.name), col(Customer.id)), more, skip)
    counts = open_todo_counts(session, [row[0] for row in rows])
    return [
        BoardCard(cid, name, tier, state, industry, renewal, visit,
                  open_todos=counts.get(cid, 0))
        for cid, name, tier, state, industry, renewal, visit in rows
    ]


def _card_rows(session: Session, state: str, search: str, part: Any, order: Sequence[Any],
               limit: int | None, offset: int) -> list[tuple]:
    statement = _column_where(sa_select(*_CARD_COLUMNS), state, search).where(part)
    statement = statement.order_by(*order)
    if limit is not None:
        statement = statement.limit(limit)
    if offset:
        statement = statement.offset(offset)
    return [tuple(row) for row in session.execute(statement)]


def _count(session: Session, state: str, search: str, *extra: Any) -> int:
    statement = _column_where(select(func.count(col(Customer.id))), state, search)
    if extra:
        statement = statement.where(*extra)
    return int(session.exec(statement).one())


def board_column_count(session: Session, state: str, search: str = "") -> int:
    """How many cards ``board_column`` would return without a limit (the column title)."""
    return _count(session, state, search)


IN_CHUNK = 500  # well under SQLite's bound-parameter limit
# "done_at IS NULL" with a unary plus: SQLite must not drive the lookup from ix_todo_open
# (every open to-do of the portfolio) but from ix_todo_customer_id (this page's customers).
_NOT_DONE = literal_column(f"+{Todo.__tablename__}.done_at").is_(None)


def open_todo_counts(session: Session, customer_ids: Sequence[int]) -> dict[int, int]:
    """Open (not done) to-dos per customer, for the given customers only."""
    counts: dict[int, int] = {}
    for start in range(0, len(customer_ids), IN_CHUNK):
        chunk = customer_ids[start:start + IN_CHUNK]
        statement = (
            select(Todo.customer_id, func.count(col(Todo.id)))
            .where(col(Todo.customer_id).in_(chunk), _NOT_DONE)
            .group_by(col(Todo.customer_id))
        )
        counts.update({cid: n for cid, n in session.exec(statement)
                       if cid is not None})
    return counts


def all_customers(session: Session, search: str = "", include_inactive: bool = True,
                  limit: int | None = None) -> list[Customer]:
    """Customers matching ``search`` in name order, at most ``limit`` (None: all)."""
    statement = select(Customer).order_by(col(Customer.name), col(Customer.id))
    if not include_inactive:
        statement = statement.where(active_customer_clause())
    if search.strip():
        statement = statement.where(customer_search_clause(search))
    return list(session.exec(statement.limit(limit)))
