"""SQLite's ``quick_check`` on a read-only connection, optionally started early on another
thread (SQLite releases the GIL) so that a large file is checked while the application is
still importing Qt and building its window. Only the standard library is imported here: the
check starts before SQLAlchemy and Qt load."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseError(Exception):
    """The data file cannot be used; ``str()`` is a plain-language reason."""


class NotADatabaseError(DatabaseError):
    pass


class FutureSchemaError(DatabaseError):
    pass


class DamagedDatabaseError(DatabaseError):
    pass


class EmptyFileWithBackupError(DatabaseError):
    """The data file is 0 bytes while a good backup sits beside it: a file emptied by
    accident (a failed sync, a disk full at the wrong moment), not a new one. Starting it
    over would hide the backup; the user is offered it instead."""


class FileAccessError(DatabaseError):
    """The file or its folder cannot be read or written (permissions, a missing drive, a full
    disk while the pre-migration backup is written): the system's ``OSError``, named as a
    ``DatabaseError`` so that start-up explains it on the same path as the others."""

    @classmethod
    def from_os_error(cls, exc: OSError, path: Path) -> FileAccessError:
        return cls(f"{exc.filename or path}: {exc.strerror or exc}")


def quick_check(path: Path) -> str | None:
    """None if ``PRAGMA quick_check`` finds the file sound, else what is wrong."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if result is None or result[0] != "ok":
        return result[0] if result else "unknown"
    return None


def _signature(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


class _PrefetchedCheck:
    def __init__(self, path: Path) -> None:
        self.signature = _signature(path)
        self.problem: str | None = None
        self._thread = threading.Thread(target=self._run, args=(path,), daemon=True,
                                        name="mycrm-quick-check")
        self._thread.start()

    def _run(self, path: Path) -> None:
        self.problem = quick_check(path)

    def wait(self) -> str | None:
        self._thread.join()
        return self.problem


_prefetched: dict[Path, _PrefetchedCheck] = {}


def prefetch_integrity_check(path: Path) -> None:
    """Start checking an existing SQLite file in the background; ``checked_problem`` uses
    the result if the file has not changed since, and checks again otherwise. Call it
    before any connection to ``path`` is open in this process: it reads the header with
    plain file I/O, and closing that descriptor would drop SQLite's locks on the file."""
    path = Path(path).resolve()
    try:
        with path.open("rb") as f:
            if f.read(16) != SQLITE_MAGIC:
                return
        _prefetched[path] = _PrefetchedCheck(path)
    except OSError:
        return


def is_prefetched(path: Path) -> bool:
    """Whether a background check of ``path`` was started and its verdict not yet taken."""
    return Path(path).resolve() in _prefetched


def checked_problem(path: Path) -> str | None:
    """The quick_check verdict for ``path``: the prefetched one when still valid."""
    prefetched = _prefetched.pop(path.resolve(), None)
    if prefetched is None or prefetched.signature != _signature(path):
        return quick_check(path)
    problem = prefetched.wait()
    if prefetched.signature != _signature(path):  # changed while it was being checked
        return quick_check(path)
    return problem


def confirm_sound(path: Path) -> None:
    """Raise ``DamagedDatabaseError`` unless ``quick_check`` finds ``path`` sound (waiting
    for the check started in the background, if there is one)."""
    problem = checked_problem(Path(path))
    if problem is not None:
        raise DamagedDatabaseError(f"{path} is damaged: {problem}")


def confirm_deferred_check(path: Path) -> None:
    """After ``db.open_database(defer_check=True)``: wait for the background verdict if it was
    deferred, and raise ``DamagedDatabaseError`` if the file is damaged. Idempotent: once
    the verdict is taken (or when the check ran at open) this returns at once."""
    if is_prefetched(Path(path)):
        confirm_sound(Path(path))
