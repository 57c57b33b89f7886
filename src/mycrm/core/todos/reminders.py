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

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import Session, col, select

from mycrm.core.changes import Change, changes
from mycrm.core.common.timeutil import require_aware, wall_to_utc
from mycrm.core.common.validation import Collector, ErrorCode
from mycrm.core.db.models import ReminderState, Todo
from mycrm.core.settings.keys import DND_END, DND_START, REMINDERS_PAUSED_UNTIL
from mycrm.core.settings.store import get_setting, set_setting
from mycrm.core.todos.services import (
    TodoNotFoundError,
    complete_todo,
    complete_todos,
    get_todo,
)

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
_PENDING = (Todo.reminder_state == ReminderState.PENDING.value, col(Todo.done_at).is_(None))


def _deliverable(session: Session, now: datetime, zone: str,
                 paused_until: datetime | None) -> list[tuple[datetime, int]]:
    """(delivery time, id) of the pending reminders deliverable by ``now``, in the order
    of ``notify_at``: the one reading of "due or missed" that ``due``, ``missed`` and
    ``claim`` share. Columns, not ORM rows: after weeks away there are thousands."""
    hold = Hold.from_settings(session, zone, paused_until)
    now = require_aware(now)
    rows = session.execute(
        select(Todo.id, Todo.notify_at)
        .where(*_PENDING, col(Todo.notify_at).is_not(None), col(Todo.notify_at) <= now)
        .order_by(col(Todo.notify_at), col(Todo.id)))
    deliverable = []
    for todo_id, notify_at in rows:
        at = hold.deliver_at(notify_at)
        if at <= now:
            deliverable.append((at, cast(int, todo_id)))
    return deliverable


def _due_and_missed(rows: list[tuple[datetime, int]], now: datetime,
                    grace: timedelta) -> tuple[list[int], list[int]]:
    """Split deliverable rows: due (delivery time within ``grace`` before ``now``) and
    missed (older)."""
    due_ids = [todo_id for at, todo_id in rows if at > now - grace]
    missed_ids = [todo_id for at, todo_id in rows if at <= now - grace]
    return due_ids, missed_ids


def _todos(session: Session, todo_ids: list[int]) -> list[Todo]:
    """The rows of ``todo_ids``, in that order (chunked reads)."""
    found: dict[int, Todo] = {}
    for chunk in _chunks(todo_ids):
        found.update((todo.id, todo) for todo in session.exec(
            select(Todo).where(col(Todo.id).in_(chunk))) if todo.id is not None)
    return [found[todo_id] for todo_id in todo_ids if todo_id in found]


def due(session: Session, *, now: datetime, zone: str = "UTC",
        paused_until: datetime | None = None, grace: timedelta = GRACE) -> list[Todo]:
    """Pending reminders to notify now: delivery time within ``grace`` before ``now``."""
    rows = _deliverable(session, now, zone, paused_until)
    return _todos(session, _due_and_missed(rows, require_aware(now), grace)[0])


def missed(session: Session, *, now: datetime, zone: str = "UTC",
           paused_until: datetime | None = None, grace: timedelta = GRACE) -> list[Todo]:
    """Pending reminders whose delivery time passed more than ``grace`` ago — they fell due
    while nothing ran (app closed, machine asleep). ``grace=timedelta(0)`` at start-up
    treats every overdue reminder as missed."""
    rows = _deliverable(session, now, zone, paused_until)
    return _todos(session, _due_and_missed(rows, require_aware(now), grace)[1])


def next_due_at(session: Session, *, now: datetime, zone: str = "UTC",
                paused_until: datetime | None = None) -> datetime | None:
    """The earliest future delivery time of a pending reminder (for the exact timer).

    Holds only delay and keep order (``deliver_at`` is monotone), so the candidates are the
    held rows already past ``notify_at`` and the first row still ahead."""
    now = require_aware(now)
    hold = Hold.from_settings(session, zone, paused_until)
    # Ordered as the index on (reminder_state, notify_at) is: without the ORDER BY SQLite
    # picks the open to-dos' index and reads every open one due before now (~5 ms at stress
    # on each tick) to find the few still pending.
    times = list(session.scalars(
        select(Todo.notify_at).where(*_PENDING, col(Todo.notify_at).is_not(None),
                                     col(Todo.notify_at) <= now)
        .order_by(col(Todo.notify_at), col(Todo.id))))
    ahead = session.scalars(
        select(Todo.notify_at).where(*_PENDING, col(Todo.notify_at) > now)
        .order_by(col(Todo.notify_at)).limit(1)).first()
    if ahead is not None:
        times.append(ahead)
    future = [at for notify_at in times if notify_at is not None
              and (at := hold.deliver_at(notify_at)) > now]
    return min(future) if future else None


# --- transitions ------------------------------------------------------------------------
_CHUNK = 500  # ids per statement, well under SQLite's limit on bound parameters


