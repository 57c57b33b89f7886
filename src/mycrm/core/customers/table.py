"""The Customers table's query: every customer (or only the active ones), sorted and paged
in SQL by any column, so the page never loads the whole portfolio to show its first rows.

Its paging pieces (``ordered_parts``, ``read_window``: an order with the rows without a
value last, read off an index as two ranges) serve the Needs page's query too."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from mycrm.core.common.timeutil import local_today
from mycrm.core.customers.board import not_indexed
from mycrm.core.db.models import Contact, Customer
from mycrm.core.rules import active_customer_clause
from mycrm.core.search import (
    KEY_LIKE,
    LIKE,
    SearchShape,
    customer_search_condition,
    customer_search_terms,
    plain_rows,
)


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


def _table_where(statement: Any, shape: SearchShape | None, include_inactive: bool) -> Any:
    """``statement`` filtered: the search of ``shape`` (None: no search), its values bound
    at execution (:func:`_search_values`), and the active customers only unless
    ``include_inactive``."""
    if not include_inactive:
        # With a search, the few customers the names index finds are checked for being
        # active (``not_indexed``); an indexable clause would walk every active customer.
        active = active_customer_clause()
        statement = statement.where(not_indexed(active) if shape else active)
    if shape:
        statement = statement.where(customer_search_condition(
            shape, [bindparam(f"search_{i}") for i in range(len(shape))]))
    return statement


def _search_shape(search: str) -> tuple[SearchShape | None, dict[str, Any]]:
    """(shape, bound values) of the table's filter on ``search`` (None: no search). Texts
    of one shape share one statement, built once (``_table_parts``, ``_count_statement``):
    a keystroke binds its values to it instead of building and compiling a new one."""
    if not search.strip():
        return None, {}
    shape, values = customer_search_terms(search)
    return shape, {f"search_{i}": value for i, value in enumerate(values)}


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
    shape, values = _search_shape(search)
    parts = _table_parts(sort, descending, include_inactive, shape)
    rows = read_window(session, parts, offset, limit, params=values, core=True)
    return _customer_rows(session, rows, zone)


def customer_table_start(session: Session, *, search: str = "",
                         include_inactive: bool = True, sort: str = "renewal",
                         descending: bool = False, zone: str = "UTC", limit: int
                         ) -> tuple[int, list[CustomerRow]]:
    """(``customer_table_count``, the first ``limit`` rows of ``customer_table``). With a
    search, from one statement: its matches are counted as they are found
    (``count(*) OVER ()``) — they are all looked at to be sorted anyway — instead of being
    looked up (or, for a term no index answers, scanned for) a second time."""
    shape, values = _search_shape(search)
    if shape is None:
        total = customer_table_count(session, include_inactive=include_inactive)
        return total, customer_table(session, include_inactive=include_inactive, sort=sort,
                                     descending=descending, zone=zone, limit=limit)
    statement = _counted(sort, descending, include_inactive, shape).limit(limit)
    rows = list(_core_execute(session)(statement, values))
    return (rows[0][-1] if rows else 0), _customer_rows(session, [r[:-1] for r in rows], zone)


@lru_cache(maxsize=128)
def _counted(sort: str, descending: bool, include_inactive: bool, shape: SearchShape) -> Any:
    """The one statement of a searched order, each row with the count of every match."""
    (statement,) = _table_parts(sort, descending, include_inactive, shape)
    return statement.add_columns(func.count().over().label("total"))


def _customer_rows(session: Session, rows: Sequence[Any], zone: str) -> list[CustomerRow]:
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


@lru_cache(maxsize=256)
def _table_parts(sort: str, descending: bool, include_inactive: bool,
                 shape: SearchShape | None = None) -> Parts:
    """The statements of one order of the table (see :func:`ordered_parts`), filtered by a
    search of ``shape``. Built once per argument (SQLAlchemy statements are immutable
    values; the rows are read anew every time, the search's values bound then)."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort column {sort!r}")
    # Nine columns, more than SQLModel's ``select`` overloads take: Core ``select``, rows
    # read with ``session.execute``. Archived and lost as flags: their values are not shown.
    statement = _table_where(
        sa_select(*[col(getattr(Customer, c)) for c in COLUMNS],
                  col(Customer.archived_at).is_not(None), col(Customer.lost_on).is_not(None)),
        shape, include_inactive)
    ties = [(_name_key(), False), (col(Customer.id), False)]
    renewal = col(Customer.renewal_date)
    if sort in NULLS_LAST and shape:
        # The matches are found by the names index and sorted (a few hundred at most):
        # one statement, not two that would each look them up.
        return ordered_parts(statement, [(renewal.is_(None), False), (renewal, False), *ties],
                             descending)
    if sort in NULLS_LAST:
        return ordered_parts(statement, ties, descending, nulls_last=renewal)
    keys = [(key, False) for key in _sort_keys(sort, include_inactive)]
    return ordered_parts(statement, keys, descending)


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
                limit: int | None = None, *, params: Mapping[str, Any] | None = None,
                core: bool = False) -> list[Any]:
    """Rows ``offset`` to ``offset + limit`` (None: to the end) of ``parts`` one after the
    other, ``params`` bound to their parameters. A part's rows are counted only when
    ``offset`` lies beyond them. ``core``: the statements select columns, not ORM
    entities, and run on the session's connection (no ORM execution step per statement)."""
    rows: list[Any] = []
    values = dict(params or {})
    execute = _core_execute(session) if core else session.execute
    for part in parts:
        want = None if limit is None else limit - len(rows)
        if want == 0:
            break
        got = list(execute(window(part, offset, want), values))
        if not got and offset and part is not parts[-1]:  # the window starts after it
            counted = sa_select(func.count()).select_from(part.order_by(None).subquery())
            offset = max(0, offset - int(execute(counted, values).scalar_one()))
            continue
        rows += got
        offset = 0
    return rows


