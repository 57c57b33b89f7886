"""Settings are saved to the data file (the language to the user's preferences); start at
login writes an XDG autostart entry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTime
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from mycrm.core.settings import autostart, preferences
from mycrm.core.settings.keys import DND_END, DND_START, LANGUAGE, REVISIT_DAYS
from mycrm.core.settings.store import get_setting
from mycrm.ui.app.context import AppContext
from mycrm.ui.app.settings_dialog import SettingsDialog
from mycrm.ui.common import i18n


@pytest.fixture
def english_after(qapp: QApplication) -> Iterator[None]:
    """Saving a new language installs it at once; the next test starts in English again."""
    yield
    i18n.uninstall(qapp)
    QLocale.setDefault(QLocale.c())


@pytest.mark.usefixtures("english_after")
def test_saving_writes_settings_and_autostart(qtbot: QtBot, ctx: AppContext,
                                              tmp_path: Path) -> None:
    target = tmp_path / "autostart"
    dialog = SettingsDialog(ctx, autostart_dir=target)
    qtbot.addWidget(dialog)
    dialog.dnd.setChecked(True)
    dialog.dnd_start.setTime(QTime(21, 30))
    dialog.dnd_end.setTime(QTime(7, 15))
    dialog.revisit.setValue(60)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.login.setChecked(True)
    dialog.sound.setChecked(False)
    assert dialog.save()
    assert dialog.language_changed
    with ctx.session() as s:
        assert (get_setting(s, DND_START), get_setting(s, DND_END)) == ("21:30", "07:15")
        assert get_setting(s, REVISIT_DAYS) == 60
        assert get_setting(s, LANGUAGE) == ""  # the user's preference, not the file's
        assert preferences.load_settings(s).language == "zh_CN"
        assert preferences.load_settings(s).sound is False
    entry = (target / autostart.FILE_NAME).read_text(encoding="utf-8")
    assert autostart.parse_exec(entry) == autostart.launch_command()
    dialog = SettingsDialog(ctx, autostart_dir=target)
    qtbot.addWidget(dialog)
    assert dialog.dnd.isChecked() and dialog.dnd_start.time() == QTime(21, 30)
    dialog.login.setChecked(False)
    assert dialog.save()
    assert not autostart.is_enabled(target)


def test_desktop_entry_quotes_paths_with_spaces(tmp_path: Path) -> None:
    command = ["/opt/my apps/python3", "-m", "mycrm"]
    path = autostart.set_autostart(True, directory=tmp_path, command=command)
    text = path.read_text(encoding="utf-8")
    assert 'Exec="/opt/my apps/python3" -m mycrm' in text
    assert autostart.parse_exec(text) == command
    assert "[Desktop Entry]" in text and "Type=Application" in text


def test_invalid_values_write_nothing(ctx: AppContext) -> None:
    import pytest

    from mycrm.core.common.validation import ValidationError

    with pytest.raises(ValidationError) as info:
        ctx.run(preferences.save_settings, values=preferences.ReminderSettings(
            dnd_start="22:00", dnd_end="", revisit_days=0))
    assert {e.field for e in info.value.errors} == {"dnd_end", "revisit_days"}
    with ctx.session() as s:
        assert get_setting(s, DND_START) == ""
