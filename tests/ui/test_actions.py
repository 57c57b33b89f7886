"""One table of actions (ui/app/actions.py): every menu, button, tray entry and the palette
read it; shortcuts are unique; an action that needs a customer takes the one the user points
at (the selected card, the selected row, the open customer page) and only otherwise asks."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget
from pytestqt.qtbot import QtBot

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.ui.app.actions import (
    ACTIONS,
    CUSTOMER_ACTIONS,
    PALETTE_ACTIONS,
    QUICK_ENTRY,
    TRAY_ACTIONS,
    Action,
    Target,
    run_action,
)
from mycrm.ui.app.command_palette import static_entries
from mycrm.ui.app.context import AppContext
from mycrm.ui.app.main_window import MainWindow
from mycrm.ui.board.model import CustomerIdRole
from mycrm.ui.board.page import BoardPage
from mycrm.ui.common.customer_picker import CustomerPicker
from mycrm.ui.customers.page import CustomerPage
from mycrm.ui.customers.table import CustomersPage, IdRole
from mycrm.ui.home.page import HomePage
from mycrm.ui.records.editor import RecordEditor
from mycrm.ui.reminders.tray import TrayController
from mycrm.ui.todos.editor import TodoEditor
from qt_helpers import on_screen


def add(ctx: AppContext, name: str) -> int:
    customer = ctx.run(create_customer, data=CustomerInput(name=name))
    assert customer.id is not None
    return customer.id


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    return on_screen(qtbot, win)


def opened(window: MainWindow, kind: type[QWidget]) -> list[Any]:
    """The dialogs of ``kind`` open over ``window``."""
    return [w for w in window.findChildren(kind) if w.isVisible()]


# --- the table ------------------------------------------------------------------------
def test_every_action_has_one_entry_with_a_label() -> None:
    assert set(ACTIONS) == set(Action)
    assert all(action.label() and action.text().startswith(action.label())
               for action in Action)


def test_no_two_actions_share_a_shortcut() -> None:
    shortcuts = [QKeySequence(a.shortcut).toString() for a in Action if a.shortcut]
    assert shortcuts and len(shortcuts) == len(set(shortcuts)), Counter(shortcuts)


def window_wide_shortcuts(window: MainWindow) -> list[str]:
    """The shortcuts of the menu bar's menus and of the window itself (the palette)."""
    actions = list(window.actions())
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if isinstance(menu, QMenu):
            actions += menu.actions()
    return [a.shortcut().toString() for a in actions if not a.shortcut().isEmpty()]


def test_no_shortcut_of_the_window_is_ambiguous(window: MainWindow) -> None:
    """The table's shortcuts beside the window's own (pages, palette, undo, quit)."""
    keys = window_wide_shortcuts(window)
    assert not {k: n for k, n in Counter(keys).items() if n > 1}
    for action in Action:
        if action.shortcut:
            assert QKeySequence(action.shortcut).toString() in keys, action


def test_every_surface_shows_the_tables_labels(qtbot: QtBot, ctx: AppContext,
                                               window: MainWindow) -> None:
    menu_texts = [a.text() for a in window.record_menu.actions() if a.text()]
    assert menu_texts[:6] == [a.text() for a in (*CUSTOMER_ACTIONS, Action.EDIT_CUSTOMER)]
    home = window.page("home")
    assert isinstance(home, HomePage)
    assert [home.quick_buttons[a].text() for a in QUICK_ENTRY] == [a.text() for a in QUICK_ENTRY]
    tray = TrayController(ctx, window, available=False)
    tray_texts = [a.text() for a in tray.menu.actions()]
    assert all(a.text() in tray_texts for a in TRAY_ACTIONS)
    palette = [e.text for e in static_entries() if e.kind == "action"]
    assert palette == [a.label() for a in PALETTE_ACTIONS]
    page = window.open_customer(add(ctx, "Acme"))
    assert isinstance(page, CustomerPage)
    assert [page.action_buttons[a].text() for a in CUSTOMER_ACTIONS] == [
        a.text() for a in CUSTOMER_ACTIONS]
    board = BoardPage(ctx)
    qtbot.addWidget(board)
    menu = QMenu()
    board.extend_context_menu(menu, 1)
    assert [a.text() for a in menu.actions() if a.text()] == [a.text() for a in CUSTOMER_ACTIONS]


