"""Fuzz: whatever a person types or a spreadsheet holds, validation either accepts it or
raises ValidationError — nothing else escapes, and a rejected input writes nothing."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import select

from mycrm.core.common.validation import ValidationError
from mycrm.core.customers.services import (
    ContactInput,
    CustomerInput,
    clean_customer,
    create_customer,
)
from mycrm.core.data.importer import Field, parse_import_date, parse_row
from mycrm.core.db.engine import session_scope
from mycrm.core.db.models import Contact, Contract, Customer, Interaction, Todo
from mycrm.core.records.services import InteractionInput, log_interaction
from mycrm.core.todos.services import TodoInput, create_todo

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
texts = st.text(max_size=300)
date_like = st.one_of(
    texts,
    st.from_regex(r"\A\d{1,5}[-/.年]\d{1,3}[-/.月]\d{1,5}日?\Z"),
    st.integers(-10**6, 10**7).map(str),
)
amount_like = st.one_of(
    texts,
    st.from_regex(r"\A[¥$€-]?\s?\d{0,20}([,.]\d{0,5}){0,3}\Z"),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
cells = st.one_of(st.none(), texts, st.integers(-10**18, 10**18),
                  st.floats(allow_nan=True, allow_infinity=True), st.datetimes())
FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(name=texts, tier=texts, industry=texts, renewal=date_like, amount=amount_like,
       contact=texts, email=texts, phone=texts)
def test_clean_customer_only_raises_validation_error(
        name: str, tier: str, industry: str, renewal: str, amount: str, contact: str,
        email: str, phone: str) -> None:
    try:
        clean = clean_customer(CustomerInput(
            name=name, tier=tier, industry=industry, renewal_date=renewal, amount=amount,
            contact=ContactInput(name=contact, email=email, phone=phone)))
    except ValidationError as exc:
        assert exc.errors
    else:
        assert clean.name and clean.amount_cents >= 0


@FUZZ
@given(row=st.lists(cells, max_size=12), day_first=st.booleans())
def test_importer_row_parsing_never_raises(row: list[object], day_first: bool) -> None:
    mapping = dict(enumerate([Field.COMPANY, Field.CONTACT, Field.PHONE, Field.EMAIL,
                              Field.RENEWAL_DATE, Field.AMOUNT, Field.TIER, Field.STATE,
                              Field.NOTES, Field.FIRST_NAME, Field.LAST_NAME, Field.TAGS]))
    parsed = parse_row(row, mapping, day_first=day_first)  # type: ignore[arg-type]
    if not parsed.errors:
        assert parsed.customer is not None
        clean_customer(parsed.customer)  # accepted rows are accepted by the service too


@FUZZ
@given(value=cells, day_first=st.booleans())
def test_import_date_raises_only_value_error(value: object, day_first: bool) -> None:
    with contextlib.suppress(ValueError):
        parse_import_date(value, day_first=day_first)  # type: ignore[arg-type]


def counts(engine) -> tuple[int, ...]:
    with session_scope(engine) as s:
        return tuple(s.exec(select(func.count()).select_from(m)).one()
                     for m in (Customer, Contact, Contract, Todo, Interaction))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=texts, amount=amount_like, renewal=date_like, title=texts,
       wall=st.one_of(st.none(), st.datetimes(), st.datetimes(timezones=st.just(UTC))),
       zone=st.sampled_from(["UTC", "Asia/Shanghai", "Not/AZone", "", "Europe/Berlin"]),
       kind=st.one_of(texts, st.sampled_from(["visit", "qbr", "call"])))
def test_services_write_all_or_nothing(engine, name: str, amount: str, renewal: str,
                                       title: str, wall: datetime | None, zone: str,
                                       kind: str) -> None:
    with session_scope(engine) as s:
        base = s.exec(select(Customer).where(Customer.name == "Base")).first()
        if base is None:
            base = create_customer(session=s, now=NOW, data=CustomerInput(name="Base"))
        base_id = base.id
    steps = [
        lambda s: create_customer(session=s, now=NOW, data=CustomerInput(
            name=name, amount=amount, renewal_date=renewal,
            contact=ContactInput(name=name))),
        lambda s: create_todo(session=s, now=NOW, data=TodoInput(
            title=title, remind_wall=wall, remind_tz=zone)),
        lambda s: log_interaction(session=s, now=NOW, data=InteractionInput(
            customer_id=base_id, kind=kind, occurred_at=wall)),  # type: ignore[arg-type]
    ]
    for step in steps:
        before = counts(engine)
        try:
            with session_scope(engine) as s:
                step(s)
        except ValidationError:
            assert counts(engine) == before  # nothing half-written
