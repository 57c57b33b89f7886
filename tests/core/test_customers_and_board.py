from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col, select

from mycrm.core.common.validation import ErrorCode, ValidationError
from mycrm.core.customers.board import all_customers, board_column, board_column_count
from mycrm.core.customers.services import (
    ContactInput,
    CustomerInput,
    change_state,
    create_customer,
    move_customers,
    set_archived,
    undo_move,
    update_customer,
)
from mycrm.core.customers.timeline import payload_of
from mycrm.core.db.models import Contact, Contract, Customer, State, TimelineEvent


def add(session: Session, now, name: str, renewal: date | None = None, **kw) -> int:
    customer = create_customer(
        session=session, data=CustomerInput(name=name, renewal_date=renewal, **kw), now=now)
    assert customer.id is not None
    return customer.id


def test_create_customer_writes_customer_contract_contact_and_event(session, now) -> None:
    cid = add(session, now, " 云帆科技 ", date(2027, 3, 31), tier="a", amount="120,000.50",
              contact=ContactInput(name="王伟", phone="138 0013 8000"))
    customer = session.get(Customer, cid)
    assert customer is not None
    assert (customer.name, customer.tier, customer.state) == ("云帆科技", "A", "to_contact")
    assert customer.renewal_date == date(2027, 3, 31)
    contract = session.exec(select(Contract).where(Contract.customer_id == cid)).one()
    assert (contract.end_date, contract.amount_cents) == (date(2027, 3, 31), 12_000_050)
    contact = session.exec(select(Contact).where(Contact.customer_id == cid)).one()
    assert contact.is_primary and contact.phone_key == "+8613800138000"
    events = session.exec(select(TimelineEvent).where(TimelineEvent.customer_id == cid)).all()
    assert [e.kind for e in events] == ["created"]


@pytest.mark.parametrize(
    ("field", "kwargs", "code"),
    [
        ("name", {"name": "   "}, ErrorCode.REQUIRED),
        ("renewal_date", {"renewal_date": "2026-02-30"}, ErrorCode.BAD_DATE),
        ("renewal_date", {"renewal_date": "next year"}, ErrorCode.BAD_DATE),
        ("amount", {"amount": "-5"}, ErrorCode.NEGATIVE_AMOUNT),
        ("amount", {"amount": "lots"}, ErrorCode.BAD_AMOUNT),
        ("tier", {"tier": "Z"}, ErrorCode.BAD_CHOICE),
        ("contact_email", {"contact": ContactInput(name="x", email="not-mail")},
         ErrorCode.BAD_EMAIL),
        ("contact_name", {"contact": ContactInput(phone="123456")}, ErrorCode.REQUIRED),
    ],
)
def test_invalid_input_is_rejected_and_nothing_is_written(
        session, now, field, kwargs, code) -> None:
    data = {"name": "Valid Co", **kwargs}
    with pytest.raises(ValidationError) as info:
        create_customer(session=session, data=CustomerInput(**data), now=now)
    error = info.value.for_field(field)
    assert error is not None and error.code == code
    assert session.exec(select(Customer)).all() == []


def test_chinese_dates_and_amount_signs_are_accepted(session, now) -> None:
    cid = add(session, now, "甲", renewal="2027年3月1日", amount="¥ 3,000")  # type: ignore[arg-type]
    customer = session.get(Customer, cid)
    assert customer is not None and customer.renewal_date == date(2027, 3, 1)


def test_state_change_is_recorded_with_time_and_reason(session, now) -> None:
    cid = add(session, now, "Globex")
    later = now + timedelta(hours=2)
    assert change_state(session=session, customer_id=cid, state="in_touch", now=later)
    assert not change_state(session=session, customer_id=cid, state="in_touch", now=later)
    customer = session.get(Customer, cid)
    assert customer is not None
    assert customer.state == "in_touch" and customer.state_since == later
    event = session.exec(select(TimelineEvent).where(TimelineEvent.kind == "state_changed")).one()
    assert event.occurred_at == later
    assert payload_of(event) == {"old": "to_contact", "new": "in_touch", "reason": "manual"}
    with pytest.raises(ValueError):
        change_state(session=session, customer_id=cid, state="bogus", now=later)


def _state_events(session: Session, cid: int) -> list[dict]:
    return [payload_of(e) for e in session.exec(
        select(TimelineEvent).where(TimelineEvent.customer_id == cid,
                                    TimelineEvent.kind == "state_changed")
        .order_by(col(TimelineEvent.id)))]


