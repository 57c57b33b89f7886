"""Renewals and lost customers.

A renewal is a ``Contract`` of kind ``renewal`` with its ``signed_on`` date — that is what
renewal goals count (by ``signed_on``). It moves ``Customer.renewal_date`` to its end date.
Marking a customer lost sets ``lost_on``/``lost_reason``: the customer leaves the board but
stays in search and in the customers list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from mycrm.core.changes import Change, changes
from mycrm.core.common.timeutil import require_aware
from mycrm.core.common.validation import Collector, ErrorCode
from mycrm.core.customers.services import current_contract, get_customer
from mycrm.core.customers.timeline import EventKind, record_event
from mycrm.core.db.models import Contract, ContractKind


@dataclass
class RenewalInput:
    customer_id: int
    signed_on: str | date | None = None
    end_date: str | date | None = None
    amount: str | int | None = None
    currency: str = "CNY"


def add_one_year(day: date) -> date:
    """The same calendar day a year later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def default_renewal_end(session: Session, customer_id: int, today: date) -> date:
    """One year after the current end date, or a year from today when there is none."""
    customer = get_customer(session, customer_id)
    return add_one_year(customer.renewal_date or today)


@changes(Change.RENEWALS)
def record_renewal(*, session: Session, data: RenewalInput, now: datetime) -> Contract:
    """Add the renewal contract and move the customer's renewal date to its end."""
    now = require_aware(now)
    c = Collector()
    signed = c.date("signed_on", data.signed_on)
    end = c.date("end_date", data.end_date)
    amount = c.amount("amount", data.amount)
    currency = c.currency("currency", data.currency or "CNY")  # none given: the default
    if data.signed_on is None or (isinstance(data.signed_on, str) and not data.signed_on.strip()):
        c.add("signed_on", ErrorCode.REQUIRED)
    if data.end_date is None or (isinstance(data.end_date, str) and not data.end_date.strip()):
        c.add("end_date", ErrorCode.REQUIRED)
    c.check()
    assert signed is not None and end is not None
    customer = get_customer(session, data.customer_id)
    previous = current_contract(session, data.customer_id)
    start = (previous.end_date + timedelta(days=1)
             if previous is not None and previous.end_date is not None else signed)
    if end <= start:
        c.add("end_date", ErrorCode.DATE_ORDER)
        c.check()
    contract = Contract(customer_id=data.customer_id, start_date=start, end_date=end,
                        amount_cents=amount, currency=currency, signed_on=signed,
                        kind=ContractKind.RENEWAL.value, created_at=now)
    session.add(contract)
    session.flush()
    old_date = customer.renewal_date
    customer.renewal_date = end
    customer.updated_at = now
    session.add(customer)
    record_event(session, customer_id=data.customer_id, kind=EventKind.RENEWED, now=now,
                 contract_id=contract.id, signed_on=signed.isoformat(), end_date=end.isoformat(),
                 old_end_date=old_date.isoformat() if old_date else "", amount_cents=amount,
                 currency=contract.currency)
    return contract


@dataclass
class LostInput:
    customer_id: int
    reason: str = ""
    lost_on: str | date | None = None


@changes(Change.CUSTOMERS)
def mark_lost(*, session: Session, data: LostInput, now: datetime) -> None:
    """Mark a customer lost (churned) with a reason; it leaves the board."""
    now = require_aware(now)
    c = Collector()
    reason = c.text("reason", data.reason, required=True, max_len=2000, multiline=True)
    lost_on = c.date("lost_on", data.lost_on)
    c.check()
    customer = get_customer(session, data.customer_id)
    customer.lost_on = lost_on or now.date()
    customer.lost_reason = reason
    customer.updated_at = now
    session.add(customer)
    record_event(session, customer_id=data.customer_id, kind=EventKind.LOST, now=now,
                 reason=reason, lost_on=customer.lost_on.isoformat())


@changes(Change.CUSTOMERS)
def reactivate(*, session: Session, customer_id: int, now: datetime) -> None:
    """Undo ``mark_lost``: the customer is back on the board."""
    now = require_aware(now)
    customer = get_customer(session, customer_id)
    if customer.lost_on is None:
        return
    customer.lost_on = None
    customer.lost_reason = ""
    customer.updated_at = now
    session.add(customer)
    record_event(session, customer_id=customer_id, kind=EventKind.RESTORED, now=now)
