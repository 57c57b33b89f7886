"""The notification chain falls through on failure and never lets an exception escape."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from mycrm.core.todos import reminders
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.reminders.driver import ReminderDriver
from mycrm.ui.reminders.notifier import BANNER, DESKTOP, TRAY, NoNotificationServiceError, Notifier


class FakeTray:
    def __init__(self, visible: bool = True) -> None:
        self.visible = visible
        self.messages: list[tuple[str, str]] = []

    def isVisible(self) -> bool:  # noqa: N802
        return self.visible

    def supportsMessages(self) -> bool:  # noqa: N802
        return True

    def showMessage(self, title: str, msg: str, icon: object, msecs: int) -> None:  # noqa: N802
        self.messages.append((title, msg))


def failing(exc: BaseException):
    def desktop(title: str, message: str) -> None:
        raise exc
    return desktop


@pytest.mark.parametrize("exc", [NotImplementedError("no backend"),
                                 NoNotificationServiceError("no server"),
                                 RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")])
def test_desktop_failure_falls_through_to_the_tray(qtbot: QtBot, exc: BaseException,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    tray = FakeTray()
    notifier = Notifier(tray, desktop=failing(exc))
    with qtbot.assertNotEmitted(notifier.banner_requested):
        assert notifier.notify("Reminder: call", "Customer: ACME", 7) == TRAY
    assert tray.messages == [("Reminder: call", "Customer: ACME")]
    assert type(exc).__name__ in caplog.text


def test_without_desktop_and_tray_the_banner_shows(qtbot: QtBot) -> None:
    notifier = Notifier(FakeTray(visible=False), desktop=failing(NotImplementedError()))
    with qtbot.waitSignal(notifier.banner_requested) as blocker:
        assert notifier.notify("Reminder: call", "body", 7) == BANNER
    assert blocker.args == ["Reminder: call", "body", 7]


def test_a_broken_tray_also_falls_through(qtbot: QtBot) -> None:
    tray = FakeTray()
    tray.showMessage = failing(OSError("tray gone"))  # type: ignore[method-assign]
    notifier = Notifier(tray, desktop=failing(NotImplementedError()))
    assert notifier.notify("t", "m", 1) == BANNER


def test_working_desktop_is_used_first(qtbot: QtBot) -> None:
    sent: list[tuple[str, str]] = []
    tray = FakeTray()
    notifier = Notifier(tray, desktop=lambda t, m: sent.append((t, m)))
    assert notifier.notify("t", "m", 1) == DESKTOP
    assert sent == [("t", "m")] and tray.messages == []


def test_driver_with_failing_plyer_still_reaches_the_user(qtbot: QtBot, ctx: AppContext,
                                                          now: datetime) -> None:
    """A due to-do, plyer failing, no tray: the banner carries it; the tick raises nothing."""
    ctx.run(create_todo, data=TodoInput(title="Call ACME about renewal",
                                        remind_wall=(now + timedelta(seconds=20)).replace(
                                            tzinfo=None), remind_tz="UTC"))
    notifier = Notifier(None, desktop=failing(NotImplementedError("no backend")))
    driver = ReminderDriver(ctx, notifier)
    driver.start()
    assert driver.exact_interval_ms is not None and 19_000 < driver.exact_interval_ms <= 21_000
    ctx.set_clock(lambda: now + timedelta(seconds=21))
    with qtbot.waitSignal(notifier.banner_requested) as blocker:
        driver.tick()
    assert "Call ACME about renewal" in blocker.args[0]
    with qtbot.assertNotEmitted(notifier.banner_requested):
        driver.tick()  # exactly once
    driver.stop()


def test_driver_reports_a_sleep_gap_as_missed(qtbot: QtBot, ctx: AppContext,
                                              now: datetime) -> None:
    todo = ctx.run(create_todo, data=TodoInput(
        title="during sleep", remind_wall=(now + timedelta(hours=2)).replace(tzinfo=None),
        remind_tz="UTC"))
    notifier = Notifier(None, desktop=failing(NotImplementedError()))
    mono = [1000.0]
    driver = ReminderDriver(ctx, notifier, monotonic=lambda: mono[0])
    driver.start()
    ctx.set_clock(lambda: now + timedelta(hours=10))
    mono[0] += 30  # the monotonic clock barely moved: the machine slept
    with qtbot.waitSignal(driver.missed_found) as missed, \
            qtbot.waitSignal(driver.clock_jumped), \
            qtbot.assertNotEmitted(notifier.banner_requested):
        driver.tick()
    assert missed.args == [[todo.id]]
    driver.stop()


def test_a_failing_pass_does_not_escape_the_timer_slot(qtbot: QtBot, ctx: AppContext,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    driver = ReminderDriver(ctx, Notifier(None))

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(reminders, "claim", broken)
    driver.tick()  # logged, not raised
    assert "reminder pass failed" in caplog.text


def test_a_quiet_tick_does_not_announce_a_change(qtbot: QtBot, ctx: AppContext) -> None:
    driver = ReminderDriver(ctx, Notifier(None))
    with qtbot.assertNotEmitted(ctx.changed):
        driver.tick()