def test_a_board_move_is_undone_exactly(session, now) -> None:
    """Undo puts the customers back as they were (state, since when, last update) and takes
    the move out of their timelines; customers already in the target are not touched."""
    moved, already = add(session, now, "Globex"), add(session, now, "Initech")
    change_state(session=session, customer_id=already, state="in_touch", now=now)
    before = session.get(Customer, moved)
    assert before is not None
    was = (before.state, before.state_since, before.updated_at)
    later = now + timedelta(hours=3)
    snapshot = move_customers(session=session, now=later, customer_ids=[moved, already],
                              state="in_touch")
    assert [m[0] for m in snapshot.moves] == [moved]
    assert _state_events(session, moved) == [
        {"old": "to_contact", "new": "in_touch", "reason": "manual"}]
    undo_move(session=session, now=later, snapshot=snapshot)
    session.flush()
    after = session.get(Customer, moved)
    assert after is not None
    assert (after.state, after.state_since, after.updated_at) == was
    assert _state_events(session, moved) == []
    assert session.get(Customer, already).state == "in_touch"
    assert len(_state_events(session, already)) == 1


def test_undoing_a_move_leaves_a_customer_that_moved_on(session, now) -> None:
    """A later change (here a visit moved the customer on) is never taken back by undo."""
    cid = add(session, now, "Globex")
    snapshot = move_customers(session=session, now=now, customer_ids=[cid], state="in_touch")
    change_state(session=session, customer_id=cid, state="visited", now=now, reason="visit")
    undo_move(session=session, now=now, snapshot=snapshot)
    session.flush()
    assert session.get(Customer, cid).state == "visited"
    assert [e["new"] for e in _state_events(session, cid)] == ["in_touch", "visited"]


def test_update_moves_renewal_date_and_amount(session, now) -> None:
    cid = add(session, now, "Initech", date(2027, 1, 1), amount="100")
    update_customer(session=session, customer_id=cid, now=now, data=CustomerInput(
        name="Initech", tier="S", renewal_date="2027-06-30", amount="250"))
    customer = session.get(Customer, cid)
    assert customer is not None and customer.renewal_date == date(2027, 6, 30)
    contract = session.exec(select(Contract).where(Contract.customer_id == cid)).one()
    assert contract.amount_cents == 25_000


def test_board_orders_overdue_first_soonest_next_no_date_last(session, now) -> None:
    today = now.date()
    add(session, now, "Later", today + timedelta(days=200))
    add(session, now, "No date")
    add(session, now, "Overdue", today - timedelta(days=3))
    add(session, now, "Soon", today + timedelta(days=2))
    names = [c.name for c in board_column(session, State.TO_CONTACT.value)]
    assert names == ["Overdue", "Soon", "Later", "No date"]


def test_board_hides_archived_and_filters_by_search(session, now) -> None:
    a = add(session, now, "Alpha Ltd", contact=ContactInput(name="Zhang San"))
    add(session, now, "Beta")
    set_archived(session=session, customer_id=a, archived=True, now=now)
    assert [c.name for c in board_column(session, "to_contact")] == ["Beta"]
    set_archived(session=session, customer_id=a, archived=False, now=now)
    assert [c.name for c in board_column(session, "to_contact", search="zhang")] == ["Alpha Ltd"]
    assert [c.name for c in board_column(session, "to_contact", search="ALPHA")] == ["Alpha Ltd"]
    assert board_column(session, "to_contact", search="100%") == []


def test_all_customers_reads_at_most_its_limit_in_name_order(session, now) -> None:
    for name in ("Delta", "Alpha", "Charlie", "Bravo"):
        add(session, now, name)
    assert [c.name for c in all_customers(session, limit=2)] == ["Alpha", "Bravo"]
    assert [c.name for c in all_customers(session)] == ["Alpha", "Bravo", "Charlie", "Delta"]
    assert [c.name for c in all_customers(session, search="a", limit=3)] == [
        "Alpha", "Bravo", "Charlie"]


