"""To-dos and their reminder intent.

A reminder is stored as the user's intent — a naive local wall time plus the IANA zone it
was set in — and the derived UTC instant (``remind_at``). ``notify_at`` is when the
scheduler should next notify (the reminder time, or a snooze target); the reminder state
machine (pending → fired → snoozed / dismissed / done) lives in ``mycrm.core.todos.reminders``,
the To-dos page's lists in ``mycrm.core.todos.lists``.
"""

from __future__ import annotations

import calendar
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from mycrm.core.changes import Change, changes
from mycrm.core.common.timeutil import require_aware, wall_to_utc
from mycrm.core.common.undo import Snapshot
from mycrm.core.common.validation import Collector, ErrorCode, parse_date
from mycrm.core.customers.timeline import EventKind, record_event
from mycrm.core.db.models import ReminderState, Todo


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
    remind_tz = remind_tz or "UTC"  # clean_todo validates an empty zone as UTC, too
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


@changes(Change.TODOS)
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


@changes(Change.TODOS)
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
    if (data.remind_wall, data.remind_tz or "") != (todo.remind_wall, todo.remind_tz):
        apply_reminder(todo, data.remind_wall, data.remind_tz)
    session.add(todo)
    return todo


@changes(Change.TODOS)
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


@changes(Change.TODOS)
def delete_todo(*, session: Session, todo_id: int, now: datetime) -> Snapshot:
    """Delete a to-do; returns a snapshot that ``undo.restore_snapshot`` puts back."""
    require_aware(now)
    todo = get_todo(session, todo_id)
    snapshot = Snapshot("todo")
    snapshot.add(todo)
    session.delete(todo)
    return snapshot


# --- typed reminder times (editors) ----------------------------------------------------
QUICK_PICKS = ("tomorrow", "next_week", "next_month")
QUICK_PICK_HOUR = 9


def quick_pick(kind: str, today: date) -> datetime:
    """The naive wall time for a quick pick: tomorrow / in a week / in a month, at 09:00."""
    if kind == "tomorrow":
        day = today + timedelta(days=1)
    elif kind == "next_week":
        day = today + timedelta(days=7)
    elif kind == "next_month":
        month = today.month % 12 + 1
        year = today.year + (today.month == 12)
        day = date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
    else:
        raise ValueError(f"unknown quick pick {kind!r}")
    return datetime.combine(day, time(QUICK_PICK_HOUR))


def format_wall(wall: datetime | None) -> str:
    """A wall time as an editor shows it: ``2026-11-23 09:00``."""
    return "" if wall is None else wall.strftime("%Y-%m-%d %H:%M")


def parse_wall(text: str) -> datetime | None:
    """Parse ``2026-11-23 09:00`` (date formats as ``parse_date``; time optional, 09:00).

    Empty → None. Raises ``ValueError`` for anything else, including impossible days/times.
    """
    value = " ".join(unicodedata.normalize("NFKC", text).split())
    if not value:
        return None
    day_text, _, time_text = value.partition(" ")
    day = parse_date(day_text)
    if day is None:
        raise ValueError(f"not a date: {text!r}")
    if not time_text:
        return datetime.combine(day, time(QUICK_PICK_HOUR))
    hour, sep, minute = time_text.partition(":")
    if not sep or not hour.isdigit() or not minute.isdigit():
        raise ValueError(f"not a time: {text!r}")
    return datetime.combine(day, time(int(hour), int(minute)))  # raises on 25:00


def todo_inputs_from_text(rows: list[tuple[str, str]], zone: str,
                          prefix: str = "todo") -> list[TodoInput]:
    """Editor rows of (title, reminder text) → ``TodoInput``s; rows with neither are skipped.

    Raises ``ValidationError`` naming ``f"{prefix}{i}_title"`` / ``..._remind_wall`` for every
    bad row at once (``i`` is the row's index among all rows).
    """
    c = Collector()
    result: list[TodoInput] = []
    for index, (title, remind_text) in enumerate(rows):
        if not title.strip() and not remind_text.strip():
            continue
        try:
            wall = parse_wall(remind_text)
        except ValueError:
            c.add(f"{prefix}{index}_remind_wall", ErrorCode.BAD_DATETIME,
                  value=remind_text.strip())
            wall = None
        data = TodoInput(title=title, remind_wall=wall, remind_tz=zone)
        clean_todo(c, data, prefix=f"{prefix}{index}_")
        result.append(data)
    c.check()
    return result
