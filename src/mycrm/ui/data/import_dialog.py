"""Import from CSV / Excel: encoding → column mapping (guessed, editable) → preview → apply.

The dialog only drives ``core.importer``; the preview table shows each row's status (new,
already in mycrm, another person of a company above, error) and the reason. The rows are
written on a worker thread (``import_worker``) behind a progress dialog with Cancel; a
cancelled import writes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mycrm import import_words
from mycrm.core.changes import changes_of
from mycrm.core.data.columns import Destination
from mycrm.core.data.importer import (
    Field,
    ImportFileError,
    ImportResult,
    Preview,
    PreviewRow,
    RawTable,
    RowStatus,
    SheetInfo,
    apply_import,
    build_preview,
    cell_text,
    list_sheets,
    propose_mapping,
    read_table,
)
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.fmt import format_date, format_money
from mycrm.ui.common.i18n import translator
from mycrm.ui.common.plain import literal_text, plain_label
from mycrm.ui.data.import_worker import ImportWorker, start_worker

Index = QModelIndex | QPersistentModelIndex
ENCODINGS = ("", "utf-8", "gb18030", "gbk", "big5", "utf-16", "latin-1")


_t = translator("import_dialog")
# The words are shared with the command line (``mycrm.import_words``, same context).
field_labels = import_words.field_labels
error_text = import_words.error_text


class MappingModel(QAbstractTableModel):
    """One row per file column: header, a sample value, and the field it feeds (editable)."""

    def __init__(self, table: RawTable, mapping: dict[int, Field], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.table = table
        self.mapping = dict(mapping)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.table.headers)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Column in the file"), self.tr("Example"),
                    self.tr("Imported as"))[section] if 0 <= section < 3 else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == 2 else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.table.headers):
            return None
        row = index.row()
        if role == Qt.ItemDataRole.EditRole and index.column() == 2:
            return self.mapping.get(row, "")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if index.column() == 0:
            return self.table.headers[row]
        if index.column() == 1:
            sample = next((cell_text(r[row]) for r in self.table.rows
                           if row < len(r) and cell_text(r[row])), "")
            return sample[:60]
        return field_labels()[self.mapping.get(row, "")]

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole  # noqa: N802
                ) -> bool:
        if not index.isValid() or index.column() != 2 or role != Qt.ItemDataRole.EditRole:
            return False
        value = str(value or "")
        if value:
            for col, fld in list(self.mapping.items()):  # one column per field
                if fld == value and col != index.row() and value != Field.IGNORE:
                    del self.mapping[col]
                    changed = self.index(col, 2)
                    self.dataChanged.emit(changed, changed)
            self.mapping[index.row()] = Field(value)
        else:
            self.mapping.pop(index.row(), None)
        self.dataChanged.emit(index, index)
        return True


class FieldDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: Index) -> QWidget:
        combo = QComboBox(parent)
        for key, label in field_labels().items():
            combo.addItem(label, str(key))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(str(index.data(Qt.ItemDataRole.EditRole)))))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class PreviewModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PreviewRow] = []

    def set_preview(self, preview: Preview | None) -> None:
        self.beginResetModel()
        self.rows = list(preview.rows) if preview else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            titles = (self.tr("Line"), self.tr("Result"), self.tr("Company"),
                      self.tr("Contact"), self.tr("Renewal date"), self.tr("Amount"),
                      self.tr("Details"))
            return titles[section] if 0 <= section < len(titles) else None
        return None

    def status_text(self, row: PreviewRow) -> str:
        return {RowStatus.NEW: self.tr("New customer"),
                RowStatus.DUPLICATE: self.tr("Already in mycrm"),
                RowStatus.SAME_COMPANY: self.tr("Added to the company above"),
                RowStatus.ERROR: self.tr("Skipped")}[row.status]

    def details(self, row: PreviewRow) -> str:
        if row.status is RowStatus.ERROR:
            return "; ".join(error_text(e) for e in row.parsed.errors)
        if row.status is RowStatus.DUPLICATE and row.match is not None:
            return self.tr("Same as “%1” — only new contacts are added").replace(
                "%1", row.match.name)
        if row.status is RowStatus.SAME_COMPANY and row.group_first is not None:
            first = self.rows[row.group_first]
            text = (self.tr("Looks like “%2” on line %1 — its contact is added there")
                    if row.similar else self.tr("Contact of the company on line %1"))
            return "; ".join([text.replace("%1", str(first.line)).replace(
                "%2", first.parsed.company)] + self.warnings(row))
        return "; ".join(self.warnings(row))

    def warnings(self, row: PreviewRow) -> list[str]:
        return [import_words.warning_text(w) for w in row.parsed.warnings]

    def parsed_values(self, row: PreviewRow) -> tuple[str, str]:
        """The renewal date and amount as they will be saved (not the raw cells)."""
        data = row.parsed.customer
        if data is None or row.status is RowStatus.ERROR:
            return "", ""
        renewal = data.renewal_date if not isinstance(data.renewal_date, str) else None
        amount = data.amount if isinstance(data.amount, int) else 0
        return format_date(renewal) if renewal else "", format_money(amount) if amount else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row.status.value
        if role != Qt.ItemDataRole.DisplayRole and role != Qt.ItemDataRole.ToolTipRole:
            return None
        contact = row.parsed.contact
        renewal, amount = self.parsed_values(row)
        values = (str(row.line), self.status_text(row), row.parsed.company,
                  contact.name if contact else "", renewal, amount, self.details(row))
        value = values[index.column()]
        return literal_text(value) if role == Qt.ItemDataRole.ToolTipRole else value


class ImportDialog(QDialog):
    """``import_progress(done, total)`` while the rows are written; ``import_ended(result)``
    once the import is over: the ``ImportResult`` committed, or None (cancelled or failed —
    nothing written)."""

    import_progress = Signal(int, int)
    import_ended = Signal(object)

    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.table: RawTable | None = None
        self.preview: Preview | None = None
        self.worker: ImportWorker | None = None
        self.thread_: QThread | None = None
        self.progress: QProgressDialog | None = None
        self.setWindowTitle(self.tr("Import customers"))
        self.resize(960, 640)
        self.encoding = QComboBox()
        self.encoding.setAccessibleName(self.tr("Text encoding"))
        for name in ENCODINGS:
            self.encoding.addItem(name.upper() if name else self.tr("Detect automatically"), name)
        self.date_order = QComboBox()
        self.date_order.setAccessibleName(self.tr("Date order"))
        self.date_order.addItem(self.tr("day/month/year (01/03/2026 = 1 March)"), True)
        self.date_order.addItem(self.tr("month/day/year (01/03/2026 = 3 January)"), False)
        self.sheet = QComboBox()
        self.sheet.setAccessibleName(self.tr("Sheet"))
        self.header_row = QSpinBox()
        self.header_row.setAccessibleName(self.tr("Row with the column names"))
        self.header_row.setRange(0, 1_000_000)
        self.header_row.setSpecialValueText(self.tr("Detect automatically"))
        self.columns_note = plain_label()  # the file's column names
        self.columns_note.setWordWrap(True)
        self.mapping_view = QTableView()
        self.mapping_view.setAccessibleName(self.tr("Column mapping"))
        self.mapping_view.setItemDelegateForColumn(2, FieldDelegate(self.mapping_view))
        self.mapping_view.verticalHeader().hide()
        self.mapping_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.mapping_view.horizontalHeader().setStretchLastSection(True)
        self.preview_model = PreviewModel(self)
        self.preview_view = QTableView()
        self.preview_view.setAccessibleName(self.tr("Preview"))
        self.preview_view.setModel(self.preview_model)
        self.preview_view.verticalHeader().hide()
        header = self.preview_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        self.message = plain_label()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = QPushButton(self.tr("&Import"))
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("File:"), plain_label(str(path)))
        form.addRow(self.tr("&Encoding:"), self.encoding)
        form.addRow(self.tr("&Dates:"), self.date_order)
        form.addRow(self.tr("&Sheet:"), self.sheet)
        form.addRow(self.tr("Column &names on row:"), self.header_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(self.tr("Columns (double-click “Imported as” to change):")))
        layout.addWidget(self.mapping_view, 1)
        layout.addWidget(self.columns_note)
        layout.addWidget(QLabel(self.tr("Preview:")))
        layout.addWidget(self.preview_view, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._fill_sheets()
        self.encoding.currentIndexChanged.connect(self.load)
        self.date_order.currentIndexChanged.connect(self.refresh_preview)
        self.sheet.currentIndexChanged.connect(self.load)
        self.header_row.editingFinished.connect(self.load)
        self.load()

    def _fill_sheets(self) -> None:
        """A workbook's sheets, hidden ones marked; the first visible one chosen."""
        sheets: list[SheetInfo] = []
        if self.path.suffix.lower() in {".xlsx", ".xlsm"}:
            try:
                sheets = list_sheets(self.path)
            except ImportFileError:
                sheets = []
        for info in sheets:
            label = (self.tr("%1 (hidden)").replace("%1", info.name) if info.hidden
                     else info.name)
            self.sheet.addItem(label, info.name)
        visible = next((i for i, info in enumerate(sheets) if not info.hidden), 0)
        self.sheet.setCurrentIndex(visible)
        self.sheet.setEnabled(len(sheets) > 1)

    def load(self) -> None:
        try:
            self.table = read_table(self.path, encoding=self.encoding.currentData() or None,
                                    sheet=self.sheet.currentData() or None,
                                    header_row=self.header_row.value() or None)
        except ImportFileError as exc:
            self.table = None
            self.message.setText(self.tr("This file cannot be read: %1").replace(
                "%1", import_words.file_error_text(exc.code, exc.params, str(exc))))
            self.mapping_view.setModel(None)
            self.refresh_preview()
            return
        table = self.table
        mapping, remembered = self.ctx.read(lambda session: propose_mapping(session, table))
        message = self.tr("Read as %1; column names on row %2.").replace(
            "%1", table.encoding.upper()).replace("%2", str(table.header_line))
        if remembered:
            message += " " + self.tr("Columns mapped as in your last import of a file with "
                                     "these column names.")
        self.message.setText(message)
        self.mapping_model = MappingModel(self.table, mapping, self)
        self.mapping_view.setModel(self.mapping_model)
        self.mapping_model.dataChanged.connect(self.refresh_preview)
        self.refresh_preview()

    def refresh_preview(self) -> None:
        if self.table is None:
            self.preview = None
        else:
            table, mapping = self.table, dict(self.mapping_model.mapping)
            day_first = bool(self.date_order.currentData())
            self.preview = self.ctx.read(
                lambda session: build_preview(session, table, mapping, day_first=day_first))
        self.preview_model.set_preview(self.preview)
        self.apply_button.setEnabled(bool(self.preview and self.preview.count_importable()))
        if self.preview is None:
            self.summary.setText("")
            return
        p = self.preview
        self.columns_note.setText(self.columns_text(p))
        self.summary.setText(self.tr(
            "%1 new customers, %2 already in mycrm, %3 more contacts, %4 rows skipped.")
            .replace("%1", str(p.count(RowStatus.NEW)))
            .replace("%2", str(p.count(RowStatus.DUPLICATE)))
            .replace("%3", str(p.count(RowStatus.SAME_COMPANY)))
            .replace("%4", str(p.count(RowStatus.ERROR))))

    def columns_text(self, preview: Preview) -> str:
        """Every column that does not feed a field, said: kept in the notes or not
        imported."""
        notes = [c.header for c in preview.columns(Destination.NOTES)]
        dropped = [c.header for c in preview.columns(Destination.IGNORED)
                   + preview.columns(Destination.EMPTY)]
        parts = []
        if notes:
            parts.append(self.tr("Kept in the notes as “column: value”: %1").replace(
                "%1", ", ".join(notes)))
        if dropped:
            parts.append(self.tr("Not imported: %1").replace("%1", ", ".join(dropped)))
        return "\n".join(parts)

    def apply(self) -> bool:
        """Start writing the preview's rows; False when there is nothing to import or an
        import is already running. The outcome comes as ``import_ended``."""
        if self.preview is None or self.worker is not None:
            return False
        self.apply_button.setEnabled(False)
        total = len(self.preview.rows)
        progress = self.progress = QProgressDialog(
            self.tr("Importing customers…"), self.tr("Cancel"), 0, max(total, 1), self)
        progress.setWindowTitle(self.tr("Import customers"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setMinimumDuration(500)  # a short import never flashes a window
        progress.setValue(0)
        worker = self.worker = ImportWorker(self.ctx.engine, self.ctx.now(), self.preview)
        # Direct: the worker's own thread is busy writing; cancel() is thread-safe.
        progress.canceled.connect(worker.cancel, Qt.ConnectionType.DirectConnection)
        worker.progressed.connect(self._on_progress)
        worker.succeeded.connect(self._on_succeeded)
        worker.cancelled.connect(self._on_cancelled)
        worker.failed.connect(self._on_failed)
        self.thread_ = start_worker(worker, self)
        return True

    def _on_progress(self, done: int, total: int) -> None:
        self.import_progress.emit(done, total)
        progress = self.progress
        if progress is None:
            return
        progress.setLabelText(self.tr("Importing customers… %1 of %2 rows").replace(
            "%1", str(done)).replace("%2", str(total)))
        progress.setMaximum(max(total, 1))
        # Last: a window-modal progress dialog handles events in setValue, and the end of
        # the import may be one of them.
        progress.setValue(done if total else 1)

    def _end(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        if self.thread_ is not None:
            self.thread_.wait()
            self.thread_.deleteLater()
            self.thread_ = None
        self.worker = None
        self.apply_button.setEnabled(True)

    def _on_succeeded(self, result: ImportResult) -> None:
        self._end()
        self.ctx.announce(changes_of(apply_import))
        self.result_summary = result
        self.import_ended.emit(result)
        QMessageBox.information(self, self.tr("Import finished"), self.tr(
            "%1 customers and %2 contacts added.").replace(
            "%1", str(result.created_customers)).replace("%2", str(result.added_contacts)))
        self.accept()

    def _on_cancelled(self) -> None:
        self._end()
        self.message.setText(self.tr("Import cancelled — nothing was imported."))
        self.import_ended.emit(None)

    def _on_failed(self, reason: str) -> None:
        self._end()
        self.import_ended.emit(None)
        QMessageBox.warning(self, self.tr("Import failed"), literal_text(self.tr(
            "Nothing was imported.\n\n%1").replace("%1", reason)))

    def reject(self) -> None:
        """Closing while the rows are written cancels the import (nothing is written) and
        waits for the worker to let go of the file."""
        if self.worker is not None and self.thread_ is not None:
            self.worker.cancel()
            self.thread_.wait()
        super().reject()
