"""A reload that changes nothing repaints nothing; a changed row repaints that row only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from mycrm.core.db.models import Todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.todos.page import TodosPage

USER = Qt.ItemDataRole.UserRole


def signals(page: TodosPage) -> list[tuple[Any, ...]]:
    seen: list[tuple[Any, ...]] = []
    page.model.modelReset.connect(lambda: seen.append(("reset",)))
    page.model.dataChanged.connect(
        lambda first, last, _roles: seen.append(("changed", first.row(), last.row())))
    return seen


def test_a_reload_of_the_same_rows_signals_nothing(qtbot: QtBot, ctx: AppContext,
                                                   now: datetime) -> None:
    from test_todos_page import seed, shown

    seed(ctx, now)
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    before = shown(page)
    seen = signals(page)
    page.reload()
    assert seen == [] and shown(page) == before


def test_a_renamed_to_do_changes_its_row_only(qtbot: QtBot, ctx: AppContext,
                                              now: datetime) -> None:
    from test_todos_page import seed, shown

    ids = seed(ctx, now)
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    row = page.model.row_of(ids["upcoming"])
    seen = signals(page)
    with ctx.session() as session:
        todo = session.get(Todo, ids["upcoming"])
        assert todo is not None
        todo.title = "Upcoming visit, moved"
    page.reload()
    assert seen == [("changed", row, row)]
    assert ("todo", "Upcoming visit, moved") in shown(page)


def test_another_zone_redraws_every_date(qtbot: QtBot, ctx: AppContext,
                                         now: datetime) -> None:
    from test_todos_page import seed

    seed(ctx, now)
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    seen = signals(page)
    ctx.zone = "Asia/Shanghai"
    page.reload()
    assert seen == [("changed", 0, page.model.rowCount() - 1)]


def test_the_customer_filters_last_row_is_read_alone(qtbot: QtBot, ctx: AppContext) -> None:
    """Qt measures the customer list on its last row: that row is read by itself, and is
    the same customer as when every name is read."""
    from mycrm.core.customers.services import CustomerInput, create_customer

    ids = {name: ctx.run(create_customer, data=CustomerInput(name=name)).id
           for name in ("Zeta", "alpha", "北京", "Mid")}
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    model = page.customers
    last = model.index(model.rowCount() - 1)
    assert last.data() == "北京" and last.data(USER) == ids["北京"]
    assert model.loaded_pages() == 0
    assert [model.index(r).data() for r in range(1, model.rowCount())] == [
        "Mid", "Zeta", "alpha", "北京"]
