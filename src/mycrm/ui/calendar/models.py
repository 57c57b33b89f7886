"""Item models of the Calendar page: a grid of days (month = 6×7, week = 1×7) and a list
of calendar items (the selected day's, the agenda's, or "expiring this month")."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QLocale,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTime,
)
from PySide6.QtGui import QColor

from mycrm.core.calendar.days import CalendarItem, DayCounts, ItemKind
from mycrm.ui.calendar.item_delegate import ItemRow
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
CellRole = Qt.ItemDataRole.UserRole + 8  # the DayCell: everything a cell paints
RowRole = Qt.ItemDataRole.UserRole + 9  # an item list's ItemRow: everything a row paints

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
    return ClockText(zone)(item.at)


def compact_item_text(item: CalendarItem, zone: str) -> str:
    """A short line for a narrow week cell (the chip's colour tells the kind)."""
    return compact_texts([item], ClockText(zone))[0]


def item_text(item: CalendarItem, zone: str, with_day: bool = False,
              clock: ClockText | None = None) -> str:
    """One line describing an item, e.g. "09:00  To-do: Call back — 上海云帆" (``clock``:
    a :class:`ClockText` of ``zone`` shared by a list's items)."""
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
    time_text = local_time_text(item, zone) if clock is None else clock(item.at)
    if time_text:
        text = time_text + "  " + text
    if with_day:
        text = fmt.format_date(item.day) + "  ·  " + text
    return text


class ClockText:
    """The wall-clock time of instants in one zone, in the locale's short format (``HH:mm``
    in the C locale): for a reload's many items, the zone and the locale are looked up once
    and each wall time is formatted once."""

    def __init__(self, zone: str) -> None:
        self._zone = ZoneInfo(zone)
        self._locale = QLocale()
        self._c = self._locale.language() == QLocale.Language.C
        self._texts: dict[tuple[int, int], str] = {}

    def __call__(self, at: datetime | None) -> str:
        if at is None:
            return ""
        wall = at.astimezone(self._zone)
        key = (wall.hour, wall.minute)
        text = self._texts.get(key)
        if text is None:
            clock = QTime(wall.hour, wall.minute)
            text = self._texts[key] = (clock.toString("HH:mm") if self._c else
                                       self._locale.toString(clock,
                                                             QLocale.FormatType.ShortFormat))
        return text


def compact_texts(items: Sequence[CalendarItem], clock: ClockText) -> list[str]:
    """:func:`compact_item_text` of each of ``items``: "HH:mm title" for a to-do, the
    customer's name otherwise (a renewal without the time)."""
    texts = []
    for item in items:
        name = item.title if item.kind is ItemKind.TODO else item.customer_name
        time_text = clock(item.at)
        texts.append(f"{time_text} {name}" if time_text else name)
    return texts


@dataclass(eq=False)
class DayCell:
    """One day of the grid as its cell is painted, made once per reload (``set_days`` /
    ``set_content``) and handed to the delegate whole (``CellRole``): one call per paint
    instead of one per role. ``layouts`` is the delegate's: the lines it laid out for a
    cell size and font, kept with the data they were laid out from, so a reload (new
    cells) never paints an old layout."""

    day: date
    in_month: bool
    today: bool
    highlight: bool = False
    counts: DayCounts = field(default_factory=DayCounts)
    items: list[CalendarItem] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # compact_item_text of each item
    layouts: dict[Any, Any] = field(default_factory=dict)


_DAY_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
              | Qt.ItemFlag.ItemIsDropEnabled)


class DayGridModel(QAbstractTableModel):
    """``rows`` × 7 days. Dropping to-do ids on a day calls ``on_drop(ids, day)``."""

    def __init__(self, on_drop: Callable[[list[int], date], None],
                 zone: Callable[[], str] = lambda: "UTC") -> None:
        super().__init__()
        self._days: list[date] = []
        self._cells: list[DayCell] = []
        self._month = 0
        self._today: date | None = None
        self._on_drop = on_drop
        self._zone = zone

    # --- content ------------------------------------------------------------------------
    def set_days(self, days: Sequence[date], month: int, today: date) -> None:
        """Replace the days shown (a new period). As many days as before (the next month's
        six weeks, the next week): every cell and header changes in place
        (``dataChanged``, ``headerDataChanged``) — the view keeps its geometry; another
        number of days: a reset."""
        same_shape = bool(self._days) and len(days) == len(self._days)
        if not same_shape:
            self.beginResetModel()
        self._days = list(days)
        self._month = month
        self._today = today
        self._cells = [self._cell(day) for day in self._days]
        if not same_shape:
            self.endResetModel()
            return
        self.dataChanged.emit(self.index(0, 0),
                              self.index(self.rowCount() - 1, self.columnCount() - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def set_content(self, counts: dict[date, DayCounts],
                    items: dict[date, list[CalendarItem]] | None = None,
                    highlight: Iterable[date] = ()) -> None:
        """New counts/items for the same days: ``dataChanged`` over the grid."""
        highlighted = set(highlight)
        clock = ClockText(self._zone()) if items else None
        cells = []
        for day in self._days:
            cell = self._cell(day, day in highlighted, counts.get(day))
            shown = (items or {}).get(day)
            if shown and clock is not None:
                cell.items = list(shown)
                cell.texts = compact_texts(shown, clock)
            cells.append(cell)
        self._cells = cells
        if self._days:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def _cell(self, day: date, highlight: bool = False, counts: DayCounts | None = None
              ) -> DayCell:
        return DayCell(day, self._month == 0 or day.month == self._month, day == self._today,
                       highlight, counts or DayCounts())

    def days(self) -> list[date]:
        return list(self._days)

    def index_of(self, day: date) -> QModelIndex:
        if day not in self._days:
            return QModelIndex()
        position = self._days.index(day)
        return self.index(position // 7, position % 7)

    def day_at(self, index: AnyIndex) -> date | None:
        cell = self.cell_at(index)
        return None if cell is None else cell.day

    def cell_at(self, index: AnyIndex) -> DayCell | None:
        if not index.isValid():
            return None
        position = index.row() * 7 + index.column()
        return self._cells[position] if 0 <= position < len(self._cells) else None

    # --- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._days) // 7

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or not self._days else 7

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.cell_at(index)
        if cell is None:
            return None
        if role == CellRole:
            return cell
        if role == Qt.ItemDataRole.DisplayRole:
            return str(cell.day.day)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible_text(cell.day, cell.counts)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._accessible_text(cell.day, cell.counts) if cell.counts.total else None
        if role == DateRole:
            return cell.day
        if role == CountsRole:
            return cell.counts
        if role == InMonthRole:
            return cell.in_month
        if role == TodayRole:
            return cell.today
        if role == HighlightRole:
            return cell.highlight
        if role == ItemsRole:
            return list(cell.items)
        return None

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
        return _DAY_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

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
        self._rows: list[ItemRow] = []  # each item as painted, made as the items are read
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
        self._rows = self._rows_of(self._items)
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
            self._rows.extend(self._rows_of(more))
            self.endInsertRows()

    def _rows_of(self, items: Sequence[CalendarItem]) -> list[ItemRow]:
        clock = ClockText(self._zone())
        return [ItemRow(item_text(item, "", self.with_day, clock), item_color(item),
                        OVERDUE_COLOR if item.overdue else None) for item in items]

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
        if role == RowRole:
            return self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._rows[index.row()].text
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
