"""Type-ahead customer picker: shown when an action (log a visit, new to-do…) starts
without a customer. Type part of a name, contact or phone; Enter takes the highlighted one."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.customers.board import all_customers
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.reload import after_typing

MAX_SHOWN = 50


class CustomerPicker(QDialog):
    """``picked(customer_id)`` when the user chooses a customer."""

    picked = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Choose a customer"))
        self.setMinimumSize(420, 360)
        self._ids: list[int] = []
        self.search = QLineEdit()
        self.search.setObjectName("pickerSearch")
        self.search.setPlaceholderText(self.tr("Type a name, contact or phone…"))
        self.search.setAccessibleName(self.tr("Search customers"))
        self.model = QStringListModel(self)
        self.list = QListView()
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setObjectName("pickerList")
        self.list.setModel(self.model)
        self.list.setAccessibleName(self.tr("Matching customers"))
        self.list.activated.connect(lambda _i: self.accept_current())
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept_current)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self._debounce = after_typing(self.search, self.refresh, pause_ms=100)
        self.search.returnPressed.connect(self.accept_current)
        self.search.installEventFilter(self)
        self.refresh()

    def refresh(self) -> None:
        shown = self.ctx.read(all_customers, search=self.search.text(), include_inactive=False,
                              limit=MAX_SHOWN)
        self._ids = [c.id for c in shown if c.id is not None]
        self.model.setStringList([c.name for c in shown])
        # Nobody is preselected until the user types: Enter on an untouched picker must not
        # put a record under a customer the user never chose. After typing, the best match
        # is highlighted, so Enter takes it.
        if shown and self.search.text().strip():
            self.list.setCurrentIndex(self.model.index(0))
        else:
            self.list.clearSelection()
            self.list.setCurrentIndex(QModelIndex())
        self.empty.setText("" if shown else self.tr(
            "No customer matches — check the spelling or add the customer first."))

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]  # noqa: N802
        """Up/Down in the search box move through the list."""
        from PySide6.QtCore import QEvent

        if watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Up, Qt.Key.Key_Down):
            row = self.list.currentIndex().row() + (1 if event.key() == Qt.Key.Key_Down else -1)
            if 0 <= row < self.model.rowCount():
                self.list.setCurrentIndex(self.model.index(row))
            return True
        return super().eventFilter(watched, event)

    def accept_current(self) -> None:
        row = self.list.currentIndex().row()
        if not 0 <= row < len(self._ids):
            return
        customer_id = self._ids[row]
        self.accept()
        self.picked.emit(customer_id)
