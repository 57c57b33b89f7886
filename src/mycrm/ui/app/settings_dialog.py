"""Settings: reminder sound, do-not-disturb hours, start at login, revisit period, language,
the paired phones, and where the data file lives. ``show_settings(window)`` is the entry
point of Edit ▸ Settings… (the application menu's Preferences on macOS). A new language
applies at once (``ui.common.i18n.install``: every window retranslates itself) and is the
user's preference in every data file (``core.settings.user_prefs``)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QTime, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.common.validation import ValidationError
from mycrm.core.settings import autostart, preferences
from mycrm.core.settings.preferences import ReminderSettings
from mycrm.core.todos import reminders
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.forms import FieldErrors
from mycrm.ui.common.plain import plain_label

log = logging.getLogger(__name__)


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 autostart_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.autostart_dir = autostart_dir
        self.setWindowTitle(self.tr("Settings"))
        current = ctx.read(preferences.load_settings)
        self._language_before = current.language
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.errors = FieldErrors()
        self.sound = QCheckBox(self.tr("Play a sound with each reminder"))
        self.sound.setChecked(current.sound)
        form.addRow(self.tr("Reminders:"), self.sound)
        self.dnd = QCheckBox(self.tr("Do not disturb from"))
        self.dnd_start = QTimeEdit()
        self.dnd_start.setDisplayFormat("HH:mm")
        self.dnd_end = QTimeEdit()
        self.dnd_end.setDisplayFormat("HH:mm")
        self.dnd_start.setAccessibleName(self.tr("Do not disturb from"))
        self.dnd_end.setAccessibleName(self.tr("Do not disturb until"))
        start = reminders.parse_hhmm(current.dnd_start)
        end = reminders.parse_hhmm(current.dnd_end)
        self.dnd.setChecked(start is not None and end is not None)
        self.dnd_start.setTime(QTime(start.hour, start.minute) if start else QTime(22, 0))
        self.dnd_end.setTime(QTime(end.hour, end.minute) if end else QTime(7, 0))
        dnd_row = QWidget()
        row = QHBoxLayout(dnd_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.dnd)
        row.addWidget(self.dnd_start)
        row.addWidget(QLabel(self.tr("to")))
        row.addWidget(self.dnd_end)
        row.addStretch(1)
        self.errors.add_row(form, "", "dnd_end", dnd_row)
        form.addRow("", QLabel(self.tr("Reminders due in these hours are shown when they end.")))
        self.login = QCheckBox(self.tr("Start mycrm when I log in"))
        self.login.setChecked(current.start_at_login)
        if not autostart.supported():
            self.login.setEnabled(False)
            self.login.setToolTip(self.tr(
                "On this system the installer sets up starting at login."))
        form.addRow("", self.login)
        self.revisit = QSpinBox(minimum=1, maximum=3650, suffix=self.tr(" days"))
        self.revisit.setValue(current.revisit_days)
        self.revisit.setAccessibleName(self.tr("Revisit period"))
        self.errors.add_row(form, self.tr("Revisit customers every:"), "revisit_days",
                            self.revisit)
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        self.language.addItem(self.tr("System language"), "")
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(self.language.findData(current.language), 0))
        self.errors.add_row(form, self.tr("Language:"), "language", self.language)
        folder = ctx.data_path.parent
        data_row = QWidget()
        row = QHBoxLayout(data_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.folder_label = plain_label(str(ctx.data_path))  # a path may hold any character
        self.folder_label.setWordWrap(True)
        row.addWidget(self.folder_label, 1)
        open_folder = QPushButton(self.tr("Open folder"))
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
        row.addWidget(open_folder)
        form.addRow(self.tr("Data file:"), data_row)
        form.addRow("", QLabel(self.tr(
            "To keep your data elsewhere, move the file and start mycrm --data PATH.")))
        from mycrm.ui.companion.phones import PhonesList

        self.phones = PhonesList(ctx)
        form.addRow(self.tr("Paired phones:"), self.phones)
        phone_button = QPushButton(self.tr("Phone access…"))
        phone_button.setEnabled(hasattr(parent, "run_extension"))
        phone_button.clicked.connect(self._phone_access)
        form.addRow("", phone_button)
        layout.addLayout(form)
        self.message = plain_label()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> ReminderSettings:
        on = self.dnd.isChecked()
        return ReminderSettings(
            sound=self.sound.isChecked(),
            dnd_start=self.dnd_start.time().toString("HH:mm") if on else "",
            dnd_end=self.dnd_end.time().toString("HH:mm") if on else "",
            start_at_login=self.login.isChecked(),
            revisit_days=self.revisit.value(),
            language=str(self.language.currentData()))

    def save(self) -> bool:
        values = self.values()
        self.errors.clear()
        try:
            self.ctx.run(preferences.save_settings, values=values)
        except ValidationError as exc:
            self.message.setText("\n".join(self.errors.show(exc)))
            return False
        if autostart.supported():
            try:
                autostart.set_autostart(values.start_at_login, directory=self.autostart_dir)
            except OSError as exc:
                log.warning("cannot change the autostart entry: %s", exc)
                self.message.setText(self.tr("Could not change starting at login: %1").replace(
                    "%1", str(exc)))
                return False
        if self.language_changed:
            apply_language(values.language)
        self.accept()
        return True

    def _phone_access(self) -> None:
        window = self.parent()
        run = getattr(window, "run_extension", None)
        if run is not None:
            run("mycrm.ui.companion.dialog", "show_phone_access")

    @property
    def language_changed(self) -> bool:
        return str(self.language.currentData()) != self._language_before


def apply_language(language: str) -> None:
    """Install ``language`` ("" = the system's) now: Qt sends ``LanguageChange`` to every
    widget, and the main window retranslates (``MainWindow.retranslate``) — delivered here,
    before this returns, not at some later turn of the event loop."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from mycrm.ui.common.i18n import install

    app = QApplication.instance()
    if isinstance(app, QApplication):
        install(app, language)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)


def show_settings(window: QWidget) -> SettingsDialog:
    """Edit ▸ Settings…: a window-modal dialog on the window's data file."""
    ctx: AppContext = window.ctx  # type: ignore[attr-defined]
    dialog = SettingsDialog(ctx, parent=window)
    dialog.open()
    return dialog
