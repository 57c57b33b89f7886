"""The Needs page sorts and pages in SQL: its rows, for each column, each way and each status
filter, are what a plain reference query says they must be; the first showing reads one
page; scrolling fetches more; the count is every need's, the rest of the page works as it
did (empty state, tooltips, double-click, reload on a change)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

import mycrm.ui.records.needs_page as needs_page
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.records.needs import NEED_SORTS, NeedInput, create_need, list_needs
from mycrm.ui.app.actions import Action
from mycrm.ui.app.context import AppContext
from mycrm.ui.customers.timeline_model import IdRole, RowsModel
from mycrm.ui.records.needs_page import CUSTOMER_COLUMN, NeedsPage
from qt_helpers import fetch_all, on_screen

PAGE = 4
STATUSES = ["open", "won", "dropped", ""]  # the filter's data; "" is All
NAMES = ["beta Labs", "Acme", "acme Two", "Zeta", "李氏贸易"]
TITLES = ["sso", "SSO rollout", "BI add-on", "bi Add-on", "Mobile", "移动端", "apps"]


@pytest.fixture
def needs(ctx: AppContext) -> int:
    """23 needs over five customers: every status, some follow-up dates shared and some
    missing, amounts and titles that tie (case aside), all captured at the same instant
    (the test clock), so the ties are broken by id."""
    customers: list[int] = []
    for name in NAMES:
        customer = ctx.run(create_customer, data=CustomerInput(name=name))
        assert customer.id is not None
        customers.append(customer.id)
    for i in range(23):
        ctx.run(create_need, data=NeedInput(
            customer_id=customers[i % len(customers)], title=TITLES[i % len(TITLES)],
            detail=f"Details {i}" if i % 2 else "", amount=str(1000 * (i % 4)),
            follow_up_on=date(2026, 12, 1) + timedelta(days=i % 3) if i % 4 else None,
            status=STATUSES[i % 3]))
    return 23


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext, needs: int,
         monkeypatch: pytest.MonkeyPatch) -> NeedsPage:
    monkeypatch.setattr(RowsModel, "PAGE_SIZE", PAGE)  # several pages
    widget = NeedsPage(ctx)
    qtbot.addWidget(widget)
    return on_screen(qtbot, widget, (900, 400))


def _fold(value: str) -> str:
    """SQLite's NOCASE: ASCII letters folded, nothing else."""
    return value.translate({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})


def reference(engine: Engine, sort: str, descending: bool, status: str) -> list[int]:
    """Need ids in the page's order, from one plain query sorted here: follow-up date
    soonest first and none last, newest first, then the higher id; any other column by
    its value (text case-insensitively; the customer's name, then the customer), then id;
    descending is all of it reversed."""
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT need.id, need.title, customer.id AS customer_id, customer.name, "
            "need.amount_cents, need.status, "
            "need.follow_up_on, need.created_at FROM need, customer "
            "WHERE customer.id = need.customer_id AND (:status = '' OR need.status = :status)"
        ), {"status": status}).all()
    keys: dict[str, Any] = {
        "follow_up": lambda r: (r.follow_up_on is None, r.follow_up_on or "",
                                _Reverse(r.created_at), -r.id),
        "title": lambda r: (_fold(r.title), r.id),
        "customer": lambda r: (_fold(r.name), r.customer_id, r.id),
        "amount": lambda r: (r.amount_cents, r.id),
        "status": lambda r: (r.status, r.id),
        "created": lambda r: (r.created_at, r.id),
    }
    ids = [r.id for r in sorted(rows, key=keys[sort])]
    return ids[::-1] if descending else ids


