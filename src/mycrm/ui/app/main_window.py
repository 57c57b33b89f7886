"""The main window: navigation on the left, one page at a time on the right.

A language change applies at once: Qt sends every widget a ``LanguageChange`` event when
translators are installed (``ui.common.i18n.install``); the window then sets its own texts
again (each was registered with the function that translates it) and rebuilds the pages
it had built, which translate their texts as they are built."""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QHideEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mycrm.ui.app.actions import (
    CUSTOMER_ACTIONS,
    Action,
    install_command_palette,
    make_qaction,
    run_action,
)
from mycrm.ui.app.context import AppContext
from mycrm.ui.app.pages import PAGE_KEYS, PAGES, build_page
from mycrm.ui.common.icons import icon
from mycrm.ui.common.style import apply_style

if TYPE_CHECKING:  # editors are imported when first opened: start-up does not need them
    from mycrm.ui.customers.editor import CustomerEditor
    from mycrm.ui.customers.page import CustomerPage

SCREENSHOT_SIZE = QSize(1280, 800)
STATUS_MS = 10_000  # how long a background job's line stays in the status bar
PREFERENCES_FALLBACK = "Ctrl+,"  # where the platform has no standard Preferences key


def preferences_shortcuts() -> list[QKeySequence]:
    """The platform's standard Preferences shortcut (⌘, on macOS, Ctrl+Shift+, on KDE),
    else Ctrl+, (GNOME's and most Linux/Windows applications' choice)."""
    return (QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
            or [QKeySequence(PREFERENCES_FALLBACK)])


