"""A small window showing one due to-do: Done / Snooze (10 min, 1 hour, tomorrow 9:00) / Open
customer. It is also the in-app banner, the notifier's last resort."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.todos import lists, reminders
from mycrm.core.todos.services import TodoNotFoundError
from mycrm.ui.app.context import AppContext
from mycrm.ui.common import fmt
from mycrm.ui.common.plain import plain_label
from mycrm.ui.reminders.actions import snooze_choices


class ReminderPopup(QDialog):
    """Non-modal; acting on the to-do closes it."""

    open_customer = Signal(int)

    def __init__(self, ctx: AppContext, todo_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.todo_id = todo_id
        self.setWindowTitle(self.tr("Reminder"))
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        rows = ctx.read(lists.todo_rows, todo_ids=[todo_id], now=ctx.now(), zone=ctx.zone)
        if not rows:
            raise TodoNotFoundError(f"to-do {todo_id} does not exist")
        row = self.row = rows[0]
        layout = QVBoxLayout(self)
        title = plain_label(row.title)  # what the user typed, never markup
        title.setObjectName("reminderTitle")
        title.setStyleSheet("font-weight: bold; font-size: 14pt")
        title.setWordWrap(True)
        layout.addWidget(title)
        details = [row.customer_name] if row.customer_name else []
        if row.when is not None:
            details.append(fmt.format_datetime(row.when, ctx.zone))
        layout.addWidget(plain_label(" · ".join(details)))
        if row.notes:
            notes = plain_label(row.notes)
            notes.setWordWrap(True)
            layout.addWidget(notes)
        buttons = QHBoxLayout()
        self.done_button = QPushButton(self.tr("&Done"))
        self.done_button.clicked.connect(self.mark_done)
        self.snooze_button = QPushButton(self.tr("&Snooze"))
        menu = QMenu(self.snooze_button)
        for label, choice in snooze_choices():
            menu.addAction(label, partial(self.snooze, choice))
        self.snooze_button.setMenu(menu)
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.snooze_button)
        if row.customer_id is not None:
            self.customer_button = QPushButton(self.tr("Open &customer"))
            self.customer_button.clicked.connect(
                partial(self.open_customer_and_close, row.customer_id))
            buttons.addWidget(self.customer_button)
        buttons.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)

    def open_customer_and_close(self, customer_id: int) -> None:
        """Hand the customer to the window, then close: the user has moved on to them."""
        self.open_customer.emit(customer_id)
        self.accept()

    def mark_done(self) -> None:
        self.ctx.run(reminders.done, todo_id=self.todo_id)
        self.accept()

    def snooze(self, choice: str) -> None:
        until = reminders.snooze_target(self.ctx.now(), self.ctx.zone, choice)
        self.ctx.run(reminders.snooze, todo_id=self.todo_id, until=until)
        self.accept()
