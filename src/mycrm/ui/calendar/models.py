"""Item models of the Calendar page: a grid of days (month = 6×7, week = 1×7) and a list
of calendar items (the selected day's, the agenda's, or "expiring this month")."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QDateTime,
    QLocale,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimeZone,
)
from PySide6.QtGui import QColor

from mycrm.core.calendar.days import CalendarItem, DayCounts, ItemKind
from mycrm.ui.common import fmt
from mycrm.ui.common.i18n import translator
from mycrm.ui.common.labels import kind_label

AnyIndex = QModelIndex | QPersistentModelIndex

DateRole = Qt.ItemDataRole.UserRole + 1
CountsRole = Qt.ItemDataRole.UserRole + 2
InMonthRole = Qt.ItemDataRole.UserRole + 3
TodayRole = Qt.ItemDataRole.UserRole + 4
HighlightRole = Qt.ItemDataRole.UserRole + 5
ItemsRole = Qt.ItemDataRole.UserRole + 6
ItemRole = Qt.ItemDataRole.UserRole + 7

TODO_MIME = "application/x-mycrm-todo-ids"

RENEWAL_COLOR = QColor("#e65100")
TODO_COLOR = QColor("#1e88e5")
OVERDUE_COLOR = QColor("#d32f2f")
VISIT_COLOR = QColor("#43a047")


_t = translator("calendar")


def item_color(item: CalendarItem) -> QColor:
    if item.kind is ItemKind.RENEWAL:
        return RENEWAL_COLOR
    if item.kind is ItemKind.TODO:
        return OVERDUE_COLOR if item.overdue else TODO_COLOR
    return VISIT_COLOR


def local_time_text(item: CalendarItem, zone: str) -> str:
    """``HH:mm`` of the item on the user's wall; empty for all-day renewals."""
    if item.at is None:
        return ""
    qdt = QDateTime.fromSecsSinceEpoch(int(item.at.timestamp()), QTimeZone(zone.encode()))
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return qdt.toString("HH:mm")
    return locale.toString(qdt.time(), QLocale.FormatType.ShortFormat)


def compact_item_text(item: CalendarItem, zone: str) -> str:
    """A short line for a narrow week cell (the chip's colour tells the kind)."""
    name = item.title if item.kind is ItemKind.TODO else item.customer_name
    clock = local_time_text(item, zone)
    return f"{clock} {name}" if clock else name


def item_text(item: CalendarItem, zone: str, with_day: bool = False) -> str:
    """One line describing an item, e.g. "09:00  To-do: Call back — 上海云帆"."""
    if item.kind is ItemKind.RENEWAL:
        text = _t("Renewal: %1").replace("%1", item.customer_name)
    elif item.kind is ItemKind.TODO:
        text = _t("To-do: %1").replace("%1", item.title)
        if item.customer_name:
            text = _t("%1 — %2").replace("%1", text).replace("%2", item.customer_name)
        if item.overdue:
            text = _t("%1 (overdue)").replace("%1", text)
    else:
        text = _t("%1: %2").replace("%1", kind_label(item.detail)).replace(
            "%2", item.customer_name)
    clock = local_time_text(item, zone)
    if clock:
        text = clock + "  " + text
    if with_day:
        text = fmt.format_date(item.day) + "  ·  " + text
    return text


