"""ICS export: parses back with the same items and alarms, stable UIDs, escaped text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import recurring_ical_events
from icalendar import Calendar
from sqlmodel import Session

from mycrm.core.calendar.ics import export_ics
from mycrm.core.customers.services import CustomerInput, create_customer, set_archived
from mycrm.core.settings.keys import ICS_ALARM_DAYS, ICS_DATABASE_ID, LANGUAGE
from mycrm.core.settings.store import get_setting, set_setting
from mycrm.core.todos.services import TodoInput, complete_todo, create_todo

TRICKY = "Tailspin Toys Co., Ltd.; 上海云帆 第二行"  # a title is one line (a newline is refused)
NOTES = "备注, with; punctuation\n第二行"


@pytest.fixture
def portfolio(session: Session, now: datetime) -> dict[str, int]:
    set_setting(session, LANGUAGE, "en")
    tricky = create_customer(session=session, data=CustomerInput(
        name=TRICKY.replace("\n", " "), tier="S", industry="玩具, 零售; 批发",
        renewal_date=date(2026, 12, 24)), now=now)
    plain = create_customer(session=session, data=CustomerInput(
        name="Northwind", renewal_date=date(2027, 3, 1)), now=now)
    archived = create_customer(session=session, data=CustomerInput(
        name="Archived Co", renewal_date=date(2027, 1, 5)), now=now)
    create_customer(session=session, data=CustomerInput(name="No date"), now=now)
    assert tricky.id and plain.id and archived.id
    set_archived(session=session, customer_id=archived.id, archived=True, now=now)
    todo = create_todo(session=session, data=TodoInput(
        title=TRICKY, notes=NOTES, customer_id=tricky.id,
        remind_wall=datetime(2026, 11, 30, 9, 0), remind_tz="Europe/Berlin"), now=now)
    done = create_todo(session=session, data=TodoInput(
        title="done", remind_wall=datetime(2026, 11, 30, 10, 0), remind_tz="UTC"), now=now)
    create_todo(session=session, data=TodoInput(title="no reminder"), now=now)
    assert todo.id and done.id
    complete_todo(session=session, todo_id=done.id, now=now)
    session.flush()
    return {"tricky": tricky.id, "plain": plain.id, "todo": todo.id}


def _parse(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def test_export_parses_back_with_the_same_items(session: Session, now: datetime,
                                                portfolio: dict[str, int], tmp_path: Path
                                                ) -> None:
    path = tmp_path / "mycrm.ics"
    assert export_ics(session=session, path=path, now=now) == 3
    events = _parse(path).walk("VEVENT")
    by_summary = {str(e["SUMMARY"]): e for e in events}
    renewals = [e for e in events if e.decoded("DTSTART").__class__ is date]
    assert sorted(e.decoded("DTSTART") for e in renewals) == [date(2026, 12, 24),
                                                             date(2027, 3, 1)]
    todo = by_summary[TRICKY]  # commas, semicolons and Chinese survive
    assert todo.decoded("DTSTART") == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # 09:00 CET
    assert NOTES in str(todo["DESCRIPTION"])  # … and the newline
    tricky_renewal = next(e for e in renewals if e.decoded("DTSTART") == date(2026, 12, 24))
    assert TRICKY.replace("\n", " ") in str(tricky_renewal["SUMMARY"])
    assert "玩具, 零售; 批发" in str(tricky_renewal["DESCRIPTION"])
    raw = path.read_bytes().decode("utf-8")
    assert "\\," in raw and "\\;" in raw and "\\n" in raw  # escaped by icalendar
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".mycrm.ics")]  # no temp left


def test_alarms_found_by_recurring_ical_events(session: Session, now: datetime,
                                               portfolio: dict[str, int], tmp_path: Path
                                               ) -> None:
    set_setting(session, ICS_ALARM_DAYS, 10)
    path = tmp_path / "a.ics"
    export_ics(session=session, path=path, now=now, zone="Asia/Shanghai")
    alarms = recurring_ical_events.of(_parse(path), components=["VALARM"])
    on_day = alarms.at(date(2026, 12, 14))  # 10 days before 24 Dec
    assert [str(e["SUMMARY"]) for e in on_day] == ["Renewal: " + TRICKY.replace("\n", " ")]
    trigger = on_day[0].alarms.times[0].trigger  # 09:00 in Shanghai = 01:00 UTC
    assert trigger == datetime(2026, 12, 14, 1, 0, tzinfo=UTC)
    todo_alarm = alarms.at(date(2026, 11, 30))
    assert [str(e["SUMMARY"]) for e in todo_alarm] == [TRICKY]
    assert todo_alarm[0].alarms.times[0].trigger == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    # an explicit alarm_days argument wins over the setting
    export_ics(session=session, path=path, now=now, alarm_days=30, zone="UTC")
    later = recurring_ical_events.of(_parse(path), components=["VALARM"])
    assert len(later.at(date(2026, 11, 24))) == 1 and not later.at(date(2026, 12, 14))


def test_uids_stable_across_exports_and_unique_per_database(
        session: Session, now: datetime, portfolio: dict[str, int], tmp_path: Path) -> None:
    first, second = tmp_path / "1.ics", tmp_path / "2.ics"
    export_ics(session=session, path=first, now=now)
    create_customer(session=session, data=CustomerInput(name="New one",
                                                        renewal_date=date(2027, 5, 5)), now=now)
    export_ics(session=session, path=second, now=now + timedelta(hours=1))
    uids1 = {str(e["UID"]) for e in _parse(first).walk("VEVENT")}
    uids2 = {str(e["UID"]) for e in _parse(second).walk("VEVENT")}
    assert len(uids1) == 3 and uids1 < uids2 and len(uids2) == 4
    db_id = get_setting(session, ICS_DATABASE_ID)
    assert db_id and all(db_id in uid for uid in uids1)
    assert f"renewal-{portfolio['tricky']}-{db_id}@mycrm" in uids1
    assert f"todo-{portfolio['todo']}-{db_id}@mycrm" in uids1


def test_export_overwrites_existing_file(session: Session, now: datetime, tmp_path: Path
                                         ) -> None:
    path = tmp_path / "x.ics"
    path.write_text("old content")
    assert export_ics(session=session, path=path, now=now) == 0
    assert _parse(path).walk("VEVENT") == [] and b"BEGIN:VCALENDAR" in path.read_bytes()


def test_unwritable_path_raises_oserror(session: Session, now: datetime, tmp_path: Path
                                        ) -> None:
    with pytest.raises(OSError):
        export_ics(session=session, path=tmp_path / "missing" / "x.ics", now=now)


def test_a_snoozed_todo_is_exported_at_its_next_reminder(
        session: Session, now: datetime, portfolio: dict[str, int], tmp_path: Path) -> None:
    """The event stands where the to-do is due (core.rules.due_instant), as on the calendar
    and the To-dos page: a snooze moves it."""
    from mycrm.core.todos.reminders import snooze

    until = now + timedelta(days=2)
    snooze(session=session, now=now, todo_id=portfolio["todo"], until=until)
    session.flush()
    path = tmp_path / "mycrm.ics"
    export_ics(session=session, path=path, now=now)
    todo = next(e for e in _parse(path).walk("VEVENT") if str(e["SUMMARY"]) == TRICKY)
    assert todo.decoded("DTSTART") == until
