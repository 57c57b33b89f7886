"""The calendar's day list reads a busy day a page at a time: the first page is shown, the
rest comes as the list scrolls (Qt's canFetchMore/fetchMore), in the same order as the
whole day, and a reload starts from the first page again."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from pytestqt.modeltest import ModelTester

from mycrm.core.calendar.days import items_between
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.calendar.models import ItemRole
from mycrm.ui.calendar.page import DAY_PAGE, CalendarPage
from qt_helpers import on_screen

BUSY = date(2026, 11, 25)
EXTRA = 17


@pytest.fixture
def page(qtbot, ctx) -> CalendarPage:
    cid = ctx.run(create_customer, data=CustomerInput(name="云帆", renewal_date=BUSY)).id
    for n in range(DAY_PAGE + EXTRA):
        ctx.run(create_todo, data=TodoInput(
            title=f"Follow-up {n:02d}", customer_id=cid if n % 2 else None,
            remind_wall=datetime(2026, 11, 25, 8 + n % 9, 0), remind_tz="UTC"))
    widget = CalendarPage(ctx)
    qtbot.addWidget(widget)
    on_screen(qtbot, widget, (1100, 760))
    return widget


def _rows(page: CalendarPage) -> list[tuple[str, int]]:
    model = page.day_model
    return [(item.kind.value, item.item_id)
            for item in (model.index(r).data(ItemRole) for r in range(model.rowCount()))]


def test_a_busy_day_is_read_a_page_at_a_time(page: CalendarPage, ctx) -> None:
    page.select_day(BUSY)
    model = page.day_model
    whole = ctx.read(items_between, start=BUSY, end=BUSY, zone=ctx.zone, now=ctx.now())
    assert len(whole) == DAY_PAGE + EXTRA + 1  # the renewal and every to-do
    loaded = model.rowCount()
    assert DAY_PAGE <= loaded < len(whole)  # the view may already have asked for a page
    assert model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    assert _rows(page) == [(i.kind.value, i.item_id) for i in whole]
    ModelTester(None).check(model)


def test_scrolling_to_the_end_loads_the_rest(qtbot, page: CalendarPage, ctx) -> None:
    page.select_day(BUSY)
    view = page.day_view
    total = DAY_PAGE + EXTRA + 1
    for _ in range(10):
        view.scrollToBottom()
        qtbot.wait(20)
        if page.day_model.rowCount() == total:
            break
    assert page.day_model.rowCount() == total
    assert not page.day_model.canFetchMore()
    page.reload()  # a change elsewhere: back to the first page of the same list
    assert page.day_model.rowCount() < total
    assert _rows(page) == [(i.kind.value, i.item_id) for i in ctx.read(
        items_between, start=BUSY, end=BUSY, zone=ctx.zone, now=ctx.now(),
        limit=page.day_model.rowCount())]


def test_a_quiet_day_is_complete_at_once(page: CalendarPage) -> None:
    page.select_day(date(2026, 11, 26))
    assert page.day_model.rowCount() == 0 and not page.day_model.canFetchMore()
    assert page.day_empty.isVisibleTo(page)
