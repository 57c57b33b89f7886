"""Start-up's one answer to "the data file failed its check": ``explain_failure``.

A file that is damaged, not a database, from a newer mycrm or out of reach is refused by
``core.db.open_database`` (or by the background check's verdict) without being written to.
Every start-up route hands that failure to ``explain_failure`` — the careful open
(``open_with_recovery``), the verdict taken just after the first paint of a window shown
before the ORM and ``--screenshot`` mode — which tells the user in plain words
(``mycrm.explain``, the command line's words too) that the file was left untouched and
offers the newest good backup: interactively restore it, open another file, or quit;
otherwise the same words go to stderr.

Restoring never modifies the damaged file's bytes: the file (and any ``-wal`` / ``-shm``
beside it) is *renamed* to ``<name>.damaged-<UTC stamp>`` in the same folder — a rename
keeps every byte — and the backup is then copied to the data path through SQLite's backup
API. The user (or support) can still inspect or salvage the renamed file.

The ORM (``core.db.engine``, ``core.db.backup``) is imported inside the functions that open
or restore a file: the start-up module names this one before the first paint, which must not
load SQLAlchemy (see ``ui.app.application``).
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from mycrm.core.db.integrity import DatabaseError, FileAccessError
from mycrm.explain import backup_offer, explain, newest_good_backup, print_failure
from mycrm.ui.common.i18n import translator

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget
    from sqlalchemy import Engine


log = logging.getLogger(__name__)


_t = translator("recovery")


def explain_failure(exc: DatabaseError, data_path: Path, *,
                    interactive: bool) -> Engine | None:
    """Tell the user that ``data_path`` failed its check (``exc``), the careful way: a plain
    sentence, that the file was left untouched, and the newest good backup.

    ``interactive``: a dialog offers to restore that backup, open another file or quit, and
    the engine of the file the user ends up with is returned (None: quit; callers take the
    data path from ``Path(engine.url.database)``). Otherwise the words go to stderr and None
    is returned: the caller exits non-zero. Never writes to ``data_path``. The caller logs
    the failure (the command line has no log file)."""
    if not interactive:
        print_failure(exc, data_path)
        return None
    newest = newest_good_backup(data_path)
    return _ask(data_path, explain(exc, data_path), backup_offer(exc, newest),
                can_restore=newest is not None)


def set_aside(data_path: Path, now: datetime) -> Path:
    """Rename the unusable file (and its -wal/-shm) to ``.damaged-<stamp>``; bytes unchanged."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = data_path.with_name(f"{data_path.name}.damaged-{stamp}")
    counter = 1
    while aside.exists():
        aside = data_path.with_name(f"{data_path.name}.damaged-{stamp}-{counter}")
        counter += 1
    for suffix in ("-wal", "-shm"):
        companion = Path(str(data_path) + suffix)
        if companion.exists():
            os.replace(companion, Path(str(aside) + suffix))
    os.replace(data_path, aside)
    return aside


def restore_newest_backup(data_path: Path, now: datetime) -> tuple[Path, Path]:
    """Set the damaged file aside and restore the newest good backup in its place.

    Returns (restored backup, renamed damaged file). Raises ``BackupError`` when there is
    no good backup (then nothing was renamed)."""
    from mycrm.core.db.backup import BackupError, restore_backup

    newest = newest_good_backup(data_path)
    if newest is None:
        raise BackupError("no good backup")
    aside = set_aside(data_path, now)
    try:
        restore_backup(newest.path, data_path, now=now)
    except BackupError:
        Path(data_path).unlink(missing_ok=True)
        os.replace(aside, data_path)  # put the original back exactly as it was
        raise
    return newest.path, aside


def open_with_recovery(data_path: Path, *, interactive: bool,
                       defer_check: bool = False) -> Engine | None:
    """Open ``data_path`` the careful way; a file that cannot be used goes to
    ``explain_failure`` (same arguments, same result). ``defer_check``: see
    ``db.open_database`` (the caller confirms the file before writing or showing it)."""
    from mycrm.core.db.engine import open_database

    notice = MigrationNotice() if interactive else None
    try:
        try:
            return open_database(data_path, defer_check=defer_check, before_migration=notice)
        finally:
            if notice is not None:
                notice.close()
    except DatabaseError as exc:
        failure = exc
    except OSError as exc:  # the folder or file is out of reach; nothing was written
        failure = FileAccessError.from_os_error(exc, data_path)
    log.error("cannot open %s: %s", data_path, failure)
    return explain_failure(failure, data_path, interactive=interactive)


class MigrationNotice:
    """A small window saying what happens while a file made by an earlier version is backed
    up and brought to this version's schema (once; seconds on a very large file), so the
    wait before the main window is not a silent one."""

    def __init__(self) -> None:
        self.window: QWidget | None = None

    def __call__(self, _revision: str) -> None:
        from PySide6.QtWidgets import QApplication, QLabel

        label = QLabel("<b>{}</b><p>{}</p>".format(
            escape(_t("Updating your data file for this version of mycrm…")),
            escape(_t("A backup is made first. On a large file this takes a few seconds; "
                      "please wait."))))
        label.setObjectName("migrationNotice")
        label.setWindowTitle("mycrm")
        label.setWindowFlag(Qt.WindowType.Dialog)
        label.setWordWrap(True)
        label.setMargin(24)
        label.setMinimumWidth(440)
        label.show()
        label.raise_()
        for _ in range(2):  # mapped, then painted: the work that follows blocks
            QApplication.processEvents()
        self.window = label

    def close(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None


def _ask(data_path: Path, message: str, offer: str, *, can_restore: bool) -> Engine | None:
    """The dialog: restore the newest good backup (when there is one), open another file,
    or quit. Returns what ``open_with_recovery`` returns for the file chosen."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from mycrm.core.db.backup import BackupError
    from mycrm.ui.common.plain import literal_text

    box = QMessageBox(QMessageBox.Icon.Critical, _t("Cannot open the data file"), message)
    box.setTextFormat(Qt.TextFormat.PlainText)  # it names the file: any character
    box.setInformativeText(offer)
    restore = None
    if can_restore:
        restore = box.addButton(_t("Restore newest backup"), QMessageBox.ButtonRole.AcceptRole)
    other = box.addButton(_t("Open another file…"), QMessageBox.ButtonRole.ActionRole)
    quit_button = box.addButton(_t("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore or quit_button)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        try:
            restore_newest_backup(data_path, datetime.now(UTC))
        except (BackupError, OSError) as error:
            QMessageBox.critical(None, _t("Restore failed"), literal_text(_t(
                "The backup could not be restored. Your file has not been changed.\n\n%1"
            ).replace("%1", str(error))))
            return None
        return open_with_recovery(data_path, interactive=True)
    if clicked is other:
        chosen, _filter = QFileDialog.getOpenFileName(
            None, _t("Open a mycrm data file"), str(data_path.parent),
            _t("mycrm data files (*.sqlite *.db);;All files (*)"))
        if chosen:
            return open_with_recovery(Path(chosen), interactive=True)
    return None
