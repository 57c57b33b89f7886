"""Work the window must not wait for, on a worker thread: the start-up's engine (the ORM
import, the file's check verdict) and the revisit rule's catch-up.

A worker talks to the window only through Qt signals queued to an object living on the GUI
thread (``_Bridge``), so every result, error and progress step is handled there, between
two events — the window paints and answers meanwhile. Python runs one thread at a time, but
the worker gives the interpreter back every few milliseconds (and whenever SQLite works), so
the event loop keeps running while the worker imports or writes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)

# Customers per transaction: the rule is set-based (``revisit.run_revisit_batch``), ~50 ms
# for 200 at stress; the window's writes get the file in between.
CATCH_UP_BATCH = 200


class _Bridge(QObject):
    """Lives on the GUI thread; ``post`` (any thread) runs ``deliver(kind, value)`` there."""

    _posted = Signal(str, object)

    def __init__(self, deliver: Callable[[str, Any], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._deliver = deliver
        self._posted.connect(self._on_posted, Qt.ConnectionType.QueuedConnection)

    def post(self, kind: str, value: object = None) -> None:
        self._posted.emit(kind, value)

    def _on_posted(self, kind: str, value: object) -> None:
        self._deliver(kind, value)


class WriterGate:
    """The window's writes go before a worker's next batch.

    Why: SQLite's busy handler polls at growing intervals (up to 100 ms) and a worker that
    begins its next batch right after committing the last takes the lock again first, so a
    waiting window write could starve until its ``busy_timeout`` — and fail. The window
    announces its write here (``window_writes``); the worker waits for it before each batch
    (``before_batch``), so a window write waits for one running batch at most."""

    def __init__(self) -> None:
        self._waiting = 0
        self._turn = threading.Condition()

    @contextmanager
    def window_writes(self) -> Iterator[None]:
        with self._turn:
            self._waiting += 1
        try:
            yield
        finally:
            with self._turn:
                self._waiting -= 1
                self._turn.notify_all()

    def before_batch(self) -> None:
        with self._turn:
            self._turn.wait_for(lambda: self._waiting == 0)


class BackgroundCall(QObject):
    """Runs ``work()`` once on a worker thread; ``finished(result)`` or ``failed(error)``
    follow on the GUI thread. ``wait()`` blocks until the work is over and returns its
    result (or raises its error) — for a caller on the GUI thread that cannot go on
    without it; the signal is then still emitted once, later."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[], Any], *, name: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._result: Any = None
        self._error: BaseException | None = None
        self._bridge = _Bridge(self._deliver, self)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        try:
            self._result = self._work()
        except BaseException as exc:  # noqa: BLE001 — handed to the GUI thread
            self._error = exc
            self._post("failed", exc)
            return
        self._post("finished", self._result)

    def _post(self, kind: str, value: object) -> None:
        try:
            self._bridge.post(kind, value)
        except RuntimeError:  # its owner (a page, a dialog) was closed meanwhile: no one
            log.debug("%s: no one is waiting any more", self._thread.name)  # to tell

    def _deliver(self, kind: str, value: object) -> None:
        (self.finished if kind == "finished" else self.failed).emit(value)

    def wait(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result


class RevisitCatchUp(QObject):
    """The revisit rule over every due customer, ``CATCH_UP_BATCH`` customers per
    transaction, on a worker thread with its own connection (WAL: the window reads
    meanwhile; ``BEGIN IMMEDIATE`` + ``busy_timeout``: its writes and the window's wait for
    each other instead of failing). ``batch_done(ids)`` after each committed batch that
    reset someone, then ``finished(all ids)`` or ``failed(error)``, on the GUI thread.
    ``cancel()`` stops it after the running batch (committed: a killed or cancelled catch-up
    is finished by the next run, never doubled — see ``revisit.run_revisit_batch``)."""

    batch_done = Signal(list)
    finished = Signal(list)
    failed = Signal(object)

    def __init__(self, data_path: Path, *, now: datetime, zone: str, todo_title: str,
                 gate: WriterGate | None = None, batch: int | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.gate = gate or WriterGate()
        self.data_path = data_path
        self.now = now
        self.zone = zone
        self.todo_title = todo_title
        self.batch = batch or CATCH_UP_BATCH
        self.reset: list[int] = []
        self._stop = threading.Event()
        self._bridge = _Bridge(self._deliver, self)
        self._thread = threading.Thread(target=self._run, name="mycrm-revisit", daemon=True)

    def start(self) -> None:
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def cancel(self) -> None:
        """Thread-safe: no batch starts after this one."""
        self._stop.set()

    def wait(self) -> None:
        if self._thread.ident is not None:
            self._thread.join()

    def _run(self) -> None:
        from mycrm.core.customers.revisit import run_revisit_batch
        from mycrm.core.db.engine import defer_checkpoints, make_engine, session_scope

        engine = make_engine(self.data_path)
        # the window's Checkpointer copies the WAL after the batches' changes: the first
        # batch would otherwise copy the Missed list's ~40 MB of writes first (~0.3 s)
        defer_checkpoints(engine)
        reset: list[int] = []
        try:
            after, done = 0, False
            while not done and not self._stop.is_set():
                self.gate.before_batch()
                with session_scope(engine, immediate=True) as session:
                    batch = run_revisit_batch(session=session, now=self.now, zone=self.zone,
                                              todo_title=self.todo_title, after_id=after,
                                              limit=self.batch)
                after, done = batch.last_id, batch.done
                if batch.reset:
                    reset += batch.reset
                    self._bridge.post("batch", batch.reset)
        except BaseException as exc:  # noqa: BLE001 — handed to the GUI thread
            self._bridge.post("failed", exc)
            return
        finally:
            engine.dispose()
        self._bridge.post("finished", reset)

    def _deliver(self, kind: str, value: Any) -> None:
        if kind == "batch":
            self.reset += value
            self.batch_done.emit(value)
        elif kind == "finished":
            self.finished.emit(value)
        else:
            self.failed.emit(value)
