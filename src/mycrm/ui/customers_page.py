"""Customers: a sortable, filterable table of every customer, archived and lost included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session, col, select

from mycrm.core.board import all_customers
from mycrm.core.customers import set_archived
from mycrm.core.models import Contact
from mycrm.core.timeutil import local_today
from mycrm.core.urgency import days_left, renewal_urgency
from mycrm.ui.context import AppContext
from mycrm.ui.fmt import format_date
from mycrm.ui.labels import URGENCY_COLORS, state_label

SortRole = Qt.ItemDataRole.UserRole + 10
IdRole = Qt.ItemDataRole.UserRole + 11
StatusRole = Qt.ItemDataRole.UserRole + 12
COLUMN_WIDTHS = (260, 48, 100, 120, 100, 76, 100, 130)
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class CustomerRow:
    id: int
    name: str
    tier: str
    state: str
    industry: str
    renewal_date: date | None
    last_visit: date | None
    contact: str
    status: str  # "active" / "archived" / "lost"


def customer_rows(session: Session, *, search: str, include_inactive: bool, zone: str
                  ) -> list[CustomerRow]:
    customers = all_customers(session, search=search, include_inactive=include_inactive)
    primary = dict(session.exec(
        select(Contact.customer_id, Contact.name).where(col(Contact.is_primary))).all())
    return [
        CustomerRow(
            id=c.id or 0, name=c.name, tier=c.tier, state=c.state, industry=c.industry,
            renewal_date=c.renewal_date,
            last_visit=local_today(c.last_visit_at, zone) if c.last_visit_at else None,
            contact=primary.get(c.id, ""),
            status="lost" if c.lost_on else "archived" if c.archived_at else "active",
        )
        for c in customers
    ]


class CustomersTableModel(QAbstractTableModel):
    COLUMNS = ("name", "tier", "state", "industry", "renewal", "days_left", "last_visit",
               "contact", "status")

    def __init__(self, today: Any) -> None:
        super().__init__()
        self._rows: list[CustomerRow] = []
        self._today = today

    def headers(self) -> list[str]:
        return [self.tr("Name"), self.tr("Tier"), self.tr("State"), self.tr("Industry"),
                self.tr("Renewal date"), self.tr("Days left"), self.tr("Last visit"),
                self.tr("Primary contact"), self.tr("Status")]

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
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        today = self._today()
        if role == IdRole:
            return row.id
        if role == StatusRole:
            return row.status
        left = days_left(row.renewal_date, today)
        if role == SortRole:
            return {
                "name": row.name.casefold(), "tier": row.tier, "state": row.state,
                "industry": row.industry.casefold(),
                "renewal": row.renewal_date.toordinal() if row.renewal_date else 10**7,
                "days_left": left if left is not None else 10**7,
                "last_visit": row.last_visit.toordinal() if row.last_visit else -1,
                "contact": row.contact.casefold(), "status": row.status,
            }[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                "name": row.name, "tier": row.tier, "state": state_label(row.state),
                "industry": row.industry, "renewal": format_date(row.renewal_date),
                "days_left": "" if left is None else str(left),
                "last_visit": format_date(row.last_visit) if row.last_visit else self.tr("never"),
                "contact": row.contact, "status": self._status_label(row.status),
            }[column]
        if role == Qt.ItemDataRole.ForegroundRole and column in ("renewal", "days_left"):
            return URGENCY_COLORS[renewal_urgency(row.renewal_date, today)]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "days_left":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _status_label(self, status: str) -> str:
        return {"active": self.tr("Active"), "archived": self.tr("Archived"),
                "lost": self.tr("Lost")}[status]


class CustomersPage(QWidget):
    open_customer = Signal(int)
    new_customer = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.search = QLineEdit(objectName="customersSearch")
        self.search.setPlaceholderText(self.tr("Search customers and contacts…"))
        self.search.setClearButtonEnabled(True)
        self.show_inactive = QCheckBox(self.tr("Show archived and lost"))
        add = QPushButton(self.tr("New customer"))
        add.clicked.connect(self.new_customer)
        self.archive = QPushButton(self.tr("Archive"))
        self.archive.clicked.connect(self._toggle_archive)
        self.count = QLabel()
        self.model = CustomersTableModel(ctx.today)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = QTableView(objectName="customersTable")
        self.table.setModel(self.proxy)
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
        self.empty = QLabel(objectName="emptyState")
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
        self._debounce = QTimer(self, singleShot=True, interval=120)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.show_inactive.toggled.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        ctx.changed.connect(self.reload)
        self.reload()
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)

    def reload(self) -> None:
        rows = self.ctx.read(customer_rows, search=self.search.text(),
                             include_inactive=self.show_inactive.isChecked(), zone=self.ctx.zone)
        self.model.set_rows(rows)
        self.count.setText(self.tr("%n customer(s)", None, len(rows)))
        self.empty.setVisible(not rows)
        self.empty.setText(self.tr("No customer matches the search.") if self.search.text()
                           else self.tr("No customers yet. Click “New customer” (Ctrl+N) or "
                                        "import your spreadsheet to get started."))
        self._update_buttons()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(IdRole) if rows else None

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
