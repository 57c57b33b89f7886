"""Every setting the data file stores, declared once, grouped by the feature that reads it.

One registry (as Picard keeps its options): a new setting is added here, next to the others
of its feature, so a reader can see every key, its type and its default in one place. The
values are read and written by ``core.settings.store`` (``get_setting`` / ``set_setting``);
a value of the wrong type in the file reads as the default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Key(Generic[T]):
    """A setting's name in the ``setting`` table and its default (which also fixes its
    type)."""

    name: str
    default: T


# The app: language, first run, the window, start at login (ui.app; the settings dialog
# through core.settings.preferences).
LANGUAGE = Key("language", "")  # "" follows the system locale; else "zh_CN" / "en"
WELCOMED = Key("welcomed", False)  # the first-run welcome was answered
WINDOW_GEOMETRY = Key("window_geometry", "")  # base64 of QWidget.saveGeometry()
START_AT_LOGIN = Key("start_at_login", False)

# Customers: the revisit rule (core.customers.revisit; Home's risk rule reads it too).
REVISIT_DAYS = Key("revisit_days", 90)

# Reminders and the tray (core.todos.reminders, ui.reminders).
REMINDER_SOUND = Key("reminder_sound", True)
DND_START = Key("dnd_start", "")  # "HH:MM" or "" for none
DND_END = Key("dnd_end", "")
TRAY_HINT_SHOWN = Key("tray_hint_shown", False)  # "still running in the tray" was said once
REMINDERS_PAUSED_UNTIL = Key("reminders_paused_until", "")  # ISO UTC instant; "" = not paused

# Calendar export (core.calendar.ics).
ICS_ALARM_DAYS = Key("ics_alarm_days", 30)
ICS_AUTOEXPORT_PATH = Key("ics_autoexport_path", "")  # "" = no automatic export
ICS_DATABASE_ID = Key("ics_database_id", "")  # random; makes UIDs unique per data file

# Backups: the scheduled backup's interval (declared; ui.data.backup_scheduler still uses
# its fixed 30 minutes).
BACKUP_INTERVAL_MIN = Key("backup_interval_min", 30)

# Phone access (mycrm.companion, ui.companion): off unless turned on; off again after this
# many quiet minutes, and at quit, unless "keep on" (then it comes back at the next start).
PHONE_IDLE_MINUTES = Key("phone_idle_minutes", 120)
PHONE_KEEP_ON = Key("phone_keep_on", False)
PHONE_HTTPS = Key("phone_https", True)  # False: plain HTTP, chosen by the user with a warning
PHONE_PORT = Key("phone_port", 8765)  # taken: any free port
PHONE_ADDRESS = Key("phone_address", "")  # "" = the address on the default route
