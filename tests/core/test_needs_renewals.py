"""Needs, renewals, lost customers and the customer page's timeline query."""

from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from mycrm.core.common.undo import restore_snapshot
from mycrm.core.common.validation import ValidationError
from mycrm.core.customers.board import all_customers, board_column
from mycrm.core.customers.page import (
    TimelineFilter,
    contracts,
    customer_header,
    open_needs,
    open_todos,
    timeline,
)
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.models import Contract, Customer, Need, Todo
from mycrm.core.records.needs import NeedInput, create_need, delete_need, list_needs, update_need
from mycrm.core.records.renewals import (
    LostInput,
    RenewalInput,
    add_one_year,
    default_renewal_end,
    mark_lost,
    reactivate,
    record_renewal,
)
from mycrm.core.records.services import InteractionInput, log_interaction
from mycrm.core.todos.services import TodoInput, complete_todo


@pytest.fixture
def cid(session, now) -> int:
    customer = create_customer(session=session, now=now, data=CustomerInput(
        name="Acme", renewal_date=date(2026, 12, 31), amount=100_000_00))
    assert customer.id is not None
    return customer.id


def test_renewal_moves_the_date_and_counts_as_a_renewal_contract(session, now, cid) -> None:
    assert default_renewal_end(session, cid, now.date()) == date(2027, 12, 31)
    record_renewal(session=session, now=now, data=RenewalInput(
        customer_id=cid, signed_on="2026-11-20", end_date=date(2027, 12, 31), amount="120,000"))
    customer = session.get(Customer, cid)
    assert customer.renewal_date == date(2027, 12, 31)
    renewal = session.exec(select(Contract).where(Contract.kind == "renewal")).one()
    assert renewal.signed_on == date(2026, 11, 20) and renewal.amount_cents == 120_000_00
    assert renewal.start_date == date(2027, 1, 1)
    header = customer_header(session, cid, now.date())
    assert header.renewal_date == date(2027, 12, 31) and header.amount_cents == 120_000_00
    assert [c.kind for c in contracts(session, cid)] == ["renewal", "new"]
    [item] = timeline(session, cid, TimelineFilter.RENEWALS.value)
    assert item.payload["old_end_date"] == "2026-12-31"


def test_renewal_validation_saves_nothing(session, now, cid) -> None:
    with pytest.raises(ValidationError) as info:
        record_renewal(session=session, now=now, data=RenewalInput(
            customer_id=cid, signed_on="", end_date="2026-02-30", amount="-5"))
    assert {e.field for e in info.value.errors} == {"signed_on", "end_date", "amount"}
    with pytest.raises(ValidationError) as info:
        record_renewal(session=session, now=now, data=RenewalInput(
            customer_id=cid, signed_on="2026-11-20", end_date="2026-06-30"))
    assert info.value.errors[0].code == "date_order"
    assert session.exec(select(Contract).where(Contract.kind == "renewal")).all() == []
    assert session.get(Customer, cid).renewal_date == date(2026, 12, 31)


def test_add_one_year_handles_leap_day() -> None:
    assert add_one_year(date(2028, 2, 29)) == date(2029, 2, 28)


def test_lost_leaves_the_board_but_stays_searchable(session, now, cid) -> None:
    with pytest.raises(ValidationError):
        mark_lost(session=session, now=now, data=LostInput(customer_id=cid, reason=" "))
    mark_lost(session=session, now=now, data=LostInput(customer_id=cid, reason="Budget cut"))
    customer = session.get(Customer, cid)
    assert customer.lost_on == now.date() and customer.lost_reason == "Budget cut"
    assert board_column(session, "to_contact") == []
    assert [c.name for c in all_customers(session, search="Acme")] == ["Acme"]
    reactivate(session=session, now=now, customer_id=cid)
    assert [c.name for c in board_column(session, "to_contact")] == ["Acme"]


