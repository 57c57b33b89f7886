"""One running app per data file: a lock file guards it (``core.db.instance_lock``: the
system drops it when its process ends; Qt's ``QLockFile`` where that is missing), and
QLocalServer lets a second launch ask the first to raise its window.

The app takes the lock before it builds its window but serves raise requests only once its
engine is open (``acquire(serve=False)``, then ``serve()``, the start's first step after the
paint): QtNetwork is not needed for the window, its worker imports it meanwhile, and a
second launch waits for the holder to serve, as it does for any holder still starting up."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, QObject, QThread, Signal

from mycrm.core.db.instance_lock import AVAILABLE, InstanceLock

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

RAISE = b"raise\n"


def instance_key(data_path: Path) -> str:
    """A short name unique per user and data file (local socket names must be short): the
    start of a SHA-256 of both, by Qt's own hash (``hashlib`` would load OpenSSL, ~13 ms
    of the start's GUI thread, for this one digest)."""
    from PySide6.QtCore import QCryptographicHash

    ident = f"{QDir.homePath()}|{data_path.expanduser().resolve()}".encode()
    digest = QCryptographicHash.hash(ident, QCryptographicHash.Algorithm.Sha256)
    return "mycrm-" + bytes(digest.toHex().data()).decode("ascii")[:20]


def lock_path(data_path: Path) -> Path:
    resolved = data_path.expanduser().resolve()
    return resolved.with_name(resolved.name + ".lock")


class _QtLock:
    """``QLockFile`` where ``flock`` is missing (Windows), with ``InstanceLock``'s calls."""

    def __init__(self, path: Path) -> None:
        from PySide6.QtCore import QLockFile

        self.lock = QLockFile(str(path))
        self.lock.setStaleLockTime(0)  # stale only when the holder's process is gone

    def try_lock(self) -> bool:
        if self.lock.tryLock(200):
            return True
        if self.lock.error() == self.lock.LockError.LockFailedError:
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
        self.data_path = data_path
        self._key = ""
        path = lock_path(data_path)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.lock: InstanceLock | _QtLock = InstanceLock(path) if AVAILABLE else _QtLock(path)
        self.server: QLocalServer | None = None
        self.locked = False

    @property
    def key(self) -> str:
        """The local socket's name (``instance_key``), computed when first needed."""
        if not self._key:
            self._key = instance_key(self.data_path)
        return self._key

    def acquire(self, *, serve: bool = True) -> bool:
        """``serve``: answer raise requests at once; False: once ``serve()`` is called
        (after the first window's paint)."""
        for _ in range(self.HOLDER_WAIT_ROUNDS):
            try:
                locked = self.lock.try_lock()
            except OSError as exc:
                log.warning("cannot create the instance lock: %s", exc)
                return True  # no lock possible (read-only folder): run anyway
            if locked:
                self.locked = True
                if serve:
                    self.serve()
                return True
            if self.ask_running_to_raise():
                return False
            # The holder runs (the system holds its lock) but does not serve yet.
            QThread.msleep(200)
        log.warning("the instance holding the lock does not answer")
        return False

    def serve(self) -> None:
        """Answer a second launch's raise requests (once, and only while the lock is held:
        without one — a folder out of reach — there is nothing to serve)."""
        from PySide6.QtNetwork import QLocalServer

        if self.server is not None or not self.locked:
            return
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
        from PySide6.QtCore import QByteArray
        from PySide6.QtNetwork import QLocalSocket

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
        self.locked = False
        self.lock.unlock()
