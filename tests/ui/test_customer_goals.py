"""The customer's goals for the year and the value delivered: typed in the customer editor
(several lines, Chinese), saved to the customer's row, cleared again; refused with a message
beside the field when bad; shown on the customer page only when set."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from mycrm.core.customers.services import LONG_TEXT_MAX, CustomerInput, create_customer
from mycrm.core.db.models import Customer
from mycrm.ui.app.context import AppContext
from mycrm.ui.customers.editor import CustomerEditor
from mycrm.ui.customers.page import BRIEF_CHARS, CustomerPage
from qt_helpers import on_screen

GOALS = "上线移动端审批\n覆盖 3 个工厂 <b>2027</b>"
VALUE = "Saved 2 FTE in finance.\n月结从 5 天缩短到 2 天"


def _row(ctx: AppContext, customer_id: int) -> tuple[str, str]:
    customer = ctx.read(lambda s: s.get(Customer, customer_id))
    return customer.year_goals, customer.value_delivered


def _editor(qtbot: QtBot, ctx: AppContext, customer_id: int | None = None) -> CustomerEditor:
    editor = CustomerEditor(ctx, customer_id)
    qtbot.addWidget(editor)
    return editor


def test_the_editor_saves_and_clears_the_goals_and_the_value(qtbot: QtBot,
                                                             ctx: AppContext) -> None:
    editor = _editor(qtbot, ctx)
    editor.name.setText("杭州青禾")
    editor.year_goals.setPlainText("  " + GOALS + "\n")
    editor.value_delivered.setPlainText(VALUE)
    with qtbot.waitSignal(editor.saved):
        editor.save()
    customer_id = editor.customer_id
    assert customer_id is not None
    assert _row(ctx, customer_id) == (GOALS, VALUE)  # line breaks kept, ends trimmed

    again = _editor(qtbot, ctx, customer_id)
    assert again.year_goals.toPlainText() == GOALS
    assert again.value_delivered.toPlainText() == VALUE
    again.year_goals.setPlainText("")
    again.value_delivered.setPlainText("   ")
    with qtbot.waitSignal(again.saved):
        again.save()
    assert _row(ctx, customer_id) == ("", "")


def test_bad_goals_are_refused_beside_the_field_and_change_nothing(qtbot: QtBot,
                                                                    ctx: AppContext) -> None:
    customer = ctx.run(create_customer, data=CustomerInput(name="Acme", year_goals=GOALS,
                                                           value_delivered=VALUE))
    assert customer.id is not None
    editor = _editor(qtbot, ctx, customer.id)
    editor.year_goals.setPlainText("ring \x07 the bell")
    editor.value_delivered.setPlainText("x" * (LONG_TEXT_MAX + 1))
    editor.save()
    assert editor.errors.text("year_goals")
    assert str(LONG_TEXT_MAX) in editor.errors.text("value_delivered").replace(",", "")
    assert _row(ctx, customer.id) == (GOALS, VALUE)


def test_the_customer_page_shows_them_only_when_set(qtbot: QtBot, ctx: AppContext) -> None:
    long_value = "价值" * 400
    customer = ctx.run(create_customer, data=CustomerInput(
        name="Acme", year_goals=GOALS, value_delivered=long_value))
    bare = ctx.run(create_customer, data=CustomerInput(name="Bare"))
    assert customer.id is not None and bare.id is not None
    page = CustomerPage(ctx)
    qtbot.addWidget(page)
    on_screen(qtbot, page, (1000, 700))
    page.set_customer(customer.id)
    goals_caption, goals = page.plans["year_goals"]
    value_caption, value = page.plans["value_delivered"]
    assert goals.isVisible() and goals_caption.isVisible() and goals.text() == GOALS
    assert value.isVisible() and value.text().endswith("…")
    assert len(value.text()) <= BRIEF_CHARS + 1 and value.toolTip()
    page.set_customer(bare.id)
    assert not goals.isVisible() and not value.isVisible() and not value_caption.isVisible()
