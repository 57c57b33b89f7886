"""Customer services: create, update, archive, contacts, state changes.

Each function is one transaction's worth of work on the given session; the caller commits
(``session_scope``). Invalid input raises ``ValidationError`` before anything is added.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Table, update
from sqlmodel import Session, SQLModel, col, select

from mycrm.core.changes import Change, changes
from mycrm.core.common.normalize import company_key, email_key, phone_key
from mycrm.core.common.timeutil import require_aware
from mycrm.core.common.undo import Snapshot
from mycrm.core.common.validation import Collector
from mycrm.core.customers.timeline import EventKind, event_values, record_event, record_events
from mycrm.core.db.models import (
    Contact,
    Contract,
    ContractKind,
    Customer,
    State,
    Tier,
    TimelineEvent,
)

TIERS = {t.value for t in Tier}
STATES = {s.value for s in State}
LONG_TEXT_MAX = 20_000  # a text of several lines, as a service record's discussion


@dataclass
class ContactInput:
    name: str = ""
    title: str = ""
    phone: str = ""
    email: str = ""
    wechat: str = ""
    is_primary: bool = False
    notes: str = ""
    phone2: str = ""  # a second number, kept as typed (duplicates use the first)


@dataclass
class CustomerInput:
    """What the customer editor submits. Text fields are as typed; they are cleaned here."""

    name: str = ""
    tier: str = Tier.C.value
    industry: str = ""
    renewal_date: str | date | None = None
    amount: str | int | None = None
    notes: str = ""
    tags: str = ""
    contact: ContactInput | None = None
    address: str = ""
    city: str = ""
    country: str = ""
    website: str = ""
    year_goals: str = ""  # the customer's goals for the year, for the QBR
    value_delivered: str = ""  # what the service has brought them, for the QBR


@dataclass(frozen=True)
class CleanCustomer:
    name: str
    tier: str
    industry: str
    renewal_date: date | None
    amount_cents: int
    notes: str
    tags: str
    contact: ContactInput | None
    address: str = ""
    city: str = ""
    country: str = ""
    website: str = ""
    year_goals: str = ""
    value_delivered: str = ""


def clean_customer(data: CustomerInput) -> CleanCustomer:
    """Validate an editor's input; raises ``ValidationError`` listing every bad field."""
    c = Collector()
    name = c.text("name", data.name, required=True, max_len=200)
    tier = c.choice("tier", (data.tier or "").strip().upper(), TIERS)
    industry = c.text("industry", data.industry, max_len=100)
    renewal = c.date("renewal_date", data.renewal_date)
    amount = c.amount("amount", data.amount)
    contact = None
    if data.contact is not None and any(
        (data.contact.name, data.contact.phone, data.contact.email)
    ):
        contact = _clean_contact(c, data.contact, prefix="contact_")
    address = c.text("address", data.address, multiline=True)
    city = c.text("city", data.city, max_len=100)
    country = c.text("country", data.country, max_len=100)
    website = c.text("website", data.website, max_len=300)
    year_goals = c.text("year_goals", data.year_goals, max_len=LONG_TEXT_MAX, multiline=True)
    value_delivered = c.text("value_delivered", data.value_delivered, max_len=LONG_TEXT_MAX,
                             multiline=True)
    c.check()
    return CleanCustomer(
        name, tier, industry, renewal, amount, data.notes.strip(), data.tags.strip(), contact,
        address=address, city=city, country=country, website=website, year_goals=year_goals,
        value_delivered=value_delivered,
    )


def _clean_contact(c: Collector, data: ContactInput, *, prefix: str = "") -> ContactInput:
    return ContactInput(
        name=c.text(prefix + "name", data.name, required=True, max_len=200),
        title=c.text(prefix + "title", data.title, max_len=200),
        phone=c.text(prefix + "phone", data.phone, max_len=60),
        email=c.email(prefix + "email", data.email),
        wechat=c.text(prefix + "wechat", data.wechat, max_len=100),
        is_primary=data.is_primary,
        notes=(data.notes or "").strip(),
        phone2=c.text(prefix + "phone2", data.phone2, max_len=60),
    )


