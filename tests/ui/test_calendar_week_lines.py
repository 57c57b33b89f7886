"""The week view reads, per day, only the item lines its cells show: a busy day lists its
first items in order and says "+N more" for the rest of the day's count; a taller window
shows (and reads) more lines."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPainter, QPalette
from pytestqt.qtbot import QtBot

from mycrm.core.calendar.days import items_between, items_per_day
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.engine import session_scope
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.calendar.delegate import DayCellDelegate
from mycrm.ui.calendar.models import ItemsRole
from mycrm.ui.calendar.page import WEEK, CalendarPage
from qt_helpers import on_screen

BUSY = 60  # to-dos on one day: far more than a cell shows


@pytest.fixture
def busy_day(ctx: AppContext, now: datetime) -> date:
    day = ctx.today() + timedelta(days=2)
    with session_scope(ctx.engine) as session:
        customer = create_customer(session=session, now=now,
                                   data=CustomerInput(name="Busy Co"))
        for i in range(BUSY):
            create_todo(session=session, now=now, data=TodoInput(
                title=f"task {i:02d}", customer_id=customer.id, remind_tz="UTC",
                remind_wall=datetime.combine(day, datetime.min.time()) + timedelta(
                    minutes=10 * i + 60)))
    return day


def test_a_busy_day_reads_what_its_cell_shows(qtbot: QtBot, ctx: AppContext, now: datetime,
                                              busy_day: date,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    page = CalendarPage(ctx)
    qtbot.addWidget(page)
    on_screen(qtbot, page, (1100, 600))
    page.show_day(busy_day)
    page.set_view(WEEK)
    qtbot.wait(10)
    lines = page._week_lines
    index = page.week_model.index_of(busy_day)
    shown = index.data(ItemsRole)
    every = ctx.read(items_between, start=busy_day, end=busy_day, zone=ctx.zone,
                     now=ctx.now())
    assert len(every) == BUSY and 0 < lines < BUSY
    assert shown == every[:lines]  # the day's first items, in the day's order

    painted: list[str] = []
    more: list[int] = []
    original_chip = DayCellDelegate._paint_chip
    original_more = DayCellDelegate.more_text

    def chip(self: DayCellDelegate, painter: QPainter, palette: QPalette, rect: QRect,
             text: str, color: QColor, solid: bool) -> None:
        painted.append(text)
        original_chip(self, painter, palette, rect, text, color, solid)

    def more_text(self: DayCellDelegate, hidden: int) -> str:
        more.append(hidden)
        return original_more(self, hidden)

    monkeypatch.setattr(DayCellDelegate, "_paint_chip", chip)
    monkeypatch.setattr(DayCellDelegate, "more_text", more_text)
    page.week_view.viewport().grab()
    # every line the cell has room for is used: the items read, the last line "+N more"
    assert len(painted) == lines - 1
    assert more == [BUSY - (lines - 1)]


def test_a_taller_week_reads_more_lines(qtbot: QtBot, ctx: AppContext, busy_day: date
                                        ) -> None:
    page = CalendarPage(ctx)
    qtbot.addWidget(page)
    on_screen(qtbot, page, (1100, 500))
    page.show_day(busy_day)
    page.set_view(WEEK)
    qtbot.wait(10)
    before = len(page.week_model.index_of(busy_day).data(ItemsRole))
    page.resize(1100, 900)
    qtbot.waitUntil(lambda: len(page.week_model.index_of(busy_day).data(ItemsRole)) > before)
    assert page._week_lines == len(page.week_model.index_of(busy_day).data(ItemsRole))


def test_switching_to_the_week_reads_it_once(qtbot: QtBot, ctx: AppContext, busy_day: date,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Shown, the week's view takes its size (and its new days resize it again): neither
    resize may read the week a second time just before (or while) the switch reads it."""
    page = CalendarPage(ctx)
    qtbot.addWidget(page)
    on_screen(qtbot, page, (1100, 600))
    page.show_day(busy_day)
    weeks: list[int] = []
    read = ctx.read

    def counting(query: Any, /, **kwargs: Any) -> Any:
        if query is items_per_day and kwargs["start"] != kwargs["end"]:
            weeks.append(kwargs["per_day"])
        return read(query, **kwargs)

    monkeypatch.setattr(ctx, "read", counting)
    page.set_view(WEEK)
    qtbot.wait(50)
    assert weeks == [page._week_lines]
    assert page.week_model.index_of(busy_day).data(ItemsRole)  # and it shows the week
