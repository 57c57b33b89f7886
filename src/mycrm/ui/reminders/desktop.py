"""Desktop notifications over D-Bus (freedesktop ``org.freedesktop.Notifications``) with
actions, sent asynchronously through QtDBus: a hung notification server can never freeze the
window, and the server's ``ActionInvoked`` signal brings Snooze / Done back to the app.

``Notify`` takes ``replaces_id`` as a D-Bus ``u`` (uint32), which PySide6 cannot marshal (a
Python int goes out as ``i`` and strict servers — dunst, GNOME, KDE — refuse the call).
``_append_uint`` builds the ``QVariant(uint)`` through Qt's own exported C++ functions; where
that is impossible the call goes out with ``i`` and a strict server's error reply makes the
notifier fall through to the tray, as any other failure does.

The body is markup for the server (the specification's ``body-markup``): ``&``, ``<`` and
``>`` of the user's text are escaped, or ``Smith & Sons <Asia> Ltd`` is shown as "Smith &
Sons  Ltd". The summary is plain text by the specification and goes out as it is.
"""

from __future__ import annotations

import ctypes
import html
import logging
import os
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
TIMEOUT_MS = 10_000  # a server that does not answer in time counts as failed


class DesktopNotifications(QObject):
    """Sends one notification per ``send``; reports the outcome through signals.

    ``sent(todo_id)`` once the server answered with an id, ``failed(todo_id, reason)`` on an
    error reply (no server, refused, timeout), ``action_invoked(todo_id, key)`` when the user
    clicks one of the notification's buttons (keys as passed to ``send``)."""

    sent = Signal(int)
    failed = Signal(int, str)
    action_invoked = Signal(int, str)

    def __init__(self, bus: QDBusConnection | None = None, *,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bus = bus if bus is not None else QDBusConnection.sessionBus()
        self._watchers: dict[QDBusPendingCallWatcher, int] = {}
        self._todo_of: dict[int, int] = {}  # notification id → to-do id
        if self.bus.isConnected():
            self.bus.connect(SERVICE, PATH, INTERFACE, "ActionInvoked", self,
                             "1_on_action(uint,QString)")  # type: ignore[call-overload]
            self.bus.connect(SERVICE, PATH, INTERFACE, "NotificationClosed", self,
                             "1_on_closed(uint,uint)")  # type: ignore[call-overload]

    @property
    def available(self) -> bool:
        return self.bus.isConnected()

    def send(self, title: str, body: str, todo_id: int,
             actions: list[tuple[str, str]]) -> None:
        """Start the ``Notify`` call and return at once; the outcome comes as a signal.
        ``title`` and ``body`` are plain text (the body is escaped for the server here)."""
        message = QDBusMessage.createMethodCall(SERVICE, PATH, INTERFACE, "Notify")
        message.setArguments(["mycrm"])
        _append_uint(message, 0)  # replaces_id: a new notification
        flat = [text for pair in actions for text in pair]
        hints: dict[str, Any] = {}
        for argument in ("", title, html.escape(body, quote=False), flat, hints, -1):
            message << argument  # noqa: B018 — QDBusMessage.operator<< appends in place
        watcher = QDBusPendingCallWatcher(self.bus.asyncCall(message, TIMEOUT_MS), self)
        self._watchers[watcher] = todo_id
        watcher.finished.connect(self._on_reply)

    def _on_reply(self, watcher: QDBusPendingCallWatcher) -> None:
        todo_id = self._watchers.pop(watcher, 0)
        watcher.deleteLater()
        reply = watcher.reply()
        arguments = reply.arguments() if reply.type() == QDBusMessage.MessageType.ReplyMessage \
            else []
        if watcher.isError() or not arguments:
            reason = reply.errorMessage() or reply.errorName() or "no reply"
            log.warning("desktop notification failed: %s", reason)
            self.failed.emit(todo_id, reason)
            return
        self._todo_of[int(arguments[0])] = todo_id
        self.sent.emit(todo_id)

    @Slot("uint", str)
    def _on_action(self, notification_id: int, key: str) -> None:
        todo_id = self._todo_of.get(int(notification_id))
        if todo_id is None:
            return  # another application's notification
        try:
            self.action_invoked.emit(todo_id, key)
        except Exception:  # noqa: BLE001 — a D-Bus slot must not raise
            log.exception("notification action %s failed", key)

    @Slot("uint", "uint")
    def _on_closed(self, notification_id: int, _reason: int) -> None:
        self._todo_of.pop(int(notification_id), None)


def _append_uint(message: QDBusMessage, value: int) -> None:
    """Append ``value`` to ``message`` as a D-Bus ``u`` (see the module doc)."""
    try:
        variant_ctor, variant_dtor, append = _qt_functions()
        import shiboken6

        buffer = ctypes.create_string_buffer(64)  # sizeof(QVariant) is 32 on 64-bit Qt 6
        variant_ctor(buffer, value)
        try:
            append(shiboken6.getCppPointer(message)[0], buffer)
        finally:
            variant_dtor(buffer)
    except (OSError, AttributeError, ImportError) as exc:
        log.info("cannot marshal a uint32 (%s); sending an int", exc)
        message << value  # noqa: B018


_FUNCTIONS: tuple[Any, Any, Any] | None = None


def _qt_functions() -> tuple[Any, Any, Any]:
    """``QVariant::QVariant(uint)``, ``QVariant::~QVariant()`` and
    ``QDBusMessage::operator<<(const QVariant&)`` from the Qt libraries PySide6 loaded."""
    global _FUNCTIONS
    if _FUNCTIONS is None:
        import PySide6

        lib = os.path.join(os.path.dirname(PySide6.__file__), "Qt", "lib")
        core = ctypes.CDLL(os.path.join(lib, "libQt6Core.so.6"))
        dbus = ctypes.CDLL(os.path.join(lib, "libQt6DBus.so.6"))
        ctor = core._ZN8QVariantC1Ej
        ctor.argtypes, ctor.restype = [ctypes.c_void_p, ctypes.c_uint], None
        dtor = core._ZN8QVariantD1Ev
        dtor.argtypes, dtor.restype = [ctypes.c_void_p], None
        append = dbus._ZN12QDBusMessagelsERK8QVariant
        append.argtypes, append.restype = [ctypes.c_void_p, ctypes.c_void_p], ctypes.c_void_p
        _FUNCTIONS = (ctor, dtor, append)
    return _FUNCTIONS
