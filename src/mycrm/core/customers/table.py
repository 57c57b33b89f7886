"""The Customers table's query: every customer (or only the active ones), sorted and paged
in SQL by any column, so the page never loads the whole portfolio to show its first rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from mycrm.core.common.timeutil import local_today
from mycrm.core.customers.board import IN_CHUNK
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


def _table_where(statement: Any, search: str, include_inactive: bool) -> Any:
    if not include_inactive:
        statement = statement.where(active_customer_clause())
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
    for start in range(0, len(customer_ids), IN_CHUNK):
        chunk = customer_ids[start:start + IN_CHUNK]
        statement = (select(Contact.customer_id, Contact.name)
                     .where(col(Contact.customer_id).in_(chunk), col(Contact.is_primary)))
        for cid, name in session.exec(statement):
            names.setdefault(cid, name)
    return names
