"""Automatic backups while the app runs: every 30 minutes when data changed, and on quit."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from mycrm.core.backup import BackupError, backup_database, prune_backups
from mycrm.core.paths import backup_dir
from mycrm.ui.context import AppContext

log = logging.getLogger(__name__)
INTERVAL_MS = 30 * 60 * 1000


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

    def _mark(self) -> None:
        self.dirty = True

    def backup_if_changed(self, reason: str = "auto") -> bool:
        if not self.dirty or self.ctx.demo:
            return False
        directory = backup_dir(self.ctx.data_path)
        try:
            backup_database(self.ctx.engine, directory, reason=reason, now=self.ctx.now())
            prune_backups(directory, self.ctx.now())
        except (BackupError, OSError) as exc:
            log.error("automatic backup failed: %s", exc)
            return False
        self.dirty = False
        return True

    def backup_on_quit(self) -> bool:
        self.timer.stop()
        return self.backup_if_changed(reason="quit")


def install_backup_scheduler(ctx: AppContext) -> BackupScheduler:
    """Start automatic backups for ``ctx``; keep the returned object (parented to ctx)."""
    return BackupScheduler(ctx)
