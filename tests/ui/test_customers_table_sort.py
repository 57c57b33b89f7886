"""The customers table sorts in SQL, a page at a time: a header click shows the first page
in the new order without counting the rows again, and fetching brings the rest in order."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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


def _fold(value: str) -> str:
    """SQLite's NOCASE (and ``lower()``): ASCII letters folded, nothing else."""
    return value.translate({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})


def reference(engine: Engine, column: str, descending: bool, include_inactive: bool
              ) -> list[int]:
    """Customer ids in the table's order, from one plain query sorted here: text
    case-insensitively, no renewal date last, never visited first, no contact first,
    active < archived < lost; then by name, then id; descending is all of it reversed."""
    from sqlalchemy import text

    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT c.id, c.name, c.tier, c.state, c.industry, c.renewal_date, "
            "c.last_visit_at, c.archived_at IS NOT NULL AS archived, "
            "c.lost_on IS NOT NULL AS lost, (SELECT p.name FROM contact p WHERE "
            "p.customer_id = c.id AND p.is_primary LIMIT 1) AS contact FROM customer c "
            "WHERE :all OR (c.archived_at IS NULL AND c.lost_on IS NULL)"),
            {"all": include_inactive}).all()
    keys = {
        "name": lambda r: (),
        "tier": lambda r: (r.tier,),
        "state": lambda r: (r.state,),
        "industry": lambda r: (_fold(r.industry),),
        "renewal": lambda r: (r.renewal_date is None, r.renewal_date or ""),
        "last_visit": lambda r: (r.last_visit_at is not None, r.last_visit_at or ""),
        "contact": lambda r: (_fold(r.contact or ""),),
        "status": lambda r: ("lost" if r.lost else "archived" if r.archived else "active",),
    }
    keys["days_left"] = keys["renewal"]
    ids = [r.id for r in sorted(rows, key=lambda r: (*keys[column](r), _fold(r.name), r.id))]
    return ids[::-1] if descending else ids


@pytest.mark.parametrize("include_inactive", [False, True])
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_every_column_orders_the_rows_as_a_plain_reference_query(
        page: CustomersPage, ctx: AppContext, engine: Engine, include_inactive: bool,
        order: Qt.SortOrder) -> None:
    """Every column, each way, with and without the archived and lost customers: the rows
    a page at a time (offsets across the dated and the undated customers of the renewal
    order) are the whole table in the reference order."""
    page.show_inactive.setChecked(include_inactive)
    descending = order == Qt.SortOrder.DescendingOrder
    for column, key in enumerate(CustomersTableModel.COLUMNS):
        page.table.sortByColumn(column, order)
        expected = reference(engine, key, descending, include_inactive)
        assert shown(page) == expected, (key, descending, include_inactive)
        assert page.model.total() == len(expected)


def test_a_header_click_reads_one_page_once(page: CustomersPage, engine: Engine) -> None:
    """``sortByColumn`` asks the model to sort twice; the second, to the order the rows are
    already in, reads nothing."""
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        page.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        by_name = list(statements)
        page.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)  # already in that order
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    customers = [s for s in by_name if "FROM customer" in s and "count(" not in s]
    assert len(customers) == 1 and " LIMIT " in customers[0]
    assert statements == by_name
    assert page.model.rowCount() == CustomersTableModel.PAGE_SIZE


def test_the_first_showing_reads_one_page(qtbot: QtBot, ctx: AppContext, engine: Engine,
                                          now: datetime,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    with session_scope(engine) as session:
        build_sample_portfolio(session, now=now)
    monkeypatch.setattr(CustomersTableModel, "PAGE_SIZE", 7)
    read: list[tuple[int, int | None, int]] = []  # (offset, limit, rows)

    def counted(*args: Any, **kwargs: Any) -> Any:
        rows = customer_table(*args, **kwargs)
        read.append((kwargs["offset"], kwargs["limit"], len(rows)))
        return rows

    import mycrm.ui.customers.table as table_page
    monkeypatch.setattr(table_page, "customer_table", counted)
    widget = CustomersPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(900, 150)  # room for fewer rows than a page
    widget.show()
    qtbot.waitExposed(widget)
    assert read == [(0, 7, 7)]
    assert widget.model.rowCount() == 7 < widget.model.total()
