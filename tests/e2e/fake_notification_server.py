"""A fake org.freedesktop.Notifications server for end-to-end tests.

Run as ``python fake_notification_server.py LOGFILE`` with DBUS_SESSION_BUS_ADDRESS set: it
owns the name, answers every call the way a notification server does and appends one JSON
line per Notify call (app name, summary, body) to LOGFILE. It prints "ready" once the name
is owned.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusVirtualObject

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class FakeNotifications(QDBusVirtualObject):
    def __init__(self, log_path: str) -> None:
        super().__init__()
        self.log_path = log_path
        self.next_id = 1

    def introspect(self, path: str) -> str:
        return ""

    def handleMessage(self, message: QDBusMessage, connection: QDBusConnection) -> bool:  # noqa: N802
        member = message.member()
        reply = message.createReply()
        if member == "Notify":
            args = message.arguments()
            with open(self.log_path, "a", encoding="utf-8") as log:
                log.write(json.dumps({"app": args[0], "summary": args[3], "body": args[4]},
                                     ensure_ascii=False) + "\n")
            reply = reply << self.next_id
            self.next_id += 1
        elif member == "GetServerInformation":
            for value in ("fake", "mycrm-tests", "1", "1.2"):
                reply = reply << value
        elif member == "GetCapabilities":
            reply = reply << ["body"]
        connection.send(reply)
        return True


def main() -> int:
    app = QCoreApplication(sys.argv[:1])
    bus = QDBusConnection.sessionBus()
    server = FakeNotifications(sys.argv[1])
    if not bus.registerVirtualObject(PATH, server):
        print("cannot register object", flush=True)
        return 1
    if not bus.registerService(SERVICE):
        print("cannot own the name", flush=True)
        return 1
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
