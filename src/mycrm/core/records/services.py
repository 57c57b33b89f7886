"""Service records (QBR 记录) and the automatic state rules they trigger.

Logging a visit (a QBR is one: ``core.rules.VISIT_KINDS``) moves the customer to *Visited*
and sets the last visit; a call, message or meeting moves *To contact* to *In touch* (never
backwards from *Visited*).
``Customer.last_visit_at`` is always the latest visit/QBR record's time: editing or deleting
a record recomputes it in the same transaction. Deleting a record does not move the state
back (the state may have been set by hand since); the revisit rule takes it from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from mycrm.core.changes import Change, changes
from mycrm.core.common.timeutil import require_aware
from mycrm.core.common.undo import Snapshot
from mycrm.core.common.validation import Collector, ErrorCode
from mycrm.core.customers.last_visit import recompute_last_visit
from mycrm.core.customers.services import change_state, get_customer
from mycrm.core.db.models import Interaction, InteractionKind, State, Todo
from mycrm.core.rules import VISIT_KINDS, is_visit
from mycrm.core.todos.services import TodoInput, clean_todo, create_todos

CONTACT_KINDS = {k.value for k in InteractionKind} - VISIT_KINDS  # the other records
KINDS = {*VISIT_KINDS, *CONTACT_KINDS}


class RecordNotFoundError(LookupError):
    pass


@dataclass
class InteractionInput:
    customer_id: int
    kind: str = InteractionKind.VISIT.value
    occurred_at: datetime | None = None
    attendees: str = ""
    discussion: str = ""
    feedback: str = ""
    next_steps: str = ""
    todos: list[TodoInput] = field(default_factory=list)  # new to-dos saved with the record


def todo_field(index: int, name: str) -> str:
    """Field name of the ``index``-th to-do row's ``name`` in a ``ValidationError``."""
    return f"todo{index}_{name}"


def _clean_interaction(c: Collector, data: InteractionInput) -> None:
    c.choice("kind", data.kind, KINDS)
    if data.occurred_at is None:
        c.add("occurred_at", ErrorCode.REQUIRED)
    elif data.occurred_at.tzinfo is None:
        c.add("occurred_at", ErrorCode.BAD_DATETIME)
    for name in ("attendees", "discussion", "feedback", "next_steps"):
        c.text(name, getattr(data, name), max_len=20_000, multiline=True)
    for index, todo in enumerate(data.todos):
        clean_todo(c, todo, prefix=todo_field(index, ""))


@changes(Change.RECORDS | Change.CUSTOMERS | Change.TODOS)
def log_interaction(*, session: Session, data: InteractionInput, now: datetime) -> Interaction:
    """Write a service record and its new to-dos, and apply the state rule for its kind.

    Everything is validated first (the record and every to-do row); on any error nothing
    is written.
    """
    now = require_aware(now)
    c = Collector()
    _clean_interaction(c, data)
    c.check()
    assert data.occurred_at is not None
    get_customer(session, data.customer_id)
    record = Interaction(customer_id=data.customer_id, kind=data.kind,
                         occurred_at=require_aware(data.occurred_at), created_at=now,
                         updated_at=now)
    _fill(record, data)
    session.add(record)
    session.flush()
    _add_todos(session, record, data.todos, now)
    apply_record_state_rule(session, data.customer_id, record, now)
    return record


@changes(Change.RECORDS | Change.CUSTOMERS | Change.TODOS)
def update_interaction(*, session: Session, record_id: int, data: InteractionInput,
                       now: datetime) -> Interaction:
    """Edit a record (and add any new to-dos). Last visit is recomputed; a changed kind
    applies the state rule for the new kind."""
    now = require_aware(now)
    c = Collector()
    _clean_interaction(c, data)
    c.check()
    assert data.occurred_at is not None
    record = get_interaction(session, record_id)
    kind_changed = record.kind != data.kind
    record.kind = data.kind
    record.occurred_at = require_aware(data.occurred_at)
    record.updated_at = now
    _fill(record, data)
    session.add(record)
    session.flush()
    _add_todos(session, record, data.todos, now)
    recompute_last_visit(session, record.customer_id)
    if kind_changed:
        apply_record_state_rule(session, record.customer_id, record, now)
    return record


@changes(Change.RECORDS | Change.CUSTOMERS | Change.TODOS)
def delete_interaction(*, session: Session, record_id: int, now: datetime) -> Snapshot:
    """Delete a record; its to-dos stay (unlinked). Returns what ``restore_snapshot`` needs."""
    require_aware(now)
    record = get_interaction(session, record_id)
    snapshot = Snapshot("record")
    snapshot.add(record)
    for todo in session.exec(select(Todo).where(Todo.interaction_id == record_id)):
        snapshot.add(todo)
        todo.interaction_id = None
        session.add(todo)
    customer_id = record.customer_id
    session.delete(record)
    session.flush()
    recompute_last_visit(session, customer_id)
    return snapshot


def get_interaction(session: Session, record_id: int) -> Interaction:
    record = session.get(Interaction, record_id)
    if record is None:
        raise RecordNotFoundError(f"record {record_id} does not exist")
    return record


def _fill(record: Interaction, data: InteractionInput) -> None:
    record.attendees = data.attendees.strip()
    record.discussion = data.discussion.strip()
    record.feedback = data.feedback.strip()
    record.next_steps = data.next_steps.strip()


def _add_todos(session: Session, record: Interaction, todos: list[TodoInput],
               now: datetime) -> None:
    """The record's new to-dos, in one statement (``create_todos``: the same rows and
    "to-do created" events as ``create_todo`` each, without a flush per row)."""
    for todo in todos:
        todo.customer_id = record.customer_id
        todo.interaction_id = record.id
    create_todos(session=session, items=[(todo, None) for todo in todos], now=now)


def apply_record_state_rule(
    session: Session, customer_id: int, record: Interaction, now: datetime
) -> None:
    customer = get_customer(session, customer_id)
    occurred = record.occurred_at
    if is_visit(record.kind):
        if customer.last_visit_at is None or occurred > customer.last_visit_at:
            customer.last_visit_at = occurred
            session.add(customer)
        change_state(
            session=session, customer_id=customer_id, state=State.VISITED.value, now=now,
            reason=f"logged_{record.kind}", record_id=str(record.id),
        )
    elif customer.state == State.TO_CONTACT.value:
        change_state(
            session=session, customer_id=customer_id, state=State.IN_TOUCH.value, now=now,
            reason=f"logged_{record.kind}", record_id=str(record.id),
        )
