"""Deliver a reminder to the user through the first channel that works.

Chain: desktop notification → ``QSystemTrayIcon.showMessage`` → in-app banner. On Linux the
desktop channel is ``desktop.DesktopNotifications``: an asynchronous D-Bus call (never a
subprocess, never blocking the window) whose notification carries Snooze / Done buttons;
its answer arrives later, and an error answer falls through to the tray then. Elsewhere it
is plyer, which raises ``NotImplementedError`` without a backend. Every failure is logged
and falls through; nothing escapes, because ``notify`` runs inside timer slots.

``delivered(channel, id)`` says the hand-over succeeded (the driver records it in the
database); ``undelivered(id)`` that every channel failed.
"""

from __future__ import annotations

import logging
import sys
import warnings
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from mycrm.ui.reminders.desktop import DesktopNotifications

log = logging.getLogger(__name__)

NOTIFICATIONS_SERVICE = "org.freedesktop.Notifications"
DESKTOP, TRAY, BANNER = "desktop", "tray", "banner"
PENDING = "pending"  # handed to the asynchronous desktop channel; its answer comes later
OPEN, SNOOZE, DONE = "default", "snooze", "done"  # notification action keys


class NoNotificationServiceError(RuntimeError):
    """No desktop notification server is reachable (plyer would fail silently)."""


class TrayLike(Protocol):
    def isVisible(self) -> bool: ...  # noqa: N802, E704
    def showMessage(self, title: str, msg: str, icon: Any, msecs: int) -> None: ...  # noqa: N802, E501, E704


def linux_notification_service_available() -> bool:
    """True if org.freedesktop.Notifications is (or can be) on the session bus."""
    from PySide6.QtDBus import QDBusConnection

    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    iface = bus.interface()
    if iface is None:
        return False
    if iface.isServiceRegistered(NOTIFICATIONS_SERVICE).value():
        return True
    activatable = iface.call("ListActivatableNames").arguments()
    return bool(activatable) and NOTIFICATIONS_SERVICE in list(activatable[0] or [])


def plyer_notify(title: str, message: str, timeout: int = 10) -> None:
    """Show a desktop notification via plyer; raises when it cannot."""
    if sys.platform.startswith("linux") and not linux_notification_service_available():
        raise NoNotificationServiceError("no org.freedesktop.Notifications on the session bus")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # plyer warns when dbus-python is absent
        from plyer import notification

        notification.notify(title=title, message=message, app_name="mycrm", timeout=timeout)


class Notifier(QObject):
    """Tries each channel in turn. ``banner_requested`` is the last resort the window shows.

    ``desktop``: a ``DesktopNotifications`` (asynchronous, with actions), a plain callable
    ``(title, message)`` that raises on failure (plyer), or None for the platform's own."""

    banner_requested = Signal(str, str, int)  # title, message, to-do id
    delivered = Signal(str, int)  # channel, to-do id
    undelivered = Signal(int)  # to-do id: no channel took it
    action_requested = Signal(int, str)  # to-do id, OPEN / SNOOZE / DONE

    def __init__(self, tray: TrayLike | None = None, *,
                 desktop: Callable[[str, str], None] | DesktopNotifications | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray = tray
        if desktop is None:
            desktop = _platform_desktop(self)
        self._desktop = desktop
        self._pending: dict[int, tuple[str, str]] = {}
        if isinstance(desktop, DesktopNotifications):
            desktop.sent.connect(lambda todo_id: self._on_sent(todo_id))
            desktop.failed.connect(lambda todo_id, _why: self._on_failed(todo_id))
            desktop.action_invoked.connect(self.action_requested)
        self.desktop_enabled = True
        self.last_todo_id = 0

    def notify(self, title: str, message: str, todo_id: int = 0) -> str:
        """Deliver; returns the channel used (``desktop``, ``tray`` or ``banner``), or
        ``pending`` when the desktop channel's answer is still to come."""
        self.last_todo_id = todo_id
        desktop = self._desktop
        if self.desktop_enabled and isinstance(desktop, DesktopNotifications) \
                and desktop.available:
            try:
                self._pending[todo_id] = (title, message)
                desktop.send(title, message, todo_id, _actions())
                return PENDING
            except Exception as exc:  # noqa: BLE001 — falls through to the tray
                self._pending.pop(todo_id, None)
                log.warning("reminder via desktop failed: %s: %s", type(exc).__name__, exc)
            return self._fall_back(title, message, todo_id)
        try:
            if self._via_desktop(title, message):
                self.delivered.emit(DESKTOP, todo_id)
                return DESKTOP
        except Exception as exc:  # noqa: BLE001 — any failure falls through to the next
            log.warning("reminder via %s failed: %s: %s", DESKTOP, type(exc).__name__, exc)
        return self._fall_back(title, message, todo_id)

    def _on_sent(self, todo_id: int) -> None:
        """The server took the notification: delivered, once per hand-over (a second
        answer for the same hand-over is not a second delivery)."""
        if self._pending.pop(todo_id, None) is not None:
            self.delivered.emit(DESKTOP, todo_id)

    def _on_failed(self, todo_id: int) -> None:
        if todo_id in self._pending:
            title, message = self._pending.pop(todo_id)
            self._fall_back(title, message, todo_id)

    def _fall_back(self, title: str, message: str, todo_id: int) -> str:
        """The tray, else the in-app banner."""
        try:
            if self._via_tray(title, message):
                self.delivered.emit(TRAY, todo_id)
                return TRAY
        except Exception as exc:  # noqa: BLE001 — any failure falls through to the next
            log.warning("reminder via %s failed: %s: %s", TRAY, type(exc).__name__, exc)
        try:
            self.banner_requested.emit(title, message, todo_id)
        except Exception:  # noqa: BLE001 — a broken banner slot must not kill the timer
            log.exception("in-app reminder banner failed")
            self.undelivered.emit(todo_id)
            return ""
        self.delivered.emit(BANNER, todo_id)
        return BANNER

    def _via_desktop(self, title: str, message: str) -> bool:
        if not self.desktop_enabled or not callable(self._desktop):
            return False
        self._desktop(title, message)
        return True

    def _via_tray(self, title: str, message: str) -> bool:
        tray = self.tray
        if tray is None or not tray.isVisible():
            return False
        supports = getattr(tray, "supportsMessages", QSystemTrayIcon.supportsMessages)
        if not supports():
            return False
        tray.showMessage(title, message, QIcon(), 15000)
        return True


def _actions() -> list[tuple[str, str]]:
    """The notification's buttons: (action key, label)."""
    from PySide6.QtCore import QCoreApplication

    def tr(text: str) -> str:
        return QCoreApplication.translate("reminders", text)

    return [(OPEN, tr("Open")), (SNOOZE, tr("Snooze 10 min")), (DONE, tr("Done"))]


def _platform_desktop(parent: QObject) -> Callable[[str, str], None] | DesktopNotifications:
    """D-Bus where there is one (Linux, BSD), plyer elsewhere."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return DesktopNotifications(parent=parent)
    return plyer_notify
