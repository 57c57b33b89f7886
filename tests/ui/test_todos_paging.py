"""The To-dos page at scale: it holds a page of rows per group while the headers count every
to-do, reads more when scrolled to the end or asked to, and keeps what was read on reload."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import event, func
from sqlmodel import col, select

from mycrm.core.changes import Change
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.engine import session_scope
from mycrm.core.db.models import Todo
from mycrm.core.todos.lists import TODO_PAGE, Group
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.todos.page import GROUP_ROLE, KIND_ROLE, TodosPage
from qt_helpers import on_screen

OVERDUE = 2 * TODO_PAGE + 12  # two full pages and part of a third
NO_DATE = 2 * TODO_PAGE + 10


def many(ctx: AppContext, now: datetime) -> dict[str, list[int]]:
    """OVERDUE overdue to-dos (oldest first in the page), one for today, NO_DATE undated
    (newest first): one transaction, as an import would write them."""
    ids: dict[str, list[int]] = {"overdue": [], "today": [], "nodate": []}
    with session_scope(ctx.engine) as s:
        for i in range(OVERDUE):
            wall = (now - timedelta(days=OVERDUE - i)).replace(tzinfo=None)
            ids["overdue"].append(create_todo(session=s, now=now, data=TodoInput(
                title=f"late {i}", remind_wall=wall, remind_tz="UTC")).id or 0)
        ids["today"].append(create_todo(session=s, now=now, data=TodoInput(
            title="today", remind_wall=(now + timedelta(hours=2)).replace(tzinfo=None),
            remind_tz="UTC")).id or 0)
        for i in range(NO_DATE):
            ids["nodate"].append(create_todo(session=s, now=now, data=TodoInput(
                title=f"someday {i}")).id or 0)
    return ids


def kinds(page: TodosPage) -> list[str]:
    return [page.model.index(r).data(KIND_ROLE) for r in range(page.model.rowCount())]


def titles(page: TodosPage, group: str) -> list[str]:
    model = page.model
    return [model.index(r).data() for r in range(model.rowCount())
            if model.index(r).data(KIND_ROLE) == "todo"
            and model.index(r).data(GROUP_ROLE) == group]


def headers(page: TodosPage) -> list[str]:
    return [page.model.index(r).data() for r in range(page.model.rowCount())
            if page.model.index(r).data(KIND_ROLE) == "header"]


def shown_page(qtbot: QtBot, ctx: AppContext) -> TodosPage:
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    on_screen(qtbot, page, (800, 600))
    return page


def test_the_page_holds_a_page_per_group_while_headers_count_all(
        qtbot: QtBot, ctx: AppContext, now: datetime) -> None:
    many(ctx, now)
    page = TodosPage(ctx)  # not shown yet: nothing scrolls, nothing fetches
    qtbot.addWidget(page)
    assert headers(page) == [f"Overdue ({OVERDUE})", "Today (1)", f"No date ({NO_DATE})"]
    assert len(titles(page, "overdue")) == TODO_PAGE
    assert titles(page, "overdue")[:2] == ["late 0", "late 1"]  # oldest reminder first
    assert len(titles(page, "no_date")) == TODO_PAGE
    assert titles(page, "no_date")[0] == f"someday {NO_DATE - 1}"  # newest first
    assert page.model.rowCount() <= 3 * (TODO_PAGE + 2)
    more = [page.model.index(r).data() for r in range(page.model.rowCount())
            if page.model.index(r).data(KIND_ROLE) == "more"]
    assert more == [f"Show more ({OVERDUE - TODO_PAGE} not shown yet)",
                    f"Show more ({NO_DATE - TODO_PAGE} not shown yet)"]
    assert page.status.text() == f"{OVERDUE + 1 + NO_DATE} open to-do(s)"
    ModelTester(None).check(page.model)  # (it fetches, too)


def test_scrolling_to_the_end_reads_the_next_page(qtbot: QtBot, ctx: AppContext,
                                                  now: datetime) -> None:
    many(ctx, now)
    page = shown_page(qtbot, ctx)
    assert len(titles(page, "no_date")) == TODO_PAGE
    page.view.scrollToBottom()
    qtbot.waitUntil(lambda: len(titles(page, "no_date")) > TODO_PAGE)
    assert len(titles(page, "no_date")) == 2 * TODO_PAGE
    assert len(titles(page, "overdue")) == TODO_PAGE  # a middle group waits to be asked
    for _ in range(3):
        page.view.scrollToBottom()
        qtbot.wait(10)
    qtbot.waitUntil(lambda: len(titles(page, "no_date")) == NO_DATE)
    assert kinds(page)[-1] == "todo"  # all read: no "Show more" row at the end
    assert titles(page, "no_date")[-1] == "someday 0"
    assert len(set(titles(page, "no_date"))) == NO_DATE  # no row twice


def test_show_more_by_click_and_by_enter(qtbot: QtBot, ctx: AppContext,
                                         now: datetime) -> None:
    many(ctx, now)
    page = shown_page(qtbot, ctx)
    ModelTester(None).check(page.model)  # checks every insert
    more_row = kinds(page).index("more")
    assert page.model.index(more_row).data(GROUP_ROLE) == "overdue"
    page.view.scrollTo(page.model.index(more_row))
    rect = page.view.visualRect(page.model.index(more_row))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert titles(page, "overdue") == [f"late {i}" for i in range(2 * TODO_PAGE)]
    assert page.view.currentIndex().row() == more_row  # the cursor is on the first new row
    assert page.view.currentIndex().data() == f"late {TODO_PAGE}"
    # Keyboard: down to the group's "Show more" row, then Enter.
    more_row = kinds(page).index("more")
    page.view.setCurrentIndex(page.model.index(more_row - 1))
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Down)
    assert page.view.currentIndex().data(KIND_ROLE) == "more"
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert titles(page, "overdue") == [f"late {i}" for i in range(OVERDUE)]
    assert page.view.currentIndex().data() == f"late {2 * TODO_PAGE}"
    overdue_end = kinds(page).index("header", 1)
    assert "more" not in kinds(page)[:overdue_end]  # all read: its "Show more" row is gone


def test_a_change_keeps_what_was_read_and_recounts(qtbot: QtBot, ctx: AppContext,
                                                   now: datetime) -> None:
    ids = many(ctx, now)
    page = shown_page(qtbot, ctx)
    page.show_more(Group.OVERDUE)
    assert len(titles(page, "overdue")) == 2 * TODO_PAGE
    page.mark_done(ids["overdue"][0])
    assert headers(page)[0] == f"Overdue ({OVERDUE - 1})"
    assert len(titles(page, "overdue")) == 2 * TODO_PAGE  # as many as before: one moved up
    assert titles(page, "overdue")[0] == "late 1"
    assert "Done recently (1)" in headers(page)
    page.reload()
    assert page.status.text() == f"{OVERDUE + NO_DATE} open to-do(s)"


def test_reload_reads_a_bounded_number_of_rows(qtbot: QtBot, ctx: AppContext,
                                               now: datetime) -> None:
    """However many to-dos there are, a reload fetches about one page per group."""
    many(ctx, now)
    page = shown_page(qtbot, ctx)
    selects: list[str] = []

    def seen(_conn, _cursor, statement, _params, _context, _many):
        if "FROM todo" in statement:
            selects.append(statement)

    event.listen(ctx.engine, "before_cursor_execute", seen)
    try:
        page.reload()
    finally:
        event.remove(ctx.engine, "before_cursor_execute", seen)
    pages = [q for q in selects if "min(" not in q]
    # the counts, then one statement holding one page (a LIMIT) per non-empty group
    assert len(pages) == 2
    assert "count(todo.id)" in pages[0] and "LIMIT" not in pages[0]
    assert pages[1].count("LIMIT") == 3
    minima = [q for q in selects if "min(" in q]  # when the next to-do changes group:
    assert len(minima) == 1 and minima[0].count("min(") == 3  # 3 index minima, one statement
    assert page.model.rowCount() <= 3 * (TODO_PAGE + 2)


def test_focus_reads_just_far_enough_to_show_a_todo(qtbot: QtBot, ctx: AppContext,
                                                    now: datetime) -> None:
    ids = many(ctx, now)
    page = shown_page(qtbot, ctx)
    target = ids["nodate"][TODO_PAGE - 5]  # newest first: past the first page of the group
    position = NO_DATE - 1 - (TODO_PAGE - 5)
    assert page.model.row_of(target) < 0
    assert page.focus_todo(target)
    assert page.selected_id() == target
    # Read up to it (whole pages), never the whole group; the target sits far enough above
    # the group's "more" row that no font height brings that row into view.
    loaded = len(titles(page, "no_date"))
    assert position + 1 <= loaded < NO_DATE, loaded
    assert len(titles(page, "overdue")) == TODO_PAGE  # other groups untouched


def test_customer_filter_reads_names_lazily_and_keeps_the_choice(
        qtbot: QtBot, ctx: AppContext, now: datetime) -> None:
    with session_scope(ctx.engine) as s:
        made = [create_customer(session=s, now=now, data=CustomerInput(
            name=f"Customer {i:04d}")).id for i in range(450)]
    page = shown_page(qtbot, ctx)
    assert page.customer_filter.count() == 451
    assert page.customers.loaded_pages() <= 1  # nothing read until a row is asked for
    target = made[300]
    page.customer_filter.setCurrentIndex(page.customers.row_of(target))
    assert page.customer_filter.currentData() == target
    assert page.customer_filter.currentText() == "Customer 0300"
    with session_scope(ctx.engine) as s:
        create_customer(session=s, now=now, data=CustomerInput(name="AAA first"))
    ctx.changed.emit(Change.ALL)
    assert page.customer_filter.currentData() == target  # its row moved down by one
    assert page.customer_filter.currentText() == "Customer 0300"
    assert page.customers.loaded_pages() <= 2


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # offscreen
def test_customer_filter_list_opens_with_every_name_and_filters(
        qtbot: QtBot, ctx: AppContext, now: datetime) -> None:
    with session_scope(ctx.engine) as s:
        made = [create_customer(session=s, now=now, data=CustomerInput(
            name=f"Customer {i:04d}")).id for i in range(450)]
        create_todo(session=s, now=now, data=TodoInput(title="for 0007",
                                                       customer_id=made[7]))
        create_todo(session=s, now=now, data=TodoInput(title="someone else's",
                                                       customer_id=made[8]))
    page = shown_page(qtbot, ctx)
    page.customer_filter.setCurrentIndex(page.customers.row_of(made[7]))
    box = page.customer_filter
    box.showPopup()
    assert box.model() is not page.customers  # every name, held by Qt
    assert box.count() == 451 and box.itemText(451 - 1) == "Customer 0449"
    assert box.currentData() == made[7] and box.currentText() == "Customer 0007"
    assert box.findData(made[300]) == 301 and box.itemData(301) == made[300]
    assert page.customers.loaded_pages() <= 1  # the lazy model was never paged through
    box.hidePopup()
    assert titles(page, "no_date") == ["for 0007"]
    box.setCurrentIndex(box.findData(made[8]))  # what choosing from the list does
    assert titles(page, "no_date") == ["someone else's"]
    ctx.changed.emit(Change.ALL)  # a data change: back to the lazy model, same choice
    assert box.model() is page.customers
    assert box.currentData() == made[8] and titles(page, "no_date") == ["someone else's"]


def test_later_pages_are_read_as_of_the_reload_and_the_page_reloads_on_a_group_change(
        qtbot: QtBot, ctx: AppContext, now: datetime) -> None:
    """Time passing while the page is open neither skips nor repeats rows in "Show more"
    (every read is as of the last reload), and the page reloads by itself when the next
    to-do falls due."""
    with session_scope(ctx.engine) as s:
        for i in range(TODO_PAGE + 20):  # due every minute from 09:31
            create_todo(session=s, now=now, data=TodoInput(
                title=f"today {i:03d}", remind_tz="UTC",
                remind_wall=(now + timedelta(minutes=1 + i)).replace(tzinfo=None)))
    page = shown_page(qtbot, ctx)
    assert headers(page) == [f"Today ({TODO_PAGE + 20})"]
    ctx.set_clock(lambda: now + timedelta(minutes=5, seconds=30))  # 5 became overdue
    page.show_more(Group.TODAY)
    assert titles(page, "today") == [f"today {i:03d}" for i in range(TODO_PAGE + 20)]
    assert titles(page, "overdue") == []
    assert page._group_timer.isActive()
    assert 0 < page._group_timer.remainingTime() <= 60_000  # the first one is due at 09:31
    page._group_timer.timeout.emit()  # as when it fires
    assert headers(page) == ["Overdue (5)", f"Today ({TODO_PAGE + 15})"]
    overdue, today = titles(page, "overdue"), titles(page, "today")
    assert overdue == [f"today {i:03d}" for i in range(5)]
    assert not set(overdue) & set(today)


def test_double_clicking_show_more_marks_nothing_done(qtbot: QtBot, ctx: AppContext,
                                                      now: datetime) -> None:
    """A double-click is press, release, double-click, release: the first release shows more
    rows, which puts a to-do's Done circle under the pointer — the second release must not
    act on it."""
    many(ctx, now)
    page = shown_page(qtbot, ctx)
    model, viewport = page.model, page.view.viewport()
    more = next(r for r in range(model.rowCount()) if model.index(r).data(KIND_ROLE) == "more")
    page.view.scrollTo(model.index(more))
    rect = page.view.visualRect(model.index(more))
    pos = QPoint(rect.left() + 18, rect.top() + 20)  # where the next row's circle will be
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    assert len(titles(page, "overdue")) == 2 * TODO_PAGE  # the first click showed more
    QApplication.sendEvent(viewport, QMouseEvent(
        QEvent.Type.MouseButtonDblClick, QPointF(pos), QPointF(viewport.mapToGlobal(pos)),
        Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    with session_scope(ctx.engine) as s:
        assert s.exec(select(func.count()).select_from(Todo)
                      .where(col(Todo.done_at).is_not(None))).one() == 0
