"""Ctrl+L / Ctrl+T / Ctrl+R / Ctrl+Shift+N act on what the user points at on every page
that lists customers' things — a board card, a Customers row, a To-dos row, a Needs row,
an item of the calendar's day list, a row of Home's Needs attention — and never on a
customer the user did not point at (the picker preselects nobody)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget
from pytestqt.qtbot import QtBot

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.records.needs import NeedInput, create_need
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.app.main_window import MainWindow
from mycrm.ui.common.customer_picker import CustomerPicker
from mycrm.ui.records.editor import RecordEditor
from mycrm.ui.records.need_editor import NeedEditor
from mycrm.ui.records.renewal_dialog import RenewalDialog
from mycrm.ui.todos.editor import TodoEditor
from qt_helpers import on_screen

SHORTCUTS = [
    (Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier, RecordEditor),
    (Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier, TodoEditor),
    (Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier, RenewalDialog),
    (Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
     NeedEditor),
]


def add(ctx: AppContext, name: str, renewal: date | None = None) -> int:
    customer = ctx.run(create_customer, data=CustomerInput(name=name, renewal_date=renewal))
    assert customer.id is not None
    return customer.id


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    return on_screen(qtbot, win)


def opened(window: MainWindow, kind: type[QWidget]) -> list[Any]:
    return [w for w in window.findChildren(kind) if w.isVisible()]


def select_where(view: QAbstractItemView, matches: Callable[[Any], bool]) -> None:
    """Select (as a click would) the first row of ``view`` whose index ``matches``."""
    model = view.model()
    row = next(r for r in range(model.rowCount()) if matches(model.index(r, 0)))
    view.setFocus()
    view.selectionModel().setCurrentIndex(
        model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)


def _select_todo(window: MainWindow, ctx: AppContext, beta: int) -> None:
    ctx.run(create_todo, data=TodoInput(title="Acme's call", customer_id=add(ctx, "Aaa")))
    ctx.run(create_todo, data=TodoInput(title="Send Beta the quote", customer_id=beta))
    page = window.show_page("todos")
    select_where(page.view, lambda i: i.data() == "Send Beta the quote")  # type: ignore[attr-defined]


def _select_need(window: MainWindow, ctx: AppContext, beta: int) -> None:
    ctx.run(create_need, data=NeedInput(customer_id=add(ctx, "Aaa"), title="SSO"))
    ctx.run(create_need, data=NeedInput(customer_id=beta, title="Second site"))
    page = window.show_page("needs")
    select_where(page.view, lambda i: "Second site" in {  # type: ignore[attr-defined]
        i.sibling(i.row(), c).data() for c in range(i.model().columnCount())})


def _select_day_item(window: MainWindow, ctx: AppContext, beta: int) -> None:
    day = ctx.today() + timedelta(days=3)
    add(ctx, "Aaa", day)
    ctx.run(create_todo, data=TodoInput(title="Beta on site", customer_id=beta,
                                        remind_wall=datetime.combine(day, datetime.min.time())
                                        .replace(hour=10), remind_tz="UTC"))
    page: Any = window.show_page("calendar")
    page.select_day(day)
    from mycrm.ui.calendar.models import ItemRole

    select_where(page.day_view, lambda i: i.data(ItemRole).customer_id == beta)


def _select_attention(window: MainWindow, ctx: AppContext, beta: int) -> None:
    # Both renew soon and are not visited: two rows on Home's Needs attention list.
    add(ctx, "Aaa", ctx.today() + timedelta(days=10))
    ctx.run(create_todo, data=TodoInput(
        title="Call Beta back", customer_id=beta, remind_wall=datetime(2026, 11, 20, 9),
        remind_tz="UTC"))
    page: Any = window.show_page("home")
    page.reload()
    from mycrm.ui.home.attention_model import ItemRole

    select_where(page.attention, lambda i: i.data(ItemRole).customer_id == beta)


SELECTIONS = {"todos": _select_todo, "needs": _select_need, "calendar": _select_day_item,
              "home": _select_attention}


@pytest.mark.parametrize("where", list(SELECTIONS))
@pytest.mark.parametrize(("key", "modifiers", "editor_type"), SHORTCUTS)
def test_the_shortcut_acts_on_the_selected_row(
        qtbot: QtBot, ctx: AppContext, window: MainWindow, where: str, key: Qt.Key,
        modifiers: Qt.KeyboardModifier, editor_type: type[QWidget]) -> None:
    beta = add(ctx, "Beta Logistics", ctx.today() + timedelta(days=200))
    SELECTIONS[where](window, ctx, beta)
    assert window.pointed_customer() == beta
    window.activateWindow()
    qtbot.keyClick(window.focusWidget() or window, key, modifiers)
    assert opened(window, CustomerPicker) == []  # it did not ask
    [editor] = opened(window, editor_type)
    assert editor.customer_id == beta


@pytest.mark.parametrize("where", ["todos", "needs", "home"])
def test_with_nothing_selected_the_picker_asks_and_preselects_nobody(
        qtbot: QtBot, ctx: AppContext, window: MainWindow, where: str) -> None:
    beta = add(ctx, "Beta Logistics", ctx.today() + timedelta(days=200))
    SELECTIONS[where](window, ctx, beta)
    page: Any = window.stack.currentWidget()
    view = page.attention if where == "home" else page.view
    view.selectionModel().clear()
    assert window.pointed_customer() is None
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    [picker] = opened(window, CustomerPicker)
    assert not picker.list.currentIndex().isValid()
    picker.accept_current()  # Enter on the untouched picker logs nothing
    assert opened(window, RecordEditor) == []