class MainWindow(QMainWindow):
    switch_data = Signal(bool)  # True: open the sample portfolio; False: the user's own data

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._pages: dict[str, QWidget] = {}
        self._dialogs: list[QWidget] = []
        self._customer_page: CustomerPage | None = None  # built on first open
        self._back_key = "board"
        # Every text the window sets itself, with the function that translates it again.
        self._texts: list[tuple[QWidget | QAction | QMenu, Callable[[], str]]] = []
        self.remember_geometry = True  # False: a window discarded unused (its file failed)
        self.setWindowTitle(self._title())
        self.resize(SCREENSHOT_SIZE)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self._text(self.nav, lambda: self.tr("Navigation"), "setAccessibleName")
        self.nav.setFixedWidth(170)
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        for spec in PAGES:
            item = QListWidgetItem(icon(spec.key), "")
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())
        self._name_pages()
        self.nav.currentRowChanged.connect(self._show_row)
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        right = QVBoxLayout()
        right.setContentsMargins(8, 8, 8, 8)
        if ctx.demo:
            right.addWidget(self._demo_banner())
        right.addWidget(self.stack, 1)
        row.addLayout(right, 1)
        self.setCentralWidget(body)
        self._build_menus()
        install_command_palette(self, self.open_command_palette)
        apply_style(self)
        self.statusBar().showMessage(self._data_file_text())
        ctx.status.connect(lambda text: self.statusBar().showMessage(text, STATUS_MS))
        self.show_page("home")

    def _text(self, target: QWidget | QAction | QMenu, text: Callable[[], str],
              setter: str = "setText") -> None:
        """Set ``target``'s text (``setter``: setText, setTitle, setToolTip…) to ``text()``
        now and again whenever the language changes."""
        apply = getattr(target, setter)
        apply(text())
        self._texts.append((target, lambda: apply(text())))

    def _name_pages(self) -> None:
        for index, spec in enumerate(PAGES):
            item = self.nav.item(index)
            item.setText(spec.title())
            item.setToolTip(f"{spec.title()} (Ctrl+{index + 1})")

    def _data_file_text(self) -> str:
        return self.tr("Data file: %1").replace("%1", str(self.ctx.data_path))

    def _title(self) -> str:
        if self.ctx.demo:
            return self.tr("mycrm — sample portfolio")
        return "mycrm"

    def _demo_banner(self) -> QWidget:
        banner = QWidget()
        banner.setObjectName("demoBanner")
        layout = QHBoxLayout(banner)
        layout.setContentsMargins(10, 4, 10, 4)
        label = QLabel()
        label.setWordWrap(True)
        self._text(label, lambda: self.tr(
            "You are exploring the sample portfolio. Your own data is in a separate file and "
            "is not touched."))
        layout.addWidget(label, 1)
        back = QPushButton()
        self._text(back, lambda: self.tr("Open my data"))
        back.clicked.connect(lambda: self.switch_data.emit(False))
        layout.addWidget(back)
        return banner

    def _menu(self, title: Callable[[], str]) -> QMenu:
        menu = self.menuBar().addMenu("")
        self._text(menu, title, "setTitle")
        return menu

    def _entry(self, menu: QMenu, text: Callable[[], str], slot: Callable[[], object],
               shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(self)
        self._text(action, text)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _table_entry(self, action: Action, run: Callable[[], object], parent: QMenu | QWidget,
                     object_name: str = "") -> QAction:
        """A QAction of the table of actions whose label and tooltip follow the language."""
        qaction = make_qaction(action, parent, run, object_name=object_name)
        self._text(qaction, action.text)
        self._text(qaction, action.tooltip, "setToolTip")
        return qaction

    def _build_menus(self) -> None:
        file_menu = self._menu(lambda: self.tr("&File"))
        file_menu.addAction(self._table_entry(Action.NEW_CUSTOMER,
                                              partial(self.dispatch, Action.NEW_CUSTOMER),
                                              self, object_name="menu_new_customer"))
        file_menu.addSeparator()
        if self.ctx.demo:
            self._entry(file_menu, lambda: self.tr("Open &my data"),
                        lambda: self.switch_data.emit(False))
        else:
            self._entry(file_menu, lambda: self.tr("Explore the &sample portfolio"),
                        lambda: self.switch_data.emit(True))
        file_menu.addSeparator()
        self._entry(file_menu, lambda: self.tr("&Quit"), self.quit_requested,
                    QKeySequence(QKeySequence.StandardKey.Quit))
        self.file_menu = file_menu
        self._build_edit_menu()
        self._build_record_menu()
        view = self._menu(lambda: self.tr("&View"))
        for index, spec in enumerate(PAGES):
            self._entry(view, spec.title, partial(self.show_page, spec.key),
                        QKeySequence(f"Ctrl+{index + 1}"))
        self.data_menu = self._menu(lambda: self.tr("&Data"))
        for label, module, function in self._extension_actions():
            if importlib.util.find_spec(module) is not None:
                self._entry(self.data_menu, label, partial(self.run_extension, module, function))
        help_menu = self._menu(lambda: self.tr("&Help"))
        self._entry(help_menu, lambda: self.tr("&About mycrm"), self._about)

    def _build_edit_menu(self) -> None:
        """Edit: Undo, and the settings where people look for them — Edit ▸ Settings on
        Linux and Windows; Qt moves an entry of ``PreferencesRole`` to the application menu
        on macOS (``Cmd+,``)."""
        menu = self._menu(lambda: self.tr("&Edit"))
        undo = self._entry(menu, lambda: self.tr("&Undo"), self.undo,
                           QKeySequence(QKeySequence.StandardKey.Undo))
        undo.setEnabled(False)
        self.ctx.undo_changed.connect(self._undo_changed)
        self.undo_action = undo
        menu.addSeparator()
        preferences = self._entry(menu, lambda: self.tr("&Settings…"), self.open_settings)
        preferences.setObjectName("menu_preferences")
        preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        preferences.setShortcuts(preferences_shortcuts())
        self.preferences_action = preferences
        self.edit_menu = menu

    def _undo_changed(self, what: str) -> None:
        self.undo_action.setEnabled(bool(what))

    def _build_record_menu(self) -> None:
        """The customer actions of the table (``ui.app.actions``) with their shortcuts: they
        act on the customer the user points at, else ask for one."""
        menu = self._menu(lambda: self.tr("&Customer"))
        for action in (*CUSTOMER_ACTIONS, Action.EDIT_CUSTOMER):
            menu.addAction(self._table_entry(action, partial(self.dispatch, action), menu,
                                             object_name=f"menu_{action.value}"))
        menu.addSeparator()
        for action in (Action.QBR_REPORT, Action.WORK_REPORT):
            menu.addAction(self._table_entry(action, partial(self.dispatch, action), menu,
                                             object_name=f"menu_{action.value}"))
        self.record_menu = menu

    def _extension_actions(self) -> list[tuple[Callable[[], str], str, str]]:
        """Data menu actions implemented by feature modules as ``function(window)``."""
        return [
            (lambda: self.tr("&Import from CSV or Excel…"), "mycrm.ui.data.actions",
             "import_file"),
            (lambda: self.tr("&Export…"), "mycrm.ui.data.actions", "export_data"),
            (lambda: self.tr("Export to &calendar (ICS)…"), "mycrm.ui.calendar.actions",
             "export_ics"),
            (lambda: self.tr("&Backups…"), "mycrm.ui.data.actions", "show_backups"),
            (lambda: self.tr("C&heck database"), "mycrm.ui.data.actions", "check_database"),
            (lambda: self.tr("P&hone access…"), "mycrm.ui.companion.dialog",
             "show_phone_access"),
        ]

    def open_settings(self) -> QWidget:
        """Edit ▸ Settings… (the application menu's Preferences on macOS)."""
        from mycrm.ui.app.settings_dialog import show_settings

        return show_settings(self)

    def run_extension(self, module: str, function: str) -> object:
        return getattr(importlib.import_module(module), function)(self)

    def open_command_palette(self) -> QWidget:
        """Ctrl+K. The palette's module (and its search) is imported when it is first
        opened, not at start-up."""
        from mycrm.ui.app.command_palette import open_command_palette

        return open_command_palette(self)

    def quit_requested(self) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.quit()

    # --- pages --------------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page for ``key``, built on first use."""
        if key not in self._pages:
            index = PAGE_KEYS.index(key)
            page = build_page(PAGES[index], self.ctx)
            self._connect_page(page)
            old = self.stack.widget(index)
            assert old is not None  # every page has a placeholder until it is built
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(old)
            old.deleteLater()
            self._pages[key] = page
        return self._pages[key]

    def show_page(self, key: str) -> QWidget:
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        row = PAGE_KEYS.index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        return page

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self.show_page(PAGES[row].key)

    def _connect_page(self, page: QWidget) -> None:
        for signal_name, slot in (("open_customer", self.open_customer),
                                  ("action_requested", self.dispatch),
                                  ("page_requested", self.show_page)):
            signal = getattr(page, signal_name, None)
            if signal is not None:
                signal.connect(slot)

    def dispatch(self, action: Action, target_id: int = 0) -> object:
        """Run a user action of the table; pages and the tray request actions through this.
        ``target_id`` is a customer id (0 = the one the user points at, else ask), or the
        id of the to-do / record / need the action names (``Action.target``)."""
        return run_action(self, action, target_id)

    def pointed_customer(self) -> int | None:
        """The customer the user points at on the page showing: the selected card on the
        board, the selected row of the Customers table, the open customer page — any page
        offering ``current_customer_id()``; None elsewhere or when nothing is selected."""
        current = getattr(self.stack.currentWidget(), "current_customer_id", None)
        return current() if callable(current) else None

    def pick_customer(self, then: Callable[[int], object]) -> QWidget:
        """Ask for a customer (nobody preselected), then call ``then(customer_id)``."""
        from mycrm.ui.common.customer_picker import CustomerPicker

        picker = CustomerPicker(self.ctx, parent=self)
        picker.picked.connect(then)
        self._keep(picker)
        picker.open()
        return picker

    def open_dialog(self, dialog: QWidget) -> QWidget:
        self._keep(dialog)
        dialog.open()  # type: ignore[attr-defined]
        return dialog

    def planned_day(self) -> date | None:
        """The day chosen on the calendar while it requests "plan on this day", else None."""
        calendar = self._pages.get("calendar")
        return getattr(calendar, "plan_day", None)

    def open_todo(self, todo_id: int) -> QWidget:
        page = self.show_page("todos")
        focus = getattr(page, "focus_todo", None)
        if focus is not None:
            focus(todo_id)
        return page

    def undo(self) -> str:
        """Ctrl+Z: undo the last delete or board move of this session."""
        what = self.ctx.undo()
        message = {"record": self.tr("The service record is back."),
                   "todo": self.tr("The to-do is back."),
                   "need": self.tr("The need is back."),
                   "contact": self.tr("The contact is back."),
                   "move": self.tr("The move is undone: back in the column it came from.")}.get(
            what, self.tr("Nothing to undo.") if not what else self.tr("Restored."))
        self.statusBar().showMessage(message, 5000)
        return what

    # --- actions ------------------------------------------------------------------------
    def new_customer(self) -> CustomerEditor:
        from mycrm.ui.customers.editor import CustomerEditor

        editor = CustomerEditor(self.ctx, parent=self)
        editor.open_existing.connect(self.open_customer)
        self._keep(editor)
        editor.open()
        return editor

    def edit_customer(self, customer_id: int) -> CustomerEditor:
        from mycrm.ui.customers.editor import CustomerEditor

        editor = CustomerEditor(self.ctx, customer_id, parent=self)
        self._keep(editor)
        editor.open()
        return editor

    def open_customer(self, customer_id: int) -> QWidget:
        """Show the customer page in the stack (not in the navigation); Back returns."""
        from mycrm.ui.customers.page import CustomerPage

        if self._customer_page is None:
            page = CustomerPage(self.ctx)
            page.back_requested.connect(self.go_back)
            page.action_requested.connect(self.dispatch)
            self.stack.addWidget(page)
            self._customer_page = page
        current = self.stack.currentWidget()
        if current is not self._customer_page:
            self._back_key = next((k for k, p in self._pages.items() if p is current),
                                  self._back_key)
        self._customer_page.set_customer(customer_id)
        self.stack.setCurrentWidget(self._customer_page)
        self.nav.blockSignals(True)
        self.nav.clearSelection()
        self.nav.setCurrentRow(-1)
        self.nav.blockSignals(False)
        return self._customer_page

    def go_back(self) -> QWidget:
        return self.show_page(self._back_key)

    def open_customer_by_name(self, name: str | None) -> bool:
        """Open the customer best matching ``name`` — that exact name first, else one whose
        name starts with it, else contains it (default: first on the board)."""
        from mycrm.core.customers.board import board_column
        from mycrm.core.search import find_customers
        from mycrm.ui.common.labels import BOARD_STATES

        if name:
            ids = [c.id for c in self.ctx.read(find_customers, text_=name, limit=1)]
        else:
            ids = [cards[0].id for s in BOARD_STATES
                   if (cards := self.ctx.read(board_column, state=s.value, limit=1))][:1]
        if not ids:
            return False
        self.open_customer(ids[0])
        return True

    def _keep(self, dialog: QWidget) -> None:
        """Hold a reference so a non-modal dialog is not garbage-collected while open."""
        self._dialogs.append(dialog)
        dialog.destroyed.connect(lambda *_: self._dialogs.remove(dialog)
                                 if dialog in self._dialogs else None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def _about(self) -> None:
        from mycrm import __version__

        QMessageBox.about(self, self.tr("About mycrm"), self.tr(
            "mycrm %1 — a private CRM for renewals and after-sales service.\n\n"
            "Your data file: %2").replace("%1", __version__).replace("%2", str(self.ctx.data_path)))

    def save_screenshot(self, path: Path, page: str) -> bool:
        """Render ``page`` (or the open customer page for ``"customer"``) to a PNG, as it
        would look on screen. A window never shown is made visible to Qt but not put on
        screen, so that its pages catch up with changes made since they were built (a
        hidden page only marks itself out of date)."""
        self.resize(SCREENSHOT_SIZE)
        if not self.isVisible():
            self.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
            self.show()
        if page == "customer":
            if self._customer_page is None and not self.open_customer_by_name(None):
                return False
        else:
            self.show_page(page)
        from PySide6.QtWidgets import QApplication

        for _ in range(3):
            QApplication.processEvents()
        return self.grab().save(str(path), "PNG")

    # --- language ------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Show every text in the language just installed: the window's own texts, and the
        pages built so far, rebuilt (the one showing is shown again, the open customer
        page with its customer)."""
        self.setWindowTitle(self._title())
        self._name_pages()
        for _target, apply in self._texts:
            apply()
        self.statusBar().showMessage(self._data_file_text())
        current = self.stack.currentWidget()
        customer = (self._customer_page.customer_id
                    if self._customer_page is not None and current is self._customer_page
                    else None)
        current_key = next((k for k, p in self._pages.items() if p is current), None)
        for key in list(self._pages):
            self._discard_page(key)
        if self._customer_page is not None:
            page, self._customer_page = self._customer_page, None
            self.stack.removeWidget(page)
            page.deleteLater()
        if customer is not None:
            self.open_customer(customer)
        else:
            self.show_page(current_key or self._back_key)

    def _discard_page(self, key: str) -> None:
        """Put the placeholder back for the page ``key``: it is built again when shown."""
        page = self._pages.pop(key)
        index = PAGE_KEYS.index(key)
        self.stack.insertWidget(index, QWidget())
        self.stack.removeWidget(page)
        page.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        event.accept()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        """Remember size and position (hiding to the tray, closing, quitting)."""
        super().hideEvent(event)
        if not event.spontaneous() and self.remember_geometry:
            self.save_geometry()

    def save_geometry(self) -> None:
        from mycrm.core.settings.keys import WINDOW_GEOMETRY
        from mycrm.core.settings.store import set_setting

        encoded = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        try:
            with self.ctx.session() as session:
                set_setting(session, WINDOW_GEOMETRY, encoded)
        except Exception:  # noqa: BLE001 — losing the window size must never lose work
            logging.getLogger(__name__).exception("could not save the window geometry")

    def restore_geometry(self) -> bool:
        """Put the window where the user left it; False (default size) the first time."""
        from mycrm.core.settings.keys import WINDOW_GEOMETRY
        from mycrm.core.settings.store import get_setting

        encoded = self.ctx.read_sql(get_setting, key=WINDOW_GEOMETRY)
        return bool(encoded) and self.restoreGeometry(QByteArray.fromBase64(encoded.encode()))