@changes(Change.CUSTOMERS | Change.CONTACTS | Change.RENEWALS)
def create_customer(*, session: Session, data: CustomerInput, now: datetime) -> Customer:
    """Add a customer in *To contact*, with its current contract and first contact."""
    now = require_aware(now)
    clean = clean_customer(data)
    customer = Customer(
        name=clean.name,
        name_key=company_key(clean.name),
        tier=clean.tier,
        industry=clean.industry,
        state=State.TO_CONTACT.value,
        state_since=now,
        renewal_date=clean.renewal_date,
        notes=clean.notes,
        tags=clean.tags,
        address=clean.address,
        city=clean.city,
        country=clean.country,
        website=clean.website,
        year_goals=clean.year_goals,
        value_delivered=clean.value_delivered,
        created_at=now,
        updated_at=now,
    )
    session.add(customer)
    session.flush()
    assert customer.id is not None
    if clean.renewal_date is not None or clean.amount_cents:
        session.add(
            Contract(
                customer_id=customer.id,
                end_date=clean.renewal_date,
                amount_cents=clean.amount_cents,
                kind=ContractKind.NEW.value,
                created_at=now,
            )
        )
    if clean.contact is not None:
        clean.contact.is_primary = True
        _add_contact_row(session, customer.id, clean.contact, now)
    record_event(session, customer_id=customer.id, kind=EventKind.CREATED, now=now)
    session.flush()
    return customer


def current_contract(session: Session, customer_id: int) -> Contract | None:
    """The contract whose end date is the customer's renewal date (latest end, then newest)."""
    statement = (
        select(Contract)
        .where(Contract.customer_id == customer_id)
        .order_by(Contract.end_date.desc().nulls_last(), Contract.id.desc())  # type: ignore[union-attr]
        .limit(1)
    )
    return session.exec(statement).first()


@changes(Change.CUSTOMERS | Change.CONTACTS | Change.RENEWALS)
def update_customer(
    *, session: Session, customer_id: int, data: CustomerInput, now: datetime
) -> Customer:
    """Save the editor's fields. The renewal date and amount edit the current contract."""
    now = require_aware(now)
    clean = clean_customer(data)
    customer = get_customer(session, customer_id)
    customer.name = clean.name
    customer.name_key = company_key(clean.name)
    customer.tier = clean.tier
    customer.industry = clean.industry
    customer.notes = clean.notes
    customer.tags = clean.tags
    customer.address = clean.address
    customer.city = clean.city
    customer.country = clean.country
    customer.website = clean.website
    customer.year_goals = clean.year_goals
    customer.value_delivered = clean.value_delivered
    customer.updated_at = now
    contract = current_contract(session, customer_id)
    if contract is None and (clean.renewal_date is not None or clean.amount_cents):
        contract = Contract(customer_id=customer_id, kind=ContractKind.NEW.value, created_at=now)
        session.add(contract)
    if contract is not None:
        contract.end_date = clean.renewal_date
        contract.amount_cents = clean.amount_cents
    customer.renewal_date = clean.renewal_date
    session.add(customer)
    session.flush()
    return customer


class NotFoundError(LookupError):
    pass


def get_customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFoundError(f"customer {customer_id} does not exist")
    return customer


@changes(Change.CUSTOMERS)
def set_archived(*, session: Session, customer_id: int, archived: bool, now: datetime) -> None:
    now = require_aware(now)
    customer = get_customer(session, customer_id)
    customer.archived_at = now if archived else None
    customer.updated_at = now
    session.add(customer)
    kind = EventKind.ARCHIVED if archived else EventKind.RESTORED
    record_event(session, customer_id=customer_id, kind=kind, now=now)


def _check_state(state: str) -> None:
    if state not in STATES:
        raise ValueError(f"unknown state {state!r}")


