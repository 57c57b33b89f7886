"""Customers: a sortable, filterable table of every customer, archived and lost included.

The table is sorted and paged in SQL (``core.customers.table.customer_table``): a page of
rows is read, more as the view scrolls (``canFetchMore``/``fetchMore``), and a click on a
header re-reads the first page in the new order, so a refresh costs what is on screen, not
the portfolio. A filter that no index can answer (a one-character term: a scan of every
customer and contact) is read on a worker thread; the rows shown stay until its rows come.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.changes import Change
from mycrm.core.customers.services import set_archived
from mycrm.core.customers.table import (
    CustomerRow,
    customer_table,
    customer_table_count,
    customer_table_start,
    search_scans,
)
from mycrm.core.customers.urgency import days_left, renewal_urgency
from mycrm.ui.app.actions import CUSTOMER_ACTIONS, Action, add_to_menu, make_button
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.fmt import format_date
from mycrm.ui.common.labels import URGENCY_COLORS, state_label
from mycrm.ui.common.reload import after_typing, reload_when_visible

if TYPE_CHECKING:
    from mycrm.ui.common.latest_read import LatestRead

_log = logging.getLogger(__name__)

IdRole = Qt.ItemDataRole.UserRole + 11
StatusRole = Qt.ItemDataRole.UserRole + 12
COLUMN_WIDTHS = (260, 48, 100, 120, 100, 76, 100, 130)
AnyIndex = QModelIndex | QPersistentModelIndex
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                    Qt.ItemDataRole.TextAlignmentRole, IdRole, StatusRole})
_DATED = ("renewal", "days_left")  # coloured by the renewal's urgency
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


Fetch = Callable[[str, bool, int, int], list[CustomerRow]]  # (sort, descending, offset, limit)
Reorder = Callable[[], None]  # reads the first rows again in the model's new order


class CustomersTableModel(QAbstractTableModel):
    COLUMNS = ("name", "tier", "state", "industry", "renewal", "days_left", "last_visit",
               "contact", "status")

    # Rows read at a time: more than a tall window shows (the view fetches more when the
    # last row is in sight), few enough that a header click or a keystroke reads little.
    PAGE_SIZE = 50

    def __init__(self, today: Any, fetch: Fetch, count: Callable[[], int],
                 page_size: int | None = None, reorder: Reorder | None = None) -> None:
        """``fetch`` reads rows in a sort order; ``count`` the rows of the whole table;
        ``reorder`` (default: ``refresh`` without counting) shows the first rows in the
        order a header click asked for."""
        super().__init__()
        self._rows: list[CustomerRow] = []
        self._today = today
        self._fetch = fetch
        self._count = count
        self._reorder = reorder
        self._headers: list[str] | None = None
        self._texts: dict[int, tuple[str | None, ...]] = {}  # row number → its texts
        self.page_size = page_size or self.PAGE_SIZE
        self._total = 0
        self._sort = "renewal"
        self._descending = False
        # Rows are being read elsewhere (a worker): the rows shown are not to be extended
        # in an order or a filter they were not read in.
        self.pending = False

    def total(self) -> int:
        return self._total

    def order(self) -> tuple[str, bool]:
        """(sort column key, descending) the rows are to be in."""
        return self._sort, self._descending

    def wanted(self, keep_loaded: bool = True) -> int:
        """How many rows a refresh reads: a page, or as many as are loaded if more."""
        return max(self.page_size, len(self._rows) if keep_loaded else 0)

    def show(self, total: int, rows: list[CustomerRow]) -> None:
        """Rows read elsewhere (in this model's order) and the count they are the start of."""
        self._total = total
        self.set_rows(rows)

    def refresh(self, keep_loaded: bool = True, recount: bool = True) -> None:
        """Re-read the count and the first rows: as many as were loaded (at least a page)
        when ``keep_loaded``, so a refresh after a change keeps the scroll position.
        ``recount=False``: the same rows in another order (a sort), the count stands."""
        if recount:
            self._total = self._count()
        want = self.wanted(keep_loaded)
        self.set_rows(self._fetch(self._sort, self._descending, 0, min(want, self._total))
                      if self._total else [])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: the first page in the new order, sorted in SQL (a proxy model
        would need every customer in Python). The rows are the same, so is their count:
        any change to them reloads the page (``changed``), which counts again. The order
        the rows are already in reads nothing (``QTableView.sortByColumn`` asks twice)."""
        if not 0 <= column < len(self.COLUMNS):
            return
        wanted = (self.COLUMNS[column], order == Qt.SortOrder.DescendingOrder)
        if wanted == (self._sort, self._descending):
            return
        self._sort, self._descending = wanted
        if self._reorder is not None:
            self._reorder()
        else:
            self.refresh(keep_loaded=False, recount=False)

    def canFetchMore(self, parent: AnyIndex) -> bool:  # noqa: N802
        return not parent.isValid() and not self.pending and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex) -> None:  # noqa: N802
        if not self.canFetchMore(parent):
            return
        shown = {row.id for row in self._rows}
        more = [r for r in self._fetch(self._sort, self._descending, len(self._rows),
                                       self.page_size) if r.id not in shown]
        if not more:
            self._total = len(self._rows)  # the table shrank; the next refresh recounts
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def row_of(self, customer_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == customer_id), -1)

    def headers(self) -> list[str]:
        """The column titles, translated once (the window rebuilds its pages when the
        language changes): the header asks for them on every layout."""
        if self._headers is None:
            self._headers = [
                self.tr("Name"), self.tr("Tier"), self.tr("State"), self.tr("Industry"),
                self.tr("Renewal date"), self.tr("Days left"), self.tr("Last visit"),
                self.tr("Primary contact"), self.tr("Status")]
        return self._headers

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def set_rows(self, rows: list[CustomerRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._texts = {}
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Only what a cell shows is worked out, for the roles it has: a repaint asks each
        visible cell for seven roles, most of which it has not."""
        if role not in _ROLES or not index.isValid():
            return None
        number = index.row()
        row = self._rows[number]
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._texts_of(number, row)[index.column()]
            return text if text is not None else self._days_left(row)
        if role == IdRole:
            return row.id
        if role == StatusRole:
            return row.status
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and column in _DATED:
            return URGENCY_COLORS[renewal_urgency(row.renewal_date, self._today())]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "days_left":
            return _RIGHT
        return None

    def _texts_of(self, number: int, row: CustomerRow) -> tuple[str | None, ...]:
        """The texts of row ``number``, formatted once per row read (each repaint asks for
        them again); None for the days left, which follow today."""
        texts = self._texts.get(number)
        if texts is None:
            texts = self._texts[number] = tuple(
                None if column == "days_left" else self._display(row, column)
                for column in self.COLUMNS)
        return texts

    def _days_left(self, row: CustomerRow) -> str:
        left = days_left(row.renewal_date, self._today())
        return "" if left is None else str(left)

    def _display(self, row: CustomerRow, column: str) -> str:
        if column == "name":
            return row.name
        if column == "tier":
            return row.tier
        if column == "state":
            return state_label(row.state)
        if column == "industry":
            return row.industry
        if column == "renewal":
            return format_date(row.renewal_date)
        if column == "days_left":
            return self._days_left(row)
        if column == "last_visit":
            return format_date(row.last_visit) if row.last_visit else self.tr("never")
        if column == "contact":
            return row.contact
        return self._status_label(row.status)

    def _status_label(self, status: str) -> str:
        return {"active": self.tr("Active"), "archived": self.tr("Archived"),
                "lost": self.tr("Lost")}[status]


class CustomersPage(QWidget):
    """Emits ``open_customer(id)`` on double-click / Enter and ``action_requested(Action,
    id)`` from its button and row menu; ``current_customer_id()`` is the selected row,
    which the window's actions act on."""

    open_customer = Signal(int)
    action_requested = Signal(object, int)  # (ui.app.actions.Action, customer id)

    # A row shows the customer (name, tier, state, industry, status), its renewal date,
    # last visit and primary contact.
    SHOWS = Change.CUSTOMERS | Change.CONTACTS | Change.RENEWALS | Change.RECORDS

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.search = QLineEdit()
        self.search.setObjectName("customersSearch")
        self.search.setPlaceholderText(self.tr("Search customers and contacts…"))
        self.search.setClearButtonEnabled(True)
        self.show_inactive = QCheckBox(self.tr("Show archived and lost"))
        add = make_button(Action.NEW_CUSTOMER,
                          lambda: self.action_requested.emit(Action.NEW_CUSTOMER, 0))
        self.archive = QPushButton(self.tr("Archive"))
        self.archive.clicked.connect(self._toggle_archive)
        self.count = QLabel()
        # The filter of the rows shown (search text, archived and lost shown): what a
        # scroll or a header click reads more of, while a filter typed since is being read.
        self._shown_filter = ("", False)
        self._pending_filter = self._shown_filter  # the filter of the read running
        self._reader: LatestRead | None = None  # the filtered reads' worker, once needed
        self.model = CustomersTableModel(ctx.today, self._fetch, self._count,
                                         reorder=self._reorder)
        self.table = QTableView()
        self.table.setObjectName("customersTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_inactive)
        top.addWidget(self.archive)
        top.addWidget(add)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.count)
        self._debounce = after_typing(self.search, self.reload)
        self.show_inactive.toggled.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        reload_when_visible(self, ctx, lambda _what: self.reload(), shows=self.SHOWS)
        self.reload()
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)

    def current_filter(self) -> tuple[str, bool]:
        """(search text, archived and lost shown) as the user has set them now."""
        return self.search.text(), self.show_inactive.isChecked()

    def _fetch(self, sort: str, descending: bool, offset: int, limit: int
               ) -> list[CustomerRow]:
        search, include_inactive = self._shown_filter
        return self.ctx.read(customer_table, search=search, include_inactive=include_inactive,
                             sort=sort, descending=descending, zone=self.ctx.zone,
                             limit=limit, offset=offset)

    def _count(self) -> int:
        search, include_inactive = self._shown_filter
        return self.ctx.read(customer_table_count, search=search,
                             include_inactive=include_inactive)

    def reload(self) -> None:
        """Count and read the first rows again under the current filter — as many as are
        loaded, so a change keeps the scroll position. A filter that scans is read on a
        worker thread (``reading``); a later reload or header click supersedes it."""
        flt = self.current_filter()
        if search_scans(flt[0]):
            self._read_in_background(flt, self.model.wanted(), recount=True)
            return
        selected = self.selected_id()
        self._shown_filter = flt
        self.model.pending = False
        if self._reader is not None:  # a scan still running is nobody's any more
            self._reader.cancel()
        if flt[0].strip():  # a search: its rows counted as they are read, one statement
            sort, descending = self.model.order()
            self.model.show(*self.ctx.read(
                customer_table_start, search=flt[0], include_inactive=flt[1], sort=sort,
                descending=descending, zone=self.ctx.zone, limit=self.model.wanted()))
        else:
            self.model.refresh()
        self._after_rows(selected)

    def _reorder(self) -> None:
        """A header click: the first page in the model's new order, the count unchanged —
        read on a worker thread when the filter scans."""
        if self.reading:  # a filter is being read: read it again, in the new order
            self._read_in_background(self._pending_filter, self.model.page_size,
                                     recount=True)
            return
        if search_scans(self._shown_filter[0]):
            self._read_in_background(self._shown_filter, self.model.page_size,
                                     recount=False)
            return
        self.model.refresh(keep_loaded=False, recount=False)
        self._update_buttons()

    @property
    def reading(self) -> bool:
        """A read is running on a worker thread (its rows are not shown yet)."""
        return self.model.pending

    def _read_in_background(self, flt: tuple[str, bool], want: int, *, recount: bool
                            ) -> None:
        """One worker runs the filtered reads, the latest only (``latest_read``): a scan
        overtaken by newer typing is interrupted, not left to compete with the next."""
        if self._reader is None:
            from mycrm.ui.common.latest_read import LatestRead

            self._reader = LatestRead(self.ctx.engine, name="mycrm-customers-filter",
                                      parent=self)
            self._reader.finished.connect(self._filtered_read)
            self._reader.failed.connect(self._filter_failed)
        zone = self.ctx.zone
        (sort, descending), known = self.model.order(), self.model.total()
        search, include_inactive = flt

        def work(session: Any) -> tuple[tuple[str, bool], int, list[CustomerRow]]:
            if recount:
                return (flt, *customer_table_start(
                    session, search=search, include_inactive=include_inactive, sort=sort,
                    descending=descending, zone=zone, limit=want))
            return flt, known, customer_table(
                session, search=search, include_inactive=include_inactive, sort=sort,
                descending=descending, zone=zone, limit=min(want, known))

        self._pending_filter = flt
        self.model.pending = True
        self._reader.submit(work)

    def _filtered_read(self, result: tuple[tuple[str, bool], int, list[CustomerRow]]) -> None:
        flt, total, rows = result
        selected = self.selected_id()
        self._shown_filter = flt
        self.model.pending = False
        self.model.show(total, rows)
        self._after_rows(selected)

    def _filter_failed(self, error: BaseException) -> None:
        _log.error("cannot filter the customers", exc_info=error)
        self.model.pending = False
        self.count.setText(self.tr("The customers could not be filtered; see the log."))

    def _after_rows(self, selected: int | None) -> None:
        """New rows are shown: the selection stays on its customer, the count and the empty
        state follow."""
        if selected is not None and self.selected_id() != selected:
            row = self.model.row_of(selected)
            if row >= 0:
                self.table.selectRow(row)
        total = self.model.total()
        self.count.setText(self.tr("%n customer(s)", None, total))
        self.empty.setVisible(not total)
        self.empty.setText(self.tr("No customer matches the search.") if self._shown_filter[0]
                           else self.tr("No customers yet. Click “New customer” (Ctrl+N) or "
                                        "import your spreadsheet to get started."))
        self._update_buttons()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(IdRole) if rows else None

    def current_customer_id(self) -> int | None:
        """The selected row's customer: the window's customer actions act on it."""
        return self.selected_id()

    def _selected_status(self) -> str:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(StatusRole) if rows else ""

    def _update_buttons(self) -> None:
        self.archive.setEnabled(self.selected_id() is not None)
        archived = self._selected_status() == "archived"
        self.archive.setText(self.tr("Restore") if archived else self.tr("Archive"))

    def _toggle_archive(self) -> None:
        customer_id = self.selected_id()
        if customer_id is None:
            return
        archived = self._selected_status() == "archived"
        self.ctx.run(set_archived, customer_id=customer_id, archived=not archived)

    def _open(self, index: QModelIndex) -> None:
        self.open_customer.emit(index.data(IdRole))

    def _context_menu(self, pos: QPoint) -> None:
        """The row's customer actions, as on a board card."""
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        customer_id: int = index.data(IdRole)
        menu = QMenu(self)
        add_to_menu(menu, (Action.OPEN_CUSTOMER, Action.EDIT_CUSTOMER, *CUSTOMER_ACTIONS),
                    lambda action: self.action_requested.emit(action, customer_id))
        menu.exec(self.table.viewport().mapToGlobal(pos))
