"""Data → Backups…: the list of backups (date, reason, size, counts), Back up now, Restore,
Open folder.

Restoring swaps the data file under the running app: ``restore_into_context`` disposes the
engine, restores (the current file is backed up first), opens the file again and puts the
new engine into the same ``AppContext``, then emits ``ctx.changed`` so every page reloads.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QUrl,
)
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.changes import Change
from mycrm.core.db.backup import (
    BackupError,
    BackupInfo,
    backup_database,
    list_backups,
    prune_backups,
    restore_backup,
)
from mycrm.core.db.engine import DatabaseError, open_database
from mycrm.core.db.paths import backup_dir
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.fmt import format_datetime
from mycrm.ui.common.plain import literal_text, plain_label
from mycrm.ui.common.wait import busy

log = logging.getLogger(__name__)
Index = QModelIndex | QPersistentModelIndex


def restore_into_context(ctx: AppContext, backup: Path) -> Path | None:
    """Restore ``backup`` over ``ctx.data_path`` and reopen it in place; returns the safety
    backup of the replaced file. On failure the previous file is reopened and the error
    re-raised."""
    ctx.engine.dispose()
    try:
        safety = restore_backup(backup, ctx.data_path, now=ctx.now())
    finally:
        try:
            ctx.replace_engine(open_database(ctx.data_path))
        except DatabaseError:
            log.exception("could not reopen %s after restore", ctx.data_path)
            raise
    ctx.changed.emit(Change.ALL)  # another file: everything may differ
    return safety


class BackupsModel(QAbstractTableModel):
    COLUMNS = ("date", "reason", "size", "customers", "contacts", "todos")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[tuple[BackupInfo, dict[str, int] | None]] = []

    def reload(self) -> None:
        self.beginResetModel()
        self.items = [(b, b.counts()) for b in list_backups(backup_dir(self.ctx.data_path))]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Date"), self.tr("Why"), self.tr("Size"), self.tr("Customers"),
                  self.tr("Contacts"), self.tr("To-dos"))
        return titles[section] if 0 <= section < len(titles) else None

    def reason_text(self, reason: str) -> str:
        if reason.startswith("pre-migration"):
            return self.tr("Before an update")
        return {"auto": self.tr("Automatic"), "quit": self.tr("On quit"),
                "manual": self.tr("By hand"), "pre-restore": self.tr("Before a restore")
                }.get(reason, reason)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        info, counts = self.items[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return str(info.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in ("date", "reason"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "date":
            return format_datetime(info.created_at, self.ctx.zone)
        if column == "reason":
            return self.reason_text(info.reason)
        if column == "size":
            return QLocale().formattedDataSize(info.size)
        if counts is None:
            return self.tr("unreadable")
        key = {"customers": "customer", "contacts": "contact", "todos": "todo"}[column]
        return QLocale().toString(counts[key])


class BackupsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Backups"))
        self.resize(720, 420)
        self.model = BackupsModel(ctx, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Backups"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel(self.tr("No backups yet — click “Back up now” to make the first."))
        self.folder_label = plain_label(self.tr("Backups are kept in %1").replace(
            "%1", str(backup_dir(ctx.data_path))))
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.backup_button = QPushButton(self.tr("&Back up now"))
        self.restore_button = QPushButton(self.tr("&Restore…"))
        self.folder_button = QPushButton(self.tr("Open &folder"))
        for button in (self.backup_button, self.restore_button, self.folder_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.backup_button.setShortcut(QKeySequence("Ctrl+B"))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button.clicked.connect(self.open_folder)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.view)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.reload()

    def reload(self) -> None:
        self.model.reload()
        empty = self.model.rowCount() == 0
        self.empty.setVisible(empty)
        self.view.setVisible(not empty)
        if not empty:
            self.view.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected_backup() is not None)

    def selected_backup(self) -> Path | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return Path(self.model.data(rows[0], Qt.ItemDataRole.UserRole))

    def back_up_now(self) -> Path | None:
        directory = backup_dir(self.ctx.data_path)
        try:
            with busy():
                path = backup_database(self.ctx.engine, directory, reason="manual",
                                       now=self.ctx.now())
                prune_backups(directory, self.ctx.now())
        except (BackupError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Backup failed"), literal_text(self.tr(
                "The backup could not be written.\n\n%1").replace("%1", str(exc))))
            return None
        self.reload()
        return path

    def restore_selected(self, *, confirm: bool = True) -> bool:
        backup = self.selected_backup()
        if backup is None:
            return False
        if confirm and QMessageBox.question(
            self, self.tr("Restore this backup?"), self.tr(
                "Your data will be replaced by this backup. Your current data is backed up "
                "first, so you can go back.")) != QMessageBox.StandardButton.Yes:
            return False
        try:
            with busy():
                restore_into_context(self.ctx, backup)
        except (BackupError, OSError, DatabaseError) as exc:
            QMessageBox.warning(self, self.tr("Restore failed"), literal_text(self.tr(
                "The backup could not be restored.\n\n%1").replace("%1", str(exc))))
            return False
        self.reload()
        return True

    def open_folder(self) -> None:
        directory = backup_dir(self.ctx.data_path)
        directory.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(directory)))
