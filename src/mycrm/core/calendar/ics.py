"""Calendar export (iCalendar / ICS) so renewals and reminders reach a phone calendar.

What is exported, written with the ``icalendar`` library:

* each active customer's **renewal date** as an all-day ``VEVENT`` with a ``VALARM`` at
  09:00 local time ``N`` days before (``N`` = the ``ics_alarm_days`` setting, 30 by default).
  The alarm trigger is absolute (UTC, computed in the exporter's zone): a relative trigger
  on an all-day event is interpreted inconsistently by clients (and by
  ``recurring-ical-events``), while an absolute instant means the same everywhere;
* each **open to-do with a reminder** as a 15-minute ``VEVENT`` at the reminder instant
  (UTC) with a ``VALARM`` at its start. A ``VEVENT`` + ``VALARM`` is used rather than a
  ``VTODO`` on purpose: phone calendars that subscribe to a file (iOS, Google, Outlook)
  show and alarm events but silently ignore ``VTODO``.

UIDs are stable — derived from the row id and a per-database random id stored in the
settings — so importing or subscribing to a re-export updates events instead of
duplicating them, and two different data files never collide. Text escaping (commas,
semicolons, newlines, Chinese) is left to ``icalendar``.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from mycrm.core.changes import Change, changes
from mycrm.core.common.files import write_atomically
from mycrm.core.common.timeutil import local_zone_name, require_aware, wall_to_utc
from mycrm.core.db.models import Customer, Todo
from mycrm.core.rules import active_customer_clause, due_column, due_instant
from mycrm.core.settings.keys import (
    ICS_ALARM_DAYS,
    ICS_DATABASE_ID,
    LANGUAGE,
)
from mycrm.core.settings.store import get_setting, set_setting

if TYPE_CHECKING:  # icalendar takes ~0.1 s to import: loaded on the first export only
    from icalendar import Calendar, Event

PRODID = "-//mycrm//mycrm calendar export//EN"
ALARM_HOUR = 9  # renewal alarms ring at 09:00 local time, N days before
TODO_DURATION = timedelta(minutes=15)


@dataclass(frozen=True)
class IcsTexts:
    """The words written into the file. The UI passes translated ones; the core's
    defaults follow the language setting (Chinese or English)."""

    calendar_name: str = "mycrm"
    renewal: str = "Renewal: %1"
    renewal_alarm: str = "%1 renews on %2"
    tier: str = "Tier %1"
    customer: str = "Customer: %1"


CHINESE_TEXTS = IcsTexts(calendar_name="mycrm", renewal="续约：%1",
                         renewal_alarm="%1 将于 %2 续约", tier="等级 %1", customer="客户：%1")


def default_texts(session: Session) -> IcsTexts:
    language = get_setting(session, LANGUAGE) or os.environ.get("LANG", "")
    return CHINESE_TEXTS if language.startswith("zh") else IcsTexts()


def database_id(session: Session) -> str:
    """This data file's export id, created (and stored in the session) on first use."""
    value = get_setting(session, ICS_DATABASE_ID)
    if not value:
        value = uuid.uuid4().hex
        set_setting(session, ICS_DATABASE_ID, value)
    return value


def renewal_uid(customer_id: int, db_id: str) -> str:
    return f"renewal-{customer_id}-{db_id}@mycrm"


def todo_uid(todo_id: int, db_id: str) -> str:
    return f"todo-{todo_id}-{db_id}@mycrm"


def _renewal_event(customer: Customer, db_id: str, now: datetime, alarm_days: int,
                   zone: str, texts: IcsTexts) -> Event:
    from icalendar import Alarm, Event

    assert customer.id is not None and customer.renewal_date is not None
    day: date = customer.renewal_date
    event = Event()
    event.add("uid", renewal_uid(customer.id, db_id))
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", texts.renewal.replace("%1", customer.name))
    details = [texts.tier.replace("%1", customer.tier)]
    if customer.industry:
        details.append(customer.industry)
    event.add("description", "\n".join(details))
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["mycrm"])
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    ring = datetime.combine(day - timedelta(days=alarm_days), time(ALARM_HOUR))
    alarm.add("trigger", wall_to_utc(ring, zone))
    alarm.add("description", texts.renewal_alarm.replace("%1", customer.name)
              .replace("%2", day.isoformat()))
    event.add_component(alarm)
    return event


def _todo_event(todo: Todo, customer_name: str | None, db_id: str, now: datetime,
                texts: IcsTexts) -> Event:
    from icalendar import Alarm, Event

    due = due_instant(todo.notify_at, todo.remind_at)  # a snooze moves the event too
    assert todo.id is not None and due is not None
    event = Event()
    event.add("uid", todo_uid(todo.id, db_id))
    event.add("dtstamp", now)
    event.add("dtstart", due)
    event.add("dtend", due + TODO_DURATION)
    event.add("summary", todo.title)
    lines = [texts.customer.replace("%1", customer_name)] if customer_name else []
    if todo.notes:
        lines.append(todo.notes)
    if lines:
        event.add("description", "\n".join(lines))
    event.add("categories", ["mycrm"])
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(0))
    alarm.add("description", todo.title)
    event.add_component(alarm)
    return event


@changes(Change.SETTINGS)
def build_calendar(*, session: Session, now: datetime, alarm_days: int | None = None,
                   zone: str | None = None, texts: IcsTexts | None = None) -> Calendar:
    """The whole export as an ``icalendar.Calendar`` (may store the database id).
    ``zone`` (IANA, default: the computer's) places the 09:00 renewal alarms."""
    from icalendar import Calendar

    zone = zone or local_zone_name()
    now = require_aware(now)
    days = get_setting(session, ICS_ALARM_DAYS) if alarm_days is None else alarm_days
    days = max(0, int(days))
    texts = texts or default_texts(session)
    db_id = database_id(session)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", texts.calendar_name)
    renewals = (select(Customer)
                .where(active_customer_clause(), col(Customer.renewal_date).is_not(None))
                .order_by(col(Customer.renewal_date), col(Customer.id)))
    for customer in session.exec(renewals):
        cal.add_component(_renewal_event(customer, db_id, now, days, zone, texts))
    todos = (
        select(Todo, Customer.name)
        .join(Customer, col(Customer.id) == col(Todo.customer_id), isouter=True)
        .where(col(Todo.done_at).is_(None), due_column().is_not(None))
        .order_by(due_column(), col(Todo.id))
    )
    for todo, name in session.exec(todos):
        cal.add_component(_todo_event(todo, name, db_id, now, texts))
    return cal


@changes(Change.SETTINGS)
def export_ics(*, session: Session, path: Path, now: datetime, alarm_days: int | None = None,
               zone: str | None = None, texts: IcsTexts | None = None) -> int:
    """Write the ICS file at ``path`` atomically (temp file + ``os.replace``); returns the
    number of events. Raises ``OSError`` when the file cannot be written. On the first
    export of a data file the database id is stored in ``session`` — commit it."""
    cal = build_calendar(session=session, now=now, alarm_days=alarm_days, zone=zone,
                         texts=texts)
    write_atomically(Path(path), cal.to_ical())
    return len(cal.walk("VEVENT"))