class DayGridModel(QAbstractTableModel):
    """``rows`` × 7 days. Dropping to-do ids on a day calls ``on_drop(ids, day)``."""

    def __init__(self, on_drop: Callable[[list[int], date], None]) -> None:
        super().__init__()
        self._days: list[date] = []
        self._counts: dict[date, DayCounts] = {}
        self._items: dict[date, list[CalendarItem]] = {}
        self._highlight: set[date] = set()
        self._month = 0
        self._today: date | None = None
        self._on_drop = on_drop

    # --- content ------------------------------------------------------------------------
    def set_days(self, days: Sequence[date], month: int, today: date) -> None:
        """Replace the days shown (a new period): a reset, since every cell changes."""
        self.beginResetModel()
        self._days = list(days)
        self._month = month
        self._today = today
        self._counts, self._items, self._highlight = {}, {}, set()
        self.endResetModel()

    def set_content(self, counts: dict[date, DayCounts],
                    items: dict[date, list[CalendarItem]] | None = None,
                    highlight: Iterable[date] = ()) -> None:
        """New counts/items for the same days: ``dataChanged`` over the grid."""
        self._counts = dict(counts)
        self._items = dict(items or {})
        self._highlight = set(highlight)
        if self._days:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def days(self) -> list[date]:
        return list(self._days)

    def index_of(self, day: date) -> QModelIndex:
        if day not in self._days:
            return QModelIndex()
        position = self._days.index(day)
        return self.index(position // 7, position % 7)

    def day_at(self, index: AnyIndex) -> date | None:
        if not index.isValid():
            return None
        position = index.row() * 7 + index.column()
        return self._days[position] if position < len(self._days) else None

    # --- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._days) // 7

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or not self._days else 7

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        day = self.day_at(index)
        if day is None:
            return None
        counts = self._counts.get(day, DayCounts())
        if role == Qt.ItemDataRole.DisplayRole:
            return str(day.day)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible_text(day, counts)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._accessible_text(day, counts) if counts.total else None
        return {
            DateRole: day,
            CountsRole: counts,
            InMonthRole: self._month == 0 or day.month == self._month,
            TodayRole: day == self._today,
            HighlightRole: day in self._highlight,
            ItemsRole: self._items.get(day, []),
        }.get(role)

    def _accessible_text(self, day: date, counts: DayCounts) -> str:
        parts = [fmt.format_date(day)]
        if counts.renewals:
            parts.append(_t("%n renewal(s)", counts.renewals))
        if counts.todos:
            parts.append(_t("%n to-do(s)", counts.todos))
        if counts.overdue:
            parts.append(_t("%n overdue", counts.overdue))
        if counts.visits:
            parts.append(_t("%n visit(s)", counts.visits))
        return ", ".join(parts)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not self._days:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 7:
            weekday = self._days[section].isoweekday()
            return QLocale().dayName(weekday, QLocale.FormatType.ShortFormat)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDropEnabled)

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [TODO_MIME]

    def _drop_day(self, row: int, column: int, parent: AnyIndex) -> date | None:
        """The day dropped on: the cell itself, or (between cells) the row/column given."""
        if parent.isValid():
            return self.day_at(parent)
        if row >= 0 and column >= 0:
            return self.day_at(self.index(row, column))
        return None

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                        column: int, parent: AnyIndex) -> bool:
        return data.hasFormat(TODO_MIME) and self._drop_day(row, column, parent) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                     column: int, parent: AnyIndex) -> bool:
        day = self._drop_day(row, column, parent)
        ids = decode_todo_ids(data)
        if day is None or not ids:
            return False
        self._on_drop(ids, day)
        return False  # the page reloads from the database; nothing for the view to remove


class ItemListModel(QAbstractListModel):
    """A list of calendar items; to-do rows can be dragged onto a day of the grid.

    The list can be paged: given ``fetch(offset)`` (the next page of the same list), the
    view asks for more rows (``canFetchMore``/``fetchMore``) only when the last loaded row
    scrolls into sight, so a day with hundreds of items builds and lays out what is seen."""

    def __init__(self, zone: Callable[[], str], with_day: bool = False) -> None:
        super().__init__()
        self._items: list[CalendarItem] = []
        self._zone = zone
        self.with_day = with_day
        self._fetch: Callable[[int], Sequence[CalendarItem]] | None = None
        self._page = 0

    def set_items(self, items: Sequence[CalendarItem],
                  fetch: Callable[[int], Sequence[CalendarItem]] | None = None,
                  page: int = 0) -> None:
        """Show ``items``; with ``fetch`` they are the first page (``page`` rows when more
        may follow) and ``fetch(len(loaded))`` returns the next one."""
        self.beginResetModel()
        self._items = list(items)
        self._fetch = fetch if fetch is not None and page > 0 and len(items) >= page else None
        self._page = page
        self.endResetModel()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self._fetch is not None

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or self._fetch is None:
            return
        more = list(self._fetch(len(self._items)))
        if len(more) < self._page:
            self._fetch = None  # that was the last page
        if more:
            first = len(self._items)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._items.extend(more)
            self.endInsertRows()

    def item(self, row: int) -> CalendarItem:
        return self._items[row]

    def items(self) -> list[CalendarItem]:
        return list(self._items)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return item_text(item, self._zone(), self.with_day)
        if role == Qt.ItemDataRole.DecorationRole:
            return item_color(item)
        if role == Qt.ItemDataRole.ForegroundRole and item.overdue:
            return OVERDUE_COLOR
        if role == Qt.ItemDataRole.ToolTipRole:
            if item.kind is ItemKind.TODO:
                return _t("Drag onto another day to move the reminder; Enter opens it.")
            return _t("Enter opens the customer.")
        if role == ItemRole:
            return item
        if role == DateRole:
            return item.day
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._items[index.row()].kind is ItemKind.TODO:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [TODO_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        ids = [self._items[i.row()].item_id for i in indexes
               if i.isValid() and self._items[i.row()].kind is ItemKind.TODO]
        return encode_todo_ids(ids)


def encode_todo_ids(ids: Sequence[int]) -> QMimeData:
    mime = QMimeData()
    mime.setData(TODO_MIME, QByteArray(",".join(map(str, ids)).encode()))
    return mime


def decode_todo_ids(data: QMimeData) -> list[int]:
    if not data.hasFormat(TODO_MIME):
        return []
    raw = bytes(data.data(TODO_MIME).data()).decode()
    return [int(part) for part in raw.split(",") if part.strip().isdigit()]
