"""Automatic backups while the app runs: every 30 minutes when data changed, and on quit.

The scheduled backup runs on a worker thread with its own connection to the file (SQLite's
backup API reads one consistent snapshot; in WAL mode the app keeps writing meanwhile), so
the window never freezes for it — copying and verifying a large file takes seconds. The
backup on quit waits for a running one, then writes its own if something changed since:
``start_quit_backup`` does it on that worker too while the event loop goes on (the app's
quit, ``ui.app.application``), ``quit_finished`` saying when it is over; ``backup_on_quit``
is the same, blocking (a file switched, the loop already ending). Either takes the quit's
one backup: a second request, or the other of the two afterwards, writes nothing more.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from mycrm.core.db.backup import BackupError, backup_file, prune_backups
from mycrm.core.db.paths import backup_dir
from mycrm.ui.app.context import AppContext

log = logging.getLogger(__name__)
INTERVAL_MS = 30 * 60 * 1000
POLL_MS = 100  # how often the window looks whether a running backup has finished


def _back_up(data_path: Path, reason: str, now: datetime) -> Path:
    """One verified backup of ``data_path`` and the thinning of older ones (any thread)."""
    directory = backup_dir(data_path)
    path = backup_file(data_path, directory, reason=reason, now=now)
    prune_backups(directory, now)
    return path


class BackupScheduler(QObject):
    """Listens to ``ctx.changed``; a backup is written only when something changed since the
    last one. Failures are logged, never shown as a crash (the next tick retries)."""

    quit_finished = Signal(bool)  # the quit's backup is over: True if one was written

    def __init__(self, ctx: AppContext, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.dirty = False
        ctx.changed.connect(self._mark)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.backup_if_changed)
        self.timer.start()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mycrm-backup")
        self._running: Future[Path] | None = None
        self._running_reason = ""
        self._closed = False
        self._quit: str = ""  # "" | "waiting" (for a running backup) | "writing" | "done"
        self._quit_written = False
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._collect)

    def _mark(self) -> None:
        self.dirty = True

    @property
    def running(self) -> bool:
        return self._running is not None

    def backup_if_changed(self, reason: str = "auto") -> bool:
        """Start a backup in the background if data changed since the last one; True when
        one was started. Changes made while it runs are in the next one."""
        if not self.dirty or self.ctx.demo or self._running is not None or self._closed:
            return False
        self._submit(reason)
        return True

    def _submit(self, reason: str) -> None:
        self.dirty = False
        self._running_reason = reason
        self._running = self._worker.submit(_back_up, self.ctx.data_path, reason, self.ctx.now())
        self._poll.start()

    def wait(self) -> bool:
        """Block until a running backup has finished; True if it succeeded (or none ran)."""
        if self._running is None:
            return True
        self._running.exception()  # waits
        return self._collect()

    def _collect(self) -> bool:
        """The finished backup's outcome: logged; on failure the data counts as changed.
        During a quit (``start_quit_backup``) the next step follows."""
        done = self._running
        if done is None or not done.done():
            return done is None
        self._running = None
        self._poll.stop()
        ok = self._outcome(done, self._running_reason)
        if self._quit == "writing":
            self._finish_quit(written=ok)
        elif self._quit == "waiting":
            self._quit_after_running()
        return ok

    def _outcome(self, done: Future[Path], reason: str) -> bool:
        error = done.exception()
        if error is None:
            return True
        what = "backup on quit" if reason == "quit" else "automatic backup"
        if not isinstance(error, BackupError | OSError):
            log.error("%s failed unexpectedly", what, exc_info=error)
        else:
            log.error("%s failed: %s", what, error)
        if reason != "quit":
            self.dirty = True
        return False

    @property
    def quitting(self) -> bool:
        """Whether the quit's backup is under way (``start_quit_backup``)."""
        return self._quit in ("waiting", "writing")

    def start_quit_backup(self) -> bool:
        """The quit's backup without blocking: the automatic ones stop, a running one is
        finished, then what changed since is backed up — on the worker thread; the event
        loop goes on. True: ``quit_finished(written)`` follows (once); False: nothing to
        do (nothing changed, the sample portfolio, or the quit's backup was taken already).
        A second call while it runs starts nothing and returns True."""
        if self.quitting:
            return True
        if self._quit == "done":
            return False
        self.timer.stop()
        self._closed = True
        if self._running is not None:
            self._quit = "waiting"
            return True
        return self._quit_after_running()

    def _quit_after_running(self) -> bool:
        if not self.dirty or self.ctx.demo:
            self._finish_quit(written=False)
            return False
        self._quit = "writing"
        self._submit("quit")
        return True

    def _finish_quit(self, *, written: bool) -> None:
        was_quitting = self.quitting
        self._quit = "done"
        self._quit_written = written
        self._worker.shutdown(wait=False)
        if was_quitting:
            self.quit_finished.emit(written)

    def backup_on_quit(self) -> bool:
        """Finish a running backup, then back up what changed since, blocking; True if a
        backup was written now. After (or during) ``start_quit_backup`` it only waits for
        that one: the quit has one backup."""
        if self._quit == "done":
            return False
        if self.quitting:
            while self.quitting and self._running is not None:
                self.wait()  # the step after it is submitted by ``_collect``
            return self._quit_written
        self.timer.stop()
        self.wait()
        self._closed = True
        self._quit = "done"
        self._worker.shutdown(wait=False)
        if not self.dirty or self.ctx.demo:
            return False
        try:
            _back_up(self.ctx.data_path, "quit", self.ctx.now())
        except (BackupError, OSError) as exc:
            log.error("backup on quit failed: %s", exc)
            return False
        self.dirty = False
        self._quit_written = True
        return True


def install_backup_scheduler(ctx: AppContext) -> BackupScheduler:
    """Start automatic backups for ``ctx``; keep the returned object (parented to ctx)."""
    return BackupScheduler(ctx)
