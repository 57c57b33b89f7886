"""Mark a customer lost (churned) with a reason: it leaves the board, stays searchable."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.common.validation import ValidationError
from mycrm.core.customers.services import get_customer
from mycrm.core.records.renewals import LostInput, mark_lost
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.forms import FieldErrors


class LostDialog(QDialog):
    saved = Signal(int)

    def __init__(self, ctx: AppContext, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id = customer_id
        name = ctx.read(get_customer, customer_id=customer_id).name
        self.setWindowTitle(self.tr("Mark lost — %1").replace("%1", name))
        self.setMinimumWidth(420)
        self.errors = FieldErrors()
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("Why was the customer lost? e.g. budget cut"))
        self.reason.setFixedHeight(80)
        self.lost_on = QLineEdit(ctx.today().isoformat())
        self.lost_on.setObjectName("lost_on")
        form = QFormLayout()
        self.errors.add_row(form, self.tr("&Reason"), "reason", self.reason)
        self.errors.add_row(form, self.tr("Lost &on"), "lost_on", self.lost_on)
        note = QLabel(self.tr("The customer leaves the board but stays in search and the "
                              "customer list."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def save(self) -> bool:
        try:
            self.ctx.run(mark_lost, data=LostInput(customer_id=self.customer_id,
                                                    reason=self.reason.toPlainText(),
                                                    lost_on=self.lost_on.text()))
        except ValidationError as exc:
            unplaced = self.errors.show(exc)
            if unplaced:
                QMessageBox.warning(self, self.windowTitle(), "\n".join(unplaced))
            return False
        self.saved.emit(self.customer_id)
        self.accept()
        return True
