"""The application context every page receives: the database, the clock, and one
"data changed" signal that makes visible views reload what they show."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from sqlalchemy import Engine
from sqlmodel import Session

from mycrm.core.db import session_scope
from mycrm.core.timeutil import local_today, local_zone_name, require_aware, utcnow

log = logging.getLogger(__name__)
T = TypeVar("T")

FAKE_NOW_ENV = "MYCRM_NOW"  # ISO instant for tests and reproducible screenshots


class AppContext(QObject):
    """Owns the engine; ``run`` performs one service call in one transaction and announces
    the change. Pages read through ``read`` and reload on ``changed``."""

    changed = Signal()
    undo_changed = Signal(str)  # what can be undone ("record", "todo", "need", "move"), or ""

    def __init__(self, engine: Engine, data_path: Path, *, demo: bool = False,
                 clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.engine = engine
        self.data_path = data_path
        self.demo = demo
        self.zone = local_zone_name()
        self._clock = clock or _default_clock()
        self._rules_day: date | None = None
        self.last_undoable: Any = None  # core.undo.Snapshot of the last undoable change
        self._day_timer: QTimer | None = None

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        return local_today(self.now(), self.zone)

    def set_clock(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock

    @contextmanager
    def session(self) -> Iterator[Session]:
        with session_scope(self.engine) as session:
            yield session

    def read(self, query: Callable[..., T], /, **kwargs: Any) -> T:
        """Run a read-only query function ``query(session, **kwargs)``."""
        with Session(self.engine, expire_on_commit=False) as session:
            return query(session, **kwargs)

    def run(self, service: Callable[..., T], /, **kwargs: Any) -> T:
        """Call ``service(session=…, now=…, **kwargs)`` in one transaction, then emit
        ``changed``. Exceptions (validation errors included) propagate; nothing is kept.
        A board move can no longer be undone once something else changed."""
        result = self._run(service, **kwargs)
        if getattr(self.last_undoable, "what", "") == "move":
            self.last_undoable = None
            self.undo_changed.emit("")
        return result

    def _run(self, service: Callable[..., T], /, **kwargs: Any) -> T:
        with session_scope(self.engine) as session:
            result = service(session=session, now=self.now(), **kwargs)
        self.changed.emit()
        return result

    # --- undo --------------------------------------------------------------------------------
    def undoable(self, service: Callable[..., Any], /, **kwargs: Any) -> Any:
        """Run a service that returns an undo record (``core.undo.Snapshot`` of a delete,
        ``core.customers.MoveUndo`` of a board move); keep it for ``undo``."""
        snapshot = self._run(service, **kwargs)
        self.last_undoable = snapshot
        self.undo_changed.emit(getattr(snapshot, "what", ""))
        return snapshot

    def undo(self) -> str:
        """Undo the last undoable change; returns what was undone ("" if nothing)."""
        snapshot, self.last_undoable = self.last_undoable, None
        if snapshot is None:
            return ""
        self._run(snapshot.undo)
        self.undo_changed.emit("")
        return str(snapshot.what)

    # --- automatic rules ------------------------------------------------------------------
    def run_daily_rules(self) -> list[int]:
        """Run the revisit rule in one transaction; emit ``changed`` only if it changed
        something. Returns the ids of customers moved back to *To contact*."""
        from mycrm.core.revisit import run_revisit_rule

        self._rules_day = self.today()
        title = QCoreApplication.translate("rules", "Plan a visit to %1")
        with session_scope(self.engine) as session:
            reset = run_revisit_rule(session=session, now=self.now(), zone=self.zone,
                                     todo_title=title)
        if reset:
            log.info("revisit rule reset %d customer(s)", len(reset))
            self.changed.emit()
        return reset

    def start_daily_rules(self, interval_ms: int = 60_000) -> None:
        """Run the rules now and again whenever the local day changes while running."""
        self.run_daily_rules()
        if self._day_timer is None:
            self._day_timer = QTimer(self)
            self._day_timer.timeout.connect(self._check_day)
        self._day_timer.start(interval_ms)

    def stop_daily_rules(self) -> None:
        if self._day_timer is not None:
            self._day_timer.stop()

    def _check_day(self) -> None:
        if self.today() != self._rules_day:
            self.run_daily_rules()


def _default_clock() -> Callable[[], datetime]:
    fake = os.environ.get(FAKE_NOW_ENV)
    if fake:
        fixed = require_aware(datetime.fromisoformat(fake))
        return lambda: fixed
    return utcnow
