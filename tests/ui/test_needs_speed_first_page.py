"""The Needs page's first showing reads one page of ``PAGE_ROWS`` needs (the shared table
model's page is larger), exactly the first rows of the core's order; scrolling reads the
rest."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.records.needs import NeedInput, create_need, list_needs
from mycrm.ui.app.context import AppContext
from mycrm.ui.customers.timeline_model import IdRole, RowsModel
from mycrm.ui.records.needs_page import PAGE_ROWS, NeedsPage
from qt_helpers import fetch_all


def test_the_first_showing_reads_one_page_and_scrolling_the_rest(
        qtbot: QtBot, ctx: AppContext) -> None:
    assert PAGE_ROWS < RowsModel.PAGE_SIZE
    customer = ctx.run(create_customer, data=CustomerInput(name="云帆科技"))
    assert customer.id is not None
    for i in range(PAGE_ROWS + 7):
        ctx.run(create_need, data=NeedInput(customer_id=customer.id, title=f"需求 {i}",
                                            amount=str(100 * i)))
    page = NeedsPage(ctx)
    qtbot.addWidget(page)
    core = ctx.read(list_needs, status="open")
    model = page.model
    assert model.rowCount() == PAGE_ROWS and model.total() == len(core)
    assert [model.index(r, 0).data(IdRole) for r in range(PAGE_ROWS)] == [
        n.id for n in core[:PAGE_ROWS]]
    assert model.index(0, 1).data() == "云帆科技"
    fetch_all(model)
    assert [model.index(r, 0).data(IdRole) for r in range(model.rowCount())] == [
        n.id for n in core]
