"""The interface language is the user's preference (a file in the user's configuration
directory), not one data file's: the sample portfolio and a second --data file show the
language the user chose; a language stored in a data file by an older version is adopted
once as the user's and never overrides it afterwards."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from mycrm.core.common.validation import ValidationError
from mycrm.core.db.engine import open_database, session_scope
from mycrm.core.settings import user_prefs
from mycrm.core.settings.keys import LANGUAGE
from mycrm.core.settings.preferences import ReminderSettings, load_settings, save_settings
from mycrm.core.settings.store import get_setting, set_setting


def other_file(tmp_path: Path, language: str = "") -> Engine:
    engine = open_database(tmp_path / "other.sqlite")
    if language:
        with session_scope(engine) as session:
            set_setting(session, LANGUAGE, language)
    return engine


def test_the_language_saved_in_one_file_is_the_users_in_every_file(
        engine: Engine, tmp_path: Path, now: datetime) -> None:
    with session_scope(engine) as session:
        save_settings(session=session, now=now, values=ReminderSettings(language="zh_CN"))
    with session_scope(engine) as session:
        assert get_setting(session, LANGUAGE) == ""  # not kept in the data file
        assert load_settings(session).language == "zh_CN"
    other = other_file(tmp_path)
    with session_scope(other) as session:
        assert load_settings(session).language == "zh_CN"
        assert user_prefs.user_language(get_setting(session, LANGUAGE)) == "zh_CN"
    other.dispose()
    assert user_prefs.prefs_path().is_file()
    assert "zh_CN" in user_prefs.prefs_path().read_text(encoding="utf-8")


def test_an_older_files_language_is_adopted_once(engine: Engine, tmp_path: Path) -> None:
    with session_scope(engine) as session:
        set_setting(session, LANGUAGE, "zh_CN")  # as an older version stored it
    assert not user_prefs.prefs_path().exists()
    with session_scope(engine) as session:
        assert user_prefs.user_language(get_setting(session, LANGUAGE)) == "zh_CN"
    other = other_file(tmp_path, "en")  # another old file disagrees: the user's choice wins
    with session_scope(other) as session:
        assert user_prefs.user_language(get_setting(session, LANGUAGE)) == "zh_CN"
    other.dispose()


def test_system_language_is_a_choice_too(engine: Engine, now: datetime) -> None:
    with session_scope(engine) as session:
        set_setting(session, LANGUAGE, "zh_CN")
        save_settings(session=session, now=now, values=ReminderSettings(language=""))
    assert user_prefs.user_language("zh_CN") == ""  # chosen: follow the system


def test_a_bad_language_writes_nothing(engine: Engine, now: datetime) -> None:
    with pytest.raises(ValidationError), session_scope(engine) as session:
        save_settings(session=session, now=now, values=ReminderSettings(language="klingon"))
    assert not user_prefs.prefs_path().exists()
    with pytest.raises(ValueError):
        user_prefs.save_language("klingon")


def test_a_damaged_preferences_file_falls_back_to_the_data_file() -> None:
    path = user_prefs.prefs_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    assert user_prefs.user_language("en") == "en"
