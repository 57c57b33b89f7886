"""Read queries for the customer page: header facts, lists, and the merged timeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from mycrm.core.customers.services import contacts_of, current_contract, get_customer
from mycrm.core.customers.timeline import EventKind, payload_of
from mycrm.core.db.models import (
    Contact,
    Contract,
    Interaction,
    Need,
    NeedStatus,
    TimelineEvent,
    Todo,
)
from mycrm.core.phone.entries import EntryKind, from_phone
from mycrm.core.records.needs import one_customers_status
from mycrm.core.rules import due_column


class TimelineFilter(StrEnum):
    ALL = "all"
    RECORDS = "records"
    TODOS = "todos"
    NEEDS = "needs"
    RENEWALS = "renewals"
    STATES = "states"


EVENT_FILTER = {
    EventKind.TODO_CREATED.value: TimelineFilter.TODOS,
    EventKind.TODO_DONE.value: TimelineFilter.TODOS,
    EventKind.NEED_CREATED.value: TimelineFilter.NEEDS,
    EventKind.NEED_CLOSED.value: TimelineFilter.NEEDS,
    EventKind.RENEWED.value: TimelineFilter.RENEWALS,
    EventKind.LOST.value: TimelineFilter.STATES,
    EventKind.STATE_CHANGED.value: TimelineFilter.STATES,
    EventKind.CREATED.value: TimelineFilter.STATES,
    EventKind.ARCHIVED.value: TimelineFilter.STATES,
    EventKind.RESTORED.value: TimelineFilter.STATES,
}
RECORD_KIND = "record"
PHONE_SOURCE = "phone"  # payload["source"] of what a phone wrote (``core.phone.entries``)
# Timeline events that stand for a row a phone may have written: event kind → (what the
# phone entry wrote, the payload key holding that row's id).
_PHONE_REFS = {
    EventKind.TODO_CREATED.value: (EntryKind.TODO, "todo_id"),
    EventKind.NEED_CREATED.value: (EntryKind.NEED, "need_id"),
    EventKind.RENEWED.value: (EntryKind.RENEWAL, "contract_id"),
}


@dataclass(frozen=True)
class CustomerHeader:
    id: int
    name: str
    tier: str
    state: str
    industry: str
    renewal_date: date | None
    days_left: int | None
    amount_cents: int
    currency: str
    last_visit_at: datetime | None
    lost_on: date | None
    lost_reason: str
    archived: bool
    year_goals: str = ""  # the customer's goals for the year, as typed ("" = not recorded)
    value_delivered: str = ""  # the value the service delivered, as typed


@dataclass(frozen=True)
class TimelineItem:
    """One line of the timeline. ``kind`` is ``"record"`` for a service record (``ref_id``
    is the record id, payload has its fields) or a ``TimelineEvent.kind``."""

    at: datetime
    kind: str
    category: TimelineFilter
    ref_id: int
    payload: dict[str, Any] = field(default_factory=dict)


def customer_header(session: Session, customer_id: int, today: date) -> CustomerHeader:
    customer = get_customer(session, customer_id)
    contract = current_contract(session, customer_id)
    days = (customer.renewal_date - today).days if customer.renewal_date else None
    assert customer.id is not None
    return CustomerHeader(
        customer.id, customer.name, customer.tier, customer.state, customer.industry,
        customer.renewal_date, days, contract.amount_cents if contract else 0,
        contract.currency if contract else "CNY", customer.last_visit_at, customer.lost_on,
        customer.lost_reason, customer.archived_at is not None, customer.year_goals,
        customer.value_delivered)


def customer_contacts(session: Session, customer_id: int) -> list[Contact]:
    return contacts_of(session, customer_id)


def open_todos(session: Session, customer_id: int) -> list[Todo]:
    """Open to-dos, the soonest due first (``rules.due_column``: a snooze moves it),
    undated last."""
    due = due_column()
    return list(session.exec(
        select(Todo).where(Todo.customer_id == customer_id, col(Todo.done_at).is_(None))
        .order_by(due.is_(None), due, col(Todo.id))))


def open_needs(session: Session, customer_id: int) -> list[Need]:
    return list(session.exec(
        select(Need).where(Need.customer_id == customer_id,
                           one_customers_status(NeedStatus.OPEN.value))
        .order_by(col(Need.created_at).desc())))


def contracts(session: Session, customer_id: int) -> list[Contract]:
    """Contracts, latest end first."""
    return list(session.exec(
        select(Contract).where(Contract.customer_id == customer_id)
        .order_by(col(Contract.end_date).desc().nulls_last(), col(Contract.id).desc())))


def timeline(session: Session, customer_id: int,
             category: str = TimelineFilter.ALL.value) -> list[TimelineItem]:
    """Everything that happened to the customer, newest first; ``category`` filters."""
    items: list[TimelineItem] = []
    if category in (TimelineFilter.ALL, TimelineFilter.RECORDS):
        for record in session.exec(
                select(Interaction).where(Interaction.customer_id == customer_id)):
            assert record.id is not None
            items.append(TimelineItem(record.occurred_at, RECORD_KIND, TimelineFilter.RECORDS,
                                      record.id, {
                                          "kind": record.kind, "attendees": record.attendees,
                                          "discussion": record.discussion,
                                          "feedback": record.feedback,
                                          "next_steps": record.next_steps}))
    for event in session.exec(
            select(TimelineEvent).where(TimelineEvent.customer_id == customer_id)):
        cat = EVENT_FILTER.get(event.kind, TimelineFilter.STATES)
        if category not in (TimelineFilter.ALL, cat):
            continue
        assert event.id is not None
        items.append(TimelineItem(event.occurred_at, event.kind, cat, event.id,
                                  payload_of(event)))
    _mark_phone_entries(session, items)
    items.sort(key=lambda i: (i.at, i.kind == RECORD_KIND, i.ref_id), reverse=True)
    return items


def _ref_of(item: TimelineItem) -> tuple[EntryKind, int] | None:
    if item.kind == RECORD_KIND:
        return EntryKind.RECORD, item.ref_id
    kind, key = _PHONE_REFS.get(item.kind, (None, ""))
    ref = item.payload.get(key)
    return (kind, ref) if kind is not None and isinstance(ref, int) else None


def _mark_phone_entries(session: Session, items: list[TimelineItem]) -> None:
    """``payload["source"] = "phone"`` on what a paired phone wrote."""
    refs: dict[EntryKind, list[tuple[TimelineItem, int]]] = {}
    for item in items:
        if (found := _ref_of(item)) is not None:
            refs.setdefault(found[0], []).append((item, found[1]))
    for kind, pairs in refs.items():
        phoned = from_phone(session, kind, (ref for _item, ref in pairs))
        for item, ref in pairs:
            if ref in phoned:
                item.payload["source"] = PHONE_SOURCE