class _Reverse:
    """Orders values the other way (newest first), inside a sort key tuple."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _Reverse) -> bool:
        return bool(other.value < self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reverse) and self.value == other.value


def shown(page: NeedsPage) -> list[int]:
    fetch_all(page.model)
    return [page.model.index(r, 0).data(IdRole) for r in range(page.model.rowCount())]


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_every_column_orders_the_rows_as_the_reference_query(
        page: NeedsPage, ctx: AppContext, engine: Engine, status: str,
        order: Qt.SortOrder) -> None:
    page.status.setCurrentIndex(page.status.findData(status))
    descending = order == Qt.SortOrder.DescendingOrder
    for column, sort in enumerate(NEED_SORTS):
        page.view.sortByColumn(column, order)
        assert page.model.rowCount() <= PAGE  # a header click reads the first page
        expected = reference(engine, sort, descending, status)
        assert shown(page) == expected, (sort, descending, status)
        core = ctx.read(list_needs, status=status or None, sort=sort, descending=descending)
        assert [n.id for n in core] == expected  # the phone, the CLI, the reports
        assert page.model.total() == len(expected)
        assert page.count.text() == f"{len(expected)} need(s)"


def test_the_default_order_is_the_core_listing_and_pages_join_up(
        page: NeedsPage, ctx: AppContext, engine: Engine) -> None:
    """Follow-up date, soonest first: what ``list_needs`` gives the other front ends, read
    in pages (offsets across the dated and the undated needs) that join up exactly."""
    assert page.model.sort_order() == (NEED_SORTS.index("follow_up"), False)
    whole = [n.id for n in ctx.read(list_needs, status="open")]
    assert whole == reference(engine, "follow_up", False, "open")
    for descending in (False, True):
        pages = [n.id for offset in range(0, len(whole) + 3, 3) for n in ctx.read(
            list_needs, status="open", descending=descending, offset=offset, limit=3)]
        assert pages == (whole[::-1] if descending else whole)


@pytest.fixture
def selects(ctx: AppContext) -> Iterator[list[str]]:
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(" ".join(statement.split()))

    event.listen(ctx.engine, "before_cursor_execute", before)
    yield seen
    event.remove(ctx.engine, "before_cursor_execute", before)


def test_the_first_showing_reads_one_page(qtbot: QtBot, ctx: AppContext, needs: int,
                                          selects: list[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RowsModel, "PAGE_SIZE", PAGE)
    read: list[tuple[int, int, int]] = []  # (offset, limit, rows)

    def counted(*args: Any, **kwargs: Any) -> Any:
        rows = list_needs(*args, **kwargs)
        read.append((kwargs["offset"], kwargs["limit"], len(rows)))
        return rows

    monkeypatch.setattr(needs_page, "list_needs", counted)
    page = NeedsPage(ctx)
    qtbot.addWidget(page)
    on_screen(qtbot, page, (900, 150))  # room for fewer rows than a page
    counts = [s for s in selects if s.startswith("SELECT count(")]
    assert len(counts) == 1 and " JOIN " not in counts[0]  # one COUNT, off the need table
    assert all(" LIMIT " in s for s in selects if s not in counts)
    assert read == [(0, PAGE, PAGE)]  # one page, read once
    open_needs = len(ctx.read(list_needs, status="open"))
    assert open_needs > PAGE
    assert page.model.rowCount() == PAGE and page.model.total() == open_needs
    assert page.count.text() == f"{open_needs} need(s)"


def test_scrolling_fetches_the_next_page(qtbot: QtBot, page: NeedsPage, ctx: AppContext,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    page.status.setCurrentIndex(page.status.findData(""))  # all 23
    page.resize(900, 150)
    qtbot.wait(1)
    assert page.model.rowCount() == PAGE
    fetched: list[int] = []
    real = page.model.fetchMore

    def fetch_more(parent: QModelIndex) -> None:
        fetched.append(page.model.rowCount())
        real(parent)

    monkeypatch.setattr(page.model, "fetchMore", fetch_more)
    page.view.scrollToBottom()  # the view asks for more at the end of its scroll range
    qtbot.waitUntil(lambda: page.model.rowCount() > PAGE)
    assert fetched and fetched[0] == PAGE
    assert page.model.rowCount() == 2 * PAGE or len(fetched) > 1
    rows = [page.model.index(r, 0).data(IdRole) for r in range(page.model.rowCount())]
    assert rows == reference(ctx.engine, "follow_up", False, "")[:len(rows)]


def test_a_change_reloads_the_rows_and_the_count(page: NeedsPage, ctx: AppContext) -> None:
    before = page.model.total()
    customer = ctx.run(create_customer, data=CustomerInput(name="Aaron"))
    assert customer.id is not None
    need = ctx.run(create_need, data=NeedInput(customer_id=customer.id, title="Kiosk",
                                               follow_up_on=date(2026, 11, 23)))
    assert page.model.total() == before + 1
    assert page.model.index(0, 0).data(IdRole) == need.id  # the soonest follow-up
    assert page.count.text() == f"{before + 1} need(s)"


def test_tooltips_and_activation(qtbot: QtBot, page: NeedsPage, ctx: AppContext) -> None:
    rows = {n.id: n for n in ctx.read(list_needs, status="open")}
    model = page.model
    for r in range(model.rowCount()):
        need = rows[model.index(r, 0).data(IdRole)]
        assert model.index(r, 0).data(Qt.ItemDataRole.ToolTipRole) == (need.detail or
                                                                        need.title)
    first = rows[model.index(0, 0).data(IdRole)]
    with qtbot.waitSignal(page.open_customer) as opened:
        page.view.doubleClicked.emit(model.index(0, CUSTOMER_COLUMN))
    assert opened.args == [first.customer_id]
    with qtbot.waitSignal(page.action_requested) as edit:
        page.view.doubleClicked.emit(model.index(0, 0))
    assert edit.args == [Action.EDIT_NEED, first.id]
    page.view.selectRow(0)
    assert page.current_customer_id() == first.customer_id


def test_no_needs_shows_the_empty_state(qtbot: QtBot, ctx: AppContext) -> None:
    page = NeedsPage(ctx)
    qtbot.addWidget(page)
    on_screen(qtbot, page)
    assert page.model.total() == 0 and page.model.rowCount() == 0
    assert page.stack.currentWidget() is page.empty
    assert "Ctrl+Shift+N" in page.empty.text()
    assert page.count.text() == "0 need(s)"
