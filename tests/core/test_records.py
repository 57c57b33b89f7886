"""Service records: state transitions per kind, last visit on edit/delete, to-dos with a
record in one transaction, undo of deletes."""

from datetime import datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from mycrm.core.common.undo import restore_snapshot
from mycrm.core.common.validation import ValidationError
from mycrm.core.customers.services import CustomerInput, change_state, create_customer
from mycrm.core.db.models import Customer, Interaction, State, TimelineEvent, Todo
from mycrm.core.records.services import (
    InteractionInput,
    delete_interaction,
    log_interaction,
    update_interaction,
)
from mycrm.core.todos.services import TodoInput, delete_todo


def new_customer(session: Session, now: datetime, name: str = "Acme") -> int:
    customer = create_customer(session=session, data=CustomerInput(name=name), now=now)
    assert customer.id is not None
    return customer.id


def log(session: Session, now: datetime, cid: int, kind: str, at: datetime,
        **kw) -> Interaction:
    return log_interaction(session=session, now=now,
                           data=InteractionInput(customer_id=cid, kind=kind, occurred_at=at, **kw))


@pytest.mark.parametrize("kind", ["visit", "qbr"])
def test_visit_kinds_move_to_visited_and_set_last_visit(session, now, kind) -> None:
    cid = new_customer(session, now)
    at = now - timedelta(days=2)
    log(session, now, cid, kind, at)
    customer = session.get(Customer, cid)
    assert customer.state == State.VISITED.value
    assert customer.last_visit_at == at
    event = session.exec(select(TimelineEvent).where(
        TimelineEvent.kind == "state_changed")).one()
    assert f'"reason": "logged_{kind}"' in event.payload


@pytest.mark.parametrize("kind", ["call", "message", "meeting"])
def test_contact_kinds_move_to_contact_to_in_touch(session, now, kind) -> None:
    cid = new_customer(session, now)
    log(session, now, cid, kind, now)
    customer = session.get(Customer, cid)
    assert customer.state == State.IN_TOUCH.value
    assert customer.last_visit_at is None


@pytest.mark.parametrize("kind", ["call", "message", "meeting"])
def test_contact_kinds_never_move_back_from_visited(session, now, kind) -> None:
    cid = new_customer(session, now)
    log(session, now, cid, "visit", now - timedelta(days=1))
    log(session, now, cid, kind, now)
    assert session.get(Customer, cid).state == State.VISITED.value


def test_contact_kind_keeps_in_touch(session, now) -> None:
    cid = new_customer(session, now)
    change_state(session=session, customer_id=cid, state="in_touch", now=now)
    log(session, now, cid, "call", now)
    assert session.get(Customer, cid).state == State.IN_TOUCH.value


def test_older_visit_does_not_move_last_visit_back(session, now) -> None:
    cid = new_customer(session, now)
    recent, old = now - timedelta(days=1), now - timedelta(days=30)
    log(session, now, cid, "visit", recent)
    log(session, now, cid, "qbr", old)
    assert session.get(Customer, cid).last_visit_at == recent


def test_editing_and_deleting_records_keeps_last_visit_correct(session, now) -> None:
    cid = new_customer(session, now)
    a = log(session, now, cid, "visit", now - timedelta(days=10))
    b = log(session, now, cid, "qbr", now - timedelta(days=3))
    assert a.id is not None and b.id is not None
    assert session.get(Customer, cid).last_visit_at == now - timedelta(days=3)
    # move the latest one earlier: last visit follows
    update_interaction(session=session, now=now, record_id=b.id, data=InteractionInput(
        customer_id=cid, kind="qbr", occurred_at=now - timedelta(days=20)))
    assert session.get(Customer, cid).last_visit_at == now - timedelta(days=10)
    # turning a visit into a call removes it from last-visit
    update_interaction(session=session, now=now, record_id=a.id, data=InteractionInput(
        customer_id=cid, kind="call", occurred_at=now - timedelta(days=10)))
    assert session.get(Customer, cid).last_visit_at == now - timedelta(days=20)
    delete_interaction(session=session, now=now, record_id=b.id)
    assert session.get(Customer, cid).last_visit_at is None


def test_record_with_todos_is_one_write_and_validates_everything_first(session, now) -> None:
    cid = new_customer(session, now)
    bad = InteractionInput(customer_id=cid, kind="qbr", occurred_at=now, todos=[
        TodoInput(title="Send the deck"), TodoInput(title="  "),
        TodoInput(title="x", remind_wall=datetime(2026, 12, 1, 9), remind_tz="Mars/Base")])
    with pytest.raises(ValidationError) as info:
        log_interaction(session=session, now=now, data=bad)
    assert {e.field for e in info.value.errors} == {"todo1_title", "todo2_remind_wall"}
    assert session.exec(select(Interaction)).all() == []
    assert session.exec(select(Todo)).all() == []
    good = InteractionInput(customer_id=cid, kind="qbr", occurred_at=now, todos=[
        TodoInput(title="Send the deck"),
        TodoInput(title="Book SSO demo", remind_wall=datetime(2026, 11, 23, 9),
                  remind_tz="Asia/Shanghai")])
    record = log_interaction(session=session, now=now, data=good)
    todos = session.exec(select(Todo).order_by(col(Todo.id))).all()
    assert [(t.title, t.interaction_id, t.customer_id) for t in todos] == [
        ("Send the deck", record.id, cid), ("Book SSO demo", record.id, cid)]
    assert todos[1].remind_at == datetime(2026, 11, 23, 1, tzinfo=now.tzinfo)


def test_undo_of_a_deleted_record_restores_it_and_its_todo_links(session, now) -> None:
    cid = new_customer(session, now)
    record = log_interaction(session=session, now=now, data=InteractionInput(
        customer_id=cid, kind="visit", occurred_at=now, discussion="SSO",
        todos=[TodoInput(title="Follow up")]))
    rid = record.id
    assert rid is not None
    snapshot = delete_interaction(session=session, now=now, record_id=rid)
    session.flush()
    session.expire_all()
    assert session.get(Interaction, rid) is None
    assert session.exec(select(Todo)).one().interaction_id is None
    restore_snapshot(session=session, now=now, snapshot=snapshot)
    session.flush()
    session.expire_all()
    assert session.get(Interaction, rid).discussion == "SSO"
    assert session.exec(select(Todo)).one().interaction_id == rid
    assert session.get(Customer, cid).last_visit_at == now


def test_undo_of_a_deleted_todo(session, now) -> None:
    from mycrm.core.todos.services import create_todo

    cid = new_customer(session, now)
    todo = create_todo(session=session, now=now, data=TodoInput(
        title="Call back", customer_id=cid, remind_wall=datetime(2026, 11, 25, 9)))
    tid = todo.id
    assert tid is not None
    snapshot = delete_todo(session=session, now=now, todo_id=tid)
    session.flush()
    assert session.get(Todo, tid) is None
    restore_snapshot(session=session, now=now, snapshot=snapshot)
    session.flush()
    session.expire_all()
    restored = session.get(Todo, tid)
    assert restored.title == "Call back" and restored.remind_wall == datetime(2026, 11, 25, 9)