def _moved_columns(state: str, now: datetime) -> dict[str, object]:
    """What a move to ``state`` writes on the customer (``change_state``, ``change_states``)."""
    return {"state": state, "state_since": now, "updated_at": now}


def _state_payload(previous: str, state: str, reason: str,
                   details: dict[str, str]) -> dict[str, str]:
    """What the timeline event of a move says (``change_state``, ``change_states``)."""
    return {"old": previous, "new": state, "reason": reason, **details}


@changes(Change.CUSTOMERS)
def change_state(
    *, session: Session, customer_id: int, state: str, now: datetime, reason: str = "manual",
    **details: str,
) -> TimelineEvent | None:
    """Move a customer to ``state``; record when and why. Returns the event recorded, or
    None if the customer was already there."""
    now = require_aware(now)
    _check_state(state)
    customer = get_customer(session, customer_id)
    if customer.state == state:
        return None
    previous = customer.state
    for name, value in _moved_columns(state, now).items():
        setattr(customer, name, value)
    session.add(customer)
    return record_event(session, customer_id=customer_id, kind=EventKind.STATE_CHANGED,
                        now=now, **_state_payload(previous, state, reason, details))


_CHUNK = 500  # ids per IN (...) list, well under SQLite's limit on bound parameters
_CUSTOMERS: Table = Customer.__table__  # type: ignore[attr-defined]  # Core: set-based


@changes(Change.CUSTOMERS)
def change_states(
    *, session: Session, moves: Sequence[tuple[int, dict[str, str]]], state: str,
    now: datetime, reason: str = "manual",
) -> list[int]:
    """``change_state`` for many customers at once, set-based: ``moves`` are (customer id,
    the event's details); the same columns, the same events (in the order of ``moves``).
    Returns the ids moved, in that order — not those already in ``state``. Raises
    ``NotFoundError`` (nothing written) if a customer does not exist.

    Why: the revisit catch-up after months away moves thousands of customers; one chunked
    read, one chunked UPDATE and one executemany of events instead of an ORM round per row.
    """
    now = require_aware(now)
    _check_state(state)
    ids = [customer_id for customer_id, _ in moves]
    previous: dict[int, str] = {}
    for chunk in _chunks(ids):
        previous.update((customer_id, current) for customer_id, current in session.execute(
            select(Customer.id, Customer.state).where(col(Customer.id).in_(chunk))))
    missing = [customer_id for customer_id in ids if customer_id not in previous]
    if missing:
        raise NotFoundError(f"customer {missing[0]} does not exist")
    moved: list[int] = []
    events: list[dict[str, object]] = []
    for customer_id, details in moves:
        if previous[customer_id] == state:
            continue  # already there (or moved by an earlier entry of ``moves``)
        events.append(event_values(
            customer_id=customer_id, kind=EventKind.STATE_CHANGED, now=now,
            **_state_payload(previous[customer_id], state, reason, details)))
        previous[customer_id] = state
        moved.append(customer_id)
    for chunk in _chunks(moved):
        session.execute(update(_CUSTOMERS).where(_CUSTOMERS.c.id.in_(chunk))
                        .values(_moved_columns(state, now)))
    record_events(session, events)
    _expire_loaded(session, Customer, set(moved))
    return moved


