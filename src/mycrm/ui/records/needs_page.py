"""Needs across customers: sortable table, filter by status, double-click to edit."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
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
from mycrm.core.records.needs import list_needs
from mycrm.ui.app.actions import Action
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.fmt import format_date, format_money
from mycrm.ui.common.labels import need_status_label
from mycrm.ui.common.reload import reload_when_visible
from mycrm.ui.customers.timeline_model import IdRole, Row, RowsModel, SortRole

CUSTOMER_COLUMN = 1


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
        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.count = QLabel()
        self.model = RowsModel([self.tr("Need"), self.tr("Customer"), self.tr("Amount"),
                                self.tr("Follow up"), self.tr("Status"), self.tr("Captured")])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.view = QTableView()
        self.view.setObjectName("needsTable")
        self.view.setAccessibleName(self.tr("Needs"))
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CUSTOMER_COLUMN, QHeaderView.ResizeMode.Stretch)
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

    def reload(self) -> None:
        needs = self.ctx.read(list_needs, status=self.status.currentData() or None)
        self._customer_ids = {n.id: n.customer_id for n in needs}
        self.model.set_rows([Row(
            n.id,
            (n.title, n.customer_name, format_money(n.amount_cents) if n.amount_cents else "",
             format_date(n.follow_up_on), need_status_label(n.status),
             format_date(n.created_at.date())),
            (n.title, n.customer_name, n.amount_cents,
             n.follow_up_on.isoformat() if n.follow_up_on else "9999",
             n.status, n.created_at.isoformat()),
            tooltip=n.detail or n.title) for n in needs])
        self.count.setText(self.tr("%n need(s)", None, len(needs)))
        if needs:
            self.stack.setCurrentWidget(self.view)
        else:
            self.empty.setText(self.tr(
                "No needs here yet — capture one from a customer with Ctrl+Shift+N."))
            self.stack.setCurrentWidget(self.empty)

    def _activate(self, index) -> None:  # type: ignore[no-untyped-def]
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
