"""Models for the customer page: the timeline list and a small read-only table model used
for contacts, to-dos, needs and contracts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


# (column, descending, offset, limit) -> rows: a page of rows in a column's order
Fetch = Callable[[int, bool, int, int], list[Row]]


class RowsModel(QAbstractTableModel):
    """A read-only table of pre-formatted rows with ids; ``SortRole`` gives raw sort keys.

    Given ``fetch`` and ``count`` it is paged: the rows come ``page_size`` at a time in the
    order the source sorts them (SQL), more as the view scrolls (``canFetchMore`` /
    ``fetchMore``), and a header click (``sort``) reads the first page again in the new
    order — no proxy model, which would need every row in Python. Without them it holds
    whatever ``set_rows`` gives it."""

    PAGE_SIZE = 100

    def __init__(self, headers: Sequence[str], fetch: Fetch | None = None,
                 count: Callable[[], int] | None = None, page_size: int | None = None
                 ) -> None:
        super().__init__()
        self._headers = list(headers)
        self._rows: list[Row] = []
        self._fetch = fetch
        self._count = count
        self.page_size = page_size or self.PAGE_SIZE
        self._total = 0
        self._sort: tuple[int, bool] = (0, False)  # (column, descending)
        self._started = False

    def set_rows(self, rows: Sequence[Row]) -> None:
        """All the rows (not paged)."""
        self._total = len(rows)
        self._reset(rows)

    def _reset(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    # --- paged ------------------------------------------------------------------------
    def total(self) -> int:
        """Rows in the whole table (paged: the source's count), loaded or not."""
        return self._total

    def refresh(self, keep_loaded: bool = True) -> None:
        """Count again and read the first rows: as many as were loaded (at least a page)
        when ``keep_loaded``, so a refresh after a change keeps the scroll position."""
        if self._fetch is None or self._count is None:
            return
        self._started = True
        self._total = self._count()
        want = min(max(self.page_size, len(self._rows) if keep_loaded else 0), self._total)
        self._read_first(want)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: the first page in the new order. The rows, and so their count,
        are the same (any change to them refreshes). The order the rows are already in
        reads nothing (``QTableView.sortByColumn`` asks twice), nor does a sort before the
        first ``refresh``, which reads in that order."""
        wanted = (column, order == Qt.SortOrder.DescendingOrder)
        if self._fetch is None or not 0 <= column < len(self._headers) or (
                self._started and wanted == self._sort):
            return
        self._sort = wanted
        if self._started:
            self._read_first(min(self.page_size, self._total))

    def sort_order(self) -> tuple[int, bool]:
        """(column, descending) of the rows."""
        return self._sort

    def _read_first(self, limit: int) -> None:
        assert self._fetch is not None
        self._reset(self._fetch(*self._sort, 0, limit) if limit else [])

    def canFetchMore(self, parent: AnyIndex) -> bool:  # noqa: N802
        return self._fetch is not None and not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex) -> None:  # noqa: N802
        if not self.canFetchMore(parent):
            return
        assert self._fetch is not None
        shown = {row.id for row in self._rows}
        more = [r for r in self._fetch(*self._sort, len(self._rows), self.page_size)
                if r.id not in shown]
        if not more:
            self._total = len(self._rows)  # the table shrank; the next refresh counts again
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

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
