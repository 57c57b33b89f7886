"""The To-dos page's list model: group headers, the rows read so far, and "show more" rows.

A portfolio can hold tens of thousands of open to-dos, so the model never holds them all.
Each group (Overdue, Today, Upcoming, No date, Done recently) starts with its first page
(``core.todos.lists.TODO_PAGE`` rows) under a header whose count comes from SQL ``COUNT``. A group
with more rows ends in a "Show more" row that reads its next page when clicked or activated;
the last group also reads its next page when the view scrolls to the end (Qt's
``canFetchMore``/``fetchMore``). So showing the page costs what is on screen, while every
group stays one glance away instead of below thousands of overdue rows.

The model keeps no truth of its own beyond the rows it shows: the page re-reads it on every
data change (``set_sections``), asking for as many rows per group as were shown before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
)
from PySide6.QtWidgets import QComboBox, QListView, QWidget

from mycrm.core.todos.lists import (
    TODO_PAGE,
    Group,
    TodoRow,
    TodoSection,
    filter_customer_count,
    filter_customer_index,
    filter_customer_last,
    filter_customers,
)
from mycrm.ui.app.context import AppContext
from mycrm.ui.common import fmt
from mycrm.ui.common.plain import literal_text

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3
SUB_ROLE = Qt.ItemDataRole.UserRole + 4
CUSTOMER_ROLE = Qt.ItemDataRole.UserRole + 5  # the to-do's customer id, or None

AnyIndex = QModelIndex | QPersistentModelIndex
# (group, offset, limit) -> the rows of that page of the group, in display order
FetchPage = Callable[[Group, int, int], Sequence[TodoRow]]


@dataclass(frozen=True)
class Header:
    group: Group
    count: int


@dataclass(frozen=True)
class More:
    """The row after a group's last loaded to-do when ``remaining`` more exist."""

    group: Group
    remaining: int


Row = Header | TodoRow | More


@dataclass
class _Section:
    group: Group
    count: int
    todos: list[TodoRow]


