"""The catch-up start's shape, not its time: the Missed list records delivery in slices of
ascending id (each page rewritten once) even when it lists in due order, the first pass
lists the missed reminders in an event-loop turn after its ``changed``, and the tray and
the reminder dialogs are built without importing the To-dos page."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot
from sqlmodel import select

from mycrm.core.changes import Change
from mycrm.core.db.models import Todo
from mycrm.core.todos import reminders
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.reminders.driver import ReminderDriver
from mycrm.ui.reminders.notifier import Notifier


def _missed_newest_first(ctx: AppContext, now: datetime, count: int) -> list[int]:
    """``count`` missed reminders created so that due order is the reverse of id order."""
    ids = []
    for n in range(count):
        wall = (now - timedelta(hours=1 + n)).replace(tzinfo=None)
        todo = ctx.run(create_todo, data=TodoInput(title=f"missed {n}", remind_wall=wall,
                                                   remind_tz="UTC"))
        assert todo.id is not None
        ids.append(todo.id)
    return ids


def test_the_missed_list_records_delivery_by_ascending_id(
        qtbot: QtBot, ctx: AppContext, now: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    from mycrm.ui.reminders import missed_dialog
    from mycrm.ui.reminders.missed_dialog import MissedDialog

    ids = _missed_newest_first(ctx, now, 7)
    claimed = ctx.run(reminders.claim).missed
    assert claimed == ids[::-1], "listed in due order: the oldest first"
    monkeypatch.setattr(missed_dialog, "DELIVERY_SLICE", 3)
    slices: list[tuple[str, list[int]]] = []
    real = reminders.record_delivered

    def record_delivered(**kwargs: object) -> list[int]:
        todo_ids = kwargs["todo_ids"]
        assert isinstance(todo_ids, list)
        slices.append((threading.current_thread().name, list(todo_ids)))
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reminders, "record_delivered", record_delivered)
    dialog = MissedDialog(ctx, claimed, background=True)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == len(ids), timeout=30_000)
    assert [row.id for row in dialog.model.rows] == claimed, "still listed in due order"
    assert [part for _, part in slices] == [ids[:3], ids[3:6], ids[6:]]
    assert threading.current_thread().name not in {name for name, _ in slices}
    delivered = ctx.read(lambda s: {t.id: t.fired_at for t in s.exec(select(Todo))})
    assert all(delivered[i] is not None for i in ids), "listed = delivered, each once"
    assert ctx.run(reminders.claim, at_start=True) == reminders.Claimed()
    assert dialog.seen == dict(ctx.read(reminders.seen_versions, todo_ids=ids)), \
        "the versions shown come back from the delivery itself"
    dialog.act("dismiss", list(dialog.ids))  # "Dismiss all" acts on every one listed
    assert dialog.result() == 1 and not dialog.ids


def test_a_listed_reminder_delivered_before_keeps_its_version(
        qtbot: QtBot, ctx: AppContext, now: datetime) -> None:
    from mycrm.ui.reminders.missed_dialog import MissedDialog

    ids = _missed_newest_first(ctx, now, 3)
    claimed = ctx.run(reminders.claim).missed
    ctx.run(reminders.record_delivered, todo_ids=[ids[1]])  # a channel took this one
    dialog = MissedDialog(ctx, claimed, background=True)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == len(ids), timeout=30_000)
    assert dialog.seen == dict(ctx.read(reminders.seen_versions, todo_ids=ids))


def test_the_first_pass_lists_the_missed_in_a_later_turn_than_its_change(
        qtbot: QtBot, ctx: AppContext, now: datetime) -> None:
    ids = _missed_newest_first(ctx, now, 3)
    driver = ReminderDriver(ctx, Notifier(None, desktop=lambda _title, _body: None))
    seen: list[str] = []
    ctx.changed.connect(lambda what: seen.append("changed")
                        if what & Change.TODOS else None)
    driver.missed_found.connect(lambda found: seen.append(f"missed {found}"))
    with qtbot.waitSignal(driver.missed_found, timeout=30_000) as listed:
        driver.start_in_background()
    assert listed.args == [ids[::-1]]
    assert seen[0] == "changed" and seen.count(f"missed {ids[::-1]}") == 1
    with qtbot.assertNotEmitted(driver.missed_found):
        driver.tick()  # nothing is listed twice
    driver.stop()


def test_the_tray_and_the_reminder_dialogs_do_not_import_the_todos_page() -> None:
    code = ("import sys\n"
            "import mycrm.ui.reminders.tray, mycrm.ui.reminders.missed_dialog\n"
            "import mycrm.ui.reminders.popup, mycrm.ui.reminders.driver\n"
            "assert 'mycrm.ui.todos.page' not in sys.modules, 'the To-dos page was imported'\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_the_tray_fills_today_s_reminders_from_a_worker_thread(
        qtbot: QtBot, ctx: AppContext, now: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    from mycrm.core.todos import lists
    from mycrm.ui.app.main_window import MainWindow
    from mycrm.ui.reminders.tray import TrayController

    ctx.run(create_todo, data=TodoInput(
        title="Call today", remind_wall=(now + timedelta(hours=2)).replace(tzinfo=None),
        remind_tz="UTC"))
    threads: list[str] = []
    real = lists.todays_reminders

    def todays_reminders(*args: object, **kwargs: object) -> list[lists.TodoRow]:
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(lists, "todays_reminders", todays_reminders)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    tray = TrayController(ctx, window, available=False)
    qtbot.waitUntil(lambda: [a.text() for a in tray.today_menu.actions()] == ["Call today"],
                    timeout=30_000)
    assert threads == ["mycrm-tray"], "the first fill reads off the GUI thread"
