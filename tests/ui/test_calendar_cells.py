"""The Calendar's cells hold what the core says, and what they paint is laid out from the
data of the last reload only.

Each cell is made once per reload (``CellRole``: day, counts, the first items and their
lines) and the delegate keeps the lines it laid out in that cell. So: the month's and the
week's cells equal the core's counts and first items on every day, a week switch replaces
the cells in place (no model reset) with the new days' content, and a change to the data
is painted at the next reload, never an old layout."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPainter, QPalette
from pytestqt.qtbot import QtBot

from mycrm.core.calendar.days import day_counts, items_between
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.engine import session_scope
from mycrm.core.records import services as records
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.calendar.delegate import DayCellDelegate
from mycrm.ui.calendar.models import CellRole, ClockText, DayCell, compact_texts, item_text
from mycrm.ui.calendar.page import WEEK, CalendarPage
from qt_helpers import on_screen


@pytest.fixture
def week_of_data(ctx: AppContext, now: datetime) -> date:
    """Two weeks with renewals, to-dos (ties of time and title) and visits on most days."""
    first = ctx.today() - timedelta(days=ctx.today().weekday())
    with session_scope(ctx.engine) as session:
        ids = []
        for i in range(6):
            customer = create_customer(session=session, now=now, data=CustomerInput(
                name=f"客户 {i % 3}", tier="SABCD"[i % 5],
                renewal_date=first + timedelta(days=(3 * i) % 14)))
            assert customer.id is not None
            ids.append(customer.id)
        for i in range(120):  # about eight a day; forty more on the second day
            day = first + timedelta(days=i % 14 if i < 80 else 1)
            create_todo(session=session, now=now, data=TodoInput(
                title=["Call", "Email", "跟进"][i % 3], customer_id=ids[i % 6] if i % 5 else None,
                remind_tz="UTC", remind_wall=datetime.combine(day, datetime.min.time())
                + timedelta(hours=8 + i % 4)))
        for i in range(20):
            at = datetime.combine(first + timedelta(days=i % 10), datetime.min.time(),
                                  tzinfo=now.tzinfo) + timedelta(hours=10 + i % 3)
            records.log_interaction(session=session, now=now, data=records.InteractionInput(
                customer_id=ids[i % 6], kind="visit" if i % 2 else "qbr", occurred_at=at))
    return first


def cells(page: CalendarPage, week: bool) -> list[DayCell]:
    model = page.week_model if week else page.month_model
    return [model.index_of(day).data(CellRole) for day in model.days()]


def test_month_cells_hold_the_core_counts(qtbot: QtBot, ctx: AppContext,
                                          week_of_data: date) -> None:
    page = CalendarPage(ctx)
    qtbot.addWidget(page)
    for step in range(3):
        days = page.month_model.days()
        counts = ctx.read(day_counts, start=days[0], end=days[-1], zone=ctx.zone,
                          now=ctx.now())
        assert len(days) == 42
        for cell in cells(page, week=False):
            assert cell.counts == counts.get(cell.day, type(cell.counts)())
            assert cell.counts.renewal_name == counts.get(cell.day, cell.counts).renewal_name
            assert cell.in_month == (cell.day.month == page.anchor.month)
        assert sum(c.counts.total for c in cells(page, week=False)) > 0 or step
        page.go_next()


def test_week_cells_hold_the_first_items_and_switch_in_place(
        qtbot: QtBot, ctx: AppContext, week_of_data: date) -> None:
    page = CalendarPage(ctx)
    qtbot.addWidget(page)
    on_screen(qtbot, page, (1100, 420))  # a low window: busy days hold more than fit
    page.show_day(week_of_data)
    page.set_view(WEEK)
    qtbot.wait(10)
    resets: list[int] = []
    page.week_model.modelReset.connect(lambda: resets.append(1))
    seen_more = False
    for _step in range(2):
        lines = page._week_lines
        days = page.week_model.days()
        counts = ctx.read(day_counts, start=days[0], end=days[-1], zone=ctx.zone,
                          now=ctx.now())
        clock = ClockText(ctx.zone)
        for cell in cells(page, week=True):
            every = ctx.read(items_between, start=cell.day, end=cell.day, zone=ctx.zone,
                             now=ctx.now())
            assert cell.items == every[:lines]
            assert cell.texts == compact_texts(every[:lines], clock)
            assert cell.counts.total == len(every) == counts.get(cell.day, cell.counts).total
            seen_more |= len(every) > lines
        page.go_next()
    assert seen_more  # some day had more items than its cell reads
    assert resets == []  # the next week's days replaced the cells in place


def test_a_reload_paints_the_new_data_not_the_old_layout(
        qtbot: QtBot, ctx: AppContext, now: datetime, week_of_data: date,
        monkeypatch: pytest.MonkeyPatch) -> None:
    page = CalendarPage(ctx)
    qtbot.addWidget(page)
    on_screen(qtbot, page, (1100, 700))
    page.show_day(week_of_data)
    page.set_view(WEEK)
    painted: list[str] = []
    original = DayCellDelegate._paint_chip

    def chip(self: DayCellDelegate, painter: QPainter, palette: QPalette, rect: QRect,
             text: str, color: QColor, solid: bool) -> None:
        painted.append(text)
        original(self, painter, palette, rect, text, color, solid)

    monkeypatch.setattr(DayCellDelegate, "_paint_chip", chip)
    page.week_view.viewport().grab()
    assert painted and not any("Brand new" in text for text in painted)
    ctx.run(create_todo, data=TodoInput(
        title="Brand new", remind_tz="UTC",
        remind_wall=datetime.combine(week_of_data, datetime.min.time())))  # first of the day
    page.reload()
    painted.clear()
    page.week_view.viewport().grab()
    assert "00:00 Brand new" in painted


def test_day_list_rows_are_the_core_items(qtbot: QtBot, ctx: AppContext,
                                          week_of_data: date) -> None:
    page = CalendarPage(ctx)
    qtbot.addWidget(page)
    for offset in range(4):
        day = week_of_data + timedelta(days=offset)
        page.select_day(day)
        model = page.day_model
        items = ctx.read(items_between, start=day, end=day, zone=ctx.zone, now=ctx.now(),
                         limit=model.rowCount() or 1)
        assert model.items() == items[:model.rowCount()]
        assert [model.index(r).data() for r in range(model.rowCount())] == [
            item_text(item, ctx.zone) for item in model.items()]
