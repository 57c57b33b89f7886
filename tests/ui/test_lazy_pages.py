"""Start-up builds Home only: every other page is built the first time it is shown, and
then shows what a page built at once shows."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.ui.app.context import AppContext
from mycrm.ui.app.main_window import MainWindow
from mycrm.ui.app.pages import PAGE_KEYS
from mycrm.ui.customers.table import CustomersPage
from qt_helpers import on_screen


def _rows(page: CustomersPage) -> list[list[str]]:
    model = page.model
    return [[str(model.index(row, column).data()) for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def test_only_home_is_built_before_the_first_paint(qtbot: QtBot, ctx: AppContext) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    on_screen(qtbot, window)
    current = window.stack.currentWidget()
    assert current is not None and current.objectName() == "page_home"
    slots = [window.stack.widget(i) for i in range(window.stack.count())]
    built = {w.objectName() for w in slots if w is not None}
    assert built == {"page_home", ""}, "the other pages are placeholders until shown"


def test_a_page_is_built_on_first_show_with_the_rows_of_one_built_at_once(
        qtbot: QtBot, ctx: AppContext) -> None:
    today = ctx.today()
    for name, days in (("Beta", 30), ("alpha", None), ("Gamma", -5), ("北京华信", 12)):
        ctx.run(create_customer, data=CustomerInput(
            name=name, renewal_date=None if days is None else today + timedelta(days=days)))
    eager = CustomersPage(ctx)
    qtbot.addWidget(eager)
    on_screen(qtbot, eager)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    on_screen(qtbot, window)
    page = window.show_page("customers")
    assert isinstance(page, CustomersPage) and page.objectName() == "page_customers"
    assert window.stack.currentWidget() is page
    assert window.nav.currentRow() == PAGE_KEYS.index("customers")
    qtbot.waitUntil(lambda: _rows(page) == _rows(eager))
    assert len(_rows(page)) == 4
    assert window.show_page("customers") is page, "built once"
    ctx.run(create_customer, data=CustomerInput(name="Delta"))  # a change while it shows
    qtbot.waitUntil(lambda: _rows(page) == _rows(eager) and len(_rows(page)) == 5)


def test_every_page_is_built_when_first_shown(qtbot: QtBot, ctx: AppContext) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    on_screen(qtbot, window)
    for key in PAGE_KEYS:
        page = window.show_page(key)
        assert page.objectName() == f"page_{key}"
        assert window.stack.currentWidget() is page
