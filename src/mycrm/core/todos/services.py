"""To-dos and their reminder intent.

A reminder is stored as the user's intent — a naive local wall time plus the IANA zone it
was set in — and the derived UTC instant (``remind_at``). ``notify_at`` is when the
scheduler should next notify (the reminder time, or a snooze target); the reminder state
machine (pending → fired → snoozed / dismissed / done) lives in ``mycrm.core.todos.reminders``.
"""

from __future__ import annotations

import calendar
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, union_all
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from mycrm.core.common.timeutil import require_aware, wall_to_utc
from mycrm.core.common.undo import Snapshot
from mycrm.core.common.validation import Collector, ErrorCode, parse_date
from mycrm.core.customers.timeline import EventKind, record_event
from mycrm.core.db.engine import CASEFOLD_SQL
from mycrm.core.db.models import Customer, ReminderState, Todo

if TYPE_CHECKING:
    from mycrm.core.todos.reminders import Group, TodoRow


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
    if (data.remind_wall, data.remind_tz or "") != (todo.remind_wall, todo.remind_tz):
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


# --- the To-dos page: each group counted and paged in SQL -------------------------------
# The page shows Overdue / Today / Upcoming / No date / Done recently (``reminders.Group``).
# The specification, ``tests/todo_reference.list_todos``, builds every row in Python; these
# read one group page at a time in the same order, and count with COUNT, so showing the page
# costs what is on screen.
#
# A to-do is due at ``coalesce(notify_at, remind_at)`` (the snooze target, else the
# reminder). SQLite cannot range-scan that expression without an expression index, which
# SQLAlchemy cannot reflect; so each dated group is read as two "arms" — rows with a
# ``notify_at`` (due then), and rows with only a ``remind_at`` (normally none) — each a
# range of the column index ``ix_todo_open_when (done_at, notify_at, remind_at)``, merged
# in order by SQLite (``UNION ALL … ORDER BY … LIMIT``). Without that index every read is
# still one SQL statement, but a scan of the open to-dos.

TODO_PAGE = 50  # rows of a group read at a time (a screenful is about 15)


@dataclass(frozen=True)
class TodoFilter:
    """What the To-dos page is filtered by. ``text`` must occur in the title, the notes or the
    customer's name, ignoring case."""

    customer_id: int | None = None
    text: str = ""
    done_days: int = 7  # "Done recently" reaches back this many days


NO_FILTER = TodoFilter()


@dataclass(frozen=True)
class TodoSection:
    """One group of the page: its full ``count`` and the first ``len(rows)`` rows."""

    group: Group
    count: int
    rows: list[TodoRow]


@dataclass(frozen=True)
class _Arm:
    """Part of a group: the rows matching ``where``, due at ``when`` (None: undated)."""

    where: ColumnElement[bool]
    when: Any = None


def _end_of_today(now: datetime, zone: str) -> datetime:
    tz = ZoneInfo(zone)
    tomorrow = now.astimezone(tz).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(0), tzinfo=tz).astimezone(UTC)


def _arms(group: Group, now: datetime, zone: str, done_days: int) -> list[_Arm]:
    """``group``'s members (the rule of ``reminders.group_of``) as disjoint arms."""
    from mycrm.core.todos.reminders import Group

    open_ = col(Todo.done_at).is_(None)
    notify, remind = col(Todo.notify_at), col(Todo.remind_at)
    if group is Group.DONE:
        return [_Arm(col(Todo.done_at) >= now - timedelta(days=done_days))]
    if group is Group.NO_DATE:
        return [_Arm(open_ & notify.is_(None) & remind.is_(None))]

    def due(when: Any) -> ColumnElement[bool]:
        if group is Group.OVERDUE:
            return when <= now
        if group is Group.TODAY:
            return (when > now) & (when < _end_of_today(now, zone))
        return when >= _end_of_today(now, zone)

    return [_Arm(open_ & due(notify), notify),
            _Arm(open_ & notify.is_(None) & due(remind), remind)]


