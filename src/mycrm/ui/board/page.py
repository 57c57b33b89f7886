"""The board: three columns (To contact / In touch / Visited), each sorted by renewal date."""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.changes import Change
from mycrm.core.customers import services as customers
from mycrm.core.customers.board import BoardCard, ColumnPage, board_column, board_columns
from mycrm.core.customers.services import set_archived
from mycrm.ui.app.actions import CUSTOMER_ACTIONS, Action, add_to_menu
from mycrm.ui.app.context import AppContext
from mycrm.ui.board.delegate import CardDelegate
from mycrm.ui.board.model import BoardColumnModel, CustomerIdRole
from mycrm.ui.common.labels import BOARD_STATES, state_label
from mycrm.ui.common.reload import after_typing, reload_when_visible

if TYPE_CHECKING:
    from mycrm.ui.common.latest_read import LatestRead

_log = logging.getLogger(__name__)


class BoardColumn(QWidget):
    def __init__(self, ctx: AppContext, state: str, page: BoardPage) -> None:
        super().__init__()
        self.ctx = ctx
        self.state = state
        self._search = ""
        self.model = BoardColumnModel(state, page.move_customers, self._fetch)
        self.title = QLabel()
        self.title.setObjectName("columnTitle")
        self.view = QListView()
        self.view.setFrameShape(QFrame.Shape.NoFrame)  # a column is drawn by its cards
        self.view.setObjectName(f"board_{state}")
        self.view.setAccessibleName(state_label(state))
        self.view.setModel(self.model)
        self.view.setItemDelegate(CardDelegate(ctx.today, ctx.zone, self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setUniformItemSizes(True)
        palette = self.view.palette()
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        self.view.setPalette(palette)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.empty: QLabel | None = None  # made when the column is first empty
        self.stack = QStackedLayout()
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(self.stack)

    def _fetch(self, offset: int, limit: int) -> list[BoardCard]:
        return self.ctx.read(board_column, state=self.state, search=self._search,
                             limit=limit, offset=offset)

    def limit_for(self, search: str) -> int:
        """How many cards a reload with ``search`` reads: as many as were loaded (at least a
        page), so a reload after a change keeps the scroll position; a new filter starts
        at the top."""
        keep = self.model.rowCount() if search == self._search else 0
        return max(self.model.page_size, keep)

    def show_page(self, search: str, column: ColumnPage) -> None:
        """Show a reload's cards and count (``board_columns``). The selected cards stay
        selected if they are still in the column."""
        self._search = search
        selected = self._selected_ids()
        current = self.view.currentIndex().data(CustomerIdRole)
        self.model.set_cards(column.cards, column.total)
        self._restore_selection(selected, current)
        self.show_count(bool(search.strip()))

    def _selected_ids(self) -> set[int]:
        return {i.data(CustomerIdRole) for i in self.view.selectionModel().selectedIndexes()}

    def _restore_selection(self, selected: set[int], current: int | None) -> None:
        if self._selected_ids() == selected:
            return  # same rows: the model kept the selection
        selection = QItemSelection()
        for customer_id in selected:
            row = self.model.row_of(customer_id)
            if row >= 0:
                index = self.model.index(row)
                selection.select(index, index)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.view.selectionModel().select(selection, flags)
        row = self.model.row_of(current) if current is not None else -1
        if row >= 0:
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.NoUpdate)

    def show_count(self, searching: bool) -> None:
        count = self.model.total()
        self.title.setText(f"{state_label(self.state)}  ·  {count}")
        if count:
            self.stack.setCurrentWidget(self.view)
        else:
            empty = self._empty_label()
            empty.setText(self.tr("No customer matches the search.") if searching
                          else self.tr("No customers here.\nDrag a card here to move it."))
            self.stack.setCurrentWidget(empty)

    def _empty_label(self) -> QLabel:
        """The empty state, made the first time the column is empty (a board of a real
        portfolio seldom shows one: three labels fewer to build and polish)."""
        if self.empty is None:
            self.empty = QLabel()
            self.empty.setWordWrap(True)
            self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.empty.setObjectName("emptyState")
            self.stack.addWidget(self.empty)
        return self.empty


class BoardPage(QWidget):
    """Emits ``open_customer(id)`` on double-click / Enter, and ``action_requested(Action,
    customer id)`` from a card's menu; ``current_customer_id()`` is the card the user
    selected last, which the window's actions act on."""

    open_customer = Signal(int)
    action_requested = Signal(object, int)  # (ui.app.actions.Action, customer id)

    # A card shows the customer (name, tier, state = column, industry; the filter also
    # matches contacts), its renewal date, last visit and open to-dos.
    SHOWS = (Change.CUSTOMERS | Change.CONTACTS | Change.RENEWALS | Change.RECORDS
             | Change.TODOS)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.search = QLineEdit()
        self.search.setObjectName("boardSearch")
        self.search.setPlaceholderText(self.tr("Filter the board by name, industry or contact…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Filter the board"))
        self._debounce = after_typing(self.search, self.reload)
        self.hint = QLabel()
        self.hint.setObjectName("boardHint")
        self.columns = {s.value: BoardColumn(ctx, s.value, self) for s in BOARD_STATES}
        self._last_column: BoardColumn | None = None  # where the user selected a card last
        row = QHBoxLayout()
        row.setSpacing(12)
        for column in self.columns.values():
            row.addWidget(column, 1)
            column.view.doubleClicked.connect(self._open)
            column.view.activated.connect(self._open)
            column.view.customContextMenuRequested.connect(
                lambda pos, c=column: self._context_menu(c, pos))
            column.view.selectionModel().currentChanged.connect(
                lambda _now, _before, c=column: self._touched(c))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.hint)
        layout.addLayout(top)
        layout.addLayout(row, 1)
        focus = QAction(self)
        focus.setShortcut(QKeySequence.StandardKey.Find)
        focus.triggered.connect(lambda: self.search.setFocus())
        self.addAction(focus)
        self._reader: LatestRead | None = None  # the filtered reads' worker, once needed
        reload_when_visible(self, ctx, lambda _what: self.reload(), shows=self.SHOWS)
        self.reload()

    def reload(self) -> None:
        """Re-read every column in one read (``board_columns``: a few statements for the
        whole board, not a few per column).

        Without a filter the read is a page per column off the board index and runs here.
        With one it ranks every match (a one-character filter scans every customer and
        contact: 30–60 ms at stress), so it runs on a worker thread and the columns follow
        when it is done, keeping the cards shown meanwhile; a later reload supersedes a
        read still running (``reading``)."""
        text = self.search.text()
        limits = {state: column.limit_for(text) for state, column in self.columns.items()}
        if text.strip():
            self._read_in_background(text, limits)
            return
        if self._reader is not None:  # a filtered read nobody wants any more
            self._reader.cancel()
        self._show(text, self.ctx.read(board_columns, limits=limits, search=text))

    @property
    def reading(self) -> bool:
        """A filtered read is running on a worker thread (its cards are not shown yet)."""
        return self._reader is not None and self._reader.waiting

    def _read_in_background(self, text: str, limits: dict[str, int]) -> None:
        """One worker runs the filtered reads, the latest only (``latest_read``): a read
        overtaken by newer typing is interrupted, not left to compete with the next."""
        if self._reader is None:
            from mycrm.ui.common.latest_read import LatestRead

            self._reader = LatestRead(self.ctx.engine, name="mycrm-board-filter", parent=self)
            self._reader.finished.connect(self._filtered_read)
            self._reader.failed.connect(self._filter_failed)
        self._reader.submit(partial(_read_columns, text, limits))

    def _filtered_read(self, result: tuple[str, dict[str, ColumnPage]]) -> None:
        self._show(*result)

    def _filter_failed(self, error: BaseException) -> None:
        _log.error("cannot filter the board", exc_info=error)
        self.hint.setText(self.tr("The board could not be filtered; see the log."))

    def _show(self, text: str, pages: dict[str, ColumnPage]) -> None:
        """Show a reload's columns, read under the filter ``text``."""
        total = 0
        for state, column in self.columns.items():
            column.show_page(text, pages[state])
            total += column.model.total()
        self.hint.setText(self.tr("%n customer(s)", None, total))

    def move_customers(self, customer_ids: list[int], state: str) -> None:
        """Drag and drop or "Move to": undoable with Ctrl+Z."""
        self.ctx.undoable(customers.move_customers, customer_ids=customer_ids, state=state)

    def _open(self, index: QModelIndex) -> None:
        self.open_customer.emit(index.data(CustomerIdRole))

    def _touched(self, column: BoardColumn) -> None:
        self._last_column = column

    def current_customer_id(self) -> int | None:
        """The selected card the user points at: the current card of the column touched
        last if it is selected, else the current selected card of another column."""
        others = [c for c in self.columns.values() if c is not self._last_column]
        first = [self._last_column] if self._last_column is not None else []
        for column in first + others:
            index = column.view.currentIndex()
            if index.isValid() and column.view.selectionModel().isSelected(index):
                return int(index.data(CustomerIdRole))
        return None

    def _context_menu(self, column: BoardColumn, pos: QPoint) -> None:
        index = column.view.indexAt(pos)
        if not index.isValid():
            return
        customer_id: int = index.data(CustomerIdRole)
        menu = QMenu(self)
        add_to_menu(menu, (Action.OPEN_CUSTOMER, Action.EDIT_CUSTOMER),
                    lambda action: self.action_requested.emit(action, customer_id))
        move = menu.addMenu(self.tr("Move to"))
        for state in BOARD_STATES:
            action = move.addAction(state_label(state.value),
                                    partial(self.move_customers, [customer_id], state.value))
            action.setEnabled(state.value != column.state)
        menu.addSeparator()
        menu.addAction(self.tr("Archive"), lambda: self.ctx.run(
            set_archived, customer_id=customer_id, archived=True))
        self.extend_context_menu(menu, customer_id)
        menu.exec(column.view.viewport().mapToGlobal(pos))

    def extend_context_menu(self, menu: QMenu, customer_id: int) -> None:
        """The customer's record actions (``ui.app.actions``) at the top of the card menu;
        the window runs them on this card's customer."""
        existing = menu.actions()
        before = existing[0] if existing else None
        add_to_menu(menu, CUSTOMER_ACTIONS,
                    lambda action: self.action_requested.emit(action, customer_id),
                    before=before)
        if before is not None:
            menu.insertSeparator(before)
        else:
            menu.addSeparator()


def _read_columns(text: str, limits: dict[str, int], session: Any
                  ) -> tuple[str, dict[str, ColumnPage]]:
    """On the worker: the filtered board, with the filter it was read under."""
    return text, board_columns(session, limits, text)
