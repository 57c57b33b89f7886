"""Hidden pages do not query on ``ctx.changed``; they catch up the next time they are shown."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtWidgets import QStackedWidget, QWidget
from sqlalchemy import event

from mycrm.core.changes import Change
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.ui.board.page import BoardPage
from mycrm.ui.calendar.page import CalendarPage
from mycrm.ui.common.reload import reload_when_visible
from mycrm.ui.customers.table import CustomersPage
from mycrm.ui.records.needs_page import NeedsPage
from mycrm.ui.todos.page import TodosPage
from qt_helpers import on_screen


@contextmanager
def counting_selects(ctx) -> Iterator[list[str]]:
    """Collect every SELECT sent to the database while the block runs."""
    seen: list[str] = []

    def before(_conn, _cursor, statement, _params, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(ctx.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(ctx.engine, "before_cursor_execute", before)


def test_helper_defers_until_shown_and_reloads_once(qtbot, ctx) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    calls: list[int] = []
    reload_when_visible(page, ctx, lambda _what: calls.append(1), shows=Change.ALL)
    ctx.changed.emit(Change.ALL)
    ctx.changed.emit(Change.ALL)
    assert calls == []  # hidden: nothing yet
    page.show()
    assert calls == [1]  # one catch-up for any number of changes
    ctx.changed.emit(Change.ALL)
    assert calls == [1, 1]  # visible: at once
    page.hide()
    page.show()
    assert calls == [1, 1]  # nothing changed meanwhile: no reload


@pytest.mark.parametrize("page_class", [BoardPage, CustomersPage, TodosPage, NeedsPage,
                                        CalendarPage])
def test_hidden_page_does_not_query_on_change_and_catches_up_when_shown(
        qtbot, ctx, page_class) -> None:
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    front = QWidget()
    stack.addWidget(front)
    page = page_class(ctx)
    stack.addWidget(page)
    stack.setCurrentWidget(front)
    on_screen(qtbot, stack)
    ctx.run(create_customer, data=CustomerInput(name="Hidden Co"))
    with counting_selects(ctx) as selects:
        ctx.changed.emit(Change.ALL)
    assert selects == []
    with counting_selects(ctx) as selects:
        stack.setCurrentWidget(page)
    assert selects  # shown: it re-reads now


def test_board_shows_a_customer_added_while_hidden(qtbot, ctx) -> None:
    page = BoardPage(ctx)
    qtbot.addWidget(page)
    ctx.run(create_customer, data=CustomerInput(name="Later Co"))
    model = page.columns["to_contact"].model
    assert model.rowCount() == 0  # hidden: not reloaded
    page.show()
    assert [model.index(r).data() for r in range(model.rowCount())] == ["Later Co"]
