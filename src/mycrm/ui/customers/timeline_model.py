"""Models for the customer page: the timeline list and a small read-only table model used
for contacts, to-dos, needs and contracts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor

from mycrm.core.customers.page import TimelineFilter, TimelineItem
from mycrm.ui.common.fmt import format_datetime
from mycrm.ui.common.labels import timeline_text
from mycrm.ui.common.plain import literal_text

AnyIndex = QModelIndex | QPersistentModelIndex
ItemRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
SortRole = Qt.ItemDataRole.UserRole + 3

CATEGORY_COLORS = {
    TimelineFilter.RECORDS: QColor("#1e88e5"),
    TimelineFilter.TODOS: QColor("#43a047"),
    TimelineFilter.NEEDS: QColor("#8e24aa"),
    TimelineFilter.RENEWALS: QColor("#f9a825"),
    TimelineFilter.STATES: QColor("#757575"),
}


class TimelineModel(QAbstractListModel):
    """Timeline items, newest first, each shown as "time · headline" plus its detail."""

    def __init__(self, zone: str) -> None:
        super().__init__()
        self.zone = zone
        self._items: list[TimelineItem] = []
        self._texts: list[tuple[str, str]] = []

    def set_items(self, items: Sequence[TimelineItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._texts = [timeline_text(i.kind, i.payload) for i in self._items]
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def item(self, row: int) -> TimelineItem:
        return self._items[row]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        head, detail = self._texts[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            first = f"{format_datetime(item.at, self.zone)}   {head}"
            return f"{first}\n{detail}" if detail else first
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal_text(detail or head)
        if role == Qt.ItemDataRole.DecorationRole:
            return CATEGORY_COLORS.get(item.category)
        if role == ItemRole:
            return item
        if role == IdRole:
            return item.ref_id
        return None


@dataclass(frozen=True)
class Row:
    id: int
    cells: tuple[str, ...]
    sort_keys: tuple[Any, ...] = ()
    tooltip: str = ""


class RowsModel(QAbstractTableModel):
    """A read-only table of pre-formatted rows with ids; ``SortRole`` gives raw sort keys."""

    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__()
        self._headers = list(headers)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def row(self, index: int) -> Row:
        return self._rows[index]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if not 0 <= index.column() < len(row.cells):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal_text(row.tooltip or row.cells[index.column()])
        if role == IdRole:
            return row.id
        if role == SortRole:
            keys = row.sort_keys or row.cells
            value = keys[index.column()] if index.column() < len(keys) else ""
            return value if value is not None else ""
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, 24 * max(1, len(self._rows)))
