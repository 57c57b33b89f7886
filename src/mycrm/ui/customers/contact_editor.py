"""Add, edit or delete one contact person of a customer."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from mycrm.core.common.validation import ValidationError
from mycrm.core.customers.services import ContactInput, add_contact, delete_contact, update_contact
from mycrm.core.db.models import Contact
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.forms import FieldErrors


def _get_contact(session: Session, contact_id: int) -> Contact | None:
    return session.get(Contact, contact_id)


class ContactEditor(QDialog):
    saved = Signal(int)

    def __init__(self, ctx: AppContext, customer_id: int, contact_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id = customer_id
        self.contact_id = contact_id
        self.setWindowTitle(self.tr("New contact") if contact_id is None
                            else self.tr("Edit contact"))
        self.setMinimumWidth(400)
        self.errors = FieldErrors()
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.email = QLineEdit()
        self.email.setObjectName("email")
        self.wechat = QLineEdit()
        self.wechat.setObjectName("wechat")
        self.primary = QCheckBox(self.tr("Primary contact"))
        form = QFormLayout()
        for label, field, widget in ((self.tr("&Name"), "name", self.name),
                                     (self.tr("&Title"), "title", self.title),
                                     (self.tr("&Phone"), "phone", self.phone),
                                     (self.tr("&E-mail"), "email", self.email),
                                     (self.tr("&WeChat"), "wechat", self.wechat)):
            self.errors.add_row(form, label, field, widget)
        form.addRow("", self.primary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        if contact_id is not None:
            contact = ctx.read(_get_contact, contact_id=contact_id)
            if contact is not None:
                self.name.setText(contact.name)
                self.title.setText(contact.title)
                self.phone.setText(contact.phone)
                self.email.setText(contact.email)
                self.wechat.setText(contact.wechat)
                self.primary.setChecked(contact.is_primary)
            delete = QPushButton(self.tr("Delete"))
            delete.clicked.connect(self.delete)
            buttons.addButton(delete, QDialogButtonBox.ButtonRole.DestructiveRole)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def collect(self) -> ContactInput:
        return ContactInput(name=self.name.text(), title=self.title.text(),
                            phone=self.phone.text(), email=self.email.text(),
                            wechat=self.wechat.text(), is_primary=self.primary.isChecked())

    def save(self) -> bool:
        try:
            if self.contact_id is None:
                contact = self.ctx.run(add_contact, customer_id=self.customer_id,
                                       data=self.collect())
            else:
                contact_id = self.contact_id
                contact = self.ctx.run(lambda *, session, now: update_contact(
                    session=session, contact_id=contact_id, data=self.collect()))
        except ValidationError as exc:
            unplaced = self.errors.show(exc)
            if unplaced:
                QMessageBox.warning(self, self.windowTitle(), "\n".join(unplaced))
            return False
        self.saved.emit(int(contact.id or 0))
        self.accept()
        return True

    def delete(self) -> None:
        if self.contact_id is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete"), self.tr("Delete this contact?"))
        if answer == QMessageBox.StandardButton.Yes:
            contact_id = self.contact_id
            self.ctx.run(lambda *, session, now: delete_contact(session=session,
                                                                contact_id=contact_id))
            self.accept()
