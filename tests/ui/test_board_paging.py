"""The board reads a page of cards per column (more as the view scrolls) and counts a column
only when its first page is full: what it shows must still be exactly the core's answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from mycrm.core.customers.board import board_column, board_column_count
from mycrm.core.data.sample import build_sample_portfolio
from mycrm.core.db.engine import session_scope
from mycrm.core.db.models import Customer
from mycrm.ui.app.context import AppContext
from mycrm.ui.board.model import BoardColumnModel, CustomerIdRole
from mycrm.ui.board.page import BoardPage
from mycrm.ui.common.labels import BOARD_STATES


@pytest.fixture
def sample(engine: Engine, now: datetime) -> None:
    with session_scope(engine) as session:
        build_sample_portfolio(session, now=now)


def shown_ids(page: BoardPage, state: str) -> list[int]:
    """Every card of the column, fetching the pages not read yet."""
    model = page.columns[state].model
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    return [model.index(r).data(CustomerIdRole) for r in range(model.rowCount())]


def short_terms(ctx: AppContext) -> list[str]:
    """Two-character pieces of real names (Chinese and English), the shortest filter the
    names index answers."""
    names = ctx.read(lambda s: list(s.exec(select(Customer.name).order_by(col(Customer.id)))))
    chinese = [n[:2] for n in names if not n.isascii()][:3]
    english = [n.split()[0][:2] for n in names if n.isascii()][:2]
    assert chinese and english
    return [*dict.fromkeys(chinese + english)]


@pytest.mark.parametrize("page_size", [2, 30])
def test_a_short_filter_shows_exactly_the_customers_the_core_finds(
        qtbot: QtBot, ctx: AppContext, sample: None, monkeypatch: pytest.MonkeyPatch,
        page_size: int) -> None:
    """Page size 2: the first page is full and the column is counted; 30: most filtered
    columns fit in one page and the page itself is the count."""
    monkeypatch.setattr(BoardColumnModel, "PAGE_SIZE", page_size)
    page = BoardPage(ctx)
    qtbot.addWidget(page)
    for term in short_terms(ctx):
        page.search.setText(term)
        page.reload()
        qtbot.waitUntil(lambda: not page.reading)  # a filtered read runs on a worker
        found = 0
        for state in (s.value for s in BOARD_STATES):
            expected = [c.id for c in ctx.read(board_column, state=state, search=term)]
            column = page.columns[state]
            assert column.model.total() == len(expected), (term, state)
            assert column.title.text().endswith(f"·  {len(expected)}")
            assert shown_ids(page, state) == expected, (term, state)
            found += len(expected)
        assert found, term  # each term is a piece of a real name: something matches
    page.search.clear()
    page.reload()
    for state in (s.value for s in BOARD_STATES):
        assert page.columns[state].model.total() == ctx.read(board_column_count, state=state)


def test_a_column_that_fits_in_a_page_is_not_counted_separately(
        qtbot: QtBot, ctx: AppContext, engine: Engine, sample: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Columns that fit in one page: a reload reads each column once and counts none of
    them (the page is the whole column), and the titles still say how many."""
    totals = {s.value: ctx.read(board_column_count, state=s.value) for s in BOARD_STATES}
    monkeypatch.setattr(BoardColumnModel, "PAGE_SIZE", max(totals.values()) + 1)
    page = BoardPage(ctx)
    qtbot.addWidget(page)
    statements: list[str] = []
    traced: list[Any] = []

    def trace(dbapi_connection: Any, _record: object, _proxy: object) -> None:
        # Every statement SQLite runs (the board runs its compiled SQL on the session's
        # connection, past SQLAlchemy's execute events).
        dbapi_connection.set_trace_callback(statements.append)
        traced.append(dbapi_connection)

    event.listen(engine, "checkout", trace)
    try:
        page.reload()
    finally:
        event.remove(engine, "checkout", trace)
        for connection in traced:
            connection.set_trace_callback(None)
    read = [" ".join(s.split()) for s in statements if not s.startswith("-- ")]
    assert [s for s in read if "FROM customer" in s]  # the pages were read, and seen
    assert not [s for s in read if "count(customer.id)" in s or "count(*)" in s]
    for state, total in totals.items():
        assert total > 0
        assert page.columns[state].title.text().endswith(f"·  {total}")
        assert shown_ids(page, state) == [c.id for c in ctx.read(board_column, state=state)]