def _filtered(statement: Any, flt: TodoFilter) -> Any:
    """``statement`` (on ``Todo``) narrowed by the customer and the text of ``flt``: the
    text anywhere in the title, the notes or the customer's name, with the full Unicode case
    folding (``str.casefold``: "ÉCOLE" matches "école", "Straße" "STRASSE")."""
    if flt.customer_id is not None:
        statement = statement.where(Todo.customer_id == flt.customer_id)
    needle = flt.text.strip().casefold()
    if needle:
        haystack = (col(Todo.title) + " " + col(Todo.notes) + " "
                    + func.coalesce(col(Customer.name), ""))
        folded = getattr(func, CASEFOLD_SQL)(haystack)
        statement = (statement.join(Customer, isouter=True)
                     .where(func.instr(folded, needle) > 0))
    return statement


def _count(arms: list[_Arm], flt: TodoFilter, extra: list[ColumnElement[bool]] | None = None
           ) -> Any:
    """One scalar: how many rows the arms hold under ``flt`` (and ``extra`` per arm)."""
    counts = []
    for i, arm in enumerate(arms):
        statement = select(func.count(col(Todo.id))).where(arm.where)
        if extra is not None:
            statement = statement.where(extra[i])
        counts.append(_filtered(statement, flt).scalar_subquery())
    total = counts[0]
    for more in counts[1:]:
        total = total + more
    return total


def todo_group_counts(session: Session, *, now: datetime, zone: str = "UTC",
                      flt: TodoFilter = NO_FILTER) -> dict[Group, int]:
    """How many to-dos each group holds under ``flt`` (the headers' counts): one statement
    of ``COUNT``s over index ranges, never a row read into Python."""
    from mycrm.core.todos.reminders import GROUP_ORDER

    now = require_aware(now)
    statement = select(*(_count(_arms(group, now, zone, flt.done_days), flt).label(group.value)
                         for group in GROUP_ORDER))
    counts = session.exec(statement).one()
    return {group: int(n) for group, n in zip(GROUP_ORDER, counts, strict=True)}


def _page_ids(group: Group, arms: list[_Arm], flt: TodoFilter, limit: int, offset: int) -> Any:
    """A subquery of the page's (id, sort key) rows, in display order."""
    from mycrm.core.todos.reminders import Group

    if group is Group.DONE:
        key = col(Todo.done_at)
        statement = _filtered(select(col(Todo.id).label("id"), key.label("k"))
                              .where(arms[0].where), flt).order_by(key.desc(), col(Todo.id))
    elif group is Group.NO_DATE:
        statement = _filtered(select(col(Todo.id).label("id"), col(Todo.id).label("k"))
                              .where(arms[0].where), flt).order_by(col(Todo.id).desc())
    else:
        statement = union_all(*(
            _filtered(select(col(Todo.id).label("id"), arm.when.label("k")).where(arm.where),
                      flt) for arm in arms)).order_by("k", "id")
    return statement.limit(limit).offset(offset).subquery("page")


def todo_group_page(session: Session, *, group: Group, now: datetime, zone: str = "UTC",
                    flt: TodoFilter = NO_FILTER, limit: int = TODO_PAGE,
                    offset: int = 0) -> list[TodoRow]:
    """Rows ``offset`` … ``offset + limit - 1`` of ``group`` in display order."""
    from mycrm.core.todos.reminders import Group, TodoRow

    now = require_aware(now)
    page = _page_ids(group, _arms(group, now, zone, flt.done_days), flt, limit, offset)
    columns = (col(Todo.id), col(Todo.title), col(Todo.notes), col(Todo.customer_id),
               col(Customer.name), col(Todo.notify_at), col(Todo.remind_at),
               col(Todo.reminder_state), col(Todo.done_at))
    statement = (select(*columns)  # type: ignore[call-overload]
                 .select_from(page)
                 .join(Todo, col(Todo.id) == page.c.id)
                 .join(Customer, col(Customer.id) == col(Todo.customer_id), isouter=True))
    if group is Group.DONE:
        statement = statement.order_by(page.c.k.desc(), page.c.id)
    elif group is Group.NO_DATE:
        statement = statement.order_by(page.c.id.desc())
    else:
        statement = statement.order_by(page.c.k, page.c.id)
    return [TodoRow(todo_id, title, notes, customer_id, name or "", notify or remind, state,
                    done_at, group)
            for todo_id, title, notes, customer_id, name, notify, remind, state, done_at
            in session.exec(statement).all()]


