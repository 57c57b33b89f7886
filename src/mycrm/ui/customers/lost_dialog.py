"""Mark a customer lost (churned) with a reason: it leaves the board, stays searchable."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from mycrm.core.customers.services import get_customer
from mycrm.core.records.renewals import LostInput, mark_lost
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.editor import EditorDialog, ServiceCall


class LostDialog(EditorDialog[LostInput]):
    """``saved(customer_id)`` once the customer is marked lost."""

    def __init__(self, ctx: AppContext, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.customer_id = customer_id
        name = ctx.read(get_customer, customer_id=customer_id).name
        self.setWindowTitle(self.tr("Mark lost — %1").replace("%1", name))
        self.setMinimumWidth(420)
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
        self.set_body(form, note)

    def collect(self) -> LostInput:
        return LostInput(customer_id=self.customer_id, reason=self.reason.toPlainText(),
                         lost_on=self.lost_on.text())

    def save_call(self, data: LostInput) -> ServiceCall:
        return ServiceCall(mark_lost, data=data)

    def saved_id(self, result: Any) -> int:
        return self.customer_id  # mark_lost returns nothing; the customer is what changed
