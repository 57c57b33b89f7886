"""One running app per data file: a lock file guards it (``core.db.instance_lock``: the
system drops it when its process ends; Qt's ``QLockFile`` where that is missing), and
QLocalServer lets a second launch ask the first to raise its window."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QDir, QLockFile, QObject, QThread, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from mycrm.core.db.instance_lock import AVAILABLE, InstanceLock

log = logging.getLogger(__name__)

RAISE = b"raise\n"


def instance_key(data_path: Path) -> str:
    """A short name unique per user and data file (local socket names must be short)."""
    ident = f"{QDir.homePath()}|{data_path.expanduser().resolve()}".encode()
    return "mycrm-" + hashlib.sha256(ident).hexdigest()[:20]


def lock_path(data_path: Path) -> Path:
    resolved = data_path.expanduser().resolve()
    return resolved.with_name(resolved.name + ".lock")


class _QtLock:
    """``QLockFile`` where ``flock`` is missing (Windows), with ``InstanceLock``'s calls."""

    def __init__(self, path: Path) -> None:
        self.lock = QLockFile(str(path))
        self.lock.setStaleLockTime(0)  # stale only when the holder's process is gone

    def try_lock(self) -> bool:
        if self.lock.tryLock(200):
            return True
        if self.lock.error() == QLockFile.LockError.LockFailedError:
            return False
        raise OSError(f"cannot create the instance lock: {self.lock.error()}")

    def unlock(self) -> None:
        self.lock.unlock()


class SingleInstance(QObject):
    """``acquire()`` → True: we are the first (serve raise requests); False: another
    instance runs and has been asked to show its window."""

    activate_requested = Signal()
    HOLDER_WAIT_ROUNDS = 25  # × 200 ms for a holder still starting up to serve

    def __init__(self, data_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = instance_key(data_path)
        path = lock_path(data_path)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.lock: InstanceLock | _QtLock = InstanceLock(path) if AVAILABLE else _QtLock(path)
        self.server: QLocalServer | None = None

    def acquire(self) -> bool:
        for _ in range(self.HOLDER_WAIT_ROUNDS):
            try:
                locked = self.lock.try_lock()
            except OSError as exc:
                log.warning("cannot create the instance lock: %s", exc)
                return True  # no lock possible (read-only folder): run anyway
            if locked:
                self._serve()
                return True
            if self.ask_running_to_raise():
                return False
            # The holder runs (the system holds its lock) but does not serve yet.
            QThread.msleep(200)
        log.warning("the instance holding the lock does not answer")
        return False

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
