"""The board query: active customers of one state, soonest renewal first, no date last."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, literal_column, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from mycrm.core.common.normalize import company_key
from mycrm.core.common.timeutil import local_today
from mycrm.core.db.models import Contact, Customer, Todo
from mycrm.core.search import customer_filter_clause


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


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def customer_search_clause(text: str):  # type: ignore[no-untyped-def]
    """SQL condition matching ``text`` in a customer's name (also normalised), industry or
    contacts (name, phone, e-mail).

    Terms of two or more characters go through the names index (``core.search``), one
    lookup instead of a ``LIKE`` over every customer and its contacts; a one-character term,
    which no index can match, falls back to ``LIKE``.
    """
    key = company_key(text)
    indexed = customer_filter_clause(text)
    if indexed is not None:
        clauses = [indexed]
        # The normalised name ("ＡＢＣ Co., Ltd." → "abc") is indexed, too; a key that is
        # just the terms run together is already implied by matching the terms.
        if key and key != "".join(text.casefold().split()):
            by_key = customer_filter_clause(key)
            clauses.append(by_key if by_key is not None else
                           col(Customer.name_key).like(like_pattern(key), escape="\\"))
        return or_(*clauses)
    pattern = like_pattern(text.strip())
    contact_match = (
        select(Contact.id)
        .where(Contact.customer_id == Customer.id)
        .where(or_(col(Contact.name).like(pattern, escape="\\"),
                   col(Contact.phone).like(pattern, escape="\\"),
                   col(Contact.email).like(pattern, escape="\\")))
        .exists()
    )
    clauses = [
        col(Customer.name).like(pattern, escape="\\"),
        col(Customer.industry).like(pattern, escape="\\"),
        contact_match,
    ]
    if key:
        clauses.append(col(Customer.name_key).like(like_pattern(key), escape="\\"))
    return or_(*clauses)


def active_clause():  # type: ignore[no-untyped-def]
    return and_(col(Customer.archived_at).is_(None), col(Customer.lost_on).is_(None))


def _column_where(statement, state: str, search: str):  # type: ignore[no-untyped-def]
    statement = statement.where(active_clause(), Customer.state == state)
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


def _card_rows(session: Session, state: str, search: str, part, order,  # type: ignore[no-untyped-def]
               limit: int | None, offset: int) -> list[tuple]:
    statement = _column_where(sa_select(*_CARD_COLUMNS), state, search).where(part)
    statement = statement.order_by(*order)
    if limit is not None:
        statement = statement.limit(limit)
    if offset:
        statement = statement.offset(offset)
    return [tuple(row) for row in session.execute(statement)]


def _count(session: Session, state: str, search: str, *extra) -> int:  # type: ignore[no-untyped-def]
    statement = _column_where(select(func.count(col(Customer.id))), state, search)
    if extra:
        statement = statement.where(*extra)
    return int(session.exec(statement).one())


def board_column_count(session: Session, state: str, search: str = "") -> int:
    """How many cards ``board_column`` would return without a limit (the column title)."""
    return _count(session, state, search)


_IN_CHUNK = 500  # well under SQLite's bound-parameter limit
# "done_at IS NULL" with a unary plus: SQLite must not drive the lookup from ix_todo_open
# (every open to-do of the portfolio) but from ix_todo_customer_id (this page's customers).
_NOT_DONE = literal_column(f"+{Todo.__tablename__}.done_at").is_(None)


def open_todo_counts(session: Session, customer_ids: Sequence[int]) -> dict[int, int]:
    """Open (not done) to-dos per customer, for the given customers only."""
    counts: dict[int, int] = {}
    for start in range(0, len(customer_ids), _IN_CHUNK):
        chunk = customer_ids[start:start + _IN_CHUNK]
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
        statement = statement.where(active_clause())
    if search.strip():
        statement = statement.where(customer_search_clause(search))
    return list(session.exec(statement.limit(limit)))


# --- the customers table: every customer, sorted and paged in SQL ------------------------

@dataclass(frozen=True)
class CustomerRow:
    id: int
    name: str
    tier: str
    state: str
    industry: str
    renewal_date: date | None
    last_visit: date | None  # local calendar day of the last visit
    contact: str  # primary contact's name
    status: str  # "active" / "archived" / "lost"


def _status_expr():  # type: ignore[no-untyped-def]
    return case((col(Customer.lost_on).is_not(None), "lost"),
                (col(Customer.archived_at).is_not(None), "archived"), else_="active")


def _primary_contact_expr():  # type: ignore[no-untyped-def]
    name = (select(func.lower(col(Contact.name)))
            .where(Contact.customer_id == Customer.id, col(Contact.is_primary))
            .limit(1).scalar_subquery())
    return func.coalesce(name, "")


def _sort_keys(sort: str) -> list:
    """ORDER BY terms of one table column, ascending (the customers page's sort keys):
    text case-insensitively, no renewal date last, never visited first."""
    keys: dict[str, list] = {
        "name": [],
        "tier": [col(Customer.tier)],
        "state": [col(Customer.state)],
        "industry": [func.lower(col(Customer.industry))],
        "renewal": [col(Customer.renewal_date).is_(None), col(Customer.renewal_date)],
        "last_visit": [col(Customer.last_visit_at)],
        "contact": [_primary_contact_expr()],
        "status": [_status_expr()],
    }
    keys["days_left"] = keys["renewal"]
    if sort not in keys:
        raise ValueError(f"unknown sort column {sort!r}")
    return [*keys[sort], func.lower(col(Customer.name)), col(Customer.id)]


def _table_where(statement, search: str, include_inactive: bool):  # type: ignore[no-untyped-def]
    if not include_inactive:
        statement = statement.where(active_clause())
    if search.strip():
        statement = statement.where(customer_search_clause(search))
    return statement


def customer_table(session: Session, *, search: str = "", include_inactive: bool = True,
                   sort: str = "renewal", descending: bool = False, zone: str = "UTC",
                   limit: int | None = None, offset: int = 0) -> list[CustomerRow]:
    """One page of the customers table, sorted in SQL by ``sort`` (a table column key), so
    the page never loads the whole portfolio to show the first rows. Primary contacts are
    read for the returned rows only."""
    keys = _sort_keys(sort)
    # Nine columns, more than SQLModel's ``select`` overloads take: Core ``select``, rows
    # read with ``session.execute``.
    statement = _table_where(
        sa_select(col(Customer.id), col(Customer.name), col(Customer.tier),
                  col(Customer.state), col(Customer.industry), col(Customer.renewal_date),
                  col(Customer.last_visit_at), col(Customer.archived_at),
                  col(Customer.lost_on)),
        search, include_inactive,
    ).order_by(*[k.desc() if descending else k for k in keys])
    if limit is not None:
        statement = statement.limit(limit)
    if offset:
        statement = statement.offset(offset)
    rows = list(session.execute(statement))
    contacts = primary_contacts(session, [row[0] for row in rows])
    return [
        CustomerRow(
            id=cid, name=name, tier=tier, state=state, industry=industry,
            renewal_date=renewal,
            last_visit=local_today(visit, zone) if visit else None,
            contact=contacts.get(cid, ""),
            status="lost" if lost else "archived" if archived else "active",
        )
        for cid, name, tier, state, industry, renewal, visit, archived, lost in rows
    ]


def customer_table_count(session: Session, *, search: str = "",
                         include_inactive: bool = True) -> int:
    """How many rows ``customer_table`` has without a limit."""
    statement = _table_where(select(func.count(col(Customer.id))), search, include_inactive)
    return int(session.exec(statement).one())


def primary_contacts(session: Session, customer_ids: Sequence[int]) -> dict[int, str]:
    """Primary contact name per customer, for the given customers only."""
    names: dict[int, str] = {}
    for start in range(0, len(customer_ids), _IN_CHUNK):
        chunk = customer_ids[start:start + _IN_CHUNK]
        statement = (select(Contact.customer_id, Contact.name)
                     .where(col(Contact.customer_id).in_(chunk), col(Contact.is_primary)))
        for cid, name in session.exec(statement):
            names.setdefault(cid, name)
    return names
