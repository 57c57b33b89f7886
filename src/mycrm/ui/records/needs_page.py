"""Needs across customers: sortable table, filter by status, double-click to edit.

The table is sorted and paged in SQL (``core.records.needs.list_needs``): a page of needs is
read, more as the view scrolls, a header click re-reads the first page in the new order,
and the count is one ``COUNT`` — the first showing costs a page, not every need.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.changes import Change
from mycrm.core.db.models import NeedStatus
from mycrm.core.records.needs import NEED_SORTS, NeedRow, count_needs, list_needs
from mycrm.ui.app.actions import Action
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.fmt import format_date, format_money
from mycrm.ui.common.labels import need_status_label
from mycrm.ui.common.reload import reload_when_visible
from mycrm.ui.customers.timeline_model import IdRole, Row, RowsModel

CUSTOMER_COLUMN = 1
FOLLOW_UP_COLUMN = NEED_SORTS.index("follow_up")
# Amount, Follow up, Status, Captured: fixed widths, not measured over the rows.
COLUMN_WIDTHS = {2: 110, 3: 100, 4: 90, 5: 100}
# Rows read at a time: a tall window shows some 30, and the first showing reads one page
# (as ``ui.app.context.warm_first_showings`` does), not the shared table model's 100.
PAGE_ROWS = 50


class NeedsPage(QWidget):
    """``action_requested(Action.EDIT_NEED, need_id)`` / ``open_customer(id)`` go to the
    window; ``current_customer_id()`` is the selected need's customer, which the window's
    actions act on."""

    action_requested = Signal(object, int)  # (ui.app.actions.Action, id)
    open_customer = Signal(int)

    SHOWS = Change.NEEDS | Change.CUSTOMERS  # needs with their customer's name

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._customer_ids: dict[int, int] = {}
        self.status = QComboBox()
        self.status.setObjectName("needStatusFilter")
        self.status.setAccessibleName(self.tr("Show needs with status"))
        self.status.addItem(self.tr("Open"), NeedStatus.OPEN.value)
        self.status.addItem(self.tr("Won"), NeedStatus.WON.value)
        self.status.addItem(self.tr("Dropped"), NeedStatus.DROPPED.value)
        self.status.addItem(self.tr("All"), "")
        self.status.currentIndexChanged.connect(lambda _i: self.reload(keep_loaded=False))
        self.count = QLabel()
        self.model = RowsModel([self.tr("Need"), self.tr("Customer"), self.tr("Amount"),
                                self.tr("Follow up"), self.tr("Status"), self.tr("Captured")],
                               self._fetch, self._count,
                               page_size=min(RowsModel.PAGE_SIZE, PAGE_ROWS))
        self.view = QTableView()
        self.view.setObjectName("needsTable")
        self.view.setAccessibleName(self.tr("Needs"))
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(FOLLOW_UP_COLUMN, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CUSTOMER_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS.items():
            self.view.setColumnWidth(column, width)
        self.view.doubleClicked.connect(self._activate)
        self.view.activated.connect(self._activate)
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Status:")))
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.stack, 1)
        reload_when_visible(self, ctx, lambda _what: self.reload(), shows=self.SHOWS)
        self.reload()

    @property
    def proxy(self) -> RowsModel:
        """The model the view shows: the paged model itself (it sorts in SQL)."""
        return self.model

    def reload(self, keep_loaded: bool = True) -> None:
        """Count and read the first rows again (as many as were loaded when
        ``keep_loaded``: a change keeps the scroll position; a new filter starts at the
        top)."""
        self.model.refresh(keep_loaded=keep_loaded)
        total = self.model.total()
        self.count.setText(self.tr("%n need(s)", None, total))
        if total:
            self.stack.setCurrentWidget(self.view)
        else:
            self.empty.setText(self.tr(
                "No needs here yet — capture one from a customer with Ctrl+Shift+N."))
            self.stack.setCurrentWidget(self.empty)

    def _status(self) -> str | None:
        return self.status.currentData() or None

    def _count(self) -> int:
        return self.ctx.read(count_needs, status=self._status())

    def _fetch(self, column: int, descending: bool, offset: int, limit: int) -> list[Row]:
        needs = self.ctx.read(list_needs, status=self._status(), sort=NEED_SORTS[column],
                              descending=descending, offset=offset, limit=limit)
        if not offset:  # the first rows again: the rows loaded before are gone
            self._customer_ids.clear()
        self._customer_ids.update({n.id: n.customer_id for n in needs})
        return [self._row(n) for n in needs]

    @staticmethod
    def _row(need: NeedRow) -> Row:
        return Row(
            need.id,
            (need.title, need.customer_name,
             format_money(need.amount_cents) if need.amount_cents else "",
             format_date(need.follow_up_on), need_status_label(need.status),
             format_date(need.created_at.date())),
            tooltip=need.detail or need.title)

    def _activate(self, index: QModelIndex) -> None:
        need_id = int(index.data(IdRole))
        if index.column() == CUSTOMER_COLUMN:
            self.open_customer.emit(self._customer_ids[need_id])
        else:
            self.action_requested.emit(Action.EDIT_NEED, need_id)

    def current_customer_id(self) -> int | None:
        """The customer of the selected need, if one is selected."""
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isSelected(index):
            return None
        return self._customer_ids.get(int(index.data(IdRole)))
