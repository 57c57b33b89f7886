"""Calendar export from the window: the Data menu's "Export to calendar (ICS)…" and the
automatic re-export that keeps a chosen file up to date after every change.

The automatic export writes through ``ctx.session()`` rather than ``ctx.run`` on purpose:
it must not emit ``ctx.changed`` itself, or every export would trigger the next one.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QFileDialog, QMessageBox, QWidget
from sqlmodel import Session

from mycrm.core.calendar.ics import IcsTexts
from mycrm.core.calendar.ics import export_ics as write_ics
from mycrm.core.settings.keys import ICS_AUTOEXPORT_PATH
from mycrm.core.settings.store import get_setting, set_setting
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.i18n import translator
from mycrm.ui.common.plain import literal_text

log = logging.getLogger(__name__)

AUTOEXPORT_DELAY_MS = 2000  # wait for a burst of changes to settle before rewriting the file


_t = translator("calendar_actions")


def ics_texts() -> IcsTexts:
    """The words of the exported file, in the user's language."""
    return IcsTexts(calendar_name=_t("mycrm renewals and reminders"),
                    renewal=_t("Renewal: %1"), renewal_alarm=_t("%1 renews on %2"),
                    tier=_t("Tier %1"), customer=_t("Customer: %1"))


def export_service(*, session: Session, now: Any, path: Path, keep_updated: bool,
                   zone: str, texts: IcsTexts) -> int:
    """Export, and remember (or forget) ``path`` as the file to keep up to date — one
    transaction, so a failed export stores no setting."""
    count = write_ics(session=session, path=path, now=now, zone=zone, texts=texts)
    current = get_setting(session, ICS_AUTOEXPORT_PATH)
    if keep_updated:
        set_setting(session, ICS_AUTOEXPORT_PATH, str(path))
    elif current == str(path):
        set_setting(session, ICS_AUTOEXPORT_PATH, "")
    return count


def _ask_path(window: QWidget, current: str) -> Path | None:
    start = current or str(Path.home() / "mycrm.ics")
    name, _filter = QFileDialog.getSaveFileName(
        window, _t("Export to calendar (ICS)"), start, _t("iCalendar files (*.ics)"))
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".ics" else path.with_suffix(".ics")


def _ask_keep_updated(window: QWidget, current: bool) -> bool | None:
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_t("Export to calendar (ICS)"))
    box.setText(_t("Renewal dates (all-day, with an alarm before) and to-dos with a reminder "
                   "time will be written to the file. Import it in your calendar, or "
                   "subscribe to it from a synced folder."))
    check = QCheckBox(_t("Keep this file up to date after every change"))
    check.setChecked(current)
    box.setCheckBox(check)
    box.setStandardButtons(QMessageBox.StandardButton.Save
                           | QMessageBox.StandardButton.Cancel)
    if box.exec() != QMessageBox.StandardButton.Save:
        return None
    return check.isChecked()


def export_ics(window: Any, path: Path | None = None, keep_updated: bool | None = None
               ) -> int | None:
    """The Data menu action. Asks for a file (unless ``path``) and whether to keep it up to
    date (unless ``keep_updated``); returns the number of events, ``None`` if cancelled or
    failed (the user is told why)."""
    ctx: AppContext = window.ctx
    current = ctx.read(get_setting, key=ICS_AUTOEXPORT_PATH)
    if path is None:
        path = _ask_path(window, current)
        if path is None:
            return None
    if keep_updated is None:
        keep_updated = _ask_keep_updated(window, current == str(path) or not current)
        if keep_updated is None:
            return None
    try:
        count = ctx.run(export_service, path=path, keep_updated=keep_updated,
                        zone=ctx.zone, texts=ics_texts())
    except OSError as exc:
        QMessageBox.warning(window, _t("Export to calendar (ICS)"), literal_text(_t(
            "Could not write %1: %2").replace("%1", str(path)).replace(
            "%2", exc.strerror or str(exc))))
        return None
    status = getattr(window, "statusBar", None)
    if status is not None:
        status().showMessage(_t("%n event(s) exported to %1", count).replace("%1", str(path)),
                             8000)
    return count


class IcsAutoExporter(QObject):
    """Re-exports the chosen ICS file (setting ``ics_autoexport_path``) a moment after each
    change. ``exported(count)`` / ``failed(message)`` report the outcome (the lead may show
    them in the status bar); a failure is logged and retried after the next change."""

    exported = Signal(int)
    failed = Signal(str)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.timer = QTimer(self, singleShot=True, interval=AUTOEXPORT_DELAY_MS)
        self.timer.timeout.connect(self.export_now)
        ctx.changed.connect(lambda _what: self.timer.start())  # start(), not start(msec)
        self.timer.start()  # the file may be older than the data: refresh once at start

    def export_now(self) -> int | None:
        path = self.ctx.read(get_setting, key=ICS_AUTOEXPORT_PATH)
        if not path:
            return None
        try:
            with self.ctx.session() as session:
                count = write_ics(session=session, path=Path(path), now=self.ctx.now(),
                                  zone=self.ctx.zone, texts=ics_texts())
        except OSError as exc:
            log.warning("automatic calendar export to %s failed: %s", path, exc)
            self.failed.emit(_t("Could not update the calendar file %1: %2").replace(
                "%1", path).replace("%2", exc.strerror or str(exc)))
            return None
        self.exported.emit(count)
        return count


def install_ics_autoexport(ctx: AppContext) -> IcsAutoExporter:
    """Start keeping the chosen ICS file up to date; call once at start-up. The returned
    object is parented to ``ctx``; keep it if you want its signals."""
    return IcsAutoExporter(ctx)
