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

from PySide6.QtCore import QObject, Signal
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

    def __init__(self, engine: Engine, data_path: Path, *, demo: bool = False,
                 clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.engine = engine
        self.data_path = data_path
        self.demo = demo
        self.zone = local_zone_name()
        self._clock = clock or _default_clock()

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
        ``changed``. Exceptions (validation errors included) propagate; nothing is kept."""
        with session_scope(self.engine) as session:
            result = service(session=session, now=self.now(), **kwargs)
        self.changed.emit()
        return result


def _default_clock() -> Callable[[], datetime]:
    fake = os.environ.get(FAKE_NOW_ENV)
    if fake:
        fixed = require_aware(datetime.fromisoformat(fake))
        return lambda: fixed
    return utcnow
