"""Wake-up from suspend, as logind announces it: ``PrepareForSleep(false)`` on the system
bus. Where there is no system bus or no logind (Windows, macOS, containers) the watcher is
inert and the driver's clock watch alone notices the jump."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtDBus import QDBusConnection

log = logging.getLogger(__name__)

LOGIND = "org.freedesktop.login1"
LOGIND_PATH = "/org/freedesktop/login1"
LOGIND_MANAGER = "org.freedesktop.login1.Manager"


class SleepWatcher(QObject):
    resumed = Signal()  # the machine woke up

    def __init__(self, bus: QDBusConnection | None = None, *,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bus = bus if bus is not None else QDBusConnection.systemBus()
        self.listening = self.bus.isConnected() and self.bus.connect(
            LOGIND, LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", self,
            "1_on_prepare_for_sleep(bool)")  # type: ignore[call-overload]
        if not self.listening:
            log.info("no logind on the system bus: wake-up is noticed by the clock alone")

    @Slot(bool)
    def _on_prepare_for_sleep(self, going_to_sleep: bool) -> None:
        if not going_to_sleep:
            self.resumed.emit()