class TodoListModel(QAbstractListModel):
    """Rows are ``Header``, ``TodoRow`` and ``More`` values, in display order."""

    def __init__(self, ctx: AppContext, parent: QObject | None = None,
                 fetch: FetchPage | None = None, page_size: int = TODO_PAGE) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.fetch = fetch
        self.page_size = page_size
        self.rows: list[Row] = []
        self._sections: list[_Section] = []
        self._zone = ctx.zone  # the zone the rows' dates were last shown in

    # --- reading ------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self.rows[index.row()], Header):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == GROUP_ROLE:
            return row.group.value
        if isinstance(row, Header):
            return self._header_data(row, role)
        if isinstance(row, More):
            return self._more_data(row, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title
        if role == SUB_ROLE:
            return self._subtitle(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.title} — {self._subtitle(row)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal_text(row.notes) or None
        if role == KIND_ROLE:
            return "todo"
        if role == ID_ROLE:
            return row.id
        if role == CUSTOMER_ROLE:
            return row.customer_id
        return None

    @staticmethod
    def _header_data(row: Header, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return group_label(row.group, row.count)
        return "header" if role == KIND_ROLE else None

    def _more_data(self, row: More, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.tr("Show more (%n not shown yet)", None, row.remaining)
        return "more" if role == KIND_ROLE else None

    def _subtitle(self, row: TodoRow) -> str:
        parts = []
        if row.customer_name:
            parts.append(row.customer_name)
        if row.group is Group.DONE and row.done_at is not None:
            parts.append(self.tr("done %1").replace(
                "%1", fmt.format_datetime(row.done_at, self.ctx.zone)))
        elif row.when is not None:
            parts.append(fmt.format_datetime(row.when, self.ctx.zone))
        return " · ".join(parts)

    def row_of(self, todo_id: int) -> int:
        for i, row in enumerate(self.rows):
            if isinstance(row, TodoRow) and row.id == todo_id:
                return i
        return -1

    def counts(self) -> dict[Group, int]:
        """Every group's full count (what the headers say), loaded or not."""
        return {s.group: s.count for s in self._sections}

    def loaded(self) -> dict[Group, int]:
        """How many rows of each group the model holds."""
        return {s.group: len(s.todos) for s in self._sections}

    # --- replacing ----------------------------------------------------------------------
    def set_sections(self, sections: Sequence[TodoSection]) -> None:
        """Show ``sections``. The same rows in the same places → ``dataChanged`` for the
        runs of rows whose values changed, none when nothing did (selection and scroll
        position stay, and the view neither lays out nor repaints rows that look the
        same); otherwise a reset."""
        self._sections = [_Section(s.group, s.count, list(s.rows)) for s in sections]
        new, old = self._flatten(), self.rows
        if new and [_identity(r) for r in new] == [_identity(r) for r in old]:
            self.rows = new
            everything = self._zone != self.ctx.zone  # every date reads differently
            self._zone = self.ctx.zone
            for first, last in [(0, len(new) - 1)] if everything else _changed_runs(old, new):
                self.dataChanged.emit(self.index(first), self.index(last))
            return
        self.beginResetModel()
        self.rows = new
        self._zone = self.ctx.zone
        self.endResetModel()

    def _flatten(self) -> list[Row]:
        rows: list[Row] = []
        for section in self._sections:
            rows.append(Header(section.group, section.count))
            rows.extend(section.todos)
            if len(section.todos) < section.count:
                rows.append(More(section.group, section.count - len(section.todos)))
        return rows

    # --- paging -------------------------------------------------------------------------
    def canFetchMore(self, parent: AnyIndex) -> bool:  # noqa: N802
        """The view scrolled to the end: only the last group can grow there."""
        return (not parent.isValid() and self.fetch is not None and bool(self.rows)
                and isinstance(self.rows[-1], More))

    def fetchMore(self, parent: AnyIndex) -> None:  # noqa: N802
        if self.canFetchMore(parent):
            last = self.rows[-1]
            assert isinstance(last, More)
            self.fetch_group(last.group)

    def can_fetch_group(self, group: Group) -> bool:
        section = self._section(group)
        return (self.fetch is not None and section is not None
                and len(section.todos) < section.count)

    def fetch_group(self, group: Group, at_least: int = 0) -> int:
        """Read the next page of ``group`` (or up to ``at_least`` rows of it, if more);
        returns the model row of the first row added, or -1 when nothing was added."""
        section = self._section(group)
        if section is None or not self.can_fetch_group(group):
            return -1
        assert self.fetch is not None
        offset = len(section.todos)
        limit = max(self.page_size, at_least - offset)
        shown = {t.id for t in section.todos}
        # Data may have changed since the last read; never show a row twice.
        more = [t for t in self.fetch(group, offset, limit) if t.id not in shown]
        if not more:
            section.count = len(section.todos)  # the group shrank; the next reload recounts
            self._drop_more_row(group)
            return -1
        first = self._end_of(group)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        section.todos.extend(more)
        self.rows[first:first] = more
        self.endInsertRows()
        section.count = max(section.count, len(section.todos))
        if len(section.todos) >= section.count:
            self._drop_more_row(group)
        else:
            at = self._end_of(group)
            self.rows[at] = More(group, section.count - len(section.todos))
            self.dataChanged.emit(self.index(at), self.index(at))
        return first

    def _section(self, group: Group) -> _Section | None:
        return next((s for s in self._sections if s.group is group), None)

    def _end_of(self, group: Group) -> int:
        """The model row just after ``group``'s last loaded to-do (its More row, if any)."""
        start = next(i for i, r in enumerate(self.rows)
                     if isinstance(r, Header) and r.group is group)
        section = self._section(group)
        assert section is not None
        return start + 1 + len(section.todos)

    def _drop_more_row(self, group: Group) -> None:
        at = self._end_of(group)
        if at < len(self.rows) and isinstance(self.rows[at], More):
            self.beginRemoveRows(QModelIndex(), at, at)
            del self.rows[at]
            self.endRemoveRows()


def _changed_runs(old: Sequence[Row], new: Sequence[Row]) -> list[tuple[int, int]]:
    """(first, last) of each run of consecutive rows whose values differ."""
    runs: list[tuple[int, int]] = []
    for i, (before, after) in enumerate(zip(old, new, strict=True)):
        if before == after:
            continue
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _identity(row: Row) -> tuple[str, object]:
    if isinstance(row, Header):
        return "header", row.group
    if isinstance(row, More):
        return "more", row.group
    return "todo", row.id


def group_label(group: Group, count: int) -> str:
    match group:  # literal strings, so that the catalogue has them
        case Group.OVERDUE:
            return QCoreApplication.translate("TodosPage", "Overdue (%n)", None, count)
        case Group.TODAY:
            return QCoreApplication.translate("TodosPage", "Today (%n)", None, count)
        case Group.UPCOMING:
            return QCoreApplication.translate("TodosPage", "Upcoming (%n)", None, count)
        case Group.NO_DATE:
            return QCoreApplication.translate("TodosPage", "No date (%n)", None, count)
    return QCoreApplication.translate("TodosPage", "Done recently (%n)", None, count)


class CustomerFilterModel(QAbstractListModel):
    """"All customers" followed by every customer by name, for the filter combo box.

    Thousands of customers: the model counts them and reads names a page at a time when a
    row is first asked for (the closed combo box asks for one row only), so building the
    page does not read every customer. ``refresh`` re-counts after a data change.
    """

    PAGE = 200

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._count = 0
        self._pages: dict[int, list[tuple[int, str]]] = {}
        self._last: tuple[int, str] | None = None  # the last row, read alone (``_choice``)

    def refresh(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._last = None
        self._count = self.ctx.read(filter_customer_count)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._count + 1

    def loaded_pages(self) -> int:
        """How many pages of names have been read since the last ``refresh``."""
        return len(self._pages)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() <= self._count:
            return None
        if index.row() == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return QCoreApplication.translate("TodosPage", "All customers")
            return None
        choice = self._choice(index.row() - 1)
        if choice is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return choice[1]
        if role == Qt.ItemDataRole.UserRole:
            return choice[0]
        return None

    def row_of(self, customer_id: int | None) -> int:
        """The model row of ``customer_id`` (0, "All customers", when None or gone)."""
        if customer_id is None:
            return 0
        at = self.ctx.read(filter_customer_index, customer_id=customer_id)
        return 0 if at is None or at >= self._count else at + 1

    def _choice(self, position: int) -> tuple[int, str] | None:
        page, at = divmod(position, self.PAGE)
        if page not in self._pages and position == self._count - 1 and self._count > 1:
            # The list's uniform row size is measured on its last row, once per layout:
            # one index look-up, not the sort of every customer that reading the last
            # page costs.
            if self._last is None:
                self._last = self.ctx.read(filter_customer_last)
            return self._last
        if page not in self._pages:
            self._pages[page] = self.ctx.read(filter_customers, limit=self.PAGE,
                                              offset=page * self.PAGE)
        rows = self._pages[page]
        return rows[at] if at < len(rows) else None


LAYOUT_BATCH = 1000  # rows of the customer list laid out per event-loop turn


class CustomerFilterBox(QComboBox):
    """The customer filter: a combo box over the lazy ``CustomerFilterModel``.

    Opening the list makes Qt ask every row for a dozen roles (to size the list), which
    through a Python model costs seconds for thousands of customers. So the list, when it
    first opens, switches to a ``QStringListModel`` of every name read in one query (Qt
    reads it without calling Python), with the ids kept here; ``currentData``/``findData``
    /``itemData`` answer from them. ``refresh`` (after a data change) goes back to the lazy
    model, keeping the chosen customer.
    """

    def __init__(self, model: CustomerFilterModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Sized without reading every customer's name.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.customers = model
        self._ids: list[int | None] | None = None  # set while the full list is shown
        # Every row is one line of text: the list lays itself out from the first row's
        # size, instead of asking each of thousands of rows for its size whenever its
        # style changes (as when the page is put into the window).
        # Batched: a layout of the list (the page put into the window restyles it, twice)
        # walks every row through the Python model; in batches it takes one event-loop
        # turn per ``LAYOUT_BATCH`` rows instead of one long turn for all of them.
        view = self.view()
        if isinstance(view, QListView):
            view.setUniformItemSizes(True)
            view.setLayoutMode(QListView.LayoutMode.Batched)
            view.setBatchSize(LAYOUT_BATCH)
        self.setModel(model)

    def refresh(self) -> None:
        """Re-count the customers, keeping the chosen one if it still exists (found by one
        SQL count, not by reading every name); emits no ``currentIndexChanged``."""
        current = self.currentData()
        self.blockSignals(True)
        if self._ids is not None:
            self._ids = None
            self.setModel(self.customers)
        self.customers.refresh()
        self.setCurrentIndex(self.customers.row_of(current))
        self.blockSignals(False)

    def showPopup(self) -> None:  # noqa: N802
        if self._ids is None:
            current = self.currentData()
            rows = self.customers.ctx.read(filter_customers, limit=self.customers.rowCount())
            self.blockSignals(True)
            self.setModel(QStringListModel(
                [QCoreApplication.translate("TodosPage", "All customers")]
                + [name for _cid, name in rows], self))
            self._ids = [None] + [cid for cid, _name in rows]
            self.setCurrentIndex(self.findData(current) if current is not None else 0)
            self.blockSignals(False)
        super().showPopup()

    def itemData(self, index: int, role: int = Qt.ItemDataRole.UserRole) -> Any:  # noqa: N802
        if self._ids is None or role != Qt.ItemDataRole.UserRole:
            return super().itemData(index, role)
        return self._ids[index] if 0 <= index < len(self._ids) else None

    def currentData(self, role: int = Qt.ItemDataRole.UserRole) -> Any:  # noqa: N802
        return self.itemData(self.currentIndex(), role)

    def findData(self, data: Any, role: int = Qt.ItemDataRole.UserRole,  # noqa: N802
                 flags: Qt.MatchFlag = Qt.MatchFlag.MatchExactly
                 | Qt.MatchFlag.MatchCaseSensitive) -> int:
        if self._ids is None or role != Qt.ItemDataRole.UserRole:
            return super().findData(data, role, flags)
        return self._ids.index(data) if data in self._ids else -1
