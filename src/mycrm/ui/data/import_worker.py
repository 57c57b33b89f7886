"""The import's write step on a worker thread, so a long file never freezes the window.

The worker owns its own session (one transaction over the whole import) and talks to the
GUI only through signals; ``cancel()`` may be called from the GUI thread at any time and
takes effect at the next progress step: the transaction is rolled back, nothing is written.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from sqlalchemy import Engine

from mycrm.core.data.importer import (
    ImportCancelled,
    ImportResult,
    Preview,
    RowAction,
    apply_import,
)
from mycrm.core.db.engine import session_scope

log = logging.getLogger(__name__)


class ImportWorker(QObject):
    """``progressed(done, total)`` as rows are written; then exactly one of
    ``succeeded(ImportResult)`` (committed), ``cancelled()`` or ``failed(reason)`` (both
    rolled back)."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, engine: Engine, now: datetime, preview: Preview,
                 actions: dict[int, RowAction] | None = None) -> None:
        super().__init__()
        self.engine = engine
        self.now = now
        self.preview = preview
        self.actions = actions
        self._stop = threading.Event()

    def cancel(self) -> None:
        """Thread-safe: the import stops at its next progress step and writes nothing."""
        self._stop.set()

    def _report(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise ImportCancelled
        self.progressed.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            with session_scope(self.engine) as session:
                result: ImportResult = apply_import(
                    session=session, now=self.now, preview=self.preview,
                    actions=self.actions, progress=self._report)
        except ImportCancelled:
            self.cancelled.emit()
            return
        except Exception as exc:  # noqa: BLE001 — reported to the GUI; rolled back
            log.exception("import failed")
            self.failed.emit(str(exc))
            return
        self.succeeded.emit(result)


def start_worker(worker: ImportWorker, parent: QObject) -> QThread:
    """Run ``worker`` on a new thread that ends (and is deleted) once the worker is done."""
    thread = QThread(parent)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    for done in (worker.succeeded, worker.cancelled, worker.failed):
        # Direct: quit() is thread-safe, and the GUI may wait() for the thread before a
        # queued quit would reach it.
        done.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.finished.connect(worker.deleteLater)
    thread.start()
    return thread
