"""One running app per data file: QLockFile guards it, QLocalServer lets a second launch ask
the first to raise its window. A lock left by a crashed process is stale (its PID is gone)
and is taken over."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QDir, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

RAISE = b"raise\n"


def instance_key(data_path: Path) -> str:
    """A short name unique per user and data file (local socket names must be short)."""
    ident = f"{QDir.homePath()}|{data_path.expanduser().resolve()}".encode()
    return "mycrm-" + hashlib.sha256(ident).hexdigest()[:20]


def lock_path(data_path: Path) -> Path:
    resolved = data_path.expanduser().resolve()
    return resolved.with_name(resolved.name + ".lock")


class SingleInstance(QObject):
    """``acquire()`` → True: we are the first (serve raise requests); False: another
    instance runs and has been asked to show its window."""

    activate_requested = Signal()

    def __init__(self, data_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = instance_key(data_path)
        lock_path(data_path).parent.mkdir(parents=True, exist_ok=True)
        self.lock = QLockFile(str(lock_path(data_path)))
        self.lock.setStaleLockTime(0)  # stale only when the holder's process is gone
        self.server: QLocalServer | None = None

    def acquire(self) -> bool:
        if not self.lock.tryLock(200):
            if self.lock.error() == QLockFile.LockError.LockFailedError:
                if self.ask_running_to_raise():
                    return False
                # The holder does not answer: it may be a stale lock of a reused PID.
                log.warning("lock held but no instance answers; taking the lock over")
                self.lock.removeStaleLockFile()
                if not self.lock.tryLock(200):
                    return False
            else:
                log.warning("cannot create the instance lock: %s", self.lock.error())
                return True  # no lock possible (read-only folder): run anyway
        self._serve()
        return True

    def _serve(self) -> None:
        QLocalServer.removeServer(self.key)  # a crashed instance's socket file
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(self.key):
            log.warning("cannot listen on %s: %s", self.key, self.server.errorString())
            return
        self.server.newConnection.connect(self._on_connection)
        log.info("single instance: serving on %s", self.key)

    def _on_connection(self) -> None:
        assert self.server is not None
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        data = bytes(socket.readAll().data())
        if RAISE.strip() in data:
            self.activate_requested.emit()

    def ask_running_to_raise(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.key)
        if not socket.waitForConnected(2000):
            return False
        socket.write(QByteArray(RAISE))
        socket.flush()
        socket.waitForBytesWritten(2000)
        socket.disconnectFromServer()
        return True

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
        self.lock.unlock()
