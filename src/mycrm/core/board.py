"""The board query: active customers of one state, soonest renewal first, no date last."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from mycrm.core.models import Contact, Customer, Todo
from mycrm.core.normalize import company_key
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

    Terms of three or more characters go through the full-text index (``core.search``),
    one lookup instead of a ``LIKE`` over every customer and its contacts; shorter terms,
    which trigrams cannot match, fall back to ``LIKE``.
    """
    key = company_key(text)
    indexed = customer_filter_clause(text)
    if indexed is not None:
        clauses = [indexed]
        if key:
            clauses.append(col(Customer.name_key).like(like_pattern(key), escape="\\"))
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


def board_column(session: Session, state: str, search: str = "") -> list[BoardCard]:
    """Cards of one board column, ordered soonest renewal first (overdue first), then
    customers without a renewal date; ties by name."""
    open_todos = (
        select(func.count(col(Todo.id)))
        .where(Todo.customer_id == Customer.id, col(Todo.done_at).is_(None))
        .scalar_subquery()
    )
    statement = (
        select(
            Customer.id,
            Customer.name,
            Customer.tier,
            Customer.state,
            Customer.industry,
            Customer.renewal_date,
            Customer.last_visit_at,
            open_todos,
        )
        .where(active_clause(), Customer.state == state)
        .order_by(
            col(Customer.renewal_date).is_(None),
            col(Customer.renewal_date),
            col(Customer.name),
            col(Customer.id),
        )
    )
    if search.strip():
        statement = statement.where(customer_search_clause(search))
    return [BoardCard(*row) for row in session.exec(statement)]  # type: ignore[call-overload]


def all_customers(session: Session, search: str = "", include_inactive: bool = True
                  ) -> list[Customer]:
    statement = select(Customer).order_by(col(Customer.name))
    if not include_inactive:
        statement = statement.where(active_clause())
    if search.strip():
        statement = statement.where(customer_search_clause(search))
    return list(session.exec(statement))
