"""The system tray: the app keeps running there so reminders arrive with the window closed.

Menu: Open, the tray's entries of the action table (New to-do, Log visit — they act on
the customer the window points at, else ask), Today's reminders (a submenu; each reminder
opens, or is marked Done or snoozed right there), Pause reminders for 1 hour, Quit.
Left-click toggles the window. Closing the window hides it to the tray (a one-time hint says
so) through an event filter on the window — the window itself knows nothing of the
tray. Without a tray, closing minimises instead and the status line says reminders need the
app open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QIcon,
    QKeySequence,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QSystemTrayIcon

from mycrm.core.settings.keys import TRAY_HINT_SHOWN
from mycrm.core.settings.store import get_setting, set_setting
from mycrm.core.todos import lists
from mycrm.core.todos.reminders import SnoozeChoice
from mycrm.ui.app.actions import TRAY_ACTIONS, Action, make_qaction
from mycrm.ui.app.context import AppContext
from mycrm.ui.reminders.actions import DONE, SNOOZE, apply_reminder_action, snooze_choices

log = logging.getLogger(__name__)


class TrayController(QObject):
    pause_requested = Signal()
    quit_requested = Signal()
    phone_requested = Signal()

    def __init__(self, ctx: AppContext, window: QMainWindow, *,
                 available: bool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.quitting = False
        self.available = (QSystemTrayIcon.isSystemTrayAvailable() if available is None
                          else available)
        self.icon: QSystemTrayIcon | None = None
        self.menu = QMenu()
        self._phone_status = ""
        self._fills = 0  # the today menu's fills so far (a slower first one is dropped)
        self._build_menu()
        self.menu.installEventFilter(self)  # a language change rebuilds it in the new one
        if self.available:
            self.icon = QSystemTrayIcon(_app_icon(), self)
            self.icon.setToolTip("mycrm")
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._activated)
            self.icon.show()
            app = QApplication.instance()
            if isinstance(app, QApplication):
                app.setQuitOnLastWindowClosed(False)
        else:
            window.statusBar().showMessage(self.tr(
                "No system tray here: reminders only arrive while mycrm is open "
                "(closing the window minimises it)."))
        window.installEventFilter(self)
        self._route_window_quit()

    # --- menu ---------------------------------------------------------------------------
    def _build_menu(self) -> None:
        menu = self.menu
        menu.clear()
        self.open_action = menu.addAction(self.tr("&Open mycrm"), self.show_window)
        menu.addSeparator()
        for action in TRAY_ACTIONS:
            entry = make_qaction(action, menu, partial(self._dispatch, action, 0))
            entry.setShortcut(QKeySequence())  # the window owns the shortcuts
            menu.addAction(entry)
        self.today_menu = menu.addMenu(self.tr("Today's &reminders"))
        self.today_menu.aboutToShow.connect(self.fill_today_menu)
        self._fill_in_background()
        menu.addSeparator()
        self.phone_action = menu.addAction(self.tr("P&hone access…"), self._phone)
        self.pause_action = menu.addAction(self.tr("&Pause reminders for 1 hour"),
                                           self.pause_requested.emit)
        menu.addSeparator()
        menu.addAction(self.tr("&Quit"), self.quit)

    def _phone(self) -> None:
        self.show_window()
        self.phone_requested.emit()

    def show_phone_state(self, status: str) -> None:
        """While phone access is on, the icon carries a badge and its tooltip (and the
        menu entry) say so; ``status`` "" = off."""
        self._phone_status = status
        self.phone_action.setText(self.tr("P&hone access: on…") if status
                                  else self.tr("P&hone access…"))
        if self.icon is not None:
            self.icon.setToolTip(f"mycrm — {status}" if status else "mycrm")
            self.icon.setIcon(_badged(_app_icon()) if status else _app_icon())

    def fill_today_menu(self) -> None:
        try:
            rows = self.ctx.read(lists.todays_reminders, now=self.ctx.now(),
                                 zone=self.ctx.zone)
        except Exception:  # noqa: BLE001 — a menu must open even if the database is busy
            log.exception("cannot list today's reminders")
            rows = []
        self._fill(rows)

    def _fill_in_background(self) -> None:
        """The menu's first fill, read on a worker thread (its own connection): the tray
        is built in one of the start's event-loop turns, and this first reading of the
        list compiles its statement (~30 ms at stress). Opening the submenu reads it
        afresh anyway (``aboutToShow``); a fill made meanwhile is newer and is kept."""
        from mycrm.core.db.engine import session_scope
        from mycrm.ui.app.background import BackgroundCall

        engine, now, zone, fills = self.ctx.engine, self.ctx.now(), self.ctx.zone, self._fills

        def read() -> list[lists.TodoRow]:
            with session_scope(engine) as session:
                return lists.todays_reminders(session, now=now, zone=zone)

        def landed(rows: list[lists.TodoRow]) -> None:
            if self._fills == fills:
                self._fill(rows)

        call = BackgroundCall(read, name="mycrm-tray", parent=self)
        call.finished.connect(landed)
        call.failed.connect(lambda error: log.error("cannot list today's reminders",
                                                    exc_info=error))

    def _fill(self, rows: list[lists.TodoRow]) -> None:
        self._fills += 1
        self.today_menu.clear()
        if not rows:
            empty = self.today_menu.addAction(self.tr("No reminders today"))
            empty.setEnabled(False)
        for row in rows[:20]:
            label = row.title if not row.customer_name else f"{row.title} — {row.customer_name}"
            entry = self.today_menu.addMenu(label)
            entry.addAction(self.tr("&Open"), partial(self._dispatch, Action.OPEN_TODO, row.id))
            entry.addAction(self.tr("&Done"), partial(self._act, row.id, DONE,
                                                      SnoozeChoice.TEN_MINUTES.value))
            for text, choice in snooze_choices():
                entry.addAction(self.tr("Snooze: %1").replace("%1", text),
                                partial(self._act, row.id, SNOOZE, choice))

    def _act(self, todo_id: int, key: str, choice: str) -> None:
        """Done / Snooze from the tray, without opening the window."""
        try:
            apply_reminder_action(self.ctx, todo_id, key, choice)
        except Exception:  # noqa: BLE001 — a tray menu slot must not raise
            log.exception("tray reminder action %s failed", key)

    def _dispatch(self, action: Action, target_id: int) -> None:
        self.show_window()
        dispatch: Callable[[Action, int], object] = self.window.dispatch  # type: ignore[attr-defined]
        try:
            dispatch(action, target_id)
        except Exception:  # noqa: BLE001 — a tray menu slot must not raise
            log.exception("tray action %s failed", action)

    # --- window -------------------------------------------------------------------------
    def show_window(self) -> None:
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()

    def toggle_window(self) -> None:
        if self.window.isVisible() and not self.window.isMinimized():
            self.window.hide()
        else:
            self.show_window()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.toggle_window()

    def quit(self) -> None:
        self.quitting = True
        self.quit_requested.emit()
        QApplication.quit()

    def _route_window_quit(self) -> None:
        """The window's own Quit action must really quit, not hide to the tray."""
        menu = getattr(self.window, "file_menu", None)
        if menu is None:
            return
        for action in menu.actions():
            if isinstance(action, QAction) and action.shortcut() == QKeySequence(
                    QKeySequence.StandardKey.Quit):
                action.triggered.disconnect()
                action.triggered.connect(self.quit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.menu and event.type() == QEvent.Type.LanguageChange:
            self._build_menu()
            self.show_phone_state(self._phone_status)
            return False
        if watched is self.window and event.type() == QEvent.Type.Close and not self.quitting:
            assert isinstance(event, QCloseEvent)
            event.ignore()
            if self.available:
                self.window.hide()
                self._hint_once()
            else:
                self.window.showMinimized()
                self.window.statusBar().showMessage(self.tr(
                    "Reminders need mycrm open: it was minimised, not closed. "
                    "Use File ▸ Quit to quit."))
            return True
        return super().eventFilter(watched, event)

    def _hint_once(self) -> None:
        try:
            with self.ctx.session() as session:
                if get_setting(session, TRAY_HINT_SHOWN):
                    return
                set_setting(session, TRAY_HINT_SHOWN, True)
        except Exception:  # noqa: BLE001 — the hint is a courtesy
            log.exception("cannot record the tray hint")
            return
        if self.icon is not None:
            self.icon.showMessage("mycrm", self.tr(
                "mycrm keeps running in the tray so your reminders arrive. "
                "Use Quit in the tray menu to close it."),
                QSystemTrayIcon.MessageIcon.Information, 8000)


def _app_icon() -> QIcon:
    """The application's icon; a drawn one where none is installed (a tray needs one)."""
    app = QApplication.instance()
    icon = app.windowIcon() if isinstance(app, QApplication) else QIcon()
    if not icon.isNull():
        return icon
    pixmap = QPixmap(32, 32)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    highlight = QApplication.palette().color(QPalette.ColorRole.Highlight)
    painter.setBrush(highlight)
    painter.setPen(highlight)
    painter.drawEllipse(2, 2, 28, 28)
    painter.end()
    return QIcon(pixmap)


def _badged(icon: QIcon) -> QIcon:
    """``icon`` with a small green dot at its lower right: phone access is on."""
    pixmap = icon.pixmap(32, 32)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#ffffff"))
    painter.setBrush(QColor("#1f8a4c"))
    painter.drawEllipse(19, 19, 12, 12)
    painter.end()
    return QIcon(pixmap)
