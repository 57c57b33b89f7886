"""The WAL copied into the data file on a worker thread, a moment after the window wrote.

SQLite in WAL mode appends every commit to the ``-wal`` file and, by default, the commit
that takes it past 1,000 pages copies them into the data file first: about 0.2 s on a large
file, every few dozen saves — a frozen window when the window made that commit. The app's
engine leaves that copy (a *checkpoint*) to this object instead
(``core.db.engine.defer_checkpoints``): two seconds after the last change it runs one on a
worker thread with its own connection, in the ``PASSIVE`` mode that waits for no reader and
no writer. Durability does not depend on it: a commit is safe once it is in the WAL.
"""

from __future__ import annotations

import logging
import sqlite3
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer

from mycrm.core.db.engine import checkpoint, defer_checkpoints
from mycrm.ui.app.context import AppContext

log = logging.getLogger(__name__)
QUIET_MS = 2000  # after the last change: a burst of saves is copied once


class Checkpointer(QObject):
    """Listens to ``ctx.changed``; ``QUIET_MS`` after the last change, one checkpoint on the
    worker (never two at once: a change while one runs starts the wait again)."""

    def __init__(self, ctx: AppContext, quiet_ms: int = QUIET_MS) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        defer_checkpoints(ctx.engine)
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mycrm-wal")
        self._running: Future[tuple[int, int, int]] | None = None
        self.timer = QTimer(self, singleShot=True, interval=quiet_ms)
        self.timer.timeout.connect(self.start)
        self._closed = False
        ctx.changed.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        if not self._closed:
            self.timer.start()

    def start(self) -> bool:
        """Start a checkpoint now unless one is running (then try again after the pause)
        or the checkpointer was closed; True when one was started."""
        if self._closed:
            return False
        if self._running is not None and not self._running.done():
            self.timer.start()
            return False
        self._running = self._worker.submit(checkpoint, self.ctx.data_path)
        self._running.add_done_callback(_log_failure)
        return True

    def wait(self) -> tuple[int, int, int] | None:
        """Block until a running checkpoint is over; its (busy, in WAL, copied) or None."""
        running = self._running
        if running is None:
            return None
        try:
            return running.result()
        except (sqlite3.Error, OSError):
            return None

    def close(self) -> None:
        """No checkpoint after this one (a change later — the file's context outlives its
        checkpointer when another file is opened — starts none)."""
        self._closed = True
        self.timer.stop()
        self._worker.shutdown(wait=True)


def _log_failure(done: Future[tuple[int, int, int]]) -> None:
    error = done.exception()
    if error is not None:  # the next change tries again; the WAL keeps the data meanwhile
        log.warning("checkpoint of the data file failed: %s", error)


def install_checkpointer(ctx: AppContext) -> Checkpointer:
    """Take the WAL's checkpoints off the window's commits for ``ctx`` (parented to it)."""
    return Checkpointer(ctx)
