"""Add, edit or delete one contact person of a customer."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QWidget
from sqlmodel import Session

from mycrm.core.customers.services import ContactInput, add_contact, delete_contact, update_contact
from mycrm.core.db.models import Contact
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.editor import EditorDialog, ServiceCall


def _get_contact(session: Session, contact_id: int) -> Contact | None:
    return session.get(Contact, contact_id)


class ContactEditor(EditorDialog[ContactInput]):
    """``saved(contact_id)`` after a successful save; a delete can be taken back (Ctrl+Z)."""

    def __init__(self, ctx: AppContext, customer_id: int, contact_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.customer_id = customer_id
        self.contact_id = contact_id
        self.setWindowTitle(self.tr("New contact") if contact_id is None
                            else self.tr("Edit contact"))
        self.setMinimumWidth(400)
        form = self._build_form()
        if contact_id is not None:
            self._load(contact_id)
            self.add_delete_button(self.tr("Delete"))
        self.set_body(form)

    def _build_form(self) -> QFormLayout:
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.phone2 = QLineEdit()
        self.phone2.setObjectName("phone2")
        self.email = QLineEdit()
        self.email.setObjectName("email")
        self.wechat = QLineEdit()
        self.wechat.setObjectName("wechat")
        self.primary = QCheckBox(self.tr("Primary contact"))
        form = QFormLayout()
        for label, field, widget in ((self.tr("&Name"), "name", self.name),
                                     (self.tr("&Title"), "title", self.title),
                                     (self.tr("&Phone"), "phone", self.phone),
                                     (self.tr("Second p&hone"), "phone2", self.phone2),
                                     (self.tr("&E-mail"), "email", self.email),
                                     (self.tr("&WeChat"), "wechat", self.wechat)):
            self.errors.add_row(form, label, field, widget)
        form.addRow("", self.primary)
        return form

    def _load(self, contact_id: int) -> None:
        contact = self.ctx.read(_get_contact, contact_id=contact_id)
        if contact is None:
            return
        self.name.setText(contact.name)
        self.title.setText(contact.title)
        self.phone.setText(contact.phone)
        self.phone2.setText(contact.phone2)
        self.email.setText(contact.email)
        self.wechat.setText(contact.wechat)
        self.primary.setChecked(contact.is_primary)

    def collect(self) -> ContactInput:
        return ContactInput(name=self.name.text(), title=self.title.text(),
                            phone=self.phone.text(), email=self.email.text(),
                            wechat=self.wechat.text(), is_primary=self.primary.isChecked(),
                            phone2=self.phone2.text())

    def save_call(self, data: ContactInput) -> ServiceCall:
        if self.contact_id is None:
            return ServiceCall(add_contact, customer_id=self.customer_id, data=data)
        return ServiceCall(update_contact, contact_id=self.contact_id, data=data)

    def delete_call(self) -> ServiceCall | None:
        if self.contact_id is None:
            return None
        return ServiceCall(delete_contact, contact_id=self.contact_id)

    def delete_question(self) -> str:
        return self.tr("Delete this contact?")
