"""Add or edit one to-do, and the reminder field (typed date-time + quick picks) that the
record editor reuses for each of its to-do rows."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QToolButton,
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
from mycrm.ui.common.editor import EditorDialog, ServiceCall


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


class TodoEditor(EditorDialog[TodoInput]):
    """``saved(todo_id)`` after a successful save; Delete (an existing to-do) is undoable."""

    def __init__(self, ctx: AppContext, todo_id: int | None = None,
                 customer_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.todo_id = todo_id
        self.customer_id = customer_id
        self.setWindowTitle(self.tr("New to-do") if todo_id is None else self.tr("Edit to-do"))
        self.setMinimumWidth(440)
        form = self._build_form()
        if todo_id is not None:
            self.add_delete_button(self.tr("Delete"), "deleteTodo")
            self._load(todo_id)
        self.set_body(form)
        self._show_customer()

    def _build_form(self) -> QFormLayout:
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setPlaceholderText(self.tr("What needs doing, e.g. Send the renewal quote"))
        self.reminder = ReminderField(self.ctx)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setFixedHeight(70)
        self.customer_label = QLabel()
        self.customer_label.setTextFormat(Qt.TextFormat.PlainText)  # a name the user typed
        form = QFormLayout()
        form.addRow(self.tr("Customer"), self.customer_label)
        self.errors.add_row(form, self.tr("&Title"), "title", self.title)
        self.errors.add_row(form, self.tr("&Reminder"), "remind_wall", self.reminder)
        self.errors.add_row(form, self.tr("N&otes"), "notes", self.notes)
        return form

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

    def collect(self) -> TodoInput:
        """The form as a ``TodoInput``; an unreadable reminder raises ``ValidationError``
        (fields named ``row0_…`` by the parser, see ``place_errors``)."""
        [data] = todo_inputs_from_text([(self.title.text() or " ", self.reminder.text())],
                                       self.ctx.zone, prefix="row")
        data.title = self.title.text()
        data.notes = self.notes.toPlainText()
        data.customer_id = self.customer_id
        return data

    def save_call(self, data: TodoInput) -> ServiceCall:
        if self.todo_id is None:
            return ServiceCall(create_todo, data=data)
        return ServiceCall(update_todo, todo_id=self.todo_id, data=data)

    def place_errors(self, exc: ValidationError) -> list[str]:
        """The row parser's ``row0_title`` is this form's ``title``."""
        return super().place_errors(ValidationError(
            [type(e)(e.field.removeprefix("row0_"), e.code, e.params) for e in exc.errors]))

    def delete_call(self) -> ServiceCall | None:
        return None if self.todo_id is None else ServiceCall(delete_todo, todo_id=self.todo_id)

    def delete_question(self) -> str:
        return self.tr("Delete this to-do?")