def customer_table_count(session: Session, *, search: str = "",
                         include_inactive: bool = True) -> int:
    """How many rows ``customer_table`` has without a limit."""
    shape, values = _search_shape(search)
    statement = _count_statement(shape, include_inactive)
    return int(_core_execute(session)(statement, values).scalar_one())


def _core_execute(session: Session) -> Any:
    """``execute`` of the session's connection, pending changes flushed first (as the
    session's own ``execute`` would)."""
    if session.autoflush:
        session.flush()
    return session.connection().execute


@lru_cache(maxsize=64)
def _count_statement(shape: SearchShape | None, include_inactive: bool) -> Any:
    return _table_where(select(func.count(col(Customer.id))), shape, include_inactive)


def search_scans(search: str) -> bool:
    """Whether the table's filter on ``search`` reads every customer and contact: a
    one-character term, which no index can answer, is matched with ``LIKE``
    (:func:`mycrm.core.search.customer_search_terms`) — tens of milliseconds at stress,
    for the count and again for the rows, where an indexed filter costs its matches."""
    if not search.strip():
        return False
    shape, _values = customer_search_terms(search)
    return LIKE in shape or KEY_LIKE in shape


# One statement text for any number of customers (a JSON array of ids, looked up through
# the customer-id index): nothing to build or compile per page of rows.
_PRIMARY_CONTACTS_SQL = (
    "SELECT customer_id, name FROM contact WHERE is_primary "
    "AND customer_id IN (SELECT value FROM json_each(?))"
)


def primary_contacts(session: Session, customer_ids: Sequence[int]) -> dict[int, str]:
    """Primary contact name per customer, for the given customers only."""
    names: dict[int, str] = {}
    if not customer_ids:
        return names
    ids = "[" + ",".join(str(int(cid)) for cid in customer_ids) + "]"
    for cid, name in plain_rows(session, _PRIMARY_CONTACTS_SQL, (ids,)):
        names.setdefault(cid, name)
    return names
