"""Log or edit a service record (visit, QBR, call, message, meeting) with any number of new
to-dos. One Save is one transaction through ``records.log_interaction`` /
``update_interaction``; any error (an empty to-do title, an impossible reminder) blocks the
save, is shown beside its field and nothing is stored."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.common.timeutil import wall_to_utc
from mycrm.core.common.validation import FieldError, ValidationError
from mycrm.core.customers.services import contacts_of, get_customer
from mycrm.core.db.models import Interaction, InteractionKind
from mycrm.core.records.services import (
    InteractionInput,
    delete_interaction,
    get_interaction,
    log_interaction,
    todo_field,
    update_interaction,
)
from mycrm.core.todos.services import todo_inputs_from_text
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.editor import EditorDialog, ServiceCall
from mycrm.ui.common.forms import error_label
from mycrm.ui.common.labels import error_text, kind_label
from mycrm.ui.todos.editor import ReminderField

QT_DATETIME_FORMAT = "yyyy-MM-dd HH:mm"


class TodoRow:
    """One to-do row: title, reminder field, remove button and an error line."""

    def __init__(self, editor: RecordEditor, index: int) -> None:
        self.title = QLineEdit()
        self.title.setObjectName(todo_field(index, "title"))
        self.title.setPlaceholderText(
            QCoreApplication.translate("RecordEditor", "To-do, e.g. Send the SSO proposal"))
        self.title.setAccessibleName(QCoreApplication.translate("RecordEditor", "To-do title"))
        self.reminder = ReminderField(editor.ctx)
        self.reminder.setObjectName(todo_field(index, "remind_wall"))
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setToolTip(QCoreApplication.translate("RecordEditor", "Remove this to-do"))
        self.remove.setAccessibleName(self.remove.toolTip())
        self.error = error_label()
        self.removed = False
        self.widgets: list[QWidget] = [self.title, self.reminder, self.remove, self.error]


class RecordEditor(EditorDialog[InteractionInput]):
    """``saved(record_id)`` after a successful save; Delete (an existing record) is
    undoable."""

    def __init__(self, ctx: AppContext, customer_id: int | None = None,
                 record_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.record_id = record_id
        self.rows: list[TodoRow] = []
        if record_id is not None:
            record = ctx.read(get_interaction, record_id=record_id)
            customer_id = record.customer_id
        assert customer_id is not None, "a record belongs to a customer"
        self.customer_id = customer_id
        customer = ctx.read(get_customer, customer_id=customer_id)
        self.setWindowTitle((self.tr("Log a record — %1") if record_id is None
                             else self.tr("Edit record — %1")).replace("%1", customer.name))
        self.setMinimumSize(620, 560)
        self._build_fields()
        self._build_todos()
        if record_id is not None:
            self.add_delete_button(self.tr("Delete record"), "deleteRecord")
        scroll = self._scrolling_body()
        self.set_body(scroll).setStretchFactor(scroll, 1)
        if record_id is not None:
            self._load(record)
        else:
            self.add_todo_row()

    # --- building -------------------------------------------------------------------
    def _scrolling_body(self) -> QScrollArea:
        """The fields and the to-do rows, scrolling when many rows are added."""
        content = QWidget()
        body = QVBoxLayout(content)
        body.addLayout(self.form)
        body.addWidget(self.todo_box)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        return scroll

    def _build_fields(self) -> None:
        self.when = QDateTimeEdit()
        self.when.setObjectName("occurred_at")
        self.when.setDisplayFormat(QT_DATETIME_FORMAT)
        self.when.setCalendarPopup(True)
        self._set_when(self.ctx.now())
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind in InteractionKind:
            self.kind.addItem(kind_label(kind.value), kind.value)
        self.attendees = QLineEdit()
        self.attendees.setObjectName("attendees")
        self.attendees.setPlaceholderText(self.tr("Pick contacts or type names, separated by ,"))
        names = [c.name for c in self.ctx.read(contacts_of, customer_id=self.customer_id)]
        completer = QCompleter(names, self.attendees)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.attendees.setCompleter(completer)
        self.add_contact = QToolButton()
        self.add_contact.setText(self.tr("Contacts…"))
        self.add_contact.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.add_contact)
        for name in names:
            menu.addAction(name, partial(self._add_attendee, name))
        self.add_contact.setMenu(menu)
        self.add_contact.setEnabled(bool(names))
        attendee_row = QWidget()
        row = QHBoxLayout(attendee_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.attendees, 1)
        row.addWidget(self.add_contact)
        self.discussion = self._text("discussion", self.tr("What was discussed"))
        self.feedback = self._text("feedback", self.tr("What the customer said"))
        self.next_steps = self._text("next_steps", self.tr("What happens next"))
        self.form = QFormLayout()
        self.errors.add_row(self.form, self.tr("&When"), "occurred_at", self.when)
        self.errors.add_row(self.form, self.tr("&Kind"), "kind", self.kind)
        self.errors.add_row(self.form, self.tr("&Attendees"), "attendees", attendee_row)
        self.errors.add_row(self.form, self.tr("&Discussion"), "discussion", self.discussion)
        self.errors.add_row(self.form, self.tr("Customer &feedback"), "feedback", self.feedback)
        self.errors.add_row(self.form, self.tr("&Next steps"), "next_steps", self.next_steps)

    def _text(self, name: str, placeholder: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setFixedHeight(64)
        edit.setTabChangesFocus(True)
        return edit

    def _build_todos(self) -> None:
        self.todo_box = QGroupBox(self.tr("To-dos from this record"))
        self.todo_grid = QGridLayout()
        self.todo_grid.setColumnStretch(0, 3)
        self.todo_grid.setColumnStretch(1, 2)
        add = QPushButton(self.tr("&Add a to-do"))
        add.setObjectName("addTodo")
        add.setShortcut("Ctrl+Shift+T")
        add.setToolTip(self.tr("Add a to-do (Ctrl+Shift+T)"))
        add.clicked.connect(self.add_todo_row)
        box = QVBoxLayout(self.todo_box)
        box.addLayout(self.todo_grid)
        box.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)

    def add_todo_row(self) -> TodoRow:
        row = TodoRow(self, len(self.rows))
        line = len(self.rows) * 2
        self.todo_grid.addWidget(row.title, line, 0)
        self.todo_grid.addWidget(row.reminder, line, 1)
        self.todo_grid.addWidget(row.remove, line, 2)
        self.todo_grid.addWidget(row.error, line + 1, 0, 1, 3)
        row.remove.clicked.connect(lambda: self._remove_row(row))
        self.rows.append(row)
        row.title.setFocus()
        return row

    def _remove_row(self, row: TodoRow) -> None:
        for widget in row.widgets:
            widget.hide()
        row.title.clear()
        row.reminder.setText("")
        row.removed = True

    def _add_attendee(self, name: str) -> None:
        current = [n.strip() for n in self.attendees.text().split(",") if n.strip()]
        if name not in current:
            current.append(name)
        self.attendees.setText(", ".join(current))

    def _set_when(self, instant: datetime) -> None:
        local = instant.astimezone(ZoneInfo(self.ctx.zone))
        self.when.setDateTime(QDateTime(QDate(local.year, local.month, local.day),
                                         QTime(local.hour, local.minute)))

    def _load(self, record: Interaction) -> None:
        self._set_when(record.occurred_at)
        self.kind.setCurrentIndex(self.kind.findData(record.kind))
        self.attendees.setText(record.attendees)
        self.discussion.setPlainText(record.discussion)
        self.feedback.setPlainText(record.feedback)
        self.next_steps.setPlainText(record.next_steps)

    # --- saving ---------------------------------------------------------------------
    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def occurred_at(self) -> datetime:
        qdt = self.when.dateTime()
        d, t = qdt.date(), qdt.time()
        wall = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())
        return wall_to_utc(wall, self.ctx.zone)

    def collect(self) -> InteractionInput:
        """The editor's content as the core's input; raises ``ValidationError`` for to-do
        rows that cannot even be parsed."""
        texts = [(r.title.text(), r.reminder.text()) for r in self.rows]
        todos = todo_inputs_from_text(texts, self.ctx.zone)
        return InteractionInput(
            customer_id=self.customer_id, kind=self.kind.currentData(),
            occurred_at=self.occurred_at(), attendees=self.attendees.text(),
            discussion=self.discussion.toPlainText(), feedback=self.feedback.toPlainText(),
            next_steps=self.next_steps.toPlainText(), todos=todos)

    def save_call(self, data: InteractionInput) -> ServiceCall:
        if self.record_id is None:
            return ServiceCall(log_interaction, data=data)
        return ServiceCall(update_interaction, record_id=self.record_id, data=data)

    def delete_call(self) -> ServiceCall | None:
        if self.record_id is None:
            return None
        return ServiceCall(delete_interaction, record_id=self.record_id)

    def delete_question(self) -> str:
        return self.tr("Delete this service record?")

    def clear_errors(self) -> None:
        super().clear_errors()
        for row in self.rows:
            row.error.hide()
            row.error.clear()

    def place_errors(self, exc: ValidationError) -> list[str]:
        """The record's own fields beside them; a to-do's (``todo<i>_title`` /
        ``todo<i>_remind_wall``) under its row."""
        own = ValidationError([e for e in exc.errors if not e.field.startswith("todo")])
        for error in exc.errors:
            if error.field.startswith("todo"):
                self._show_row_error(error)
        return self.errors.show(own) if own.errors else []

    def _show_row_error(self, error: FieldError) -> None:
        index_text, _, name = error.field[4:].partition("_")
        row = self.rows[int(index_text)]
        what = self.tr("Title: %1") if name == "title" else self.tr("Reminder: %1")
        message = what.replace("%1", error_text(error))
        row.error.setText("\n".join(filter(None, (row.error.text(), message))))
        row.error.show()

    def row_error(self, index: int) -> str:
        row = self.rows[index]
        return row.error.text() if not row.error.isHidden() else ""