def _chunks(values: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def _expire_loaded(session: Session, entity: type[SQLModel], ids: set[int]) -> None:
    """Objects of ``entity`` this session already holds for ``ids`` read afresh next time
    (a set-based UPDATE bypasses the ORM's copies)."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, entity) and getattr(obj, "id", None) in ids:
            session.expire(obj)


@dataclass
class MoveUndo:
    """How to take back a hand move of customers: each one's state before, the state it was
    moved to and the event that recorded the move."""

    what: str = "move"
    moves: list[tuple[int, str, datetime, datetime, str, int]] = field(
        default_factory=list)  # (customer id, state, state_since, updated_at, to, event id)

    def undo(self, *, session: Session, now: datetime) -> None:
        undo_move(session=session, now=now, snapshot=self)


@changes(Change.CUSTOMERS)
def move_customers(*, session: Session, now: datetime, customer_ids: Sequence[int],
                   state: str) -> MoveUndo:
    """Move customers to ``state`` by hand (the board's drag and drop, "Move to"); the
    returned ``MoveUndo`` takes it back."""
    snapshot = MoveUndo()
    for customer_id in customer_ids:
        customer = get_customer(session, customer_id)
        before = (customer.state, customer.state_since, customer.updated_at)
        event = change_state(session=session, customer_id=customer_id, state=state, now=now)
        if event is None:
            continue  # already there
        session.flush()
        assert event.id is not None
        snapshot.moves.append((customer_id, *before, state, event.id))
    return snapshot


@changes(Change.CUSTOMERS)
def undo_move(*, session: Session, now: datetime, snapshot: MoveUndo) -> MoveUndo:
    """Put the moved customers back and remove the move from their timelines — each only if
    it is still where the move put it (a visit logged since, say, is not undone)."""
    require_aware(now)
    for customer_id, state, since, updated, moved_to, event_id in snapshot.moves:
        customer = session.get(Customer, customer_id)
        if customer is None or customer.state != moved_to:
            continue
        customer.state, customer.state_since, customer.updated_at = state, since, updated
        session.add(customer)
        event = session.get(TimelineEvent, event_id)
        if event is not None:
            session.delete(event)
    return snapshot


@changes(Change.CONTACTS)
def add_contact(
    *, session: Session, customer_id: int, data: ContactInput, now: datetime
) -> Contact:
    c = Collector()
    clean = _clean_contact(c, data)
    c.check()
    get_customer(session, customer_id)
    if clean.is_primary:
        _clear_primary(session, customer_id)
    return _add_contact_row(session, customer_id, clean, require_aware(now))


@changes(Change.CONTACTS)
def update_contact(*, session: Session, contact_id: int, data: ContactInput,
                   now: datetime) -> Contact:
    c = Collector()
    clean = _clean_contact(c, data)
    c.check()
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFoundError(f"contact {contact_id} does not exist")
    if clean.is_primary and not contact.is_primary:
        _clear_primary(session, contact.customer_id)
    _fill_contact(contact, clean)
    session.add(contact)
    return contact


@changes(Change.CONTACTS)
def delete_contact(*, session: Session, contact_id: int, now: datetime) -> Snapshot:
    """Delete a contact; returns a snapshot that ``undo.restore_snapshot`` puts back (empty
    when the contact was already gone)."""
    require_aware(now)
    snapshot = Snapshot("contact")
    contact = session.get(Contact, contact_id)
    if contact is not None:
        snapshot.add(contact)
        session.delete(contact)
    return snapshot


def contacts_of(session: Session, customer_id: int) -> list[Contact]:
    statement = (
        select(Contact)
        .where(Contact.customer_id == customer_id)
        .order_by(Contact.is_primary.desc(), Contact.name)  # type: ignore[attr-defined]
    )
    return list(session.exec(statement))


def _clear_primary(session: Session, customer_id: int) -> None:
    for other in session.exec(
        select(Contact).where(Contact.customer_id == customer_id, Contact.is_primary)
    ):
        other.is_primary = False
        session.add(other)


def _fill_contact(contact: Contact, clean: ContactInput) -> None:
    contact.name = clean.name
    contact.title = clean.title
    contact.phone = clean.phone
    contact.phone_key = phone_key(clean.phone)
    contact.phone2 = clean.phone2
    contact.email = clean.email
    contact.email_key = email_key(clean.email)
    contact.wechat = clean.wechat
    contact.is_primary = clean.is_primary
    contact.notes = clean.notes


def _add_contact_row(
    session: Session, customer_id: int, clean: ContactInput, now: datetime
) -> Contact:
    contact = Contact(customer_id=customer_id, name=clean.name, created_at=now)
    _fill_contact(contact, clean)
    session.add(contact)
    return contact
