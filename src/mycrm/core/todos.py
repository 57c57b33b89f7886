"""To-dos and their reminder intent.

A reminder is stored as the user's intent — a naive local wall time plus the IANA zone it
was set in — and the derived UTC instant (``remind_at``). ``notify_at`` is when the
scheduler should next notify (the reminder time, or a snooze target); the reminder state
machine (pending → fired → snoozed / dismissed / done) lives in ``mycrm.core.reminders``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from mycrm.core.models import ReminderState, Todo
from mycrm.core.timeline import EventKind, record_event
from mycrm.core.timeutil import require_aware, wall_to_utc
from mycrm.core.validation import Collector, ErrorCode


class TodoNotFoundError(LookupError):
    pass


@dataclass
class TodoInput:
    title: str = ""
    notes: str = ""
    customer_id: int | None = None
    interaction_id: int | None = None
    need_id: int | None = None
    remind_wall: datetime | None = None  # naive local wall time, or None for no reminder
    remind_tz: str = "UTC"  # IANA zone of remind_wall


def clean_todo(c: Collector, data: TodoInput, *, prefix: str = "") -> str:
    """Validate a to-do's fields into ``c``; returns the cleaned title."""
    title = c.text(prefix + "title", data.title, required=True, max_len=300)
    if data.remind_wall is not None:
        if data.remind_wall.tzinfo is not None:
            c.add(prefix + "remind_wall", ErrorCode.BAD_DATETIME)
        else:
            try:
                wall_to_utc(data.remind_wall, data.remind_tz or "UTC")
            except (KeyError, ValueError, OverflowError):
                c.add(prefix + "remind_wall", ErrorCode.BAD_DATETIME)
    return title


def apply_reminder(todo: Todo, remind_wall: datetime | None, remind_tz: str) -> None:
    """Set (or clear) the reminder intent and schedule it as pending."""
    todo.remind_wall = remind_wall
    todo.remind_tz = remind_tz if remind_wall is not None else ""
    if remind_wall is None:
        todo.remind_at = todo.notify_at = None
        todo.reminder_state = ReminderState.NONE.value
    else:
        todo.remind_at = wall_to_utc(remind_wall, remind_tz)
        todo.notify_at = todo.remind_at
        todo.reminder_state = ReminderState.PENDING.value
    todo.fired_at = None


def create_todo(*, session: Session, data: TodoInput, now: datetime, origin: str = "user",
                origin_key: str | None = None) -> Todo:
    now = require_aware(now)
    c = Collector()
    title = clean_todo(c, data)
    c.check()
    todo = Todo(
        title=title,
        notes=data.notes.strip(),
        customer_id=data.customer_id,
        interaction_id=data.interaction_id,
        need_id=data.need_id,
        origin=origin,
        origin_key=origin_key,
        created_at=now,
    )
    apply_reminder(todo, data.remind_wall, data.remind_tz)
    session.add(todo)
    session.flush()
    if todo.customer_id is not None:
        record_event(session, customer_id=todo.customer_id, kind=EventKind.TODO_CREATED,
                     now=now, todo_id=todo.id, title=todo.title)
    return todo


def get_todo(session: Session, todo_id: int) -> Todo:
    todo = session.get(Todo, todo_id)
    if todo is None:
        raise TodoNotFoundError(f"to-do {todo_id} does not exist")
    return todo


def update_todo(*, session: Session, todo_id: int, data: TodoInput, now: datetime) -> Todo:
    """Edit title, notes, links and reminder. A changed reminder time is pending again."""
    require_aware(now)
    c = Collector()
    title = clean_todo(c, data)
    c.check()
    todo = get_todo(session, todo_id)
    todo.title = title
    todo.notes = data.notes.strip()
    todo.customer_id = data.customer_id
    if (data.remind_wall, data.remind_tz) != (todo.remind_wall, todo.remind_tz):
        apply_reminder(todo, data.remind_wall, data.remind_tz)
    session.add(todo)
    return todo


def complete_todo(*, session: Session, todo_id: int, now: datetime) -> Todo:
    """Mark done; a pending or fired reminder will not (re)appear. Idempotent."""
    now = require_aware(now)
    todo = get_todo(session, todo_id)
    if todo.done_at is not None:
        return todo
    todo.done_at = now
    if todo.reminder_state != ReminderState.NONE.value:
        todo.reminder_state = ReminderState.DISMISSED.value
    session.add(todo)
    if todo.customer_id is not None:
        record_event(session, customer_id=todo.customer_id, kind=EventKind.TODO_DONE, now=now,
                     todo_id=todo.id, title=todo.title)
    return todo


def reopen_todo(*, session: Session, todo_id: int, now: datetime) -> Todo:
    """Undo ``complete_todo``: open again; a reminder still in the future is pending again."""
    now = require_aware(now)
    todo = get_todo(session, todo_id)
    todo.done_at = None
    if todo.remind_at is not None:
        due_later = todo.notify_at is not None and todo.notify_at > now
        todo.reminder_state = (ReminderState.PENDING if due_later
                               else ReminderState.DISMISSED).value
    session.add(todo)
    return todo


def delete_todo(*, session: Session, todo_id: int, now: datetime) -> None:
    require_aware(now)
    session.delete(get_todo(session, todo_id))
