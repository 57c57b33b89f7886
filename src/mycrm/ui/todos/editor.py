"""Add or edit one to-do, and the reminder field (typed date-time + quick picks) that the
record editor reuses for each of its to-do rows."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.common.validation import ValidationError
from mycrm.core.customers.services import get_customer
from mycrm.core.todos.services import (
    TodoInput,
    create_todo,
    delete_todo,
    format_wall,
    get_todo,
    quick_pick,
    todo_inputs_from_text,
    update_todo,
)
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.forms import FieldErrors, confirm_delete


class ReminderField(QWidget):
    """A typed reminder time (``YYYY-MM-DD HH:MM``, empty = none) with a quick-pick menu."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("No reminder — or YYYY-MM-DD HH:MM"))
        self.edit.setAccessibleName(self.tr("Reminder date and time"))
        self.edit.setClearButtonEnabled(True)
        self.pick = QToolButton()
        self.pick.setText(self.tr("Pick"))
        self.pick.setToolTip(self.tr("Quick picks: tomorrow 9:00, next week, in 1 month"))
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.pick)
        for key, label in (("tomorrow", self.tr("Tomorrow 9:00")),
                           ("next_week", self.tr("Next week")),
                           ("next_month", self.tr("In 1 month"))):
            menu.addAction(label, partial(self.apply_quick_pick, key))
        menu.addAction(self.tr("No reminder"), self.edit.clear)
        self.pick.setMenu(menu)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.pick)

    def apply_quick_pick(self, key: str) -> None:
        self.edit.setText(format_wall(quick_pick(key, self.ctx.today())))

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 — Qt naming
        self.edit.setText(text)


class TodoEditor(QDialog):
    """``saved(todo_id)`` after a successful save."""

    saved = Signal(int)

    def __init__(self, ctx: AppContext, todo_id: int | None = None,
                 customer_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.todo_id = todo_id
        self.customer_id = customer_id
        self.setWindowTitle(self.tr("New to-do") if todo_id is None else self.tr("Edit to-do"))
        self.setMinimumWidth(440)
        self.errors = FieldErrors()
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setPlaceholderText(self.tr("What needs doing, e.g. Send the renewal quote"))
        self.reminder = ReminderField(ctx)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setFixedHeight(70)
        form = QFormLayout()
        self.customer_label = QLabel()
        form.addRow(self.tr("Customer"), self.customer_label)
        self.errors.add_row(form, self.tr("&Title"), "title", self.title)
        self.errors.add_row(form, self.tr("&Reminder"), "remind_wall", self.reminder)
        self.errors.add_row(form, self.tr("N&otes"), "notes", self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        if todo_id is not None:
            delete = QPushButton(self.tr("Delete"))
            delete.setObjectName("deleteTodo")
            delete.clicked.connect(self.delete)
            buttons.addButton(delete, QDialogButtonBox.ButtonRole.DestructiveRole)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        if todo_id is not None:
            self._load(todo_id)
        self._show_customer()

    def _load(self, todo_id: int) -> None:
        todo = self.ctx.read(get_todo, todo_id=todo_id)
        self.customer_id = todo.customer_id
        self.title.setText(todo.title)
        self.notes.setPlainText(todo.notes)
        self.reminder.setText(format_wall(todo.remind_wall))

    def _show_customer(self) -> None:
        if self.customer_id is None:
            self.customer_label.setText(self.tr("None"))
            return
        customer = self.ctx.read(get_customer, customer_id=self.customer_id)
        self.customer_label.setText(customer.name)

    def save(self) -> bool:
        """Validate and write; errors appear beside their fields and nothing is stored."""
        try:
            [data] = todo_inputs_from_text([(self.title.text() or " ", self.reminder.text())],
                                           self.ctx.zone, prefix="row")
            data.title = self.title.text()
            data.notes = self.notes.toPlainText()
            data.customer_id = self.customer_id
            if self.todo_id is None:
                todo = self.ctx.run(create_todo, data=data)
            else:
                todo = self.ctx.run(update_todo, todo_id=self.todo_id, data=data)
        except ValidationError as exc:
            self._show_errors(exc)
            return False
        assert todo.id is not None
        self.saved.emit(todo.id)
        self.accept()
        return True

    def delete(self) -> bool:
        """Delete after confirmation; Ctrl+Z in the window brings it back."""
        if self.todo_id is None:
            return False
        if not confirm_delete(self, self.tr("Delete this to-do?")):
            return False
        self.ctx.undoable(delete_todo, todo_id=self.todo_id)
        self.accept()
        return True

    def _show_errors(self, exc: ValidationError) -> None:
        renamed = ValidationError([type(e)(e.field.removeprefix("row0_"), e.code, e.params)
                                   for e in exc.errors])
        unplaced = self.errors.show(renamed)
        if unplaced:
            QMessageBox.warning(self, self.windowTitle(), "\n".join(unplaced))


def todo_input_for(title: str, remind_text: str, zone: str) -> TodoInput:
    """Convenience for other editors: one row → ``TodoInput`` (raises ``ValidationError``)."""
    [data] = todo_inputs_from_text([(title or " ", remind_text)], zone, prefix="")
    data.title = title
    return data
