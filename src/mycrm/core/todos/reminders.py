"""The reminder scheduler: which reminders are due, which were missed, and their state machine.

Pure (no Qt): every function takes ``now`` (aware UTC) and the user's IANA ``zone``. The Qt
driver (``ui/reminders/driver.py``) only asks these functions and shows what they return.

State per occurrence: pending → fired → (snoozed = pending again at a new ``notify_at`` |
done | dismissed). ``claim`` commits the pending → fired transition with a conditional UPDATE
*before* anything is shown, so a crash or a second process can never show one occurrence
twice; a reminder is never dropped because it stays ``pending`` until it is claimed.

Delivery is recorded apart from the claim, without a column of its own: a claim leaves
``fired_at`` empty, and ``record_delivered`` sets it once the notification was handed over
(the server answered, the tray or the in-app banner took it, or the Missed list shows it).
A fired row without ``fired_at`` was claimed but never reached the user — the process died
or every channel failed — and the next start lists it as missed (``claim(at_start=True)``).

A reminder inside the do-not-disturb hours (settings ``DND_START``/``DND_END``, "HH:MM" local
wall time) is held until the window ends; the pause from the tray is the same kind of hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import Session, col, select

from mycrm.core.changes import Change, changes
from mycrm.core.common.timeutil import require_aware, wall_to_utc
from mycrm.core.common.validation import Collector, ErrorCode
from mycrm.core.db.models import ReminderState, Todo
from mycrm.core.settings.keys import DND_END, DND_START, REMINDERS_PAUSED_UNTIL
from mycrm.core.settings.store import get_setting, set_setting
from mycrm.core.todos.services import complete_todo, get_todo

# A reminder whose delivery time is at most this old is notified; older ones were missed
# (the app was closed or the machine asleep) and go to the "Missed reminders" list.
GRACE = timedelta(minutes=5)
MORNING = time(9, 0)  # "tomorrow 9:00" snooze target


class SnoozeChoice(StrEnum):
    TEN_MINUTES = "10m"
    ONE_HOUR = "1h"
    TOMORROW_MORNING = "tomorrow"


# --- do-not-disturb ---------------------------------------------------------------------
def parse_hhmm(text: str) -> time | None:
    """``"HH:MM"`` → ``time``; ``None`` for empty or malformed text (no window)."""
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except (ValueError, AttributeError):
        return None


@dataclass(frozen=True)
class Hold:
    """Reasons to hold a reminder back: do-not-disturb hours and a pause until an instant."""

    dnd_start: time | None = None
    dnd_end: time | None = None
    zone: str = "UTC"
    paused_until: datetime | None = None

    @classmethod
    def from_settings(cls, session: Session, zone: str,
                      paused_until: datetime | None = None) -> Hold:
        return cls(parse_hhmm(get_setting(session, DND_START)),
                   parse_hhmm(get_setting(session, DND_END)), zone, paused_until)

    def dnd_end_after(self, instant: datetime) -> datetime | None:
        """The UTC end of the do-not-disturb window containing ``instant``, or None."""
        start, end = self.dnd_start, self.dnd_end
        if start is None or end is None or start == end:
            return None
        local = require_aware(instant).astimezone(ZoneInfo(self.zone))
        wall = local.time().replace(tzinfo=None)
        if start < end:
            inside = start <= wall < end
            end_day = local.date()
        else:  # the window crosses midnight, e.g. 22:00–07:00
            inside = wall >= start or wall < end
            end_day = local.date() + timedelta(days=1) if wall >= start else local.date()
        if not inside:
            return None
        return wall_to_utc(datetime.combine(end_day, end), self.zone)

    def deliver_at(self, notify_at: datetime) -> datetime:
        """When a reminder scheduled for ``notify_at`` may actually be shown."""
        at = require_aware(notify_at)
        if self.paused_until is not None and at < self.paused_until:
            at = self.paused_until
        dnd_end = self.dnd_end_after(at)
        return dnd_end if dnd_end is not None else at


# --- queries ----------------------------------------------------------------------------
def _pending_before(session: Session, before: datetime | None) -> list[Todo]:
    query = select(Todo).where(Todo.reminder_state == ReminderState.PENDING.value,
                               col(Todo.done_at).is_(None), col(Todo.notify_at).is_not(None))
    if before is not None:
        query = query.where(col(Todo.notify_at) <= before)
    return list(session.exec(query.order_by(col(Todo.notify_at), col(Todo.id))).all())


def _deliverable(session: Session, now: datetime, zone: str,
                 paused_until: datetime | None) -> list[tuple[datetime, Todo]]:
    hold = Hold.from_settings(session, zone, paused_until)
    now = require_aware(now)
    rows = []
    for todo in _pending_before(session, now):
        assert todo.notify_at is not None
        at = hold.deliver_at(todo.notify_at)
        if at <= now:
            rows.append((at, todo))
    return rows


def due(session: Session, *, now: datetime, zone: str = "UTC",
        paused_until: datetime | None = None, grace: timedelta = GRACE) -> list[Todo]:
    """Pending reminders to notify now: delivery time within ``grace`` before ``now``."""
    return [t for at, t in _deliverable(session, now, zone, paused_until) if at > now - grace]


def missed(session: Session, *, now: datetime, zone: str = "UTC",
           paused_until: datetime | None = None, grace: timedelta = GRACE) -> list[Todo]:
    """Pending reminders whose delivery time passed more than ``grace`` ago — they fell due
    while nothing ran (app closed, machine asleep). ``grace=timedelta(0)`` at start-up
    treats every overdue reminder as missed."""
    return [t for at, t in _deliverable(session, now, zone, paused_until) if at <= now - grace]


def next_due_at(session: Session, *, now: datetime, zone: str = "UTC",
                paused_until: datetime | None = None) -> datetime | None:
    """The earliest future delivery time of a pending reminder (for the exact timer).

    Holds only delay and keep order (``deliver_at`` is monotone), so the candidates are the
    held rows already past ``notify_at`` and the first row still ahead."""
    now = require_aware(now)
    hold = Hold.from_settings(session, zone, paused_until)
    rows = _pending_before(session, now)
    ahead = session.exec(
        select(Todo).where(Todo.reminder_state == ReminderState.PENDING.value,
                           col(Todo.done_at).is_(None), col(Todo.notify_at) > now)
        .order_by(col(Todo.notify_at)).limit(1)).first()
    if ahead is not None:
        rows.append(ahead)
    future = [at for t in rows if t.notify_at is not None
              and (at := hold.deliver_at(t.notify_at)) > now]
    return min(future) if future else None


# --- transitions ------------------------------------------------------------------------
@changes(Change.TODOS)
def mark_fired(*, session: Session, now: datetime, todo_ids: list[int]) -> list[int]:
    """Claim reminders: pending → fired, only for rows that are still pending and due.

    Returns the ids this call claimed. The conditional UPDATE makes a claim exactly-once
    even when two processes race; the caller commits before it shows anything.
    """
    now = require_aware(now)
    claimed: list[int] = []
    for todo_id in todo_ids:
        result = session.execute(
            update(Todo)
            .where(col(Todo.id) == todo_id,
                   col(Todo.reminder_state) == ReminderState.PENDING.value,
                   col(Todo.done_at).is_(None))
            .values(reminder_state=ReminderState.FIRED.value, fired_at=None)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(todo_id)
    session.expire_all()
    return claimed


@changes(Change.TODOS)
def record_delivered(*, session: Session, now: datetime, todo_ids: list[int]) -> list[int]:
    """The notifications of ``todo_ids`` reached the user: ``fired_at = now`` on rows still
    fired and not yet delivered. Returns the ids recorded (a second call records none)."""
    now = require_aware(now)
    recorded: list[int] = []
    for todo_id in todo_ids:
        result = session.execute(
            update(Todo)
            .where(col(Todo.id) == todo_id,
                   col(Todo.reminder_state) == ReminderState.FIRED.value,
                   col(Todo.fired_at).is_(None))
            .values(fired_at=now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            recorded.append(todo_id)
    session.expire_all()
    return recorded


def undelivered(session: Session) -> list[Todo]:
    """Open reminders claimed but never delivered (``fired`` without ``fired_at``)."""
    query = select(Todo).where(Todo.reminder_state == ReminderState.FIRED.value,
                               col(Todo.fired_at).is_(None), col(Todo.done_at).is_(None))
    return list(session.exec(query.order_by(col(Todo.notify_at), col(Todo.id))).all())


@dataclass
class Claimed:
    """What one scheduler pass claimed: ids to notify now, and ids that were missed."""

    due: list[int] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)


@changes(Change.TODOS)
def claim(*, session: Session, now: datetime, zone: str = "UTC",
          paused_until: datetime | None = None, grace: timedelta = GRACE,
          at_start: bool = False) -> Claimed:
    """One scheduler pass: find and claim due and missed reminders (commit, then show).

    ``at_start``: the first pass of a process also lists as missed what an earlier process
    claimed but never delivered (while running, those are the driver's own hand-overs)."""
    lost = [t.id for t in undelivered(session) if t.id is not None] if at_start else []
    missed_ids = [t.id for t in missed(session, now=now, zone=zone, paused_until=paused_until,
                                       grace=grace) if t.id is not None]
    due_ids = [t.id for t in due(session, now=now, zone=zone, paused_until=paused_until,
                                 grace=grace) if t.id is not None]
    return Claimed(due=mark_fired(session=session, now=now, todo_ids=due_ids),
                   missed=lost + mark_fired(session=session, now=now, todo_ids=missed_ids))


def minutes_late(due_at: datetime | None, now: datetime) -> int:
    """Whole minutes ``now`` is past ``due_at`` (0 when on time, early, or no due time):
    a reminder shown late must say so ("due 14:02, 3 min ago")."""
    if due_at is None:
        return 0
    late = require_aware(now) - require_aware(due_at)
    return max(int(late.total_seconds() // 60), 0)


# --- the pause from the tray (a setting: it survives a restart) -------------------------
def paused_until(db: object, *, now: datetime) -> datetime | None:
    """The end of the user's pause if it is still ahead of ``now``; else None."""
    text = get_setting(db, REMINDERS_PAUSED_UNTIL)
    try:
        until = datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    if until is None or until.tzinfo is None or until <= require_aware(now):
        return None
    return until


@changes(Change.SETTINGS)
def set_pause(*, session: Session, now: datetime, until: datetime | None) -> None:
    """Hold reminders until ``until`` (None: resume now). Stored as an ISO UTC instant."""
    require_aware(now)
    value = "" if until is None else require_aware(until).astimezone(ZoneInfo("UTC")).isoformat()
    set_setting(session, REMINDERS_PAUSED_UNTIL, value)


# --- acting on what a dialog showed (it may be stale) -------------------------------------
_STILL_DUE = (ReminderState.FIRED.value, ReminderState.PENDING.value)
Seen = list[tuple[int, datetime | None]]  # (to-do id, its notify_at when it was shown)


def seen_versions(session: Session, *, todo_ids: list[int]) -> Seen:
    """What a dialog shows of ``todo_ids``: each id with its delivery time, to act later
    only on reminders that did not change meanwhile (``dismiss_seen``, ``snooze_seen``)."""
    seen: Seen = []
    for todo_id in todo_ids:
        todo = session.get(Todo, todo_id)
        if todo is not None:
            seen.append((todo_id, todo.notify_at))
    return seen


def _unchanged(session: Session, seen: Seen) -> list[int]:
    ids = []
    for todo_id, notify_at in seen:
        todo = session.get(Todo, todo_id)
        # Still due at the instant shown, and not handled: a snooze, a new time, Done or a
        # dismissal since changed it.
        if (todo is not None and todo.done_at is None and notify_at is not None
                and todo.reminder_state in _STILL_DUE and todo.notify_at == notify_at):
            ids.append(todo_id)
    return ids


@changes(Change.TODOS)
def dismiss_seen(*, session: Session, now: datetime, seen: Seen) -> list[int]:
    """Dismiss the shown reminders that are still as they were shown; one whose time was
    changed (or that was snoozed, done or notified again) is left alone. Returns the ids
    dismissed."""
    ids = _unchanged(session, seen)
    dismiss_many(session=session, now=now, todo_ids=ids)
    return ids


@changes(Change.TODOS)
def snooze_seen(*, session: Session, now: datetime, seen: Seen, until: datetime) -> list[int]:
    """Snooze the shown reminders that are still as they were shown (see ``dismiss_seen``)."""
    ids = _unchanged(session, seen)
    snooze_many(session=session, now=now, todo_ids=ids, until=until)
    return ids


def snooze_target(now: datetime, zone: str, choice: SnoozeChoice | str) -> datetime:
    """The instant a snooze choice means; "tomorrow 9:00" is local wall time in ``zone``."""
    now = require_aware(now)
    choice = SnoozeChoice(choice)
    if choice is SnoozeChoice.TEN_MINUTES:
        return now + timedelta(minutes=10)
    if choice is SnoozeChoice.ONE_HOUR:
        return now + timedelta(hours=1)
    tomorrow = now.astimezone(ZoneInfo(zone)).date() + timedelta(days=1)
    return wall_to_utc(datetime.combine(tomorrow, MORNING), zone)


@changes(Change.TODOS)
def snooze(*, session: Session, now: datetime, todo_id: int, until: datetime) -> Todo:
    """Remind again at ``until``: the same row, pending again with ``notify_at = until``."""
    now = require_aware(now)
    c = Collector()
    if until.tzinfo is None or require_aware(until) <= now:
        c.add("until", ErrorCode.BAD_DATETIME)
    c.check()
    todo = get_todo(session, todo_id)
    if todo.done_at is not None:
        return todo
    todo.notify_at = require_aware(until)
    todo.reminder_state = ReminderState.PENDING.value
    session.add(todo)
    return todo


@changes(Change.TODOS)
def snooze_many(*, session: Session, now: datetime, todo_ids: list[int],
                until: datetime) -> None:
    for todo_id in todo_ids:
        snooze(session=session, now=now, todo_id=todo_id, until=until)


@changes(Change.TODOS)
def dismiss(*, session: Session, now: datetime, todo_id: int) -> Todo:
    """Close the reminder without finishing the to-do; it will not be shown again."""
    require_aware(now)
    todo = get_todo(session, todo_id)
    if todo.reminder_state != ReminderState.NONE.value:
        todo.reminder_state = ReminderState.DISMISSED.value
        session.add(todo)
    return todo


@changes(Change.TODOS)
def dismiss_many(*, session: Session, now: datetime, todo_ids: list[int]) -> None:
    for todo_id in todo_ids:
        dismiss(session=session, now=now, todo_id=todo_id)


@changes(Change.TODOS)
def done(*, session: Session, now: datetime, todo_id: int) -> Todo:
    return complete_todo(session=session, now=now, todo_id=todo_id)


@changes(Change.TODOS)
def done_many(*, session: Session, now: datetime, todo_ids: list[int]) -> None:
    for todo_id in todo_ids:
        complete_todo(session=session, now=now, todo_id=todo_id)
