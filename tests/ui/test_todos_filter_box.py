"""The To-dos page's customer filter with many customers: putting the page into the window
must not make the closed combo box read every customer's name."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.engine import session_scope
from mycrm.ui.app.context import AppContext
from mycrm.ui.app.main_window import MainWindow
from mycrm.ui.todos.model import CustomerFilterModel
from mycrm.ui.todos.page import TodosPage

CUSTOMERS = 40


def test_opening_the_page_in_the_window_reads_one_page_of_names(
        qtbot: QtBot, ctx: AppContext, now, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CustomerFilterModel, "PAGE", 5)  # 40 customers = 8 pages
    with session_scope(ctx.engine) as session:
        for i in range(CUSTOMERS):
            create_customer(session=session, now=now, data=CustomerInput(name=f"C{i:02d}"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("todos")
    qtbot.wait(10)
    assert isinstance(page, TodosPage)
    box = page.customer_filter
    assert box.customers.loaded_pages() <= 1  # not every name (8 pages) to size the list
    # …and the list still offers every customer, by name, after "All customers"
    names = [box.itemText(i) for i in range(box.count())]
    assert names[1:] == [f"C{i:02d}" for i in range(CUSTOMERS)]