def todo_sections(session: Session, *, now: datetime, zone: str = "UTC",
                  flt: TodoFilter = NO_FILTER,
                  shown: Mapping[Group, int] | None = None) -> list[TodoSection]:
    """The non-empty groups in page order, each with its count and its first rows: at
    least ``TODO_PAGE``, or as many as ``shown`` says the page already showed (a reload
    keeps what the user scrolled to)."""
    sections = []
    for group, count in todo_group_counts(session, now=now, zone=zone, flt=flt).items():
        if not count:
            continue
        limit = max(TODO_PAGE, (shown or {}).get(group, 0))
        sections.append(TodoSection(group, count, todo_group_page(
            session, group=group, now=now, zone=zone, flt=flt, limit=limit)))
    return sections


def todo_position(session: Session, *, todo_id: int, now: datetime, zone: str = "UTC",
                  flt: TodoFilter = NO_FILTER) -> tuple[Group, int] | None:
    """(group, index within the group) of ``todo_id`` as the page would show it under
    ``flt``, or None when the filter (or "done long ago") hides it. Lets the page read just
    enough of one group to show a given to-do."""
    from mycrm.core.todos.reminders import GROUP_ORDER, Group

    now = require_aware(now)
    todo = session.get(Todo, todo_id)
    if todo is None:
        return None
    for group in GROUP_ORDER:
        arms = _arms(group, now, zone, flt.done_days)
        this = [col(Todo.id) == todo_id] * len(arms)
        if session.exec(select(_count(arms, flt, this))).one():
            break
    else:
        return None
    when = todo.notify_at or todo.remind_at
    before: list[ColumnElement[bool]]
    if group is Group.DONE:
        before = [(col(Todo.done_at) > todo.done_at) | (
            (col(Todo.done_at) == todo.done_at) & (col(Todo.id) < todo_id))]
    elif group is Group.NO_DATE:
        before = [col(Todo.id) > todo_id]
    else:
        before = [(arm.when < when) | ((arm.when == when) & (col(Todo.id) < todo_id))
                  for arm in arms]
    return group, int(session.exec(select(_count(arms, flt, before))).one())


def next_group_change(session: Session, *, now: datetime, zone: str = "UTC",
                      done_days: int = NO_FILTER.done_days) -> datetime:
    """The next instant after ``now`` at which a to-do moves to another group of the page:
    a reminder falls due, the local day ends, or a done to-do leaves "Done recently". The
    page reads its counts and every later page as of one instant, and reloads then. Three
    index look-ups (``ix_todo_open_when``, ``ix_todo_open``), whatever the portfolio."""
    now = require_aware(now)
    open_ = col(Todo.done_at).is_(None)
    notify, remind, done = col(Todo.notify_at), col(Todo.remind_at), col(Todo.done_at)
    changes = [_end_of_today(now, zone)]
    for statement, after in (
        (select(func.min(notify)).where(open_, notify > now), timedelta(0)),
        (select(func.min(remind)).where(open_, notify.is_(None), remind > now), timedelta(0)),
        (select(func.min(done)).where(done >= now - timedelta(days=done_days)),
         timedelta(days=done_days, microseconds=1)),  # kept while done_at >= now - days
    ):
        first = session.exec(statement).one()
        if first is not None:
            changes.append(require_aware(first) + after)
    return min(at for at in changes if at > now)  # the end of today always is


# --- the To-dos page's customer filter: customers by name, a page at a time -------------

def filter_customer_count(session: Session) -> int:
    return int(session.exec(select(func.count(col(Customer.id)))).one())


def filter_customers(session: Session, *, limit: int, offset: int = 0) -> list[tuple[int, str]]:
    """(id, name) of customers ``offset`` … ``offset + limit - 1`` ordered by name, then id."""
    statement = (select(col(Customer.id), col(Customer.name))
                 .order_by(col(Customer.name), col(Customer.id)).limit(limit).offset(offset))
    return [(cid, name) for cid, name in session.exec(statement).all() if cid is not None]


def filter_customer_index(session: Session, *, customer_id: int) -> int | None:
    """Where ``customer_id`` stands in ``filter_customers``' order, or None if it is gone."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    before = (col(Customer.name) < customer.name) | (
        (col(Customer.name) == customer.name) & (col(Customer.id) < customer_id))
    return int(session.exec(select(func.count(col(Customer.id))).where(before)).one())
