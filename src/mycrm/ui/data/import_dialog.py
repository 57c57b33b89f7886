"""Import from CSV / Excel: encoding → column mapping (guessed, editable) → preview → apply.

The dialog only drives ``core.importer``; the preview table shows each row's status (new,
already in mycrm, another person of a company above, error) and the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.common.validation import FieldError
from mycrm.core.data.importer import (
    Field,
    ImportFileError,
    Preview,
    PreviewRow,
    RawTable,
    RowStatus,
    apply_import,
    build_preview,
    cell_text,
    guess_mapping,
    read_table,
)
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.i18n import translator

Index = QModelIndex | QPersistentModelIndex
ENCODINGS = ("", "utf-8", "gb18030", "gbk", "big5", "utf-16", "latin-1")


_t = translator("import_dialog")


def field_labels() -> dict[str, str]:
    return {
        "": _t("(ignore)"), Field.COMPANY: _t("Company"), Field.CONTACT: _t("Contact name"),
        Field.FIRST_NAME: _t("First name"), Field.LAST_NAME: _t("Last name"),
        Field.TITLE: _t("Job title"), Field.PHONE: _t("Phone"), Field.EMAIL: _t("E-mail"),
        Field.WECHAT: _t("WeChat"), Field.RENEWAL_DATE: _t("Renewal date"),
        Field.AMOUNT: _t("Amount"), Field.TIER: _t("Tier"), Field.STATE: _t("State"),
        Field.INDUSTRY: _t("Industry"), Field.NOTES: _t("Notes"), Field.TAGS: _t("Tags"),
    }


def error_text(error: FieldError) -> str:
    names = {"name": _t("Company"), "tier": _t("Tier"), "renewal_date": _t("Renewal date"),
             "amount": _t("Amount"), "state": _t("State"), "industry": _t("Industry"),
             "contact_name": _t("Contact name"), "contact_email": _t("E-mail"),
             "contact_phone": _t("Phone"), "contact_title": _t("Job title")}
    problems = {"required": _t("%1 is missing"), "too_long": _t("%1 is too long"),
                "bad_date": _t("%1 is not a date: “%2”"),
                "bad_amount": _t("%1 is not an amount: “%2”"),
                "negative_amount": _t("%1 is negative"), "amount_too_large": _t("%1 is too large"),
                "bad_choice": _t("%1 is not a known value: “%2”"),
                "bad_email": _t("%1 is not an e-mail address: “%2”")}
    template = problems.get(error.code.value, _t("%1 is not valid"))
    return template.replace("%1", names.get(error.field, error.field)).replace(
        "%2", error.params.get("value", ""))


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
                if fld == value and col != index.row():
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
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            titles = (self.tr("Line"), self.tr("Result"), self.tr("Company"),
                      self.tr("Contact"), self.tr("Details"))
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
            return self.tr("Contact of the company on line %1").replace(
                "%1", str(self.rows[row.group_first].line))
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row.status.value
        if role != Qt.ItemDataRole.DisplayRole and role != Qt.ItemDataRole.ToolTipRole:
            return None
        contact = row.parsed.contact
        values = (str(row.line), self.status_text(row), row.parsed.company,
                  contact.name if contact else "", self.details(row))
        return values[index.column()]


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.table: RawTable | None = None
        self.preview: Preview | None = None
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
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = QPushButton(self.tr("&Import"))
        self.buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("File:"), QLabel(str(path)))
        form.addRow(self.tr("&Encoding:"), self.encoding)
        form.addRow(self.tr("&Dates:"), self.date_order)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(self.tr("Columns (double-click “Imported as” to change):")))
        layout.addWidget(self.mapping_view, 1)
        layout.addWidget(QLabel(self.tr("Preview:")))
        layout.addWidget(self.preview_view, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.encoding.currentIndexChanged.connect(self.load)
        self.date_order.currentIndexChanged.connect(self.refresh_preview)
        self.load()

    def load(self) -> None:
        try:
            self.table = read_table(self.path, encoding=self.encoding.currentData() or None)
        except ImportFileError as exc:
            self.table = None
            self.message.setText(self.tr("This file cannot be read: %1").replace("%1", str(exc)))
            self.mapping_view.setModel(None)
            self.refresh_preview()
            return
        self.message.setText(self.tr("Read as %1.").replace("%1", self.table.encoding.upper()))
        self.mapping_model = MappingModel(self.table, guess_mapping(self.table.headers), self)
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
        self.summary.setText(self.tr(
            "%1 new customers, %2 already in mycrm, %3 more contacts, %4 rows skipped.")
            .replace("%1", str(p.count(RowStatus.NEW)))
            .replace("%2", str(p.count(RowStatus.DUPLICATE)))
            .replace("%3", str(p.count(RowStatus.SAME_COMPANY)))
            .replace("%4", str(p.count(RowStatus.ERROR))))

    def apply(self) -> bool:
        if self.preview is None:
            return False
        try:
            result = self.ctx.run(apply_import, preview=self.preview)
        except Exception as exc:  # noqa: BLE001 — shown plainly; the transaction rolled back
            QMessageBox.warning(self, self.tr("Import failed"), self.tr(
                "Nothing was imported.\n\n%1").replace("%1", str(exc)))
            return False
        self.result_summary = result
        QMessageBox.information(self, self.tr("Import finished"), self.tr(
            "%1 customers and %2 contacts added.").replace(
            "%1", str(result.created_customers)).replace("%2", str(result.added_contacts)))
        self.accept()
        return True
