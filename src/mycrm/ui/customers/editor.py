"""Add or edit a customer. Validation messages appear beside their fields; on add, a likely
duplicate is pointed out with an offer to open the existing customer instead."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from mycrm.core.customers.duplicates import DuplicateMatch, DuplicateReason, find_duplicates
from mycrm.core.customers.services import (
    ContactInput,
    CustomerInput,
    clean_customer,
    create_customer,
    current_contract,
    get_customer,
    update_customer,
)
from mycrm.core.db.models import Tier
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.editor import EditorDialog, ServiceCall
from mycrm.ui.common.fmt import format_amount_input


class CustomerEditor(EditorDialog[CustomerInput]):
    """``saved(id)`` after a successful save; ``open_existing(id)`` when the user chooses the
    existing customer over adding a duplicate."""

    open_existing = Signal(int)

    def __init__(self, ctx: AppContext, customer_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.customer_id = customer_id
        self.setWindowTitle(self.tr("New customer") if customer_id is None
                            else self.tr("Edit customer"))
        self.setMinimumWidth(460)
        self.contact_box = self._build_contact_box()
        self.set_body(self._build_form(), self.contact_box)
        self.contact_box.setVisible(customer_id is None)  # after set_body gave it a parent
        if customer_id is not None:
            self._load(customer_id)

    def _build_form(self) -> QFormLayout:
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText(self.tr("Company name, e.g. 上海云帆信息科技有限公司"))
        self.tier = QComboBox()
        self.tier.setObjectName("tier")
        for tier in Tier:
            self.tier.addItem(tier.value, tier.value)
        self.tier.setCurrentText(Tier.C.value)
        self.industry = QLineEdit()
        self.industry.setObjectName("industry")
        self.renewal = QLineEdit()
        self.renewal.setObjectName("renewal_date")
        self.renewal.setPlaceholderText(self.tr("YYYY-MM-DD, e.g. 2027-03-31"))
        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText(self.tr("Contract amount, e.g. 120000"))
        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.city = QLineEdit()
        self.city.setObjectName("city")
        self.country = QLineEdit()
        self.country.setObjectName("country")
        self.website = QLineEdit()
        self.website.setObjectName("website")
        self.tags = QLineEdit()
        self.tags.setObjectName("tags")
        self.tags.setPlaceholderText(self.tr("Comma-separated, e.g. key account, SSO"))
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setFixedHeight(70)
        # What the QBR report is about beside the records (shown there when set).
        self.year_goals = self._long_text("year_goals", self.tr(
            "What the customer wants to reach this year"))
        self.value_delivered = self._long_text("value_delivered", self.tr(
            "What the service has brought them so far"))
        form = QFormLayout()
        self.errors.add_row(form, self.tr("&Name"), "name", self.name)
        self.errors.add_row(form, self.tr("&Tier"), "tier", self.tier)
        self.errors.add_row(form, self.tr("&Industry"), "industry", self.industry)
        self.errors.add_row(form, self.tr("&Renewal date"), "renewal_date", self.renewal)
        self.errors.add_row(form, self.tr("&Amount"), "amount", self.amount)
        self.errors.add_row(form, self.tr("Addre&ss"), "address", self.address)
        self.errors.add_row(form, self.tr("&City"), "city", self.city)
        self.errors.add_row(form, self.tr("Co&untry"), "country", self.country)
        self.errors.add_row(form, self.tr("&Website"), "website", self.website)
        self.errors.add_row(form, self.tr("Ta&gs"), "tags", self.tags)
        self.errors.add_row(form, self.tr("N&otes"), "notes", self.notes)
        self.errors.add_row(form, self.tr("Goals for the &year"), "year_goals", self.year_goals)
        self.errors.add_row(form, self.tr("&Value delivered"), "value_delivered",
                            self.value_delivered)
        return form

    @staticmethod
    def _long_text(name: str, placeholder: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)  # Tab moves on, as in every other field of the form
        edit.setFixedHeight(56)
        return edit

    def _build_contact_box(self) -> QGroupBox:
        """The first contact person, asked for only when adding a customer."""
        box = QGroupBox(self.tr("First contact person"))
        self.contact_name = QLineEdit()
        self.contact_name.setObjectName("contact_name")
        self.contact_title = QLineEdit()
        self.contact_title.setObjectName("contact_title")
        self.contact_phone = QLineEdit()
        self.contact_phone.setObjectName("contact_phone")
        self.contact_email = QLineEdit()
        self.contact_email.setObjectName("contact_email")
        contact_form = QFormLayout(box)
        self.errors.add_row(contact_form, self.tr("Na&me"), "contact_name", self.contact_name)
        self.errors.add_row(contact_form, self.tr("Title"), "contact_title", self.contact_title)
        self.errors.add_row(contact_form, self.tr("&Phone"), "contact_phone", self.contact_phone)
        self.errors.add_row(contact_form, self.tr("&E-mail"), "contact_email", self.contact_email)
        return box

    def _load(self, customer_id: int) -> None:
        def load(session):  # type: ignore[no-untyped-def]
            return get_customer(session, customer_id), current_contract(session, customer_id)

        customer, contract = self.ctx.read(load)
        self.name.setText(customer.name)
        self.tier.setCurrentText(customer.tier)
        self.industry.setText(customer.industry)
        self.renewal.setText(customer.renewal_date.isoformat() if customer.renewal_date else "")
        self.amount.setText(format_amount_input(contract.amount_cents) if contract else "")
        self.notes.setPlainText(customer.notes)
        self.year_goals.setPlainText(customer.year_goals)
        self.value_delivered.setPlainText(customer.value_delivered)
        for widget, value in ((self.address, customer.address), (self.city, customer.city),
                              (self.country, customer.country),
                              (self.website, customer.website), (self.tags, customer.tags)):
            widget.setText(value)

    def collect(self) -> CustomerInput:
        contact = None
        if self.customer_id is None:
            contact = ContactInput(
                name=self.contact_name.text(),
                title=self.contact_title.text(),
                phone=self.contact_phone.text(),
                email=self.contact_email.text(),
            )
        return CustomerInput(
            name=self.name.text(),
            tier=self.tier.currentData(),
            industry=self.industry.text(),
            renewal_date=self.renewal.text(),
            amount=self.amount.text(),
            notes=self.notes.toPlainText(),
            contact=contact,
            address=self.address.text(),
            city=self.city.text(),
            country=self.country.text(),
            website=self.website.text(),
            tags=self.tags.text(),
            year_goals=self.year_goals.toPlainText(),
            value_delivered=self.value_delivered.toPlainText(),
        )

    def confirm_save(self, data: CustomerInput) -> bool:
        """Check the fields first (so a typo is not reported as a duplicate), then, for a
        new customer, offer the likely existing one."""
        clean_customer(data)
        return self.customer_id is not None or self._confirm_not_duplicate(data)

    def save_call(self, data: CustomerInput) -> ServiceCall:
        if self.customer_id is None:
            return ServiceCall(create_customer, data=data)
        return ServiceCall(update_customer, customer_id=self.customer_id, data=data)

    def saved_id(self, result: Any) -> int:
        """The saved customer's id; a new customer's editor now edits it."""
        self.customer_id = int(result.id)
        return self.customer_id

    def _confirm_not_duplicate(self, data: CustomerInput) -> bool:
        contact = data.contact or ContactInput()
        matches = self.ctx.read(find_duplicates, name=data.name, phone=contact.phone,
                                email=contact.email)
        if not matches:
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setTextFormat(Qt.TextFormat.PlainText)  # the names are what users typed
        box.setWindowTitle(self.tr("Possible duplicate"))
        box.setText(self.tr("This customer may already exist:"))
        box.setInformativeText("\n".join(self._describe(m) for m in matches[:5]))
        open_button = box.addButton(self.tr("Open existing"), QMessageBox.ButtonRole.AcceptRole)
        add_button = box.addButton(self.tr("Add anyway"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(open_button)
        box.exec()
        clicked = box.clickedButton()
        if clicked is open_button:
            self.open_existing.emit(matches[0].customer_id)
            self.reject()
            return False
        return clicked is add_button

    def _describe(self, match: DuplicateMatch) -> str:
        reasons = {
            DuplicateReason.SAME_NAME: self.tr("same name"),
            DuplicateReason.SIMILAR_NAME: self.tr("similar name"),
            DuplicateReason.SAME_PHONE: self.tr("same phone number"),
            DuplicateReason.SAME_EMAIL: self.tr("same e-mail address"),
        }
        return f"• {match.name} ({reasons[match.reason]})"
