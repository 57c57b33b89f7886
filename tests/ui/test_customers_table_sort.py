"""The customers table sorts in SQL, a page at a time: a header click shows the first page
in the new order without counting the rows again, and fetching brings the rest in order."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import event
from sqlalchemy.engine import Engine

from mycrm.core.customers.table import customer_table, customer_table_count
from mycrm.core.data.sample import build_sample_portfolio
from mycrm.core.db.engine import session_scope
from mycrm.ui.app.context import AppContext
from mycrm.ui.customers.table import CustomersPage, CustomersTableModel, IdRole
from qt_helpers import fetch_all

RENEWAL = CustomersTableModel.COLUMNS.index("renewal")
NAME = CustomersTableModel.COLUMNS.index("name")


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext, engine: Engine, now: datetime,
         monkeypatch: pytest.MonkeyPatch) -> CustomersPage:
    with session_scope(engine) as session:
        build_sample_portfolio(session, now=now)
    monkeypatch.setattr(CustomersTableModel, "PAGE_SIZE", 7)  # several pages
    widget = CustomersPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def shown(page: CustomersPage) -> list[int]:
    fetch_all(page.model)
    return [page.model.index(r, 0).data(IdRole) for r in range(page.model.rowCount())]


@pytest.mark.parametrize(("column", "sort"), [(RENEWAL, "renewal"), (NAME, "name")])
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_a_header_click_orders_every_row_as_the_core_does(
        page: CustomersPage, ctx: AppContext, engine: Engine, column: int, sort: str,
        order: Qt.SortOrder) -> None:
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        page.table.sortByColumn(column, order)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert page.model.rowCount() == CustomersTableModel.PAGE_SIZE  # the first page only
    assert not [s for s in statements if s.startswith("SELECT count(")]  # same rows
    descending = order == Qt.SortOrder.DescendingOrder
    active = {"include_inactive": False}  # the page's default: archived and lost hidden
    expected = [row.id for row in ctx.read(customer_table, sort=sort, descending=descending,
                                           zone=ctx.zone, **active)]
    assert shown(page) == expected
    assert page.model.total() == len(expected) == ctx.read(customer_table_count, **active)


def test_renewal_order_puts_the_soonest_first_and_no_date_last(page: CustomersPage,
                                                              ctx: AppContext) -> None:
    page.table.sortByColumn(RENEWAL, Qt.SortOrder.AscendingOrder)
    ids = shown(page)
    rows = {row.id: row for row in ctx.read(customer_table, zone=ctx.zone,
                                            include_inactive=False)}
    assert set(ids) == set(rows)
    dates = [rows[i].renewal_date for i in ids]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated) and dated
    assert dates == dated + [None] * (len(dates) - len(dated))
