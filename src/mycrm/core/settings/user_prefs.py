"""Preferences of the user rather than of one data file: the interface language.

A data file is one portfolio — the user's own, the sample (``--demo``), another
``--data`` file — but the person reading it is the same, so the language lives in a small
JSON file in the user's configuration directory (platformdirs; ``XDG_CONFIG_HOME`` on
Linux). Older versions stored it in the data file (``keys.LANGUAGE``): while the user has
no saved choice, the first such value seen is adopted as theirs (``user_language``) and
from then on the user's choice wins over whatever a file says.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import platformdirs

from mycrm.core.common.files import write_atomically
from mycrm.core.db.paths import APP_NAME

log = logging.getLogger(__name__)

PREFS_FILE = "preferences.json"
LANGUAGE_KEY = "language"
LANGUAGES = ("", "zh_CN", "en")  # "" = follow the system


def prefs_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / PREFS_FILE


def _load(path: Path) -> dict[str, Any]:
    """The saved preferences; {} when there are none or the file cannot be read (a damaged
    preferences file must never stop the app: the defaults apply)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable preferences %s: %s", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def _save(path: Path, data: dict[str, Any]) -> None:
    """Write atomically (a crash leaves the old file or the new one, never half)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))


def saved_language(path: Path | None = None) -> str | None:
    """The user's saved language ("" = the system's), or None if they never chose one."""
    value = _load(path or prefs_path()).get(LANGUAGE_KEY)
    return value if value in LANGUAGES else None


def save_language(language: str, path: Path | None = None) -> None:
    """Save the user's language; raises ``ValueError`` for one we do not offer."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    path = path or prefs_path()
    data = _load(path)
    data[LANGUAGE_KEY] = language
    _save(path, data)


def user_language(file_language: str = "", path: Path | None = None) -> str:
    """The language to show: the user's choice; without one, ``file_language`` (what an
    older version stored in the data file), adopted as the user's choice when it names a
    language. Never raises for an unwritable configuration directory (logged)."""
    saved = saved_language(path)
    if saved is not None:
        return saved
    if file_language in LANGUAGES and file_language:
        try:
            save_language(file_language, path)
        except OSError as exc:
            log.warning("could not save the language preference: %s", exc)
        return file_language
    return ""
