"""A page's filtered reads (the To-dos page's, the board's, the customers table's): the latest
one only, on one worker thread.

A text filter scans every open to-do, calling Python's case folding for each row (a SQL
function, ``core.db.engine.CASEFOLD_SQL``), so the worker takes the interpreter lock for
every row it looks at. A thread per key press would leave several scans running at
once — each start waiting for the lock (``Thread.start`` blocks until the new thread
runs), and the window then waiting its turn behind all of them. So one worker runs the
reads one at a time; a newer request replaces the one waiting and stops the running one
(SQLite's progress handler ends its statement), whose result nobody wants any more; an
answer already on its way when a newer request or ``cancel()`` came is dropped on arrival,
so a page shows only what it asked for last. The worker ends after ``IDLE_S`` without
requests and starts again with the next.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

IDLE_S = 10.0  # the worker ends after this long without a request
PROGRESS_STEPS = 20_000  # SQLite steps between two checks for a newer request (~1 ms)
Work = Callable[[Any], Any]  # work(session) -> result, on the worker


class LatestRead(QObject):
    """``submit(work)`` runs ``work(session)`` on the worker; ``finished(result)`` or
    ``failed(error)`` follow on the GUI thread for the last request submitted, and for no
    other (an overtaken read is interrupted and says nothing). ``cancel()`` drops the
    request awaited; ``waiting`` says whether one is. Submit and cancel on the GUI
    thread."""

    finished = Signal(object)
    failed = Signal(object)
    _posted = Signal(str, int, object)

    def __init__(self, engine: Engine, *, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._name = name
        self._turn = threading.Condition()
        self._pending: tuple[int, Work] | None = None
        self._running: int | None = None  # the tag of the read on the worker
        self._superseded = False  # the running read was interrupted or cancelled
        self._alive = False
        self._submitted = 0  # requests so far: each one's tag
        self._awaited: int | None = None  # the tag whose answer is awaited (GUI thread)
        self._posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def waiting(self) -> bool:
        """A request was submitted and neither answered nor cancelled yet."""
        return self._awaited is not None

    def submit(self, work: Work) -> None:
        self._submitted += 1
        tag = self._awaited = self._submitted
        with self._turn:
            self._pending = (tag, work)
            self._interrupt()
            self._turn.notify()
            start = not self._alive
            self._alive = True
        if start:
            threading.Thread(target=self._serve, name=self._name, daemon=True).start()

    def cancel(self) -> None:
        self._awaited = None
        with self._turn:
            self._pending = None
            self._interrupt()

    def _interrupt(self) -> None:
        """Stop the running read (called holding ``_turn``): its statement ends at its
        next progress check (``_stop_superseded``)."""
        if self._running is not None:
            self._superseded = True

    def _stop_superseded(self) -> int:
        """SQLite's progress handler, every ``PROGRESS_STEPS`` steps of the worker's
        statement: non-zero ends it ("interrupted")."""
        return int(self._superseded)

    # --- the worker ---------------------------------------------------------------------
    def _serve(self) -> None:
        while True:
            with self._turn:
                if self._pending is None:
                    self._turn.wait(IDLE_S)
                if self._pending is None:
                    self._alive = False
                    return
                (tag, work), self._pending = self._pending, None
                self._running, self._superseded = tag, False
            self._run(tag, work)

    def _run(self, tag: int, work: Work) -> None:
        from sqlmodel import Session

        kind, value = "finished", None
        try:
            with Session(self._engine, expire_on_commit=False) as session:
                raw = session.connection().connection.dbapi_connection
                if isinstance(raw, sqlite3.Connection):
                    raw.set_progress_handler(self._stop_superseded, PROGRESS_STEPS)
                try:
                    value = work(session)
                finally:
                    if isinstance(raw, sqlite3.Connection):
                        raw.set_progress_handler(None, 0)
        except BaseException as error:  # noqa: BLE001 — handed to the GUI thread
            kind, value = "failed", error
        with self._turn:
            superseded, self._running = self._superseded, None
        if not superseded:
            self._post(kind, tag, value)

    def _post(self, kind: str, tag: int, value: object) -> None:
        try:
            self._posted.emit(kind, tag, value)
        except RuntimeError:  # the page was closed meanwhile: no one is waiting
            log.debug("%s: no one is waiting any more", self._name)

    def _deliver(self, kind: str, tag: int, value: object) -> None:
        if tag != self._awaited:  # overtaken or cancelled while the answer was on its way
            return
        self._awaited = None
        (self.finished if kind == "finished" else self.failed).emit(value)
