"""Issue 17: desktop notifications go out as an asynchronous QtDBus ``Notify`` call with
Snooze / Done actions; the server's ``ActionInvoked`` acts on the to-do; the delivery is
recorded only once the server answered — one that never answers is missed at the next start.

A private session bus per test, with an in-process fake notification server on a second
connection (the app's call is asynchronous, so one thread serves both ends)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusVirtualObject
from pytestqt.qtbot import QtBot

from mycrm.core.db.models import ReminderState, Todo
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.reminders import desktop
from mycrm.ui.reminders.desktop import DesktopNotifications
from mycrm.ui.reminders.driver import ReminderDriver
from mycrm.ui.reminders.notifier import PENDING, Notifier

pytestmark = pytest.mark.skipif(shutil.which("dbus-daemon") is None,
                                reason="dbus-daemon is not installed (Debian dbus-daemon)")


@dataclass
class FakeServer(QDBusVirtualObject):
    """Records each call; answers ``Notify`` with a new id unless ``hung``."""

    connection: QDBusConnection
    hung: bool = False
    calls: list[tuple[str, str, list[object]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    def introspect(self, path: str) -> str:
        return ""

    def handleMessage(self, message: QDBusMessage, connection: QDBusConnection) -> bool:  # noqa: N802
        self.calls.append((message.member(), message.signature(), message.arguments()))
        if not self.hung:
            connection.send(message.createReply() << len(self.calls))
        return True

    def invoke(self, notification_id: int, key: str) -> None:
        """The user clicked a button: ``ActionInvoked(u id, s key)``."""
        signal = QDBusMessage.createSignal(desktop.PATH, desktop.INTERFACE, "ActionInvoked")
        signal.setArguments([])
        desktop._append_uint(signal, notification_id)
        signal << key  # noqa: B018
        assert self.connection.send(signal)


@pytest.fixture
def bus_address() -> Iterator[str]:
    proc = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    yield proc.stdout.readline().strip()
    proc.terminate()
    proc.wait(10)
    proc.stdout.close()


@pytest.fixture
def server(bus_address: str) -> Iterator[FakeServer]:
    connection = QDBusConnection.connectToBus(bus_address, "fake-notifications")
    fake = FakeServer(connection)
    assert connection.registerVirtualObject(desktop.PATH, fake)
    assert connection.registerService(desktop.SERVICE)
    yield fake
    connection.unregisterService(desktop.SERVICE)
    QDBusConnection.disconnectFromBus("fake-notifications")


@pytest.fixture
def app_bus(bus_address: str) -> Iterator[QDBusConnection]:
    yield QDBusConnection.connectToBus(bus_address, "mycrm-app")
    QDBusConnection.disconnectFromBus("mycrm-app")


def due_todo(ctx: AppContext, now: datetime, title: str = "Call ACME") -> int:
    todo = ctx.run(create_todo, data=TodoInput(title=title, remind_tz="UTC",
                                               remind_wall=now.replace(tzinfo=None)))
    assert todo.id is not None
    return todo.id


def stored(ctx: AppContext, todo_id: int) -> Todo:
    with ctx.session() as s:
        todo = s.get(Todo, todo_id)
        assert todo is not None
        s.expunge(todo)
        return todo


def test_notify_carries_actions_and_done_from_the_notification(
        qtbot: QtBot, ctx: AppContext, now: datetime, server: FakeServer,
        app_bus: QDBusConnection) -> None:
    todo_id = due_todo(ctx, now)
    notifier = Notifier(None, desktop=DesktopNotifications(app_bus))
    driver = ReminderDriver(ctx, notifier)
    with qtbot.waitSignal(notifier.delivered) as delivered:
        driver.tick()
    assert delivered.args == ["desktop", todo_id]
    [(member, signature, args)] = server.calls
    assert (member, signature) == ("Notify", "susssasa{sv}i")  # replaces_id is a uint32
    assert "Call ACME" in str(args[3])
    assert {"default", "snooze", "done"} <= set(args[5][::2])  # type: ignore[index]
    assert stored(ctx, todo_id).fired_at == now  # the hand-over is recorded
    with qtbot.waitSignal(notifier.action_requested):
        server.invoke(1, "done")
    assert stored(ctx, todo_id).done_at == now


def test_snooze_from_the_notification(qtbot: QtBot, ctx: AppContext, now: datetime,
                                      server: FakeServer, app_bus: QDBusConnection) -> None:
    todo_id = due_todo(ctx, now)
    notifier = Notifier(None, desktop=DesktopNotifications(app_bus))
    driver = ReminderDriver(ctx, notifier)
    with qtbot.waitSignal(notifier.delivered):
        driver.tick()
    with qtbot.waitSignal(notifier.action_requested):
        server.invoke(1, "snooze")
    todo = stored(ctx, todo_id)
    assert todo.reminder_state == ReminderState.PENDING.value
    assert todo.notify_at == now + timedelta(minutes=10)


def test_a_hung_server_blocks_nothing_and_the_reminder_is_missed_at_next_start(
        qtbot: QtBot, ctx: AppContext, now: datetime, server: FakeServer,
        app_bus: QDBusConnection) -> None:
    server.hung = True
    todo_id = due_todo(ctx, now)
    notifier = Notifier(None, desktop=DesktopNotifications(app_bus))
    assert notifier.notify("Reminder: Call ACME", "body", todo_id) == PENDING
    assert server.calls == []  # notify returned before the server even saw the call
    qtbot.waitUntil(lambda: len(server.calls) == 1)
    driver = ReminderDriver(ctx, notifier)
    with qtbot.assertNotEmitted(notifier.delivered):
        driver.tick()  # claimed and handed to the hung server
    assert stored(ctx, todo_id).fired_at is None  # claimed, not delivered
    # The process dies; the next start lists it as missed.
    restarted = ReminderDriver(ctx, Notifier(None, desktop=DesktopNotifications(app_bus)))
    with qtbot.waitSignal(restarted.missed_found) as missed:
        restarted.start()
    assert missed.args == [[todo_id]]
    restarted.stop()


def test_without_a_notification_server_the_banner_takes_it(
        qtbot: QtBot, ctx: AppContext, now: datetime, app_bus: QDBusConnection) -> None:
    todo_id = due_todo(ctx, now)
    notifier = Notifier(None, desktop=DesktopNotifications(app_bus))
    driver = ReminderDriver(ctx, notifier)
    with qtbot.waitSignal(notifier.banner_requested, timeout=5000) as banner:
        driver.tick()
    assert banner.args[2] == todo_id
    assert stored(ctx, todo_id).fired_at == now


def test_a_real_name_reaches_the_server_whole(qtbot: QtBot, ctx: AppContext, now: datetime,
                                              server: FakeServer,
                                              app_bus: QDBusConnection) -> None:
    """Issue 20: the body is markup for the server (``&``, ``<``, ``>`` escaped, so
    ``Smith & Sons <Asia> Ltd`` is shown whole); the summary is plain text by the
    specification and goes out as typed."""
    from mycrm.core.customers.services import CustomerInput, create_customer

    name = "Smith & Sons <Asia> Ltd"
    customer = ctx.run(create_customer, data=CustomerInput(name=name))
    todo = ctx.run(create_todo, data=TodoInput(title=name, customer_id=customer.id,
                                               remind_tz="UTC",
                                               remind_wall=now.replace(tzinfo=None)))
    notifier = Notifier(None, desktop=DesktopNotifications(app_bus))
    driver = ReminderDriver(ctx, notifier)
    with qtbot.waitSignal(notifier.delivered) as delivered:
        driver.tick()
    assert delivered.args == ["desktop", todo.id]
    [(_member, _signature, args)] = server.calls
    summary, body = str(args[3]), str(args[4])
    assert name in summary
    assert "Smith &amp; Sons &lt;Asia&gt; Ltd" in body
    assert "<" not in body and ">" not in body
