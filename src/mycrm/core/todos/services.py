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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Table, case, insert, update
from sqlmodel import Session, col, select

from mycrm.core.changes import Change, changes
from mycrm.core.common.timeutil import require_aware, wall_to_utc
from mycrm.core.common.undo import Snapshot
from mycrm.core.common.validation import Collector, ErrorCode, parse_date
from mycrm.core.customers.timeline import EventKind, event_values, record_event, record_events
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


def reminder_columns(remind_wall: datetime | None, remind_tz: str) -> dict[str, Any]:
    """The reminder columns of a (new or re)set reminder intent, scheduled as pending: the
    one definition ``apply_reminder`` (an ORM row) and ``create_todos`` (many) write."""
    remind_tz = remind_tz or "UTC"  # clean_todo validates an empty zone as UTC, too
    if remind_wall is None:
        return {"remind_wall": None, "remind_tz": "", "remind_at": None, "notify_at": None,
                "reminder_state": ReminderState.NONE.value, "fired_at": None}
    remind_at = wall_to_utc(remind_wall, remind_tz)
    return {"remind_wall": remind_wall, "remind_tz": remind_tz, "remind_at": remind_at,
            "notify_at": remind_at, "reminder_state": ReminderState.PENDING.value,
            "fired_at": None}


def apply_reminder(todo: Todo, remind_wall: datetime | None, remind_tz: str) -> None:
    """Set (or clear) the reminder intent and schedule it as pending."""
    for name, value in reminder_columns(remind_wall, remind_tz).items():
        setattr(todo, name, value)


def _new_todo_columns(title: str, data: TodoInput, now: datetime, origin: str,
                      origin_key: str | None) -> dict[str, Any]:
    """Every column of a new to-do (``create_todo``, ``create_todos``); ``title`` cleaned."""
    return {"title": title, "notes": data.notes.strip(), "customer_id": data.customer_id,
            "interaction_id": data.interaction_id, "need_id": data.need_id,
            "origin": origin, "origin_key": origin_key, "created_at": now, "done_at": None,
            **reminder_columns(data.remind_wall, data.remind_tz)}


@changes(Change.TODOS)
def create_todo(*, session: Session, data: TodoInput, now: datetime, origin: str = "user",
                origin_key: str | None = None) -> Todo:
    now = require_aware(now)
    c = Collector()
    title = clean_todo(c, data)
    c.check()
    todo = Todo(**_new_todo_columns(title, data, now, origin, origin_key))
    session.add(todo)
    session.flush()
    if todo.customer_id is not None:
        record_event(session, customer_id=todo.customer_id, kind=EventKind.TODO_CREATED,
                     now=now, todo_id=todo.id, title=todo.title)
    return todo


_TODO: Table = Todo.__table__  # type: ignore[attr-defined]  # Core: no ORM bookkeeping per row


@changes(Change.TODOS)
def create_todos(*, session: Session, items: Sequence[tuple[TodoInput, str | None]],
                 now: datetime, origin: str = "user") -> list[int]:
    """``create_todo`` for many at once, set-based: ``items`` are (input, origin key); the
    same rows and the same "to-do created" events, in the order of ``items``. Returns the
    new ids, ascending (the order of ``items``). Every input is validated first: a
    ``ValidationError`` (fields named ``todo<i>_…``) leaves nothing written.

    Why: the revisit catch-up after months away creates thousands of to-dos; one
    executemany (with RETURNING) instead of a flush per row."""
    now = require_aware(now)
    c = Collector()
    titles = [clean_todo(c, data, prefix=f"todo{index}_")
              for index, (data, _) in enumerate(items)]
    c.check()
    rows = [_new_todo_columns(title, data, now, origin, key)
            for title, (data, key) in zip(titles, items, strict=True)]
    if not rows:
        return []
    # RETURNING in batches of rows (SQLite cannot return them in parameter order in a
    # batch, so each new row names its customer and title for its event itself); new ids
    # ascend in the order the rows were inserted.
    created = sorted((cast(int, todo_id), customer_id, title) for todo_id, customer_id, title
                     in session.execute(insert(_TODO).returning(
                         _TODO.c.id, _TODO.c.customer_id, _TODO.c.title), rows))
    record_events(session, [
        event_values(customer_id=customer_id, kind=EventKind.TODO_CREATED, now=now,
                     todo_id=todo_id, title=title)
        for todo_id, customer_id, title in created if customer_id is not None])
    return [todo_id for todo_id, _, _ in created]


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
    complete_todos(session=session, todo_ids=[todo_id], now=now)
    return get_todo(session, todo_id)


@changes(Change.TODOS)
def complete_todos(*, session: Session, todo_ids: Sequence[int], now: datetime) -> list[int]:
    """Mark many done at once (chunked UPDATEs: "Done all" on a Missed list of thousands);
    a reminder that was set is dismissed, a to-do already done is left as it is. Records
    "to-do done" on the customers' timelines in the order given. Returns the ids done now.
    Raises ``TodoNotFoundError`` (nothing written) for an unknown id."""
    now = require_aware(now)
    ids = list(dict.fromkeys(todo_ids))
    rows: dict[int, tuple[int | None, str, datetime | None]] = {}
    for chunk in _chunks(ids):
        rows.update((cast(int, todo_id), (customer_id, title, done_at))
                    for todo_id, customer_id, title, done_at in session.execute(
                        select(Todo.id, Todo.customer_id, Todo.title, Todo.done_at)
                        .where(col(Todo.id).in_(chunk))))
    missing = [todo_id for todo_id in ids if todo_id not in rows]
    if missing:
        raise TodoNotFoundError(f"to-do {missing[0]} does not exist")
    done = [todo_id for todo_id in ids if rows[todo_id][2] is None]
    state = _TODO.c.reminder_state
    for chunk in _chunks(sorted(done)):
        session.execute(update(_TODO).where(_TODO.c.id.in_(chunk)).values(
            done_at=now, reminder_state=case((state != ReminderState.NONE.value,
                                               ReminderState.DISMISSED.value), else_=state)))
    record_events(session, [
        event_values(customer_id=customer_id, kind=EventKind.TODO_DONE, now=now,
                     todo_id=todo_id, title=title)
        for todo_id in done for customer_id, title, _ in [rows[todo_id]]
        if customer_id is not None])
    finished = set(done)
    for obj in list(session.identity_map.values()):  # read afresh: the ORM's copies are old
        if isinstance(obj, Todo) and obj.id in finished:
            session.expire(obj)
    return done


_CHUNK = 500  # ids per IN (...) list, well under SQLite's limit on bound parameters


def _chunks(values: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


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
