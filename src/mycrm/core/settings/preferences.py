"""What the settings dialog edits: the values, read together and saved all or nothing.

The values live in the data file (``core.settings.keys``) except the language, which is
the user's in every file (``core.settings.user_prefs``); starting at login is also a file
the UI writes through ``core.settings.autostart``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from mycrm.core.changes import Change, changes
from mycrm.core.common.timeutil import require_aware
from mycrm.core.common.validation import Collector, ErrorCode
from mycrm.core.settings import user_prefs
from mycrm.core.settings.keys import (
    DND_END,
    DND_START,
    LANGUAGE,
    PHONE_ADDRESS,
    PHONE_HTTPS,
    PHONE_IDLE_MINUTES,
    PHONE_KEEP_ON,
    PHONE_PORT,
    REMINDER_SOUND,
    REVISIT_DAYS,
    START_AT_LOGIN,
)
from mycrm.core.settings.store import get_setting, set_setting
from mycrm.core.todos.reminders import parse_hhmm

LANGUAGES = user_prefs.LANGUAGES  # "" = follow the system
MAX_REVISIT_DAYS = 3650


@dataclass(frozen=True)
class ReminderSettings:
    """What the settings dialog edits (in the data file; the language in the user's
    preferences)."""

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
        revisit_days=get_setting(session, REVISIT_DAYS),
        language=user_prefs.user_language(get_setting(session, LANGUAGE)))


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
    """Validate every value first; write all of them or none. The language goes to the
    user's preferences (before the data file's commit: a failed commit keeps the language
    chosen, which is harmless) and the data file's old copy is cleared.
    Raises ``OSError`` when the preferences file cannot be written (nothing is committed)."""
    require_aware(now)
    _check(values)
    set_setting(session, REMINDER_SOUND, values.sound)
    set_setting(session, DND_START, values.dnd_start)
    set_setting(session, DND_END, values.dnd_end)
    set_setting(session, START_AT_LOGIN, values.start_at_login)
    set_setting(session, REVISIT_DAYS, values.revisit_days)
    user_prefs.save_language(values.language)
    set_setting(session, LANGUAGE, "")  # the user's now (user_prefs), no longer the file's


# --- phone access (ui.companion) ------------------------------------------------------------
MAX_PHONE_IDLE_MINUTES = 24 * 60


@dataclass(frozen=True)
class PhoneSettings:
    """How phone access behaves (``core.settings.keys``: PHONE_*)."""

    idle_minutes: int = 120
    keep_on: bool = False
    https: bool = True
    port: int = 8765
    address: str = ""  # "" = the address on the default route


def load_phone_settings(session: Session) -> PhoneSettings:
    return PhoneSettings(
        idle_minutes=get_setting(session, PHONE_IDLE_MINUTES),
        keep_on=get_setting(session, PHONE_KEEP_ON), https=get_setting(session, PHONE_HTTPS),
        port=get_setting(session, PHONE_PORT), address=get_setting(session, PHONE_ADDRESS))


@changes(Change.SETTINGS)
def save_phone_settings(*, session: Session, now: datetime, values: PhoneSettings) -> None:
    """Save all of them or none (a bad value is named, nothing is written)."""
    require_aware(now)
    c = Collector()
    if not 5 <= values.idle_minutes <= MAX_PHONE_IDLE_MINUTES:
        c.add("idle_minutes", ErrorCode.BAD_CHOICE)
    if not 0 <= values.port <= 65535:
        c.add("port", ErrorCode.BAD_CHOICE)
    c.check()
    set_setting(session, PHONE_IDLE_MINUTES, values.idle_minutes)
    set_setting(session, PHONE_KEEP_ON, values.keep_on)
    set_setting(session, PHONE_HTTPS, values.https)
    set_setting(session, PHONE_PORT, values.port)
    set_setting(session, PHONE_ADDRESS, values.address.strip())
