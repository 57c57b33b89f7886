"""A page's filtered reads (the To-dos page's, the board's): the latest one only, on one worker
thread.

A text filter scans every open to-do, calling Python's case folding for each row (a SQL
function, ``core.db.engine.CASEFOLD_SQL``), so the worker takes the interpreter lock for
every row it looks at. A thread per key press would leave several scans running at
once — each start waiting for the lock (``Thread.start`` blocks until the new thread
runs), and the window then waiting its turn behind all of them. So one worker runs the
reads one at a time; a newer request replaces the one waiting and stops the running one
(SQLite's progress handler ends its statement), whose result nobody wants any more. The
worker ends after ``IDLE_S`` without requests and starts again with the next.
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
    """``submit(tag, work)`` runs ``work(session)`` on the worker; ``finished(tag, result)``
    or ``failed(tag, error)`` follow on the GUI thread — for the last submitted request
    only when newer ones overtook it before it ended (an overtaken read is interrupted
    and says nothing). ``cancel()`` drops the waiting and the running request."""

    finished = Signal(int, object)
    failed = Signal(int, object)
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
        self._posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def submit(self, tag: int, work: Work) -> None:
        with self._turn:
            self._pending = (tag, work)
            self._interrupt()
            self._turn.notify()
            start = not self._alive
            self._alive = True
        if start:
            threading.Thread(target=self._serve, name=self._name, daemon=True).start()

    def cancel(self) -> None:
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
        (self.finished if kind == "finished" else self.failed).emit(tag, value)