def test_dispatch_takes_the_enum_and_item_actions_need_their_id(window: MainWindow) -> None:
    with pytest.raises(TypeError):
        run_action(window, "log_visit", 1)  # type: ignore[arg-type]
    for action in Action:
        if action.target in (Target.TODO, Target.RECORD, Target.NEED):
            with pytest.raises(ValueError, match=action.target.value):
                window.dispatch(action, 0)


# --- acting on what the user points at ------------------------------------------------
def select_card(board: BoardPage, customer_id: int) -> None:
    column = board.columns["to_contact"]
    row = column.model.row_of(customer_id)
    assert row >= 0
    column.view.setFocus()
    column.view.selectionModel().setCurrentIndex(
        column.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_ctrl_l_on_the_board_logs_a_visit_for_the_selected_card(
        qtbot: QtBot, ctx: AppContext, window: MainWindow) -> None:
    add(ctx, "Acme")
    beta = add(ctx, "Beta Logistics")
    board = window.show_page("board")
    assert isinstance(board, BoardPage)
    select_card(board, beta)
    assert board.current_customer_id() == beta
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert opened(window, CustomerPicker) == []  # it did not ask
    [editor] = opened(window, RecordEditor)
    assert editor.customer_id == beta


def test_the_menu_on_the_customers_table_acts_on_the_selected_row(
        qtbot: QtBot, ctx: AppContext, window: MainWindow) -> None:
    add(ctx, "Acme")
    beta = add(ctx, "Beta Logistics")
    table = window.show_page("customers")
    assert isinstance(table, CustomersPage)
    row = next(r for r in range(table.model.rowCount())
               if table.model.index(r, 0).data(IdRole) == beta)
    table.table.selectRow(row)
    assert table.current_customer_id() == beta
    menu_entry = window.findChild(QAction, "menu_new_todo")
    assert menu_entry is not None
    menu_entry.trigger()
    assert opened(window, CustomerPicker) == []
    [editor] = opened(window, TodoEditor)
    assert editor.customer_id == beta


def test_without_a_pointed_customer_the_action_asks(
        qtbot: QtBot, ctx: AppContext, window: MainWindow) -> None:
    add(ctx, "Acme")
    board = window.show_page("board")
    assert isinstance(board, BoardPage) and board.current_customer_id() is None
    picker = window.dispatch(Action.LOG_VISIT)
    assert isinstance(picker, CustomerPicker) and opened(window, RecordEditor) == []
    window.show_page("home")  # Home points at nobody
    assert isinstance(window.dispatch(Action.CAPTURE_NEED), CustomerPicker)


def test_the_picker_preselects_nobody_until_the_user_types(
        qtbot: QtBot, ctx: AppContext, window: MainWindow) -> None:
    add(ctx, "Acme")
    beta = add(ctx, "Beta Logistics")
    window.show_page("home")
    picker = window.dispatch(Action.LOG_VISIT)
    assert isinstance(picker, CustomerPicker) and picker.model.rowCount() == 2
    assert not picker.list.currentIndex().isValid()
    picker.accept_current()  # Enter on the untouched picker chooses no one
    assert opened(window, RecordEditor) == [] and picker.isVisible()
    picker.search.setText("beta")
    picker.refresh()
    assert picker.list.currentIndex().row() == 0
    picker.accept_current()
    editors = opened(window, RecordEditor)
    assert len(editors) == 1 and editors[0].customer_id == beta


def test_a_card_menu_entry_acts_on_that_card_not_the_selection(
        qtbot: QtBot, ctx: AppContext, window: MainWindow, now: datetime) -> None:
    acme = add(ctx, "Acme")
    beta = add(ctx, "Beta Logistics")
    board = window.show_page("board")
    assert isinstance(board, BoardPage)
    select_card(board, beta)
    menu = QMenu()
    board.extend_context_menu(menu, acme)
    next(a for a in menu.actions() if a.text() == Action.LOG_VISIT.text()).trigger()
    [editor] = opened(window, RecordEditor)
    assert editor.customer_id == acme
    card = board.columns["to_contact"].view.currentIndex()
    assert card.data(CustomerIdRole) == beta  # the selection is untouched
