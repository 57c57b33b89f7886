"""Opening the data file when it is damaged, not a database, or from a newer mycrm.

``core.db.open_database`` refuses such files without writing to them. Here the user is told
in plain words and offered: restore the newest good backup, open another file, or quit.

Restoring never modifies the damaged file's bytes: the file (and any ``-wal`` / ``-shm``
beside it) is *renamed* to ``<name>.damaged-<UTC stamp>`` in the same folder — a rename
keeps every byte — and the backup is then copied to the data path through SQLite's backup
API. The user (or support) can still inspect or salvage the renamed file.
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import Engine

from mycrm.core.db.backup import BackupError, newest_good_backup, restore_backup
from mycrm.core.db.engine import (
    DamagedDatabaseError,
    DatabaseError,
    FutureSchemaError,
    NotADatabaseError,
    open_database,
)
from mycrm.core.db.paths import backup_dir
from mycrm.ui.common.i18n import translator

log = logging.getLogger(__name__)


_t = translator("recovery")


def explain(exc: DatabaseError, data_path: Path) -> str:
    """The problem in plain words, for people who do not know what SQLite is."""
    if isinstance(exc, FutureSchemaError):
        reason = _t("The data file %1 was saved by a newer version of mycrm. "
                    "Update mycrm to open it.")
    elif isinstance(exc, NotADatabaseError):
        reason = _t("The file %1 is not a mycrm data file.")
    elif isinstance(exc, DamagedDatabaseError):
        reason = _t("The data file %1 is damaged and cannot be opened safely.")
    else:
        reason = _t("The data file %1 cannot be opened.")
    return (reason.replace("%1", str(data_path)) + "\n\n"
            + _t("mycrm has not changed this file."))


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
    newest = newest_good_backup(backup_dir(data_path))
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
    """Open ``data_path``; on a bad file explain and (interactively) offer recovery.

    Returns the engine, or None when the user quits / in non-interactive mode (the message
    then goes to stderr). When the user opens another file, the returned engine is on that
    file: callers take the data path from ``Path(engine.url.database)``. ``defer_check``:
    see ``db.open_database`` (the caller confirms the file before writing or showing it).
    """
    notice = MigrationNotice() if interactive else None
    try:
        try:
            return open_database(data_path, defer_check=defer_check, before_migration=notice)
        finally:
            if notice is not None:
                notice.close()
    except DatabaseError as exc:
        log.error("cannot open %s: %s", data_path, exc)
        message = explain(exc, data_path)
        if not interactive:
            print(f"mycrm: {message}", file=sys.stderr)
            return None
        return _ask(exc, data_path, message)


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


def _ask(exc: DatabaseError, data_path: Path, message: str) -> Engine | None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, _t("Cannot open the data file"), message)
    newest = newest_good_backup(backup_dir(data_path))
    restore = None
    if newest is not None:
        text = _t("The newest good backup is from %1. Restoring it keeps the current file "
                  "beside it, renamed, untouched.").replace(
            "%1", newest.created_at.astimezone().strftime("%Y-%m-%d %H:%M"))
        if isinstance(exc, FutureSchemaError):
            text += "\n" + _t("Changes made with the newer version will not be in it.")
        box.setInformativeText(text)
        restore = box.addButton(_t("Restore newest backup"), QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setInformativeText(_t("There is no backup to restore."))
    other = box.addButton(_t("Open another file…"), QMessageBox.ButtonRole.ActionRole)
    quit_button = box.addButton(_t("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore or quit_button)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        try:
            restore_newest_backup(data_path, datetime.now(UTC))
        except (BackupError, OSError) as error:
            QMessageBox.critical(None, _t("Restore failed"), _t(
                "The backup could not be restored. Your file has not been changed.\n\n%1"
            ).replace("%1", str(error)))
            return None
        return open_with_recovery(data_path, interactive=True)
    if clicked is other:
        chosen, _filter = QFileDialog.getOpenFileName(
            None, _t("Open a mycrm data file"), str(data_path.parent),
            _t("mycrm data files (*.sqlite *.db);;All files (*)"))
        if chosen:
            return open_with_recovery(Path(chosen), interactive=True)
    return None