def _chunks(values: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def _update_where(session: Session, todo_ids: list[int], condition: tuple[Any, ...],
                  values: dict[str, Any],
                  versions: dict[int, datetime | None] | None = None) -> list[int]:
    """``UPDATE todo SET values WHERE id IN (…) AND condition`` in chunks of ids; returns
    the ids it changed, in the order given (each once). What each row must satisfy is
    checked by the statement itself, so a racing process changes a row at most once.
    ``versions`` (if given) receives the changed rows' ``notify_at`` after the change, read
    by the same statement (RETURNING)."""
    ids = list(dict.fromkeys(todo_ids))
    changed: dict[int, datetime | None] = {}
    # By ascending id: neighbouring rows share pages, so each page is changed by one
    # statement — not again by a later chunk after SQLite's cache spilled it.
    for chunk in _chunks(sorted(ids)):
        changed.update((cast(int, todo_id), notify_at) for todo_id, notify_at in session.execute(
            update(Todo).where(col(Todo.id).in_(chunk), *condition).values(values)
            .returning(col(Todo.id), col(Todo.notify_at))
            .execution_options(synchronize_session=False)))
    session.expire_all()
    if versions is not None:
        versions.update(changed)
    return [todo_id for todo_id in ids if todo_id in changed]


@changes(Change.TODOS)
def mark_fired(*, session: Session, now: datetime, todo_ids: list[int]) -> list[int]:
    """Claim reminders: pending → fired, only for rows that are still pending and due.

    Returns the ids this call claimed. The conditional UPDATE makes a claim exactly-once
    even when two processes race; the caller commits before it shows anything.
    """
    require_aware(now)
    return _update_where(session, todo_ids, _PENDING,
                         {"reminder_state": ReminderState.FIRED.value, "fired_at": None})


@changes(Change.TODOS)
def record_delivered(*, session: Session, now: datetime, todo_ids: list[int],
                     versions: dict[int, datetime | None] | None = None) -> list[int]:
    """The notifications of ``todo_ids`` reached the user: ``fired_at = now`` on rows still
    fired and not yet delivered. Returns the ids recorded (a second call records none).

    ``versions`` (if given) receives what ``seen_versions`` would read of the ids recorded
    (id → ``notify_at``), from the UPDATE itself: the Missed list records and reads the
    thousands it lists after weeks away in one pass over their rows, not two."""
    now = require_aware(now)
    return _update_where(session, todo_ids, (
        col(Todo.reminder_state) == ReminderState.FIRED.value, col(Todo.fired_at).is_(None)),
        {"fired_at": now}, versions)


def undelivered(session: Session) -> list[Todo]:
    """Open reminders claimed but never delivered (``fired`` without ``fired_at``)."""
    return _todos(session, _undelivered_ids(session))


def _undelivered_ids(session: Session) -> list[int]:
    query = select(Todo.id).where(Todo.reminder_state == ReminderState.FIRED.value,
                                  col(Todo.fired_at).is_(None), col(Todo.done_at).is_(None))
    return [cast(int, todo_id) for todo_id
            in session.scalars(query.order_by(col(Todo.notify_at), col(Todo.id)))]


@dataclass
class Claimed:
    """What one scheduler pass claimed: ids to notify now, and ids that were missed."""

    due: list[int] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)


@dataclass
class ClaimPlan:
    """What a pass is to claim, read without writing (``plan_claim``): pending reminders
    due now and missed ones (in ``notify_at`` order), and ``lost`` — claimed by an earlier
    process but never delivered (already fired: listed as missed, not claimed again).

    Claimed all at once (``claim``) or, after weeks away, in ``slices`` of a bounded size,
    each in a short transaction of its own (the driver's first pass): the conditional
    UPDATE claims a row once whichever way, and a process killed between two slices leaves
    the rest pending (or fired and undelivered) — the next start lists them as missed."""

    due: list[int] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)
    lost: list[int] = field(default_factory=list)

    def slices(self, size: int) -> Iterator[ClaimPlan]:
        """The ids to claim in parts of at most ``size``, by ascending id (neighbouring
        rows share pages, so each page is written by one slice); ``lost`` is in none
        (nothing to claim: ``result`` lists it)."""
        due = set(self.due)
        ordered = sorted(due | set(self.missed))
        for start in range(0, len(ordered), size):
            part = ordered[start:start + size]
            yield ClaimPlan(due=[i for i in part if i in due],
                            missed=[i for i in part if i not in due])

    def result(self, claimed: Iterable[int]) -> Claimed:
        """The pass's outcome in the plan's order, given the ids its slices claimed."""
        got = set(claimed)
        return Claimed(due=[i for i in self.due if i in got],
                       missed=self.lost + [i for i in self.missed if i in got])


def plan_claim(session: Session, *, now: datetime, zone: str = "UTC",
               paused_until: datetime | None = None, grace: timedelta = GRACE,
               at_start: bool = False) -> ClaimPlan:
    """What ``claim`` would claim now (reads only). ``at_start``: the first pass of a
    process also lists as missed what an earlier process claimed but never delivered
    (while running, those are the driver's own hand-overs)."""
    now = require_aware(now)
    due_ids, missed_ids = _due_and_missed(_deliverable(session, now, zone, paused_until),
                                          now, grace)
    return ClaimPlan(due=due_ids, missed=missed_ids,
                     lost=_undelivered_ids(session) if at_start else [])


