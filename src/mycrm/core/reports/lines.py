"""The rows both reports list: service records and to-dos, as plain values (safe outside
the session), read through the services the pages use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from mycrm.core import rules
from mycrm.core.customers.page import TimelineItem
from mycrm.core.db.models import Customer, Todo


@dataclass(frozen=True)
class RecordLine:
    """One service record (visit, QBR, call, message, meeting) with what the user wrote."""

    id: int
    occurred_at: datetime  # UTC
    kind: str  # ``InteractionKind`` value
    attendees: str = ""
    discussion: str = ""
    feedback: str = ""
    next_steps: str = ""


@dataclass(frozen=True)
class TodoLine:
    """A to-do: ``due`` is the rule's due instant (``rules.due_instant``), ``overdue`` the
    rule's verdict at the report's ``now``."""

    id: int
    title: str
    due: datetime | None
    done_at: datetime | None
    overdue: bool
    customer_id: int | None = None
    customer_name: str = ""


def record_line(item: TimelineItem) -> RecordLine:
    """A record of the customer timeline (``core.customers.page.timeline``) as a line."""
    p = item.payload
    return RecordLine(item.ref_id, item.at, str(p.get("kind", "")), str(p.get("attendees", "")),
                      str(p.get("discussion", "")), str(p.get("feedback", "")),
                      str(p.get("next_steps", "")))


def todo_line(todo: Todo, now: datetime, customer_name: str = "") -> TodoLine:
    assert todo.id is not None
    return _line(todo.id, todo.title, todo.notify_at, todo.remind_at, todo.done_at,
                 todo.customer_id, customer_name, now)


def _line(todo_id: int, title: str, notify_at: datetime | None, remind_at: datetime | None,
          done_at: datetime | None, customer_id: int | None, customer_name: str,
          now: datetime) -> TodoLine:
    due = rules.due_instant(notify_at, remind_at)
    return TodoLine(todo_id, title, due, done_at, rules.is_overdue(done_at, due, now),
                    customer_id, customer_name)


def todos_done_between(session: Session, start: datetime, end: datetime, now: datetime, *,
                       customer_id: int | None = None) -> list[TodoLine]:
    """To-dos marked done in ``[start, end)`` (UTC), in the order they were done. Only the
    columns a line shows are read (no ORM objects): a month of a large portfolio has
    thousands."""
    statement = (sa_select(col(Todo.id), col(Todo.title), col(Todo.notify_at),
                           col(Todo.remind_at), col(Todo.done_at), col(Todo.customer_id),
                           col(Customer.name))
                 .join(Customer, col(Customer.id) == col(Todo.customer_id), isouter=True)
                 .where(col(Todo.done_at) >= start, col(Todo.done_at) < end)
                 .order_by(col(Todo.done_at), col(Todo.id)))
    if customer_id is not None:
        statement = statement.where(col(Todo.customer_id) == customer_id)
    return [_line(todo_id, title, notify_at, remind_at, done_at, cid, name or "", now)
            for todo_id, title, notify_at, remind_at, done_at, cid, name
            in session.execute(statement)]


def todos_of_record(session: Session, record_id: int, now: datetime) -> list[TodoLine]:
    """The to-dos written with one service record (``Todo.interaction_id``)."""
    statement = select(Todo).where(Todo.interaction_id == record_id).order_by(col(Todo.id))
    return [todo_line(todo, now) for todo in session.exec(statement)]
