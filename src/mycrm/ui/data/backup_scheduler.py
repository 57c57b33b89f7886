"""Automatic backups while the app runs: every 30 minutes when data changed, and on quit.

The scheduled backup runs on a worker thread with its own connection to the file (SQLite's
backup API reads one consistent snapshot; in WAL mode the app keeps writing meanwhile), so
the window never freezes for it — copying and verifying a large file takes seconds. The
backup on quit waits for a running one, then writes its own if something changed since.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

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
        self._closed = False
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
        self.dirty = False
        self._running = self._worker.submit(_back_up, self.ctx.data_path, reason, self.ctx.now())
        self._poll.start()
        return True

    def wait(self) -> bool:
        """Block until a running backup has finished; True if it succeeded (or none ran)."""
        if self._running is None:
            return True
        self._running.exception()  # waits
        return self._collect()

    def _collect(self) -> bool:
        """The finished backup's outcome: logged; on failure the data counts as changed."""
        done = self._running
        if done is None or not done.done():
            return done is None
        self._running = None
        self._poll.stop()
        error = done.exception()
        if error is None:
            return True
        if not isinstance(error, BackupError | OSError):
            log.error("automatic backup failed unexpectedly", exc_info=error)
        else:
            log.error("automatic backup failed: %s", error)
        self.dirty = True
        return False

    def backup_on_quit(self) -> bool:
        """Finish a running backup, then back up what changed since; True if a backup was
        written now."""
        self.timer.stop()
        self.wait()
        self._closed = True
        self._worker.shutdown(wait=False)
        if not self.dirty or self.ctx.demo:
            return False
        try:
            _back_up(self.ctx.data_path, "quit", self.ctx.now())
        except (BackupError, OSError) as exc:
            log.error("backup on quit failed: %s", exc)
            return False
        self.dirty = False
        return True


def install_backup_scheduler(ctx: AppContext) -> BackupScheduler:
    """Start automatic backups for ``ctx``; keep the returned object (parented to ctx)."""
    return BackupScheduler(ctx)