@changes(Change.TODOS)
def claim_planned(*, session: Session, now: datetime, plan: ClaimPlan) -> Claimed:
    """Claim what ``plan`` (or one of its ``slices``) lists; returns what this claimed,
    in the plan's order (``lost`` as given: already fired)."""
    return Claimed(due=mark_fired(session=session, now=now, todo_ids=plan.due),
                   missed=plan.lost + mark_fired(session=session, now=now,
                                                 todo_ids=plan.missed))


@changes(Change.TODOS)
def claim(*, session: Session, now: datetime, zone: str = "UTC",
          paused_until: datetime | None = None, grace: timedelta = GRACE,
          at_start: bool = False) -> Claimed:
    """One scheduler pass: find and claim due and missed reminders (commit, then show),
    in one transaction (``plan_claim`` then ``claim_planned``). Set-based — one read,
    chunked UPDATEs: after weeks away the first pass claims thousands."""
    plan = plan_claim(session, now=now, zone=zone, paused_until=paused_until, grace=grace,
                      at_start=at_start)
    return claim_planned(session=session, now=now, plan=plan)


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
    only on reminders that did not change meanwhile (``dismiss_seen``, ``snooze_seen``).
    In the order given; chunked reads (the Missed list may show thousands)."""
    found: dict[int, datetime | None] = {}
    for chunk in _chunks(list(todo_ids)):
        found.update((cast(int, todo_id), notify_at) for todo_id, notify_at in session.execute(
            select(Todo.id, Todo.notify_at).where(col(Todo.id).in_(chunk))))
    return [(todo_id, found[todo_id]) for todo_id in todo_ids if todo_id in found]


def _unchanged(session: Session, seen: Seen) -> list[int]:
    """The ids of ``seen`` still due at the instant shown, and not handled: a snooze, a new
    time, Done or a dismissal since changed them. Chunked reads."""
    now_at: dict[int, datetime | None] = {}
    for chunk in _chunks([todo_id for todo_id, _ in seen]):
        now_at.update((cast(int, todo_id), notify_at) for todo_id, notify_at in session.execute(
            select(Todo.id, Todo.notify_at).where(
                col(Todo.id).in_(chunk), col(Todo.done_at).is_(None),
                col(Todo.reminder_state).in_(_STILL_DUE))))
    return [todo_id for todo_id, notify_at in seen
            if notify_at is not None and todo_id in now_at and now_at[todo_id] == notify_at]


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
    snooze_many(session=session, now=now, todo_ids=[todo_id], until=until)
    return get_todo(session, todo_id)


@changes(Change.TODOS)
def snooze_many(*, session: Session, now: datetime, todo_ids: list[int],
                until: datetime) -> None:
    """``snooze`` for many at once (chunked UPDATEs: "Snooze all" on a Missed list of
    thousands). A done to-do is left alone; raises ``TodoNotFoundError`` for an unknown id
    and ``ValidationError`` for an ``until`` not ahead of ``now``."""
    now = require_aware(now)
    c = Collector()
    if until.tzinfo is None or require_aware(until) <= now:
        c.add("until", ErrorCode.BAD_DATETIME)
    c.check()
    _require_todos(session, todo_ids)
    _update_where(session, todo_ids, (col(Todo.done_at).is_(None),),
                  {"notify_at": require_aware(until),
                   "reminder_state": ReminderState.PENDING.value})


@changes(Change.TODOS)
def dismiss(*, session: Session, now: datetime, todo_id: int) -> Todo:
    """Close the reminder without finishing the to-do; it will not be shown again."""
    dismiss_many(session=session, now=now, todo_ids=[todo_id])
    return get_todo(session, todo_id)


@changes(Change.TODOS)
def dismiss_many(*, session: Session, now: datetime, todo_ids: list[int]) -> None:
    """``dismiss`` for many at once (chunked UPDATEs); raises ``TodoNotFoundError`` for an
    unknown id. A to-do without a reminder keeps having none."""
    require_aware(now)
    _require_todos(session, todo_ids)
    _update_where(session, todo_ids,
                  (col(Todo.reminder_state) != ReminderState.NONE.value,),
                  {"reminder_state": ReminderState.DISMISSED.value})


def _require_todos(session: Session, todo_ids: list[int]) -> None:
    """Raise ``TodoNotFoundError`` (before anything is written) for the first unknown id."""
    known: set[int] = set()
    for chunk in _chunks(list(dict.fromkeys(todo_ids))):
        known.update(cast(int, todo_id) for todo_id in session.scalars(
            select(Todo.id).where(col(Todo.id).in_(chunk))))
    missing = [todo_id for todo_id in todo_ids if todo_id not in known]
    if missing:
        raise TodoNotFoundError(f"to-do {missing[0]} does not exist")


@changes(Change.TODOS)
def done(*, session: Session, now: datetime, todo_id: int) -> Todo:
    return complete_todo(session=session, now=now, todo_id=todo_id)


@changes(Change.TODOS)
def done_many(*, session: Session, now: datetime, todo_ids: list[int]) -> None:
    complete_todos(session=session, now=now, todo_ids=todo_ids)
