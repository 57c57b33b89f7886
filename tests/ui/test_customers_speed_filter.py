"""The customers table's filter without stalls: a filter no index can answer (a
one-character term, matched with LIKE over every customer and contact) is read on a worker
thread and shown when it is done — a later keystroke or header click supersedes it — while
an indexed filter binds its values to one statement per shape; the rows and their texts are
those of the core query."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import event
from sqlalchemy.engine import Engine

from mycrm.core.customers.services import ContactInput, CustomerInput, create_customer
from mycrm.core.customers.table import (
    CustomerRow,
    customer_table,
    primary_contacts,
    search_scans,
)
from mycrm.ui.app.context import AppContext
from mycrm.ui.customers.table import CustomersPage, CustomersTableModel, IdRole

NAME = CustomersTableModel.COLUMNS.index("name")
DAYS_LEFT = CustomersTableModel.COLUMNS.index("days_left")
CONTACT = CustomersTableModel.COLUMNS.index("contact")


def names(page: CustomersPage) -> list[str]:
    return [page.model.index(r, NAME).data() for r in range(page.model.rowCount())]


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext) -> CustomersPage:
    for name, contact, phone in (("Northwind", "Anna", "010-1"), ("Contoso", "王伟", "139"),
                                 ("云帆科技", "Li Na", "021-7"), ("Fabrikam", "Bob", "555")):
        ctx.run(create_customer, data=CustomerInput(
            name=name, contact=ContactInput(name=contact, phone=phone, is_primary=True)))
    widget = CustomersPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    widget.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
    return widget


@pytest.fixture
def gui_statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL run on this (the GUI) thread."""
    seen: list[str] = []
    gui = threading.current_thread()

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if threading.current_thread() is gui:
            seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def wait_read(qtbot: QtBot, page: CustomersPage) -> None:
    qtbot.waitUntil(lambda: not page.reading)


def test_which_filters_scan() -> None:
    assert search_scans("N") and search_scans("智") and search_scans("Nor t")
    assert not search_scans("") and not search_scans("  ")
    assert not search_scans("No") and not search_scans("智联") and not search_scans("Northwind")


def test_a_one_character_filter_is_read_off_the_gui_thread(
        qtbot: QtBot, page: CustomersPage, gui_statements: list[str]) -> None:
    before = names(page)
    page.search.setText("王")  # a contact's name: the LIKE of contacts
    page.reload()
    assert page.reading and names(page) == before  # the rows shown stay meanwhile
    assert not page.model.canFetchMore(QModelIndex())
    wait_read(qtbot, page)
    assert names(page) == ["Contoso"]
    assert "1" in page.count.text() and not page.empty.isVisible()
    assert not [s for s in gui_statements if " LIKE " in s]  # the scan ran on the worker
    page.search.setText("5")  # a contact's phone
    page.reload()
    wait_read(qtbot, page)
    assert names(page) == ["Fabrikam"]
    page.search.setText("q")
    page.reload()
    wait_read(qtbot, page)
    assert names(page) == [] and page.empty.isVisible()
    assert "No customer matches the search." in page.empty.text()


def test_a_later_filter_supersedes_a_read_still_running(qtbot: QtBot,
                                                         page: CustomersPage) -> None:
    page.search.setText("o")  # scans: on the worker
    page.reload()
    page.search.setText("Contoso")  # indexed: read at once, here
    page.reload()
    assert not page.reading and names(page) == ["Contoso"]
    wait_read(qtbot, page)  # the first read's rows arrive late and are dropped
    assert names(page) == ["Contoso"]
    assert page.model.total() == 1


def test_a_header_click_with_a_scanning_filter_reads_the_new_order(
        qtbot: QtBot, page: CustomersPage, ctx: AppContext) -> None:
    page.search.setText("o")
    page.reload()
    wait_read(qtbot, page)
    assert names(page) == ["Contoso", "Fabrikam", "Northwind"]
    page.table.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)
    wait_read(qtbot, page)
    assert names(page) == ["Northwind", "Fabrikam", "Contoso"]
    expected = ctx.read(customer_table, search="o", include_inactive=False, sort="name",
                        descending=True, zone=ctx.zone)
    assert [page.model.index(r, 0).data(IdRole) for r in range(3)] == [r.id for r in expected]
    assert page.model.total() == 3
    # A click while a filter is still being read: that filter, in the new order.
    page.search.setText("a")
    page.reload()
    page.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
    wait_read(qtbot, page)
    assert names(page) == ["Fabrikam", "Northwind", "云帆科技"]  # "Li Na", "Anna"


