from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from mycrm.core.customers import CustomerInput, create_customer
from mycrm.core.models import Customer
from mycrm.ui.customers_page import CustomersPage, IdRole


def column_values(page: CustomersPage, column: int) -> list[str]:
    proxy = page.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def test_table_sorts_by_renewal_and_name_and_archives(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    today = ctx.today()
    for name, days in (("Beta", 30), ("alpha", None), ("Gamma", -5)):
        ctx.run(create_customer, data=CustomerInput(
            name=name, renewal_date=None if days is None else today + timedelta(days=days)))
    page = CustomersPage(ctx)
    qtbot.addWidget(page)
    ModelTester(None).check(page.model)  # type: ignore[arg-type]
    assert column_values(page, 0) == ["Gamma", "Beta", "alpha"]  # renewal date, no date last
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert column_values(page, 0) == ["alpha", "Beta", "Gamma"]  # case-insensitive

    page.table.selectRow(0)
    alpha_id = page.proxy.index(0, 0).data(IdRole)
    assert page.archive.text() == "Archive"
    page.archive.click()
    assert ctx.read(lambda s: s.get(Customer, alpha_id)).archived_at == ctx.now()
    assert "alpha" not in column_values(page, 0)
    page.show_inactive.setChecked(True)
    assert "alpha" in column_values(page, 0)


def test_search_filters_and_empty_state(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    page = CustomersPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.empty.isVisible() and "No customers yet" in page.empty.text()
    ctx.run(create_customer, data=CustomerInput(name="北京华信达数据服务有限公司"))
    ctx.run(create_customer, data=CustomerInput(name="Contoso"))
    assert not page.empty.isVisible()
    page.search.setText("华信")  # QTest.keyClicks only types ASCII
    qtbot.waitUntil(lambda: column_values(page, 0) == ["北京华信达数据服务有限公司"])
