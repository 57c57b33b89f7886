"""Typed settings stored in the data file, with defaults.

Settings live in the database (not a separate config file) so that a backup holds them and
the sample portfolio never shares settings with the user's own data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from mycrm.core.db.sqlread import one

if TYPE_CHECKING:
    from sqlmodel import Session

T = TypeVar("T")


@dataclass(frozen=True)
class Key(Generic[T]):
    name: str
    default: T


REVISIT_DAYS = Key("revisit_days", 90)
LANGUAGE = Key("language", "")  # "" follows the system locale; else "zh_CN" / "en"
WELCOMED = Key("welcomed", False)  # the first-run welcome was answered
REMINDER_SOUND = Key("reminder_sound", True)
DND_START = Key("dnd_start", "")  # "HH:MM" or "" for none
DND_END = Key("dnd_end", "")
ICS_ALARM_DAYS = Key("ics_alarm_days", 30)
BACKUP_INTERVAL_MIN = Key("backup_interval_min", 30)
WINDOW_GEOMETRY = Key("window_geometry", "")  # base64 of QWidget.saveGeometry()


def get_setting(db: Any, key: Key[T]) -> T:
    """``key``'s value in the file (its default when unset or unreadable). ``db``: a
    ``Session`` or a DB-API connection (``core.sqlread``: Home reads it before the ORM)."""
    row = one(db, "SELECT value FROM setting WHERE key = ?", (key.name,))
    if row is None:
        return key.default
    try:
        value: Any = json.loads(row[0])
    except ValueError:
        return key.default
    if type(value) is not type(key.default):
        return key.default
    return value


def set_setting(session: Session, key: Key[T], value: T) -> None:
    """Write ``key`` in the session's transaction (flushed: ``get_setting`` reads SQL)."""
    from mycrm.core.db.models import Setting  # the ORM: reading settings must not load it

    if type(value) is not type(key.default):
        raise TypeError(f"{key.name} takes {type(key.default).__name__}")
    row = session.get(Setting, key.name) or Setting(key=key.name)
    row.value = json.dumps(value, ensure_ascii=False)
    session.add(row)
    session.flush()