def test_the_inactive_toggle_rereads_and_clearing_the_filter_shows_everyone(
        qtbot: QtBot, page: CustomersPage, ctx: AppContext) -> None:
    from mycrm.core.customers.services import set_archived

    page.search.setText("N")  # case-insensitive: "Contoso", and "Li Na"'s 云帆科技
    page.reload()
    wait_read(qtbot, page)
    assert names(page) == ["Contoso", "Northwind", "云帆科技"]
    contoso = page.model.index(0, 0).data(IdRole)
    ctx.run(set_archived, customer_id=contoso, archived=True)  # the page reloads itself
    wait_read(qtbot, page)
    assert names(page) == ["Northwind", "云帆科技"]
    page.show_inactive.setChecked(True)
    wait_read(qtbot, page)
    assert names(page) == ["Contoso", "Northwind", "云帆科技"]
    page.show_inactive.setChecked(False)
    page.search.clear()
    page.reload()
    assert not page.reading  # no filter: read at once, superseding the toggle's read
    assert names(page) == ["Fabrikam", "Northwind", "云帆科技"]
    wait_read(qtbot, page)
    assert names(page) == ["Fabrikam", "Northwind", "云帆科技"]


def test_indexed_filters_share_one_statement(page: CustomersPage,
                                            gui_statements: list[str]) -> None:
    shown = []
    for term in ("Northwind", "Contoso"):
        gui_statements.clear()
        page.search.setText(term)
        page.reload()
        shown.append(names(page))
        shown.append(list(gui_statements))
    assert shown[0] == ["Northwind"] and shown[2] == ["Contoso"]
    assert shown[1] == shown[3]  # the same SQL text, only the bound values differ


def test_texts_are_formatted_once_and_days_left_follow_today(qtbot: QtBot) -> None:
    today = {"day": date(2026, 11, 22)}
    row = CustomerRow(id=1, name="Acme", tier="A", state="to_contact", industry="Retail",
                      renewal_date=date(2026, 12, 2), last_visit=None, contact="Anna",
                      status="active")
    model = CustomersTableModel(lambda: today["day"], lambda *_a: [row], lambda: 1)
    model.refresh()
    assert model.index(0, DAYS_LEFT).data() == "10"
    assert model.index(0, CONTACT).data() == "Anna"
    today["day"] += timedelta(days=3)
    assert model.index(0, DAYS_LEFT).data() == "7"  # no reload needed
    model.show(1, [CustomerRow(**{**row.__dict__, "contact": "Bob"})])
    assert model.index(0, CONTACT).data() == "Bob"  # new rows, new texts


def test_primary_contacts_of_the_given_customers_only(ctx: AppContext) -> None:
    ids = [ctx.run(create_customer, data=CustomerInput(
        name=f"C{i}", contact=ContactInput(name=f"P{i}", is_primary=True))).id
        for i in range(3)]
    found = ctx.read(primary_contacts, customer_ids=[ids[0], ids[2]])
    assert found == {ids[0]: "P0", ids[2]: "P2"}
    assert ctx.read(primary_contacts, customer_ids=[]) == {}


@pytest.mark.parametrize("search", ["", "o", "N", "王", "Northwind", "云帆", "q"])
@pytest.mark.parametrize("sort", ["name", "renewal", "contact", "status"])
def test_the_first_rows_and_their_count_agree_with_the_separate_reads(
        page: CustomersPage, ctx: AppContext, search: str, sort: str) -> None:
    """One statement counts a search's matches as it reads them: the same count and rows
    as the count query and the table query."""
    from mycrm.core.customers.table import customer_table_count, customer_table_start

    for include_inactive in (False, True):
        for descending in (False, True):
            args = {"search": search, "include_inactive": include_inactive}
            total, rows = ctx.read(customer_table_start, sort=sort, descending=descending,
                                   zone=ctx.zone, limit=2, **args)
            assert total == ctx.read(customer_table_count, **args)
            assert rows == ctx.read(customer_table, sort=sort, descending=descending,
                                    zone=ctx.zone, limit=2, **args)
