"""Settings live where people look for them (Edit ▸ Settings…, Qt's PreferencesRole: the
application menu on macOS) with the platform's Preferences shortcut, and a new language
applies at once: the window's menus, navigation and pages are retranslated, no restart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from mycrm.core.changes import Change
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.settings import user_prefs
from mycrm.ui.app.context import AppContext
from mycrm.ui.app.main_window import MainWindow, preferences_shortcuts
from mycrm.ui.app.settings_dialog import SettingsDialog, apply_language
from mycrm.ui.common import i18n
from qt_helpers import on_screen


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    return on_screen(qtbot, win)


@pytest.fixture
def english_after(qapp: QApplication) -> Iterator[None]:
    """The test may install Chinese; the next test starts in the source language again."""
    yield
    i18n.uninstall(qapp)
    QLocale.setDefault(QLocale.c())


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_settings_are_under_edit_with_the_preferences_role(window: MainWindow) -> None:
    titles = [m.title() for m in window.menuBar().findChildren(type(window.edit_menu))]
    assert "&Edit" in titles
    action = window.findChild(QAction, "menu_preferences")
    assert action is not None and action in window.edit_menu.actions()
    assert action.menuRole() == QAction.MenuRole.PreferencesRole
    assert action.shortcuts() == preferences_shortcuts()
    standard = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
    assert action.shortcuts() == (standard or [QKeySequence("Ctrl+,")])
    assert action.text() not in [a.text() for a in window.data_menu.actions()]
    action.trigger()
    assert [d for d in window.findChildren(SettingsDialog) if d.isVisible()]


@pytest.mark.usefixtures("english_after")
def test_a_new_language_applies_without_a_restart(qtbot: QtBot, ctx: AppContext,
                                                  window: MainWindow) -> None:
    ctx.run(create_customer, data=CustomerInput(name="Acme"))
    window.show_page("board")
    assert window.nav.item(0).text() == "Home" and window.file_menu.title() == "&File"
    dialog = SettingsDialog(ctx, parent=window)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    assert dialog.save()
    assert user_prefs.saved_language() == "zh_CN"
    # The window: title of menus, navigation, menu entries of the table of actions.
    assert window.nav.item(0).text() == QCoreApplication.translate("pages", "Home")
    assert chinese(window.nav.item(0).text())
    assert chinese(window.file_menu.title()) and chinese(window.undo_action.text())
    assert chinese(window.preferences_action.text())
    log_visit = window.findChild(QAction, "menu_log_visit")
    assert log_visit is not None and chinese(log_visit.text())
    # The page showing is rebuilt in Chinese and still shown; so is one shown later.
    board = window.stack.currentWidget()
    assert board is window.page("board") and board.isVisible()
    texts = [w.text() for w in board.findChildren(QLabel) if w.text()]
    texts += [w.text() for w in board.findChildren(QPushButton) if w.text()]
    assert any(chinese(t) for t in texts)
    home = window.show_page("home")
    buttons = [b.text() for b in home.findChildren(QPushButton) if b.text()]
    assert buttons and all(chinese(b) for b in buttons if b != "…")
    # And back: nothing stays Chinese.
    dialog = SettingsDialog(ctx, parent=window)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.save()
    assert window.nav.item(0).text() == "Home" and window.file_menu.title() == "&File"
    assert not any(chinese(b.text()) for b in window.page("home").findChildren(QPushButton))


@pytest.mark.usefixtures("english_after")
def test_the_open_customer_page_stays_open_in_the_new_language(
        qtbot: QtBot, ctx: AppContext, window: MainWindow) -> None:
    acme = ctx.run(create_customer, data=CustomerInput(name="Acme")).id
    assert acme is not None
    window.open_customer(acme)
    apply_language("zh_CN")
    page = window.stack.currentWidget()
    assert getattr(page, "customer_id", None) == acme
    ctx.changed.emit(Change.ALL)  # the discarded pages are gone: no stale slot runs
