"""The board's filtered reloads run on a worker (``latest_read``): the cards shown stay until
the latest read answers, an overtaken read never shows, and an unfiltered reload stays
synchronous."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.ui.app.context import AppContext
from mycrm.ui.board import page as page_module
from mycrm.ui.board.page import BoardPage


def names(page: BoardPage, state: str = "to_contact") -> list[str]:
    model = page.columns[state].model
    return [model.index(r).data() for r in range(model.rowCount())]


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext) -> BoardPage:
    for name, days in (("上海云帆", 10), ("Northwind Traders", 20), ("Contoso", 30)):
        ctx.run(create_customer, data=CustomerInput(
            name=name, renewal_date=ctx.today() + timedelta(days=days)))
    board = BoardPage(ctx)
    qtbot.addWidget(board)
    return board


def held_reads(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Filtered reads wait for the returned event before reading."""
    release = threading.Event()
    real = page_module.board_columns

    def held(session: Any, limits: Any, search: str = "") -> object:
        if search.strip():
            release.wait(30)
        return real(session, limits, search)

    monkeypatch.setattr(page_module, "board_columns", held)
    return release


def test_a_filtered_reload_keeps_the_cards_until_its_read_answers(
        qtbot: QtBot, page: BoardPage, monkeypatch: pytest.MonkeyPatch) -> None:
    release = held_reads(monkeypatch)
    everyone = names(page)
    page.search.setText("north")
    page.reload()
    assert page.reading
    assert names(page) == everyone
    assert page.columns["to_contact"].title.text().endswith("·  3")
    release.set()
    qtbot.waitUntil(lambda: not page.reading)
    assert names(page) == ["Northwind Traders"]
    assert page.columns["to_contact"].title.text().endswith("·  1")
    assert page.hint.text().startswith("1 ")


def test_only_the_latest_filtered_read_is_shown(
        qtbot: QtBot, page: BoardPage, monkeypatch: pytest.MonkeyPatch) -> None:
    release = held_reads(monkeypatch)
    resets: list[list[str]] = []
    model = page.columns["to_contact"].model
    model.modelReset.connect(lambda: resets.append(names(page)))
    page.search.setText("north")
    page.reload()
    page.search.setText("云帆")
    page.reload()
    release.set()
    qtbot.waitUntil(lambda: not page.reading)
    assert names(page) == ["上海云帆"]
    qtbot.wait(100)
    assert ["Northwind Traders"] not in resets, "the overtaken read never showed"
    assert names(page) == ["上海云帆"]


def test_clearing_the_filter_shows_every_card_at_once_and_drops_the_read(
        qtbot: QtBot, page: BoardPage, monkeypatch: pytest.MonkeyPatch) -> None:
    release = held_reads(monkeypatch)
    page.search.setText("north")
    page.reload()
    assert page.reading
    page.search.clear()
    page.reload()
    assert not page.reading
    assert names(page) == ["上海云帆", "Northwind Traders", "Contoso"]
    release.set()
    qtbot.wait(200)
    assert names(page) == ["上海云帆", "Northwind Traders", "Contoso"]


def test_a_filter_matching_nothing_says_so(qtbot: QtBot, page: BoardPage) -> None:
    page.search.setText("nothing-matches-this")
    page.reload()
    qtbot.waitUntil(lambda: not page.reading)
    column = page.columns["to_contact"]
    assert names(page) == [] and column.title.text().endswith("·  0")
    assert column.empty is not None and column.stack.currentWidget() is column.empty
    assert column.empty.text() == "No customer matches the search."
    page.search.clear()
    page.reload()
    assert column.stack.currentWidget() is column.view and len(names(page)) == 3


def test_a_failed_filtered_read_says_so_and_keeps_the_cards(
        qtbot: QtBot, page: BoardPage, monkeypatch: pytest.MonkeyPatch) -> None:
    real = page_module.board_columns

    def broken(session: Any, limits: Any, search: str = "") -> object:
        if search.strip():
            raise RuntimeError("disk I/O error")
        return real(session, limits, search)

    monkeypatch.setattr(page_module, "board_columns", broken)
    everyone = names(page)
    page.search.setText("north")
    page.reload()
    qtbot.waitUntil(lambda: not page.reading)
    assert page.hint.text() == "The board could not be filtered; see the log."
    assert names(page) == everyone
