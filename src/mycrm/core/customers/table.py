"""The Customers table's query: every customer (or only the active ones), sorted and paged
in SQL by any column, so the page never loads the whole portfolio to show its first rows.

Its paging pieces (``ordered_parts``, ``read_window``: an order with the rows without a
value last, read off an index as two ranges) serve the Needs page's query too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from mycrm.core.common.timeutil import local_today
from mycrm.core.customers.board import IN_CHUNK, not_indexed
from mycrm.core.db.models import Contact, Customer
from mycrm.core.rules import active_customer_clause
from mycrm.core.search import customer_search_clause


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


def _status_expr() -> Any:
    return case((col(Customer.lost_on).is_not(None), "lost"),
                (col(Customer.archived_at).is_not(None), "archived"), else_="active")


def _primary_contact_expr() -> Any:
    name = (select(func.lower(col(Contact.name)))
            .where(Contact.customer_id == Customer.id, col(Contact.is_primary))
            .limit(1).scalar_subquery())
    return func.coalesce(name, "")


def _name_key() -> Any:
    """Names case-insensitively. ``COLLATE NOCASE`` folds ASCII exactly as SQLite's
    ``lower()`` does, so the order is the same, and it is a plain column of the indexes of
    migration 0009 (an expression index such as ``lower(name)`` cannot be reflected)."""
    return col(Customer.name).collate("NOCASE")


def _sort_keys(sort: str, include_inactive: bool = True) -> list:
    """ORDER BY terms of one table column, ascending (the customers page's sort keys):
    text case-insensitively, never visited first; ties by name, then id (the renewal date,
    missing last, is :data:`NULLS_LAST`). Every active customer has the status "active":
    without the inactive ones the status sort is the name sort, which an index serves."""
    keys: dict[str, list] = {
        "name": [],
        "tier": [col(Customer.tier)],
        "state": [col(Customer.state)],
        "industry": [col(Customer.industry).collate("NOCASE")],
        "last_visit": [col(Customer.last_visit_at)],
        "contact": [_primary_contact_expr()],
        "status": [_status_expr()] if include_inactive else [],
    }
    if sort not in keys:
        raise ValueError(f"unknown sort column {sort!r}")
    return [*keys[sort], _name_key(), col(Customer.id)]


def _table_where(statement: Any, search: str, include_inactive: bool) -> Any:
    searching = bool(search.strip())
    if not include_inactive:
        # With a search, the few customers the names index finds are checked for being
        # active (``not_indexed``); an indexable clause would walk every active customer.
        active = active_customer_clause()
        statement = statement.where(not_indexed(active) if searching else active)
    if searching:
        statement = statement.where(customer_search_clause(search))
    return statement


COLUMNS = ("id", "name", "tier", "state", "industry", "renewal_date", "last_visit_at")
SORTS = ("name", "tier", "state", "industry", "renewal", "days_left", "last_visit",
         "contact", "status")  # the table's columns
NULLS_LAST = ("renewal", "days_left")  # sorted by a date that may be missing: missing last


def customer_table(session: Session, *, search: str = "", include_inactive: bool = True,
                   sort: str = "renewal", descending: bool = False, zone: str = "UTC",
                   limit: int | None = None, offset: int = 0) -> list[CustomerRow]:
    """One page of the customers table, sorted in SQL by ``sort`` (a table column key), so
    the page never loads the whole portfolio to show the first rows. Each order is read
    off an index (migration 0009), so a page costs its rows, not the portfolio. Primary
    contacts are read for the returned rows only."""
    parts = (_table_parts(sort, descending, include_inactive, search) if search.strip()
             else _unfiltered_parts(sort, descending, include_inactive))
    rows = read_window(session, parts, offset, limit)
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


def _table_parts(sort: str, descending: bool, include_inactive: bool,
                 search: str = "") -> Parts:
    """The statements of one order of the table (see :func:`ordered_parts`)."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort column {sort!r}")
    # Nine columns, more than SQLModel's ``select`` overloads take: Core ``select``, rows
    # read with ``session.execute``. Archived and lost as flags: their values are not shown.
    statement = _table_where(
        sa_select(*[col(getattr(Customer, c)) for c in COLUMNS],
                  col(Customer.archived_at).is_not(None), col(Customer.lost_on).is_not(None)),
        search, include_inactive)
    ties = [(_name_key(), False), (col(Customer.id), False)]
    renewal = col(Customer.renewal_date)
    if sort in NULLS_LAST and search.strip():
        # The matches are found by the names index and sorted (a few hundred at most):
        # one statement, not two that would each look them up.
        return ordered_parts(statement, [(renewal.is_(None), False), (renewal, False), *ties],
                             descending)
    if sort in NULLS_LAST:
        return ordered_parts(statement, ties, descending, nulls_last=renewal)
    keys = [(key, False) for key in _sort_keys(sort, include_inactive)]
    return ordered_parts(statement, keys, descending)


