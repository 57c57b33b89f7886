"""Capture or edit a potential need (潜在需求): title, detail, estimated amount, follow-up
date (creates a to-do with a reminder) and status."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from mycrm.core.customers.services import get_customer
from mycrm.core.db.models import Need, NeedStatus
from mycrm.core.records.needs import NeedInput, create_need, delete_need, get_need, update_need
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.editor import EditorDialog, ServiceCall
from mycrm.ui.common.fmt import format_amount_input
from mycrm.ui.common.labels import need_status_label


def follow_up_title() -> str:
    return QCoreApplication.translate("rules", "Follow up: %1")


class NeedEditor(EditorDialog[NeedInput]):
    """``saved(need_id)`` after a successful save; Delete (an existing need) is undoable."""

    def __init__(self, ctx: AppContext, customer_id: int | None = None,
                 need_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.need_id = need_id
        need = ctx.read(get_need, need_id=need_id) if need_id is not None else None
        if need is not None:
            customer_id = need.customer_id
        assert customer_id is not None
        self.customer_id = customer_id
        name = ctx.read(get_customer, customer_id=customer_id).name
        self.setWindowTitle((self.tr("Capture a need — %1") if need is None
                             else self.tr("Edit need — %1")).replace("%1", name))
        self.setMinimumWidth(440)
        form = self._build_form()
        if need is not None:
            self.add_delete_button(self.tr("Delete"))
            self._load(need)
        customer = QLabel(name)
        customer.setTextFormat(Qt.TextFormat.PlainText)  # a name the user typed
        self.set_body(customer, form)

    def _build_form(self) -> QFormLayout:
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setPlaceholderText(self.tr("e.g. Wants SSO for 200 more seats"))
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("detail")
        self.detail.setFixedHeight(80)
        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText(self.tr("Estimated amount, e.g. 30000"))
        self.follow_up = QLineEdit()
        self.follow_up.setObjectName("follow_up_on")
        self.follow_up.setPlaceholderText(self.tr("YYYY-MM-DD — a reminder at 9:00 that day"))
        self.status = QComboBox()
        self.status.setObjectName("status")
        for status in NeedStatus:
            self.status.addItem(need_status_label(status.value), status.value)
        form = QFormLayout()
        self.errors.add_row(form, self.tr("&Title"), "title", self.title)
        self.errors.add_row(form, self.tr("&Detail"), "detail", self.detail)
        self.errors.add_row(form, self.tr("&Amount"), "amount", self.amount)
        self.errors.add_row(form, self.tr("&Follow up on"), "follow_up_on", self.follow_up)
        self.errors.add_row(form, self.tr("&Status"), "status", self.status)
        return form

    def _load(self, need: Need) -> None:
        self.title.setText(need.title)
        self.detail.setPlainText(need.detail)
        self.amount.setText(format_amount_input(need.amount_cents) if need.amount_cents else "")
        self.follow_up.setText(need.follow_up_on.isoformat() if need.follow_up_on else "")
        self.status.setCurrentIndex(self.status.findData(need.status))

    def collect(self) -> NeedInput:
        return NeedInput(customer_id=self.customer_id, title=self.title.text(),
                         detail=self.detail.toPlainText(), amount=self.amount.text(),
                         follow_up_on=self.follow_up.text(), status=self.status.currentData())

    def save_call(self, data: NeedInput) -> ServiceCall:
        options = {"data": data, "zone": self.ctx.zone, "todo_title": follow_up_title()}
        if self.need_id is None:
            return ServiceCall(create_need, **options)
        return ServiceCall(update_need, need_id=self.need_id, **options)

    def delete_call(self) -> ServiceCall | None:
        return None if self.need_id is None else ServiceCall(delete_need, need_id=self.need_id)

    def delete_question(self) -> str:
        return self.tr("Delete this need?")
