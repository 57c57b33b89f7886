"""The reminder scheduler under a fake clock: exactly once, never dropped, DST-correct."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from mycrm.core.common.validation import ValidationError
from mycrm.core.db.engine import open_database, session_scope
from mycrm.core.db.models import ReminderState, Todo
from mycrm.core.settings.keys import DND_END, DND_START
from mycrm.core.settings.store import set_setting
from mycrm.core.todos import lists
from mycrm.core.todos import reminders as r
from mycrm.core.todos.services import TodoInput, complete_todo, create_todo
from todo_reference import list_todos

START = datetime(2026, 1, 1, 0, 0, tzinfo=UTC)


def add(engine: Engine, title: str, wall: datetime | None, zone: str = "UTC") -> int:
    with session_scope(engine) as s:
        todo = create_todo(session=s, now=START,
                           data=TodoInput(title=title, remind_wall=wall, remind_tz=zone))
        assert todo.id is not None
        return todo.id


def run_pass(engine: Engine, now: datetime, zone: str = "UTC", **kw: object) -> r.Claimed:
    with session_scope(engine) as s:
        return r.claim(session=s, now=now, zone=zone, **kw)  # type: ignore[arg-type]


def next_due(engine: Engine, now: datetime, zone: str = "UTC") -> datetime | None:
    with Session(engine) as s:
        return r.next_due_at(s, now=now, zone=zone)


def state_of(engine: Engine, todo_id: int) -> Todo:
    with Session(engine, expire_on_commit=False) as s:
        todo = s.get(Todo, todo_id)
        assert todo is not None
        return todo


def simulate(engine: Engine, start: datetime, end: datetime, zone: str,
             tick: timedelta, on_fire=None) -> list[tuple[int, datetime]]:
    """Drive the scheduler the way the Qt driver does: a periodic tick plus an exact wake-up
    at the next due time. Returns every (todo id, instant) that was notified."""
    fired: list[tuple[int, datetime]] = []
    now = start
    while now < end:
        claimed = run_pass(engine, now, zone)
        assert claimed.missed == [], f"nothing may be missed while running ({now})"
        for todo_id in claimed.due:
            fired.append((todo_id, now))
            if on_fire is not None:
                on_fire(todo_id, now)
        upcoming = next_due(engine, now, zone)
        step = now + tick
        now = min(step, upcoming) if upcoming is not None else step
    return fired


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York"])
def test_a_year_of_daily_reminders_fires_each_exactly_once_at_local_nine(
        tmp_path: Path, zone: str) -> None:
    path = tmp_path / "year.sqlite"
    engine = open_database(path)
    ids = {}
    day = datetime(2026, 1, 1)
    while day.year == 2026:
        ids[add(engine, f"call {day:%m-%d}", day.replace(hour=9), zone)] = day.date()
        day += timedelta(days=3)
    # The user finishes one before it fires: it must never be notified.
    finished = next(iter(ids))
    with session_scope(engine) as s:
        complete_todo(session=s, todo_id=finished, now=START)
    mid = datetime(2026, 7, 1, 0, 17, tzinfo=UTC)
    fired = simulate(engine, START, mid, zone, timedelta(hours=23))
    engine.dispose()  # "restart": a new engine on the same file continues the year
    engine = open_database(path)
    fired += simulate(engine, mid, datetime(2027, 1, 2, tzinfo=UTC), zone, timedelta(hours=23))
    engine.dispose()

    counts = Counter(todo_id for todo_id, _ in fired)
    assert finished not in counts
    assert set(counts) == set(ids) - {finished}
    assert all(n == 1 for n in counts.values())
    tz = ZoneInfo(zone)
    for todo_id, at in fired:
        local = at.astimezone(tz)
        assert (local.date(), local.hour, local.minute) == (ids[todo_id], 9, 0), (zone, local)
    # The simulation crossed both DST changes, and UTC offsets at 09:00 differ accordingly.
    offsets = {at.astimezone(tz).utcoffset() for _, at in fired}
    assert len(offsets) == 2


def test_claimed_reminder_is_not_claimed_again_by_a_second_engine(tmp_path: Path) -> None:
    path = tmp_path / "two.sqlite"
    first, second = open_database(path), open_database(path)
    todo_id = add(first, "renewal call", datetime(2026, 3, 2, 9, 0))
    at = datetime(2026, 3, 2, 9, 0, 30, tzinfo=UTC)
    assert run_pass(first, at).due == [todo_id]
    assert run_pass(second, at).due == []
    assert run_pass(second, at + timedelta(days=1)).missed == []
    first.dispose()
    second.dispose()


def test_snooze_keeps_the_row_and_fires_again_once(engine: Engine) -> None:
    todo_id = add(engine, "send quote", datetime(2026, 3, 2, 9, 0))
    start = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    snoozed: list[datetime] = []

    def snooze_first(tid: int, now: datetime) -> None:
        if not snoozed:
            snoozed.append(now)
            with session_scope(engine) as s:
                until = r.snooze_target(now, "UTC", r.SnoozeChoice.TEN_MINUTES)
                r.snooze(session=s, now=now, todo_id=tid, until=until)

    fired = simulate(engine, start, start + timedelta(days=2), "UTC", timedelta(minutes=30),
                     snooze_first)
    assert [t for t, _ in fired] == [todo_id, todo_id]
    assert fired[1][1] - fired[0][1] == timedelta(minutes=10)
    todo = state_of(engine, todo_id)
    assert todo.reminder_state == ReminderState.FIRED.value
    assert todo.remind_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the intent is unchanged


def test_snooze_tomorrow_morning_is_local_nine(engine: Engine) -> None:
    now = datetime(2026, 3, 28, 20, 0, tzinfo=UTC)  # Berlin switches to summer time overnight
    target = r.snooze_target(now, "Europe/Berlin", r.SnoozeChoice.TOMORROW_MORNING)
    assert target == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)  # 09:00 CEST
    assert r.snooze_target(now, "UTC", "1h") == now + timedelta(hours=1)


def test_snooze_into_the_past_is_refused(engine: Engine) -> None:
    todo_id = add(engine, "x", datetime(2026, 3, 2, 9, 0))
    now = datetime(2026, 3, 2, 9, 1, tzinfo=UTC)
    with pytest.raises(ValidationError), session_scope(engine) as s:
        r.snooze(session=s, now=now, todo_id=todo_id, until=now - timedelta(minutes=1))
    assert state_of(engine, todo_id).notify_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_done_and_dismissed_reminders_never_fire(engine: Engine) -> None:
    a = add(engine, "done one", datetime(2026, 3, 2, 9, 0))
    b = add(engine, "dismissed one", datetime(2026, 3, 2, 9, 0))
    c = add(engine, "fired then done", datetime(2026, 3, 2, 8, 0))
    now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert run_pass(engine, now).due == [c]
    with session_scope(engine) as s:
        r.done(session=s, now=now, todo_id=a)
        r.dismiss(session=s, now=now, todo_id=b)
        r.done(session=s, now=now, todo_id=c)
    later = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert run_pass(engine, later) == r.Claimed()
    assert state_of(engine, c).done_at == now
    assert state_of(engine, b).reminder_state == ReminderState.DISMISSED.value


def test_ten_hour_sleep_gap_lists_each_missed_reminder_once(engine: Engine) -> None:
    ids = [add(engine, f"r{h}", datetime(2026, 5, 4, h, 15)) for h in range(9, 19)]
    later = add(engine, "after wake", datetime(2026, 5, 4, 23, 0))
    sleep_at = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    wake_at = sleep_at + timedelta(hours=10, minutes=30)
    assert run_pass(engine, sleep_at) == r.Claimed()
    with Session(engine) as s:
        assert [t.id for t in r.missed(s, now=wake_at)] == ids
    first = run_pass(engine, wake_at)
    assert first.missed == ids and first.due == []
    assert run_pass(engine, wake_at + timedelta(seconds=30)) == r.Claimed()
    # The missed ones can be handled all at once.
    with session_scope(engine) as s:
        r.snooze_many(session=s, now=wake_at, todo_ids=ids[:5],
                      until=wake_at + timedelta(hours=1))
        r.dismiss_many(session=s, now=wake_at, todo_ids=ids[5:])
    assert run_pass(engine, wake_at + timedelta(hours=1)).due == ids[:5]
    assert run_pass(engine, datetime(2026, 5, 4, 23, 0, tzinfo=UTC)).due == [later]


def test_do_not_disturb_holds_until_the_window_ends(engine: Engine) -> None:
    zone = "Europe/Berlin"
    with session_scope(engine) as s:
        set_setting(s, DND_START, "22:00")
        set_setting(s, DND_END, "07:30")
    night = add(engine, "late call", datetime(2026, 6, 10, 23, 0), zone)  # inside the window
    day = add(engine, "day call", datetime(2026, 6, 11, 10, 0), zone)
    fired = simulate(engine, datetime(2026, 6, 10, 12, 0, tzinfo=UTC),
                     datetime(2026, 6, 12, tzinfo=UTC), zone, timedelta(hours=1))
    tz = ZoneInfo(zone)
    assert [(t, at.astimezone(tz).strftime("%d %H:%M")) for t, at in fired] == [
        (night, "11 07:30"), (day, "11 10:00")]


def test_pause_holds_like_do_not_disturb(engine: Engine) -> None:
    todo_id = add(engine, "call", datetime(2026, 6, 10, 12, 0))
    now = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
    paused = now + timedelta(hours=1)
    assert run_pass(engine, now, paused_until=paused) == r.Claimed()
    assert run_pass(engine, paused, paused_until=paused).due == [todo_id]


def test_dnd_window_parsing() -> None:
    hold = r.Hold(r.parse_hhmm("13:00"), r.parse_hhmm("14:00"), "UTC")
    assert hold.deliver_at(datetime(2026, 1, 1, 13, 30, tzinfo=UTC)) == datetime(
        2026, 1, 1, 14, 0, tzinfo=UTC)
    assert hold.deliver_at(datetime(2026, 1, 1, 14, 0, tzinfo=UTC)) == datetime(
        2026, 1, 1, 14, 0, tzinfo=UTC)
    assert r.parse_hhmm("") is None and r.parse_hhmm("25:99") is None


def test_list_todos_groups_and_filters(engine: Engine) -> None:
    now = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
    overdue = add(engine, "overdue call", datetime(2026, 6, 9, 9, 0))
    today = add(engine, "today call", datetime(2026, 6, 10, 15, 0))
    upcoming = add(engine, "upcoming call", datetime(2026, 6, 20, 9, 0))
    nodate = add(engine, "no date note", None)
    finished = add(engine, "finished", None)
    with session_scope(engine) as s:
        complete_todo(session=s, now=now, todo_id=finished)
    with Session(engine) as s:
        rows = list_todos(s, now=now, zone="UTC")
        assert [(x.id, x.group) for x in rows] == [
            (overdue, lists.Group.OVERDUE), (today, lists.Group.TODAY),
            (upcoming, lists.Group.UPCOMING), (nodate, lists.Group.NO_DATE),
            (finished, lists.Group.DONE)]
        assert [x.id for x in list_todos(s, now=now, text="CALL")] == [overdue, today,
                                                                           upcoming]
        assert [x.id for x in lists.todays_reminders(s, now=now)] == [overdue, today]


def test_todays_reminders_uses_the_local_day_and_a_limit(engine: Engine) -> None:
    """Late evening in New York is already tomorrow in UTC; the tray lists by local day."""
    now = datetime(2026, 6, 10, 23, 0, tzinfo=UTC)  # 19:00 in New York
    tonight = add(engine, "tonight", datetime(2026, 6, 10, 22, 0), zone="America/New_York")
    add(engine, "tomorrow", datetime(2026, 6, 11, 9, 0), zone="America/New_York")
    late = [add(engine, f"late {i}", datetime(2026, 6, 1, 9, i), zone="America/New_York")
            for i in range(3)]
    with Session(engine) as s:
        rows = lists.todays_reminders(s, now=now, zone="America/New_York")
        assert [x.id for x in rows] == [*late, tonight]
        assert [x.group for x in rows] == [lists.Group.OVERDUE] * 3 + [lists.Group.TODAY]
        assert [x.id for x in lists.todays_reminders(s, now=now, zone="America/New_York",
                                                 limit=2)] == late[:2]


def test_todays_reminders_merges_snoozed_and_plain_reminders_in_due_order(engine: Engine
                                                                         ) -> None:
    """Due time is the snooze target (``notify_at``), else the reminder (``remind_at``; a
    row from an import may lack ``notify_at``): both kinds interleave by due time, and the
    limit keeps the soonest."""
    now = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
    a = add(engine, "a", datetime(2026, 6, 10, 8, 0))
    b = add(engine, "b", datetime(2026, 6, 9, 8, 0))
    c = add(engine, "c", datetime(2026, 6, 10, 10, 0))
    d = add(engine, "d", datetime(2026, 6, 20, 10, 0))
    with session_scope(engine) as s:
        r.snooze(session=s, now=now, todo_id=b, until=datetime(2026, 6, 10, 13, 0, tzinfo=UTC))
        r.snooze(session=s, now=now, todo_id=d, until=datetime(2026, 6, 10, 12, 30, tzinfo=UTC))
        plain = s.get(Todo, c)
        assert plain is not None
        plain.notify_at = None  # reminder only
        s.add(plain)
    with Session(engine) as s:
        assert [x.id for x in lists.todays_reminders(s, now=now)] == [a, c, d, b]
        assert [x.id for x in lists.todays_reminders(s, now=now, limit=3)] == [a, c, d]


# --- issue 17: delivery is recorded, not only the claim ----------------------------------
def test_a_claim_whose_hand_over_never_happened_is_missed_at_the_next_start(
        engine: Engine) -> None:
    """The process died between committing "fired" and handing the notification over: the
    next start lists it as missed. One whose delivery was recorded is not listed again."""
    lost = add(engine, "lost in hand-over", datetime(2026, 3, 2, 9, 0))
    shown = add(engine, "shown", datetime(2026, 3, 2, 9, 0))
    at = datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC)
    assert run_pass(engine, at).due == [lost, shown]
    with session_scope(engine) as s:
        assert r.record_delivered(session=s, now=at, todo_ids=[shown]) == [shown]
    assert state_of(engine, shown).fired_at == at
    assert state_of(engine, lost).fired_at is None  # claimed, never delivered
    restart = at + timedelta(minutes=1)
    assert run_pass(engine, restart) == r.Claimed()  # a running app leaves it to its driver
    assert run_pass(engine, restart, at_start=True).missed == [lost]
    assert run_pass(engine, restart, at_start=True).missed == [lost]  # until it is shown
    with session_scope(engine) as s:  # the Missed list showed it
        r.record_delivered(session=s, now=restart, todo_ids=[lost])
    assert run_pass(engine, restart, at_start=True) == r.Claimed()


def test_a_stale_dismiss_keeps_a_reminder_whose_time_changed(engine: Engine) -> None:
    from mycrm.core.todos.services import update_todo

    changed = add(engine, "moved", datetime(2026, 5, 4, 9, 0))
    same = add(engine, "same", datetime(2026, 5, 4, 9, 0))
    wake = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
    assert run_pass(engine, wake).missed == [changed, same]
    with Session(engine) as s:
        seen = r.seen_versions(s, todo_ids=[changed, same])
    with session_scope(engine) as s:  # meanwhile, in the editor: a new time
        update_todo(session=s, now=wake, todo_id=changed, data=TodoInput(
            title="moved", remind_wall=datetime(2026, 5, 4, 15, 0), remind_tz="UTC"))
    with session_scope(engine) as s:
        acted = r.dismiss_seen(session=s, now=wake, seen=seen)
    assert acted == [same]
    assert state_of(engine, changed).reminder_state == ReminderState.PENDING.value
    assert state_of(engine, same).reminder_state == ReminderState.DISMISSED.value
    with session_scope(engine) as s:
        assert r.snooze_seen(session=s, now=wake, seen=seen,
                             until=wake + timedelta(hours=1)) == []
    assert state_of(engine, changed).notify_at == datetime(2026, 5, 4, 15, 0, tzinfo=UTC)


def test_lateness_counts_whole_minutes_past_due() -> None:
    due = datetime(2026, 5, 4, 14, 2, tzinfo=UTC)
    assert r.minutes_late(due, due + timedelta(seconds=50)) == 0
    assert r.minutes_late(due, due + timedelta(minutes=3, seconds=20)) == 3
    assert r.minutes_late(due, due - timedelta(minutes=5)) == 0
    assert r.minutes_late(None, due) == 0


def test_the_pause_survives_a_restart_and_ends_with_a_notification(engine: Engine) -> None:
    now = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
    with session_scope(engine) as s:
        r.set_pause(session=s, now=now, until=now + timedelta(hours=1))
    with Session(engine) as s:  # a new process reads it back
        assert r.paused_until(s, now=now) == now + timedelta(hours=1)
        assert r.paused_until(s, now=now + timedelta(hours=2)) is None  # over
    early = add(engine, "during the pause", datetime(2026, 6, 10, 12, 5))
    end = now + timedelta(hours=1, seconds=20)
    claimed = run_pass(engine, end, paused_until=now + timedelta(hours=1))
    assert claimed.due == [early] and claimed.missed == []
