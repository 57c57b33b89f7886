"""Ctrl+K opens the palette; typing part of a name (Chinese or English) finds the customer;
Enter runs the selected entry through the window's ``dispatch`` / ``show_page``."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from mycrm.core.customers.board import all_customers
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.ui.app.actions import install_command_palette
from mycrm.ui.app.command_palette import CommandPalette
from mycrm.ui.app.main_window import MainWindow
from qt_helpers import on_screen


@pytest.fixture
def window(qtbot, ctx):
    for name in ("上海云帆信息科技有限公司", "Northwind Traders Ltd", "Contoso Pharmaceuticals"):
        ctx.run(create_customer, data=CustomerInput(name=name))
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    install_command_palette(win, win.open_command_palette)  # already there: returned as is
    on_screen(qtbot, win)
    return win


def open_palette(qtbot, window) -> CommandPalette:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palettes = window.findChildren(CommandPalette)
    assert len(palettes) == 1
    return palettes[0]


def results(palette: CommandPalette) -> list[str]:
    model = palette.model
    return [model.index(r).data(Qt.ItemDataRole.AccessibleTextRole)
            for r in range(model.rowCount())]


@pytest.mark.parametrize(("typed", "found"), [
    ("云帆", "上海云帆信息科技有限公司"),
    ("north", "Northwind Traders Ltd"),
    ("wind trad", "Northwind Traders Ltd"),
])
def test_ctrl_k_finds_a_customer_by_part_of_its_name(qtbot, window, typed, found) -> None:
    palette = open_palette(qtbot, window)
    if typed.isascii():
        qtbot.keyClicks(palette.search, typed)
    else:
        palette.search.insert(typed)  # what an input method commits; QTest types Latin-1 only
    palette.refresh()
    assert results(palette)[0] == found
    assert "Contoso Pharmaceuticals" not in results(palette)
    ModelTester(None).check(palette.model)
    calls: list[tuple[str, int]] = []
    window.dispatch = lambda action, target=0: calls.append((action, target))
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    [customer] = window.ctx.read(all_customers, search=found)
    assert calls == [("open_customer", customer.id)]
    assert palette.isHidden()


def test_actions_and_pages_are_found_by_typing(qtbot, window) -> None:
    palette = open_palette(qtbot, window)
    assert "Log visit" in results(palette)
    qtbot.keyClicks(palette.search, "log")
    palette.refresh()
    assert results(palette)[0] == "Log visit"  # a label starting with the text comes first
    palette.search.setText("custom")
    palette.refresh()
    assert {"New customer", "Go to Customers"} <= set(results(palette))
    palette.search.setText("go to cust")
    palette.refresh()
    assert results(palette) == ["Go to Customers"]
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.page("customers")


def test_nothing_matches_says_so(qtbot, window) -> None:
    palette = open_palette(qtbot, window)
    palette.search.setText("zzzz")
    palette.refresh()
    assert results(palette) == [] and "zzzz" in palette.hint.text()


def test_install_adds_ctrl_k_and_never_duplicates_a_shortcut(window) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    shortcuts = [a.shortcut().toString() for a in window.findChildren(QAction)
                 if not a.shortcut().isEmpty()]
    assert QKeySequence("Ctrl+K").toString() in shortcuts
    assert len(shortcuts) == len(set(shortcuts))  # no ambiguous shortcut
