"""The Calendar page builds its agenda when it is first shown, and it then lists what the
eagerly built one did."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtWidgets import QListView

from mycrm.core.calendar.days import ItemKind
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.calendar.models import ItemRole
from mycrm.ui.calendar.page import AGENDA, MONTH, CalendarPage
from qt_helpers import on_screen


@pytest.fixture
def page(qtbot, ctx) -> CalendarPage:
    ctx.run(create_customer, data=CustomerInput(name="上海云帆信息科技有限公司", tier="S",
                                                renewal_date=date(2026, 11, 26)))
    widget = CalendarPage(ctx)
    qtbot.addWidget(widget)
    on_screen(qtbot, widget, (1100, 760))
    return widget


def agenda_views(page: CalendarPage) -> list[QListView]:
    return page.findChildren(QListView, "calendarAgenda")


def agenda_kinds(page: CalendarPage) -> list[ItemKind]:
    model = page.agenda_model
    return [model.index(r).data(ItemRole).kind for r in range(model.rowCount())]


def test_the_agenda_is_built_when_first_shown(page: CalendarPage) -> None:
    assert agenda_views(page) == []
    page.view_buttons.button(AGENDA).click()
    assert len(agenda_views(page)) == 1
    assert page.stack.currentWidget() is page.agenda_page
    assert page.agenda_page.isAncestorOf(page.agenda_view)
    assert page.agenda_view.isVisibleTo(page)
    assert page.agenda_days.value() == 14
    assert agenda_kinds(page) == [ItemKind.RENEWAL]
    assert not page.agenda_empty.isVisibleTo(page)


def test_a_late_agenda_shows_items_added_before_it(ctx, page: CalendarPage) -> None:
    ctx.run(create_todo, data=TodoInput(title="Call about renewal",
                                        remind_wall=datetime(2026, 11, 24, 9, 15),
                                        remind_tz="UTC"))
    page.set_view(AGENDA)
    assert agenda_kinds(page) == [ItemKind.TODO, ItemKind.RENEWAL]
    page.agenda_days.setValue(7)  # the spin box re-reads the shorter span
    assert page.agenda_model.rowCount() == 2
    page.go_next()  # a week later: nothing
    assert page.agenda_model.rowCount() == 0
    assert page.agenda_empty.isVisibleTo(page)


def test_switching_back_and_forth_builds_the_agenda_once(page: CalendarPage) -> None:
    page.set_view(AGENDA)
    view = page.agenda_view
    page.set_view(MONTH)
    page.set_view(AGENDA)
    assert agenda_views(page) == [view]
    assert page.stack.currentIndex() == AGENDA
