"""The paired phones: name, paired on, last seen, and Remove (a removed phone can do
nothing more — its secret no longer matches)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedLayout,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.changes import Change
from mycrm.core.phone.devices import list_phones, remove_phone
from mycrm.ui.app.context import AppContext
from mycrm.ui.common import fmt
from mycrm.ui.common.reload import reload_when_visible

ID_ROLE = Qt.ItemDataRole.UserRole


class PhonesList(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([self.tr("Phone"), self.tr("Paired on"),
                                   self.tr("Last seen")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setAccessibleName(self.tr("Paired phones"))
        self.tree.itemSelectionChanged.connect(self._selection)
        self.empty = QLabel(self.tr("No phone is paired yet. Turn on phone access and scan "
                                    "the QR code with the phone's camera."))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tree)
        self.remove_button = QPushButton(self.tr("Remove…"))
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.stack)
        layout.addLayout(buttons)
        self.tree.setMinimumHeight(90)
        # A phone paired (or seen) while the list is open shows up.
        reload_when_visible(self, ctx, lambda _what: self.reload(), shows=Change.SETTINGS)
        self.reload()

    def reload(self) -> None:
        rows = self.ctx.read(list_phones)
        self.tree.clear()
        for row in rows:
            item = QTreeWidgetItem([
                row.name, fmt.format_datetime(row.paired_at, self.ctx.zone),
                fmt.format_datetime(row.last_seen_at, self.ctx.zone) if row.last_seen_at
                else self.tr("Never")])
            item.setData(0, ID_ROLE, row.id)
            self.tree.addTopLevelItem(item)
        self.stack.setCurrentWidget(self.tree if rows else self.empty)
        self._selection()

    def _selection(self) -> None:
        self.remove_button.setEnabled(bool(self.tree.selectedItems()))

    def remove_selected(self, *, confirm: bool = True) -> bool:
        items = self.tree.selectedItems()
        if not items:
            return False
        item = items[0]
        if confirm and QMessageBox.question(
                self, self.tr("Remove phone"),
                self.tr("Remove %1? It will no longer reach mycrm; to use it again, pair it "
                        "again with a new QR code.").replace("%1", item.text(0))
        ) != QMessageBox.StandardButton.Yes:
            return False
        self.ctx.run(remove_phone, phone_id=int(item.data(0, ID_ROLE)))
        self.reload()
        return True
