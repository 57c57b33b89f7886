"""Values no one means are refused with a specific error, and nothing is written."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from mycrm.core.common.validation import Collector, ErrorCode, ValidationError
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.models import Contract, Customer


@pytest.mark.parametrize("name", ["\u200b", "\u200b \u2060\ufeff", "\u200e\u200f"])
def test_a_name_of_invisible_characters_is_missing(session, now, name: str) -> None:
    with pytest.raises(ValidationError) as raised:
        create_customer(session=session, now=now, data=CustomerInput(name=name))
    error = raised.value.for_field("name")
    assert error is not None and error.code is ErrorCode.REQUIRED
    assert session.exec(select(Customer)).all() == []


@pytest.mark.parametrize("name", ["Acme\x00 Ltd", "Acme \u202eLtd", "Acme \u2066Ltd\u2069",
                                  "Acme\x07Ltd"])
def test_control_and_direction_characters_are_refused(session, now, name: str) -> None:
    with pytest.raises(ValidationError) as raised:
        create_customer(session=session, now=now, data=CustomerInput(name=name))
    error = raised.value.for_field("name")
    assert error is not None and error.code is ErrorCode.BAD_CHARACTERS
    assert session.exec(select(Customer)).all() == []


def test_invisible_edges_are_trimmed_and_joiners_inside_are_kept(session, now) -> None:
    made = create_customer(session=session, now=now,
                           data=CustomerInput(name="\u200bمی\u200cخواهم\ufeff"))
    assert made.name == "می\u200cخواهم"  # Persian needs its zero-width non-joiner


@pytest.mark.parametrize("text", ["1e309", "1e20", "99999999999999999999"])
def test_a_huge_amount_is_too_large_not_negative(text: str) -> None:
    c = Collector()
    assert c.amount("amount", text) == 0
    assert [e.code for e in c.errors] == [ErrorCode.AMOUNT_TOO_LARGE]


def test_a_renewal_date_beyond_the_horizon_is_refused(session, now) -> None:
    with pytest.raises(ValidationError) as raised:
        create_customer(session=session, now=now,
                        data=CustomerInput(name="Far Ltd", renewal_date="9999-12-31"))
    error = raised.value.for_field("renewal_date")
    assert error is not None and error.code is ErrorCode.DATE_OUT_OF_RANGE
    assert session.exec(select(Customer)).all() == []


def test_a_date_within_the_horizon_is_fine() -> None:
    assert Collector().date("renewal_date", "2199-12-31") == date(2199, 12, 31)


@pytest.mark.parametrize("currency", ["RMB!", "usd1", "€", "DOLLARS"])
def test_the_currency_is_validated(session, now, currency: str) -> None:
    from mycrm.core.records.renewals import RenewalInput, record_renewal

    customer = create_customer(session=session, now=now, data=CustomerInput(name="Cur Ltd"))
    with pytest.raises(ValidationError) as raised:
        record_renewal(session=session, now=now, data=RenewalInput(
            customer_id=customer.id or 0, signed_on="2026-11-01", end_date="2027-11-01",
            amount="100", currency=currency))
    error = raised.value.for_field("currency")
    assert error is not None and error.code is ErrorCode.BAD_CURRENCY
    assert session.exec(select(Contract)).all() == []


def test_a_currency_code_is_normalised(session, now) -> None:
    from mycrm.core.records.renewals import RenewalInput, record_renewal

    customer = create_customer(session=session, now=now, data=CustomerInput(name="Cur Ltd"))
    contract = record_renewal(session=session, now=now, data=RenewalInput(
        customer_id=customer.id or 0, signed_on="2026-11-01", end_date="2027-11-01",
        amount="100", currency=" eur "))
    assert contract.currency == "EUR"


def test_texts_of_several_lines_keep_their_line_breaks(session, now) -> None:
    """A discussion, an address and a lost reason are written on several lines: their line
    breaks and tabs are text, not control characters (a name's are not)."""
    from mycrm.core.db.models import Interaction
    from mycrm.core.records.services import InteractionInput, log_interaction

    customer = create_customer(session=session, now=now, data=CustomerInput(
        name="Acme", address="1 Main St\nSuite 4\tNorth"))
    assert customer.address == "1 Main St\nSuite 4\tNorth"
    log_interaction(session=session, now=now, data=InteractionInput(
        customer_id=customer.id or 0, kind="visit", occurred_at=now,
        discussion="Renewal:\n- scope\n- SSO", next_steps="1. quote\r\n2. QBR"))
    record = session.exec(select(Interaction)).one()
    assert record.discussion == "Renewal:\n- scope\n- SSO"
    with pytest.raises(ValidationError):
        create_customer(session=session, now=now, data=CustomerInput(name="Two\nlines"))
