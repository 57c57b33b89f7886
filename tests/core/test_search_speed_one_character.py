"""The palette's search for one-character terms (``find_customers``), which no index can
answer: customers whose own name, normalised name or industry contains the text come
before those found only by a contact, ``limit`` in all, shown in name order."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from mycrm.core.customers.services import (
    ContactInput,
    CustomerInput,
    create_customer,
    set_archived,
)
from mycrm.core.search import find_customers


def customer(session: Session, now, name: str, contact: str = "", industry: str = "",
             phone: str = "") -> int:
    created = create_customer(session=session, now=now, data=CustomerInput(
        name=name, industry=industry, renewal_date=date(2027, 3, 31),
        contact=ContactInput(name=contact, phone=phone) if contact else None))
    assert created.id is not None
    return created.id


def names(session: Session, text: str, limit: int = 50, **kw: bool) -> list[str]:
    return [c.name for c in find_customers(session, text, limit, **kw)]


def test_one_character_finds_names_industries_and_contacts_in_name_order(
        session: Session, now) -> None:
    customer(session, now, "Zeta 王 Trading")
    customer(session, now, "Alpha Foods", contact="王伟")
    customer(session, now, "Beta 物流", industry="王牌物流")
    customer(session, now, "Gamma", contact="Li", phone="138 7")
    customer(session, now, "Delta")
    session.flush()
    assert names(session, "王") == ["Alpha Foods", "Beta 物流", "Zeta 王 Trading"]
    assert names(session, "7") == ["Gamma"]  # a contact's phone
    assert names(session, "q") == []


def test_own_matches_fill_the_limit_before_contacts(session: Session, now) -> None:
    """More customers named with the character than the limit: those are listed (a contact
    match does not push one out); fewer: contact matches fill up to the limit."""
    for i in range(4):
        customer(session, now, f"Norden {i}")
    customer(session, now, "Aaa", contact="Nils")
    session.flush()
    few = names(session, "n", limit=3)
    assert len(few) == 3 and few == sorted(few) and all(n.startswith("Norden") for n in few)
    assert names(session, "n", limit=10) == ["Aaa", "Norden 0", "Norden 1", "Norden 2",
                                             "Norden 3"]
    assert names(session, "i", limit=10) == ["Aaa"]  # by the contact only


def test_one_character_leaves_out_inactive_customers_on_request(session: Session,
                                                                  now) -> None:
    kept = customer(session, now, "Kilo 王")
    gone = customer(session, now, "Lima 王", contact="王芳")
    by_contact = customer(session, now, "Mike", contact="王强")
    set_archived(session=session, customer_id=gone, archived=True, now=now)
    session.flush()
    active = {c.id for c in find_customers(session, "王", include_inactive=False)}
    assert active == {kept, by_contact}
    assert gone in {c.id for c in find_customers(session, "王")}
