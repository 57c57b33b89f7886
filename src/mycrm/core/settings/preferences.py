"""What the settings dialog edits: the values, read together and saved all or nothing.

The values live in the data file (``core.settings.keys``); starting at login is also a
file the UI writes through ``core.settings.autostart``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from mycrm.core.changes import Change, changes
from mycrm.core.common.timeutil import require_aware
from mycrm.core.common.validation import Collector, ErrorCode
from mycrm.core.settings.keys import (
    DND_END,
    DND_START,
    LANGUAGE,
    REMINDER_SOUND,
    REVISIT_DAYS,
    START_AT_LOGIN,
)
from mycrm.core.settings.store import get_setting, set_setting
from mycrm.core.todos.reminders import parse_hhmm

LANGUAGES = ("", "zh_CN", "en")  # "" = follow the system
MAX_REVISIT_DAYS = 3650


@dataclass(frozen=True)
class ReminderSettings:
    """What the settings dialog edits (stored in the data file)."""

    sound: bool = True
    dnd_start: str = ""  # "HH:MM" or "" (no do-not-disturb)
    dnd_end: str = ""
    start_at_login: bool = False
    revisit_days: int = 90
    language: str = ""  # "" = system, "zh_CN", "en"


def load_settings(session: Session) -> ReminderSettings:
    return ReminderSettings(
        sound=get_setting(session, REMINDER_SOUND), dnd_start=get_setting(session, DND_START),
        dnd_end=get_setting(session, DND_END),
        start_at_login=get_setting(session, START_AT_LOGIN),
        revisit_days=get_setting(session, REVISIT_DAYS), language=get_setting(session, LANGUAGE))


def _check(values: ReminderSettings) -> None:
    """Raise ``ValidationError`` naming every bad field at once."""
    c = Collector()
    for name, text in (("dnd_start", values.dnd_start), ("dnd_end", values.dnd_end)):
        if text and parse_hhmm(text) is None:
            c.add(name, ErrorCode.BAD_DATETIME)
    if bool(values.dnd_start) != bool(values.dnd_end):
        c.add("dnd_end", ErrorCode.REQUIRED)
    if not 1 <= values.revisit_days <= MAX_REVISIT_DAYS:
        c.add("revisit_days", ErrorCode.BAD_CHOICE)
    if values.language not in LANGUAGES:
        c.add("language", ErrorCode.BAD_CHOICE)
    c.check()


@changes(Change.SETTINGS)
def save_settings(*, session: Session, now: datetime, values: ReminderSettings) -> None:
    """Validate every value first; write all of them or none."""
    require_aware(now)
    _check(values)
    set_setting(session, REMINDER_SOUND, values.sound)
    set_setting(session, DND_START, values.dnd_start)
    set_setting(session, DND_END, values.dnd_end)
    set_setting(session, START_AT_LOGIN, values.start_at_login)
    set_setting(session, REVISIT_DAYS, values.revisit_days)
    set_setting(session, LANGUAGE, values.language)
