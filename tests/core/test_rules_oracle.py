"""Oracle: the four readers of "overdue / due today" agree, and agree with the rule.

Home's attention totals, the To-dos page's groups, the tray's today list and the calendar's
day counts each read the due rule (``core.rules``) in their own query — plain SQL, ORM arms,
a page of a group, per-day counts. Over one random portfolio (snoozed both ways, dismissed,
done, fired, held by do-not-disturb, undated, due exactly now, at the local midnight, later
today, overdue, future; viewed from several zones at instants near midnight) every reader
must return the same to-dos as the rule stated plainly here. Changing any one reader alone
(say, back to ``remind_at``) makes this fail.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, select

from mycrm.core.calendar.days import CalendarFilter, ItemKind, day_counts, items_between
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.models import Todo
from mycrm.core.home.dashboard import AttentionKind, attention
from mycrm.core.settings.keys import DND_END, DND_START
from mycrm.core.settings.store import set_setting
from mycrm.core.todos import reminders
from mycrm.core.todos.lists import Group, todays_reminders, todo_group_counts, todo_group_page
from mycrm.core.todos.services import TodoInput, complete_todo, create_todo

ZONES = ("UTC", "Asia/Shanghai", "America/New_York")
LOCAL_DAY = date(2026, 11, 20)
# Local wall times of the viewer's "now": just before midnight, just after, midday.
CLOCKS = (time(23, 53), time(0, 4), time(12, 0))
SPAN = 40  # every generated due instant is within this many days of now


@dataclass(frozen=True)
class Truth:
    """The rule stated plainly: which open to-dos are overdue and due later today."""

    overdue: set[int]
    today: set[int]
    upcoming: set[int]


def _wall(at: datetime, zone: str) -> datetime:
    return at.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def _add(session: Session, now: datetime, at: datetime | None, zone: str,
         customer_id: int | None) -> int:
    todo = create_todo(session=session, now=now, data=TodoInput(
        title="T", customer_id=customer_id, remind_wall=None if at is None else _wall(at, zone),
        remind_tz=zone))
    assert todo.id is not None
    return todo.id


def _customer(session: Session, now: datetime, name: str, tier: str) -> int:
    customer = create_customer(session=session, now=now,
                               data=CustomerInput(name=name, tier=tier))
    assert customer.id is not None
    return customer.id


def _portfolio(session: Session, now: datetime, zone: str, rng: random.Random) -> None:
    """Fixed edge cases, then random to-dos in every state."""
    cids = [_customer(session, now, f"C{i}", rng.choice("SABCD")) for i in range(4)]
    midnight = datetime.combine(now.astimezone(ZoneInfo(zone)).date() + timedelta(days=1),
                                time(), tzinfo=ZoneInfo(zone)).astimezone(UTC)
    tomorrow_9 = reminders.snooze_target(now, zone, reminders.SnoozeChoice.TOMORROW_MORNING)
    # overdue, snoozed to tomorrow (Home once said overdue, the To-dos page upcoming)
    late = _add(session, now, now - timedelta(hours=3), zone, cids[0])
    reminders.snooze(session=session, now=now, todo_id=late, until=tomorrow_9)
    # due next week, snoozed to in ten minutes (due today by the rule, not by remind_at)
    early = _add(session, now, now + timedelta(days=7), zone, cids[1])
    reminders.snooze(session=session, now=now, todo_id=early, until=now + timedelta(minutes=3))
    _add(session, now, now, zone, cids[2])  # due exactly now: overdue
    _add(session, now, midnight, zone, None)  # the next local midnight: upcoming
    _add(session, now, midnight - timedelta(minutes=1), zone, cids[3])  # later today
    for _ in range(40):
        _random_todo(session, now, rng, cids, tomorrow_9)
    hold_around(session, now, zone)
    reminders.claim(session=session, now=now, zone=zone)  # held ones stay pending
    session.flush()


def _random_todo(session: Session, now: datetime, rng: random.Random, cids: list[int],
                 tomorrow_9: datetime) -> None:
    at = None if rng.random() < 0.15 else now + timedelta(
        minutes=rng.randint(-SPAN * 1440, SPAN * 1440) if rng.random() < 0.5
        else rng.randint(-180, 180))
    tz = rng.choice(ZONES)  # the to-do's own zone, not always the viewer's
    tid = _add(session, now, at, tz, rng.choice([None, *cids]))
    fate = rng.choice(["pending", "snooze", "snooze", "dismiss", "done", "fire"])
    if fate == "snooze" and at is not None:
        until = rng.choice([tomorrow_9, now + timedelta(minutes=10), now + timedelta(hours=1),
                            now + timedelta(days=rng.randint(1, SPAN - 2))])
        reminders.snooze(session=session, now=now, todo_id=tid, until=until)
    elif fate == "dismiss":
        reminders.dismiss(session=session, now=now, todo_id=tid)
    elif fate == "done":
        complete_todo(session=session, now=now, todo_id=tid)
    elif fate == "fire" and at is not None and at <= now:
        reminders.mark_fired(session=session, now=now, todo_ids=[tid])


def hold_around(session: Session, now: datetime, zone: str) -> None:
    """A do-not-disturb window around ``now``: pending reminders are held, not regrouped."""
    local = now.astimezone(ZoneInfo(zone))
    start = (local - timedelta(hours=1)).strftime("%H:%M")
    end = (local + timedelta(hours=1)).strftime("%H:%M")
    set_setting(session, DND_START, start)
    set_setting(session, DND_END, end)


def _truth(session: Session, now: datetime, zone: str) -> Truth:
    tz = ZoneInfo(zone)
    found = Truth(set(), set(), set())
    for todo in session.exec(select(Todo).where(col(Todo.done_at).is_(None))):
        due = todo.notify_at if todo.notify_at is not None else todo.remind_at
        assert todo.id is not None
        if due is None:
            continue
        if due <= now:
            found.overdue.add(todo.id)
        elif due.astimezone(tz).date() == now.astimezone(tz).date():
            found.today.add(todo.id)
        else:
            found.upcoming.add(todo.id)
    return found


CASES = [(seed, zone, clock) for seed in (1, 2) for zone in ZONES for clock in CLOCKS]


@pytest.mark.parametrize(("seed", "zone", "clock"), CASES)
def test_home_todos_page_tray_and_calendar_agree_with_the_rule(
        session: Session, seed: int, zone: str, clock: time) -> None:
    now = datetime.combine(LOCAL_DAY, clock, tzinfo=ZoneInfo(zone)).astimezone(UTC)
    _portfolio(session, now, zone, random.Random(f"{seed}-{zone}-{clock}"))
    truth = _truth(session, now, zone)
    assert truth.overdue and truth.today and truth.upcoming  # every group is exercised

    # Home
    home = attention(session, now=now, zone=zone, limit=None)
    assert home.totals[AttentionKind.OVERDUE_TODO] == len(truth.overdue)
    assert home.totals[AttentionKind.DUE_TODAY] == len(truth.today)
    assert {i.todo_id for i in home.items if i.kind == AttentionKind.OVERDUE_TODO} \
        == truth.overdue
    assert {i.todo_id for i in home.items if i.kind == AttentionKind.DUE_TODAY} == truth.today

    # the To-dos page
    counts = todo_group_counts(session, now=now, zone=zone)
    assert (counts[Group.OVERDUE], counts[Group.TODAY], counts[Group.UPCOMING]) \
        == (len(truth.overdue), len(truth.today), len(truth.upcoming))
    for group, ids in ((Group.OVERDUE, truth.overdue), (Group.TODAY, truth.today),
                       (Group.UPCOMING, truth.upcoming)):
        page = todo_group_page(session, group=group, now=now, zone=zone, limit=1000)
        assert {row.id for row in page} == ids, group

    # the tray: overdue first, then today, soonest first within each
    tray = todays_reminders(session, now=now, zone=zone, limit=1000)
    assert [row.id for row in tray[:len(truth.overdue)]] == [
        row.id for row in todo_group_page(session, group=Group.OVERDUE, now=now, zone=zone,
                                          limit=1000)]
    assert {row.id for row in tray} == truth.overdue | truth.today
    assert len(tray) == len(truth.overdue) + len(truth.today)

    # the calendar: per-day counts over every day a to-do can be due
    today = now.astimezone(ZoneInfo(zone)).date()
    start, end = today - timedelta(days=SPAN + 1), today + timedelta(days=SPAN + 1)
    todos_only = CalendarFilter(kinds=frozenset({ItemKind.TODO.value}))
    days = day_counts(session, start=start, end=end, zone=zone, now=now, flt=todos_only)
    assert sum(d.overdue for d in days.values()) == len(truth.overdue)
    assert days[today].todos - days[today].overdue == len(truth.today)
    assert sum(d.todos for d in days.values() if d.todos) \
        == len(truth.overdue) + len(truth.today) + len(truth.upcoming)
    assert sum(days[d].todos for d in days if d > today) == len(truth.upcoming)
    items = items_between(session, start=start, end=end, zone=zone, now=now, flt=todos_only)
    assert {i.item_id for i in items if i.overdue} == truth.overdue
    assert {i.item_id for i in items if i.day == today and not i.overdue} == truth.today
