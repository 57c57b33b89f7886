"""Record a renewal: signed date (default today), new end date (default one year after the
current end) and amount (default the current contract's)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from mycrm.core.customers.services import current_contract, get_customer
from mycrm.core.records.renewals import RenewalInput, default_renewal_end, record_renewal
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.editor import EditorDialog, ServiceCall
from mycrm.ui.common.fmt import format_amount_input, format_date


class RenewalDialog(EditorDialog[RenewalInput]):
    """``saved(contract_id)`` with the new contract's id."""

    def __init__(self, ctx: AppContext, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.customer_id = customer_id
        customer = ctx.read(get_customer, customer_id=customer_id)
        contract = ctx.read(current_contract, customer_id=customer_id)
        self.setWindowTitle(self.tr("Record a renewal — %1").replace("%1", customer.name))
        self.setMinimumWidth(420)
        self.signed = QLineEdit(ctx.today().isoformat())
        self.signed.setObjectName("signed_on")
        end = ctx.read(default_renewal_end, customer_id=customer_id, today=ctx.today())
        self.end = QLineEdit(end.isoformat())
        self.end.setObjectName("end_date")
        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        if contract is not None and contract.amount_cents:
            self.amount.setText(format_amount_input(contract.amount_cents))
        form = QFormLayout()
        current = (format_date(customer.renewal_date) if customer.renewal_date
                   else self.tr("none"))
        form.addRow(self.tr("Current end"), QLabel(current))
        self.errors.add_row(form, self.tr("&Signed on"), "signed_on", self.signed)
        self.errors.add_row(form, self.tr("New &end date"), "end_date", self.end)
        self.errors.add_row(form, self.tr("&Amount"), "amount", self.amount)
        self.set_body(form)

    def collect(self) -> RenewalInput:
        return RenewalInput(customer_id=self.customer_id, signed_on=self.signed.text(),
                            end_date=self.end.text(), amount=self.amount.text())

    def save_call(self, data: RenewalInput) -> ServiceCall:
        return ServiceCall(record_renewal, data=data)
