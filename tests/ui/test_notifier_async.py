"""The desktop channel never blocks the window: ``notify`` returns while the notification
server has not answered yet, and the reminder is recorded as delivered only once it did —
once, whatever comes after. A first pass started in the background (the app's start) claims
on a worker thread and still notifies each due reminder once."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot
from sqlmodel import select

from mycrm.core.db.models import Todo
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.reminders.desktop import DesktopNotifications
from mycrm.ui.reminders.driver import ReminderDriver
from mycrm.ui.reminders.notifier import DESKTOP, PENDING, Notifier


class SlowServer(DesktopNotifications):
    """A desktop channel whose server answers only when the test says so."""

    def __init__(self) -> None:
        super().__init__(QDBusConnection("no-bus-in-this-test"))
        self.sent_for: list[int] = []

    @property
    def available(self) -> bool:
        return True

    def send(self, title: str, body: str, todo_id: int,
             actions: list[tuple[str, str]]) -> None:
        self.sent_for.append(todo_id)  # the call is out; no answer yet

    def answer(self, todo_id: int) -> None:
        self.sent.emit(todo_id)


def _fired_at(ctx: AppContext, todo_id: int) -> datetime | None:
    return ctx.read(lambda s: s.exec(select(Todo).where(Todo.id == todo_id)).one()).fired_at


def test_notify_returns_before_the_server_answers_and_delivery_is_recorded_once(
        qtbot: QtBot, ctx: AppContext, now: datetime) -> None:
    todo = ctx.run(create_todo, data=TodoInput(
        title="Call ACME", remind_wall=(now - timedelta(seconds=30)).replace(tzinfo=None),
        remind_tz="UTC"))
    assert todo.id is not None
    server = SlowServer()
    notifier = Notifier(None, desktop=server)
    delivered: list[tuple[str, int]] = []
    notifier.delivered.connect(lambda channel, todo_id: delivered.append((channel, todo_id)))
    driver = ReminderDriver(ctx, notifier)
    driver.start()  # the due reminder is handed to the desktop channel
    assert server.sent_for == [todo.id]
    assert delivered == [] and _fired_at(ctx, todo.id) is None, "not delivered yet"
    server.answer(todo.id)
    assert delivered == [(DESKTOP, todo.id)]
    first = _fired_at(ctx, todo.id)
    assert first is not None
    server.answer(todo.id)  # a late second answer records nothing more
    assert delivered == [(DESKTOP, todo.id)] and _fired_at(ctx, todo.id) == first
    driver.stop()


def test_notify_hands_over_and_returns_pending(qtbot: QtBot) -> None:
    server = SlowServer()
    notifier = Notifier(None, desktop=server)
    assert notifier.notify("Reminder", "Call ACME", todo_id=7) == PENDING
    assert server.sent_for == [7]


def test_the_first_pass_in_the_background_notifies_each_due_reminder_once(
        qtbot: QtBot, ctx: AppContext, now: datetime) -> None:
    todo = ctx.run(create_todo, data=TodoInput(
        title="Call ACME", remind_wall=(now - timedelta(seconds=30)).replace(tzinfo=None),
        remind_tz="UTC"))
    assert todo.id is not None
    server = SlowServer()
    notifier = Notifier(None, desktop=server)
    driver = ReminderDriver(ctx, notifier)
    driver.start_in_background()
    assert server.sent_for == [], "the claim runs on a worker; nothing is notified yet"
    qtbot.waitUntil(lambda: server.sent_for == [todo.id])
    server.answer(todo.id)
    assert _fired_at(ctx, todo.id) is not None
    driver.tick()  # the timers run now; a later pass does not notify it again
    assert server.sent_for == [todo.id]
    driver.stop()