# The statements of each order without a search: built once (SQLAlchemy statements are
# immutable values; the rows are read anew every time).
_unfiltered_parts = lru_cache(maxsize=64)(_table_parts)


# --- paging in SQL (the Needs page pages the same way) ------------------------------------
SortKey = tuple[Any, bool]  # (expression, descending in the ascending order)
Parts = tuple[Any, ...]  # one ordered statement, or the two of a "missing last" order


def order_terms(keys: Sequence[SortKey], reverse: bool) -> list[Any]:
    """ORDER BY terms of ``keys``; ``reverse``: every key the other way."""
    return [expression.desc() if descending != reverse else expression
            for expression, descending in keys]


def ordered_parts(statement: Any, keys: Sequence[SortKey], descending: bool, *,
                  nulls_last: Any | None = None) -> Parts:
    """``statement`` in the order of ``keys`` (``descending``: every key the other way).

    With ``nulls_last`` (a column): by that column first, the rows without a value last
    (first when descending) — as two statements, the rows with a value and then the rest,
    each in the order of an index on (…, column, keys): one ``ORDER BY column IS NULL,
    column`` would sort every row before the first could be returned."""
    if nulls_last is None:
        return (statement.order_by(*order_terms(keys, descending)),)
    with_value = statement.where(nulls_last.is_not(None)).order_by(
        *order_terms([(nulls_last, False), *keys], descending))
    without = statement.where(nulls_last.is_(None)).order_by(*order_terms(keys, descending))
    return (without, with_value) if descending else (with_value, without)


def window(statement: Any, offset: int, limit: int | None) -> Any:
    """``statement`` from row ``offset``, at most ``limit`` rows (None: all)."""
    if limit is not None:
        statement = statement.limit(limit)
    return statement.offset(offset) if offset else statement


def read_window(session: Session, parts: Parts, offset: int = 0,
                limit: int | None = None) -> list[Any]:
    """Rows ``offset`` to ``offset + limit`` (None: to the end) of ``parts`` one after the
    other. A part's rows are counted only when ``offset`` lies beyond them."""
    rows: list[Any] = []
    for part in parts:
        want = None if limit is None else limit - len(rows)
        if want == 0:
            break
        got = list(session.execute(window(part, offset, want)))
        if not got and offset and part is not parts[-1]:  # the window starts after it
            counted = sa_select(func.count()).select_from(part.order_by(None).subquery())
            offset = max(0, offset - int(session.execute(counted).scalar_one()))
            continue
        rows += got
        offset = 0
    return rows


def customer_table_count(session: Session, *, search: str = "",
                         include_inactive: bool = True) -> int:
    """How many rows ``customer_table`` has without a limit."""
    statement = _table_where(select(func.count(col(Customer.id))), search, include_inactive)
    return int(session.exec(statement).one())


def primary_contacts(session: Session, customer_ids: Sequence[int]) -> dict[int, str]:
    """Primary contact name per customer, for the given customers only."""
    names: dict[int, str] = {}
    for start in range(0, len(customer_ids), IN_CHUNK):
        chunk = customer_ids[start:start + IN_CHUNK]
        # Core, not ORM, rows: two plain columns read without the ORM's loading step.
        statement = (sa_select(col(Contact.customer_id), col(Contact.name))
                     .where(col(Contact.customer_id).in_(chunk), col(Contact.is_primary)))
        for cid, name in session.connection().execute(statement):
            names.setdefault(cid, name)
    return names
