"""Closing the window hides it to the tray (or minimises without a tray); the tray menu
triggers the window's actions."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from mycrm.core.settings.keys import TRAY_HINT_SHOWN
from mycrm.core.settings.store import get_setting
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app.actions import Action
from mycrm.ui.app.context import AppContext
from mycrm.ui.app.main_window import MainWindow
from mycrm.ui.reminders.tray import TrayController
from qt_helpers import on_screen


def window_and_tray(qtbot: QtBot, ctx: AppContext, available: bool
                    ) -> tuple[MainWindow, TrayController]:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    tray = TrayController(ctx, window, available=available)
    on_screen(qtbot, window)
    return window, tray


@pytest.mark.qt_log_ignore("systemTrayWindowChanged", "does not support")
def test_close_hides_to_tray_with_a_one_time_hint(qtbot: QtBot, ctx: AppContext) -> None:
    window, tray = window_and_tray(qtbot, ctx, True)
    assert not window.close()  # the close was turned into a hide
    assert window.isHidden()
    with ctx.session() as s:
        assert get_setting(s, TRAY_HINT_SHOWN) is True
    tray.toggle_window()
    assert window.isVisible()
    tray.toggle_window()
    assert window.isHidden()
    tray.quitting = True
    assert window.close()
    if tray.icon is not None:
        tray.icon.hide()


def test_without_a_tray_close_minimises_and_explains(qtbot: QtBot, ctx: AppContext) -> None:
    window, _tray = window_and_tray(qtbot, ctx, False)
    assert "reminders only arrive while mycrm is open" in window.statusBar().currentMessage()
    assert not window.close()
    assert window.isVisible()
    assert "Reminders need mycrm open" in window.statusBar().currentMessage()


def test_tray_menu_dispatches_actions(qtbot: QtBot, ctx: AppContext, now: datetime,
                                      monkeypatch) -> None:
    todo = ctx.run(create_todo, data=TodoInput(
        title="Call today", remind_wall=(now + timedelta(hours=2)).replace(tzinfo=None),
        remind_tz="UTC"))
    window, tray = window_and_tray(qtbot, ctx, False)
    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(window, "dispatch", lambda a, i=0: calls.append((a, i)))
    labels = [a.text() for a in tray.menu.actions()]
    new_todo, log_visit = Action.NEW_TODO.text(), Action.LOG_VISIT.text()  # the action table's
    assert new_todo in labels and log_visit in labels and any("Pause" in t for t in labels)
    tray.fill_today_menu()
    today = tray.today_menu.actions()
    assert [a.text() for a in today] == ["Call today"]
    entry = today[0].menu()
    assert isinstance(entry, QMenu)
    next(a for a in entry.actions() if a.text() == "&Open").trigger()
    next(a for a in tray.menu.actions() if a.text() == new_todo).trigger()
    next(a for a in tray.menu.actions() if a.text() == log_visit).trigger()
    assert calls == [("open_todo", todo.id), ("new_todo", 0), ("log_visit", 0)]
    with qtbot.waitSignal(tray.pause_requested):
        tray.pause_action.trigger()


def test_todays_reminders_can_be_done_or_snoozed_from_the_tray(qtbot: QtBot, ctx: AppContext,
                                                             now: datetime) -> None:
    """Issue 17: Done and Snooze from the tray's list of today's reminders, without the
    window."""
    from mycrm.core.db.models import ReminderState, Todo

    done = ctx.run(create_todo, data=TodoInput(
        title="Done from tray", remind_wall=(now + timedelta(hours=1)).replace(tzinfo=None),
        remind_tz="UTC"))
    later = ctx.run(create_todo, data=TodoInput(
        title="Snoozed from tray", remind_wall=(now + timedelta(hours=2)).replace(tzinfo=None),
        remind_tz="UTC"))
    window, tray = window_and_tray(qtbot, ctx, False)
    tray.fill_today_menu()
    menus: dict[str, QMenu] = {}
    for action in tray.today_menu.actions():
        entry = action.menu()
        assert isinstance(entry, QMenu)
        menus[action.text()] = entry
    next(a for a in menus["Done from tray"].actions() if a.text() == "&Done").trigger()
    next(a for a in menus["Snoozed from tray"].actions()
         if a.text() == "Snooze: 1 hour").trigger()
    with ctx.session() as s:
        first, second = s.get(Todo, done.id), s.get(Todo, later.id)
        assert first is not None and first.done_at == now
        assert second is not None and second.reminder_state == ReminderState.PENDING.value
        assert second.notify_at == now + timedelta(hours=1)
    assert window.isVisible()  # nothing opened; the window was already on screen


def test_the_tray_menu_follows_a_language_change(qtbot: QtBot, ctx: AppContext,
                                                 qapp: object) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent, QLocale

    from mycrm.ui.app.settings_dialog import apply_language
    from mycrm.ui.common import i18n

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    tray = TrayController(ctx, window, available=False)
    tray.show_phone_state("on")
    try:
        apply_language("zh_CN")
        texts = [a.text() for a in tray.menu.actions() if a.text()]
        assert "退出(&Q)" in texts or any("退出" in t for t in texts), texts
        assert not any(t == "&Quit" for t in texts)
        assert "手机" in tray.phone_action.text() and tray._phone_status == "on"
    finally:
        i18n.uninstall(qapp)  # type: ignore[arg-type]
        QLocale.setDefault(QLocale.c())
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    assert "&Quit" in [a.text() for a in tray.menu.actions()]
