"""The lock that keeps one running mycrm per data file: ``<data file>.lock``.

An ``flock`` on the lock file, which the system drops when the holder's process ends — a
crash leaves no lock that must be judged stale — and a file that holds only the holder's
process id: no host name or machine id (a data folder may be synced or shared). Created
0600. Only where ``fcntl`` exists (POSIX); elsewhere ``ui.app.single_instance`` uses Qt's
``QLockFile``.
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

AVAILABLE = fcntl is not None


class InstanceLock:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def try_lock(self) -> bool:
        """Take the lock without waiting; False when another process holds it. Raises
        ``OSError`` when the lock file cannot be created (a read-only folder)."""
        if self._fd is not None:
            return True
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False
            if self._still_the_file(fd):
                break
            os.close(fd)  # its holder removed it as we opened it: lock the new one
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def _still_the_file(self, fd: int) -> bool:
        try:
            return os.fstat(fd).st_ino == os.stat(self.path).st_ino
        except FileNotFoundError:
            return False

    def unlock(self) -> None:
        """Remove the lock file, then release it (in this order: see ``_still_the_file``)."""
        if self._fd is None:
            return
        self.path.unlink(missing_ok=True)
        os.close(self._fd)
        self._fd = None
