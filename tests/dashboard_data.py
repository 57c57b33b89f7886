"""Customers, visits and to-dos for the Home (dashboard) tests: ``TODAY`` is the test clock's
date, renewals are given in days from it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.records import services as records
from mycrm.core.todos.services import TodoInput, create_todo

TODAY = date(2026, 11, 22)


def customer(session: Session, now: datetime, name: str, renew_in: int | None = None,
             amount: int = 0) -> int:
    renewal = None if renew_in is None else TODAY + timedelta(days=renew_in)
    c = create_customer(session=session, data=CustomerInput(name=name, renewal_date=renewal,
                                                            amount=str(amount)), now=now)
    assert c.id is not None
    return c.id


def log(session: Session, cid: int, at: datetime, kind: str = "visit", feedback: str = ""):  # type: ignore[no-untyped-def]
    return records.log_interaction(session=session, data=records.InteractionInput(
        customer_id=cid, kind=kind, occurred_at=at, feedback=feedback), now=at)


def todo(session: Session, now: datetime, cid: int | None, wall: datetime | None,
         title: str = "Call back", interaction_id: int | None = None) -> int:
    t = create_todo(session=session, data=TodoInput(title=title, customer_id=cid,
                                                    interaction_id=interaction_id,
                                                    remind_wall=wall, remind_tz="UTC"), now=now)
    assert t.id is not None
    return t.id