def test_need_with_follow_up_creates_a_reminder_and_closes(session, now, cid) -> None:
    need = create_need(session=session, now=now, zone="Asia/Shanghai", data=NeedInput(
        customer_id=cid, title="SSO module", amount="30000", follow_up_on="2026-12-05"))
    todo = session.exec(select(Todo)).one()
    assert todo.need_id == need.id and todo.title == "Follow up: SSO module"
    assert todo.remind_wall == datetime(2026, 12, 5, 9) and todo.remind_tz == "Asia/Shanghai"
    assert [n.title for n in open_needs(session, cid)] == ["SSO module"]
    assert need.id is not None
    update_need(session=session, now=now, need_id=need.id, data=NeedInput(
        customer_id=cid, title="SSO module", amount="30000", follow_up_on="2026-12-05",
        status="won"))
    assert session.get(Need, need.id).closed_at == now
    assert open_needs(session, cid) == []
    assert [r.status for r in list_needs(session, status="won")] == ["won"]
    assert len(session.exec(select(Todo)).all()) == 1  # same follow-up date: no new to-do


def test_need_validation_and_undo_of_delete(session, now, cid) -> None:
    with pytest.raises(ValidationError) as info:
        create_need(session=session, now=now, data=NeedInput(
            customer_id=cid, title="", follow_up_on="2026-13-01", status="maybe"))
    assert {e.field for e in info.value.errors} == {"title", "follow_up_on", "status"}
    need = create_need(session=session, now=now, data=NeedInput(customer_id=cid, title="BI"))
    assert need.id is not None
    snapshot = delete_need(session=session, now=now, need_id=need.id)
    assert session.exec(select(Need)).all() == []
    restore_snapshot(session=session, now=now, snapshot=snapshot)
    assert session.exec(select(Need)).one().title == "BI"


def test_timeline_merges_everything_newest_first_and_filters(session, now, cid) -> None:
    t1 = now + timedelta(minutes=1)
    log_interaction(session=session, now=t1, data=InteractionInput(
        customer_id=cid, kind="qbr", occurred_at=t1, discussion="Q4 review",
        todos=[TodoInput(title="Send deck")]))
    t2 = now + timedelta(minutes=2)
    create_need(session=session, now=t2, data=NeedInput(customer_id=cid, title="BI"))
    t3 = now + timedelta(minutes=3)
    todo = session.exec(select(Todo)).one()
    complete_todo(session=session, now=t3, todo_id=todo.id)
    kinds = [i.kind for i in timeline(session, cid)]
    assert kinds[:3] == ["todo_done", "need_created", "record"]
    assert set(kinds[3:5]) == {"state_changed", "todo_created"}  # the record's consequences
    assert kinds[-1] == "created"
    records = timeline(session, cid, TimelineFilter.RECORDS.value)
    assert [(i.kind, i.payload["discussion"]) for i in records] == [("record", "Q4 review")]
    assert {i.category for i in timeline(session, cid, "todos")} == {TimelineFilter.TODOS}
    assert open_todos(session, cid) == []


@pytest.mark.parametrize("status", [None, "open", "won"])
@pytest.mark.parametrize("descending", [False, True])
def test_one_customers_needs_are_in_the_needs_pages_order(session, now, status,
                                                          descending) -> None:
    """A customer's needs (one statement, sorted) come in the order the Needs page shows
    them (two index ranges over every need): follow-up first, soonest first, then the
    undated; newest first among equals."""
    ids = [c.id for n in ("Acme", "Beta")
           if (c := create_customer(session=session, now=now, data=CustomerInput(name=n)))
           and c.id is not None]
    for n in range(12):
        created = create_need(session=session, now=now - timedelta(days=n % 4), data=NeedInput(
            customer_id=ids[n % 2], title=f"Need {n}",
            follow_up_on=date(2026, 12, 1 + n % 3) if n % 3 else None))
        if n % 5 == 0 and created.id is not None:
            update_need(session=session, need_id=created.id, now=now, data=NeedInput(
                customer_id=created.customer_id, title=created.title, status="won",
                follow_up_on=created.follow_up_on))
    for customer_id in ids:
        mine = [n.id for n in list_needs(session, status=status, customer_id=customer_id,
                                         descending=descending)]
        every = [n.id for n in list_needs(session, status=status, descending=descending)
                 if n.customer_id == customer_id]
        assert mine == every and mine
