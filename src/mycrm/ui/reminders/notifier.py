"""Deliver a reminder to the user through the first channel that works.

Chain: plyer (desktop notification) → ``QSystemTrayIcon.showMessage`` → in-app banner.
plyer raises ``NotImplementedError`` without a backend and D-Bus errors without a server;
on Linux its ``notify-send`` backend fails *silently*, so we first check that a
notification service is on the session bus. Every failure is logged and falls through;
nothing escapes, because ``notify`` runs inside timer slots.
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

log = logging.getLogger(__name__)

NOTIFICATIONS_SERVICE = "org.freedesktop.Notifications"
DESKTOP, TRAY, BANNER = "desktop", "tray", "banner"


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
    """Tries each channel in turn. ``banner_requested`` is the last resort the window shows."""

    banner_requested = Signal(str, str, int)  # title, message, to-do id
    delivered = Signal(str, int)  # channel, to-do id

    def __init__(self, tray: TrayLike | None = None, *,
                 desktop: Callable[[str, str], None] = plyer_notify,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray = tray
        self._desktop = desktop
        self.desktop_enabled = True
        self.last_todo_id = 0

    def notify(self, title: str, message: str, todo_id: int = 0) -> str:
        """Deliver; returns the channel used (``desktop``, ``tray`` or ``banner``)."""
        self.last_todo_id = todo_id
        for channel, send in ((DESKTOP, self._via_desktop), (TRAY, self._via_tray)):
            try:
                if send(title, message):
                    self.delivered.emit(channel, todo_id)
                    return channel
            except Exception as exc:  # noqa: BLE001 — any failure falls through to the next
                log.warning("reminder via %s failed: %s: %s", channel, type(exc).__name__, exc)
        try:
            self.banner_requested.emit(title, message, todo_id)
        except Exception:  # noqa: BLE001 — a broken banner slot must not kill the timer
            log.exception("in-app reminder banner failed")
        self.delivered.emit(BANNER, todo_id)
        return BANNER

    def _via_desktop(self, title: str, message: str) -> bool:
        if not self.desktop_enabled:
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
