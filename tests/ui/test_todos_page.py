"""The To-dos page: groups, inline Done / Snooze, filters, quick add, focus, dialogs."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

import pytest
from PySide6.QtCore import QDateTime, QPoint, Qt, QTime
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlmodel import Session, select

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.models import ReminderState, Todo
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.reload import TYPING_PAUSE_MS
from mycrm.ui.reminders.missed_dialog import MissedDialog
from mycrm.ui.reminders.popup import ReminderPopup
from mycrm.ui.todos.page import GROUP_ROLE, ID_ROLE, KIND_ROLE, TodosPage
from qt_helpers import on_screen


def add(ctx: AppContext, title: str, when: datetime | None, customer_id: int | None = None
        ) -> int:
    wall = None if when is None else when.replace(tzinfo=None)
    todo = ctx.run(create_todo, data=TodoInput(title=title, remind_wall=wall, remind_tz="UTC",
                                               customer_id=customer_id))
    assert todo.id is not None
    return todo.id


def shown(page: TodosPage) -> list[tuple[str, str]]:
    model = page.model
    out = []
    for r in range(model.rowCount()):
        index = model.index(r)
        out.append((index.data(KIND_ROLE), index.data()))
    return out


def stored(ctx: AppContext, todo_id: int) -> Todo:
    with Session(ctx.engine, expire_on_commit=False) as s:
        todo = s.get(Todo, todo_id)
        assert todo is not None
        return todo


def seed(ctx: AppContext, now: datetime) -> dict[str, int]:
    acme = ctx.run(create_customer, data=CustomerInput(name="ACME 有限公司")).id
    assert acme is not None
    return {
        "overdue": add(ctx, "Overdue call", now - timedelta(days=1), acme),
        "today": add(ctx, "Today quote", now + timedelta(hours=3)),
        "upcoming": add(ctx, "Upcoming visit", now + timedelta(days=5), acme),
        "nodate": add(ctx, "Someday note", None),
        "acme": acme,
    }


def test_groups_in_order_with_counts(qtbot: QtBot, ctx: AppContext, now: datetime) -> None:
    seed(ctx, now)
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    ModelTester(None).check(page.model)
    assert shown(page) == [
        ("header", "Overdue (1)"), ("todo", "Overdue call"),
        ("header", "Today (1)"), ("todo", "Today quote"),
        ("header", "Upcoming (1)"), ("todo", "Upcoming visit"),
        ("header", "No date (1)"), ("todo", "Someday note")]
    assert page.empty.isHidden()


def test_empty_state(qtbot: QtBot, ctx: AppContext) -> None:
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 0
    assert not page.empty.isHidden() and "No to-dos yet" in page.empty.text()


def test_inline_done_click_moves_it_to_done_recently(qtbot: QtBot, ctx: AppContext,
                                                     now: datetime) -> None:
    ids = seed(ctx, now)
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    on_screen(qtbot, page, (800, 600))
    row = page.model.row_of(ids["today"])
    rect = page.view.visualRect(page.model.index(row))
    circle = page.delegate.circle_rect(rect)
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=circle.center())
    assert stored(ctx, ids["today"]).done_at == now
    done_row = page.model.row_of(ids["today"])
    assert page.model.index(done_row).data(GROUP_ROLE) == "done"
    assert ("header", "Done recently (1)") in shown(page)


def test_snooze_from_the_page_keeps_the_row_pending(qtbot: QtBot, ctx: AppContext,
                                                    now: datetime) -> None:
    ids = seed(ctx, now)
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    page.show()  # hidden pages reload only when shown (ui/common/reload.py)
    page.snooze(ids["overdue"], "1h")
    todo = stored(ctx, ids["overdue"])
    assert todo.notify_at == now + timedelta(hours=1)
    assert todo.reminder_state == ReminderState.PENDING.value
    # It is now due today, no longer overdue.
    index = page.model.index(page.model.row_of(ids["overdue"]))
    assert index.data(GROUP_ROLE) == "today"


def test_filters_by_customer_and_text(qtbot: QtBot, ctx: AppContext, now: datetime) -> None:
    ids = seed(ctx, now)
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    page.customer_filter.setCurrentIndex(page.customer_filter.findData(ids["acme"]))
    titles = [t for k, t in shown(page) if k == "todo"]
    assert titles == ["Overdue call", "Upcoming visit"]
    qtbot.keyClicks(page.text_filter, "visit")
    qtbot.waitUntil(lambda: [t for k, t in shown(page) if k == "todo"] == ["Upcoming visit"])
    page.text_filter.setText("nothing like this")
    qtbot.waitUntil(lambda: "No to-dos match" in page.empty.text())


def test_text_filter_reads_once_per_pause_and_enter_applies_it_at_once(
        qtbot: QtBot, ctx: AppContext, now: datetime) -> None:
    seed(ctx, now)
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    reloads = []
    page.model.modelReset.connect(lambda: reloads.append(page.text_filter.text()))
    qtbot.keyClicks(page.text_filter, "Upcoming")
    assert reloads == [], "no query while the keys keep coming"
    qtbot.waitUntil(lambda: reloads == ["Upcoming"])
    assert [t for k, t in shown(page) if k == "todo"] == ["Upcoming visit"]
    qtbot.keyClicks(page.text_filter, "xyz")
    qtbot.keyClick(page.text_filter, Qt.Key.Key_Return)
    assert page.reading and not page._text_debounce.isActive(), \
        "Enter does not wait for the pause"
    qtbot.waitUntil(lambda: reloads == ["Upcoming", "Upcomingxyz"])
    assert "No to-dos match" in page.empty.text()
    qtbot.wait(2 * TYPING_PAUSE_MS)
    assert len(reloads) == 2, "the pending pause was cancelled by Enter"


def test_quick_add_with_a_reminder_time(qtbot: QtBot, ctx: AppContext, now: datetime) -> None:
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    page.show()  # hidden pages reload only when shown (ui/common/reload.py)
    page.title_edit.setText("回访 张三")
    page.remind_check.setChecked(True)
    page.when_edit.setDateTime(QDateTime(page.when_edit.date().addDays(1), QTime(14, 30)))
    qtbot.keyClick(page.title_edit, Qt.Key.Key_Return)
    with Session(ctx.engine) as s:
        todo = s.exec(select(Todo)).one()
    assert todo.title == "回访 张三"
    assert todo.remind_at == datetime(2026, 11, 24, 14, 30, tzinfo=now.tzinfo)
    assert page.title_edit.text() == ""
    assert page.selected_id() == todo.id


def test_quick_add_without_a_title_explains_and_writes_nothing(qtbot: QtBot,
                                                               ctx: AppContext) -> None:
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    page.add_button.click()
    assert page.error.text()
    with Session(ctx.engine) as s:
        assert s.exec(select(Todo)).all() == []


def test_focus_todo_selects_it_even_when_filtered_out(qtbot: QtBot, ctx: AppContext,
                                                      now: datetime) -> None:
    ids = seed(ctx, now)
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    page.text_filter.setText("Overdue")
    qtbot.keyClick(page.text_filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not page.reading)
    assert page.focus_todo(ids["nodate"])
    assert page.selected_id() == ids["nodate"]
    assert page.view.currentIndex().data(ID_ROLE) == ids["nodate"]


def test_reminder_popup_done_and_open_customer(qtbot: QtBot, ctx: AppContext,
                                               now: datetime) -> None:
    ids = seed(ctx, now)
    popup = ReminderPopup(ctx, ids["overdue"])
    qtbot.addWidget(popup)
    with qtbot.waitSignal(popup.open_customer) as opened:
        popup.customer_button.click()
    assert opened.args == [ids["acme"]]
    popup = ReminderPopup(ctx, ids["overdue"])
    qtbot.addWidget(popup)
    popup.done_button.click()
    assert stored(ctx, ids["overdue"]).done_at == now


def test_missed_dialog_handles_all_at_once(qtbot: QtBot, ctx: AppContext,
                                           now: datetime) -> None:
    ids = seed(ctx, now)
    dialog = MissedDialog(ctx, [ids["overdue"], ids["today"]])
    qtbot.addWidget(dialog)
    ModelTester(None).check(dialog.model)
    assert dialog.model.rowCount() == 2
    dialog.add([ids["today"], ids["upcoming"]])
    assert dialog.model.rowCount() == 3
    dialog.view.setCurrentIndex(dialog.model.index(0))
    dialog.act("done", dialog.selected_ids())
    assert stored(ctx, ids["overdue"]).done_at == now
    dialog.act("snooze", list(dialog.ids), "tomorrow")
    for key in ("today", "upcoming"):
        todo = stored(ctx, ids[key])
        assert todo.notify_at == datetime(2026, 11, 23, 9, 0, tzinfo=now.tzinfo)
        assert todo.reminder_state == ReminderState.PENDING.value
    assert dialog.result() == MissedDialog.DialogCode.Accepted


def test_done_circle_ignores_headers(qtbot: QtBot, ctx: AppContext, now: datetime) -> None:
    seed(ctx, now)
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    on_screen(qtbot, page, (800, 600))
    rect = page.view.visualRect(page.model.index(0))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(page.delegate.circle_rect(rect).center()))
    with Session(ctx.engine) as s:
        assert all(t.done_at is None for t in s.exec(select(Todo)).all())


def test_customer_filter_offers_customers_added_later(qtbot, ctx) -> None:
    from mycrm.core.customers.services import CustomerInput, create_customer
    from mycrm.ui.todos.page import TodosPage

    page = TodosPage(ctx)
    qtbot.addWidget(page)
    page.show()
    new = ctx.run(create_customer, data=CustomerInput(name="Added Later Ltd"))
    assert page.customer_filter.findData(new.id) > 0


def test_a_text_filter_reads_off_the_gui_thread_and_only_the_last_one_shows(
        qtbot: QtBot, ctx: AppContext, now: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    """The text filter scans every open to-do (a good part of a second at stress): the
    window answers while it runs, and a read overtaken by newer typing is not shown."""
    import threading

    from mycrm.ui.todos import page as page_module

    seed(ctx, now)
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    release = threading.Event()
    threads: list[str] = []
    real = page_module.todo_sections

    def slow_sections(session: Session, **kwargs: object) -> object:
        threads.append(threading.current_thread().name)
        release.wait(30)
        return real(session, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(page_module, "todo_sections", slow_sections)
    page.text_filter.setText("Overdue")
    page._filter_now()
    page.text_filter.setText("Upcoming")
    page._filter_now()
    ticks: list[int] = []
    timer_id = page.startTimer(1)
    page.timerEvent = lambda _event: ticks.append(1)  # type: ignore[method-assign]
    qtbot.waitUntil(lambda: len(ticks) > 20)  # the event loop runs while both reads wait
    page.killTimer(timer_id)
    assert page.reading and len(threads) == 1, "one worker: the newer read waits its turn"
    assert threading.current_thread().name not in threads
    release.set()
    qtbot.waitUntil(lambda: not page.reading)
    assert len(threads) == 2 and threading.current_thread().name not in threads
    assert [t for k, t in shown(page) if k == "todo"] == ["Upcoming visit"], \
        "the first, overtaken read is not shown"


def test_a_selected_to_do_filtered_out_is_not_searched_for_on_the_gui_thread(
        qtbot: QtBot, ctx: AppContext, now: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    from mycrm.ui.todos import page as page_module

    ids = seed(ctx, now)
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    assert page.focus_todo(ids["nodate"])
    looked_up: list[int] = []
    real = page_module.todo_position
    def todo_position(session: Session, **kw: object) -> object:
        looked_up.append(cast(int, kw["todo_id"]))
        return real(session, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(page_module, "todo_position", todo_position)
    page.text_filter.setText("Upcoming")
    page._filter_now()
    qtbot.waitUntil(lambda: not page.reading)
    assert [t for k, t in shown(page) if k == "todo"] == ["Upcoming visit"]
    assert looked_up == [], "the filtered rows were read on a worker; no scan here"