def test_board_filter_matches_the_normalised_name(session, now) -> None:
    """Full-width letters, punctuation and legal suffixes in the filter still find the
    customer through its normalised name (an index lookup, like the plain terms)."""
    acme = add(session, now, "Acme Robotics")
    add(session, now, "Robotics Partners")
    add(session, now, "上海云帆信息科技有限公司")
    for text in ("ＡＣＭＥ Robotics, Inc.", "acme-robotics", "Acme Robotics Ltd"):
        assert [c.id for c in board_column(session, "to_contact", search=text)] == [acme], text
        assert board_column_count(session, "to_contact", search=text) == 1, text
    assert [c.name for c in board_column(session, "to_contact", search="云帆信息（有限公司）")] == [
        "上海云帆信息科技有限公司"]
    assert board_column_count(session, "to_contact", search="robotics") == 2


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(offsets=st.lists(st.one_of(st.none(), st.integers(-400, 800)), min_size=1, max_size=25))
def test_board_order_property(engine, now, offsets) -> None:
    from mycrm.core.db.engine import session_scope

    with session_scope(engine) as session:
        for customer in session.exec(select(Customer)).all():
            session.delete(customer)
        for i, offset in enumerate(offsets):
            renewal = None if offset is None else now.date() + timedelta(days=offset)
            add(session, now, f"C{i:03d}", renewal)
        cards = board_column(session, "to_contact")
        assert len(cards) == len(offsets)
        keys = [(c.renewal_date is None, c.renewal_date or date.max, c.name) for c in cards]
        assert keys == sorted(keys)
        session.rollback()


def test_board_pages_follow_the_full_order_and_count_open_todos(session, now) -> None:
    from mycrm.core.todos.services import TodoInput, complete_todo, create_todo

    today = now.date()
    for i, days in enumerate([30, None, -2, 5, None, 5, 400, None, 1]):
        add(session, now, f"C{i}", None if days is None else today + timedelta(days=days))
    add(session, now, "Archived soon", today + timedelta(days=1))
    set_archived(session=session,
                 customer_id=session.exec(select(Customer.id).where(
                     Customer.name == "Archived soon")).one(),
                 archived=True, now=now)
    c5 = session.exec(select(Customer.id).where(Customer.name == "C5")).one()
    for title in ("one", "two", "three"):
        create_todo(session=session, data=TodoInput(title=title, customer_id=c5), now=now)
    done = create_todo(session=session, data=TodoInput(title="done", customer_id=c5), now=now)
    assert done.id is not None
    complete_todo(session=session, todo_id=done.id, now=now)

    full = board_column(session, "to_contact")
    assert [c.name for c in full] == ["C2", "C8", "C3", "C5", "C0", "C6", "C1", "C4", "C7"]
    assert {c.name: c.open_todos for c in full}["C5"] == 3
    assert sum(c.open_todos for c in full) == 3
    assert board_column_count(session, "to_contact") == 9
    for size in (1, 2, 4, 6, 9, 20):
        pages = [board_column(session, "to_contact", limit=size, offset=start)
                 for start in range(0, 12, size)]
        assert [c for page in pages for c in page] == full, size
    assert board_column(session, "to_contact", limit=3, offset=7) == full[7:]
    assert board_column(session, "to_contact", limit=3, offset=20) == []
    assert board_column_count(session, "to_contact", search="C5") == 1
    assert board_column_count(session, "visited") == 0


def test_customer_table_sorts_and_pages_in_sql(session, now) -> None:
    from mycrm.core.customers.table import customer_table, customer_table_count

    today = now.date()
    add(session, now, "beta", today + timedelta(days=30), industry="Retail",
        contact=ContactInput(name="Zoe"))
    add(session, now, "Alpha", None, industry="banking", contact=ContactInput(name="adam"))
    gone = add(session, now, "Gamma", today - timedelta(days=5), industry="Cars")
    set_archived(session=session, customer_id=gone, archived=True, now=now)

    def names(**kw) -> list[str]:
        return [r.name for r in customer_table(session, **kw)]

    assert names() == ["Gamma", "beta", "Alpha"]  # renewal: soonest first, no date last
    assert names(include_inactive=False) == ["beta", "Alpha"]
    assert names(sort="name") == ["Alpha", "beta", "Gamma"]  # case-insensitive
    assert names(sort="name", descending=True) == ["Gamma", "beta", "Alpha"]
    assert names(sort="industry") == ["Alpha", "Gamma", "beta"]
    assert names(sort="contact") == ["Gamma", "Alpha", "beta"]  # no contact first
    assert names(sort="status") == ["Alpha", "beta", "Gamma"]  # active < archived
    assert names(search="alp") == ["Alpha"]
    rows = customer_table(session, sort="name")
    assert [(r.contact, r.status) for r in rows] == [("adam", "active"), ("Zoe", "active"),
                                                     ("", "archived")]
    assert [r for start in (0, 1, 2) for r in customer_table(
        session, sort="name", limit=1, offset=start)] == rows
    assert customer_table_count(session) == 3
    assert customer_table_count(session, include_inactive=False) == 2
    with pytest.raises(ValueError):
        customer_table(session, sort="nope")
