"""The application context every page receives: the database, the clock, and one
"data changed" signal that says what changed (``core.changes.Change``), so each visible
view reloads only when something it shows changed.

The context can start without its engine: the first window is painted from a plain
read-only sqlite3 connection (``read_sql``, ``core.sqlread``) and SQLAlchemy/SQLModel are
imported when the engine is first needed — just after that paint, or at once by any write
or ORM read that comes first."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from mycrm.core.changes import Change, changes_of
from mycrm.core.common.timeutil import local_today, local_zone_name, require_aware, utcnow
from mycrm.core.db import sqlread
from mycrm.ui.app.background import WriterGate

if TYPE_CHECKING:  # the ORM is imported when the engine is opened (see the module doc)
    from sqlalchemy import Engine
    from sqlmodel import Session

    from mycrm.ui.app.background import BackgroundCall, RevisitCatchUp

log = logging.getLogger(__name__)
T = TypeVar("T")

FAKE_NOW_ENV = "MYCRM_NOW"  # ISO instant for tests and reproducible screenshots


class AppContext(QObject):
    """Owns the engine; ``run`` performs one service call in one transaction and announces
    the change: ``changed(Change)`` carries the kinds of data the service declared
    (``core.changes``; undeclared = ``Change.ALL``). Pages read through ``read`` (ORM
    queries) or ``read_sql`` (plain-SQL ones) and reload on ``changed`` when it names a
    kind they show (``ui.common.reload``).

    ``engine`` None: the file at ``data_path`` is at the current schema and its
    ``quick_check`` runs in the background; the engine is opened on first use, after that
    check's verdict, and until then ``read_sql`` reads through a read-only connection."""

    changed = Signal(object)  # a core.changes.Change: the kinds of data that changed
    status = Signal(str)  # a short line for the status bar (a long background job's progress)
    catch_up_finished = Signal(list)  # the revisit catch-up is over: the ids it reset
    undo_changed = Signal(str)  # what can be undone ("record", "todo", "need", "move"), or ""

    def __init__(self, engine: Engine | None, data_path: Path, *, demo: bool = False,
                 clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self._engine = engine
        self._reader: sqlite3.Connection | None = None
        self.data_path = data_path
        self.demo = demo
        self.zone = local_zone_name()
        self._clock = clock or _default_clock()
        self._rules_day: date | None = None
        self.last_undoable: Any = None  # core.undo.Snapshot of the last undoable change
        self._undo_changes = Change.ALL  # what undoing it changes: what doing it changed
        self._day_timer: QTimer | None = None
        self._opening: BackgroundCall | None = None  # the engine being opened off-thread
        self._catch_up: RevisitCatchUp | None = None
        self.writers = WriterGate()  # the window's writes go before a worker's next batch

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        return local_today(self.now(), self.zone)

    def set_clock(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock

    # --- the database ------------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, opened (and the ORM imported) on first use — only once the
        file's background ``quick_check`` says it is sound: the engine is what writes.
        Raises ``DamagedDatabaseError`` (and stays closed) otherwise."""
        if self._engine is None and self._opening is not None:
            self._adopt(self._opening.wait())  # needed before the worker said it is done
        if self._engine is None:
            from mycrm.core.db.engine import confirm_deferred_check, open_database

            engine = open_database(self.data_path, defer_check=True)
            try:
                confirm_deferred_check(self.data_path)
            except BaseException:
                engine.dispose()
                raise
            self._engine = engine
            self.close_reader()
        return self._engine

    @property
    def engine_open(self) -> bool:
        return self._engine is not None

    def open_engine_in_background(self) -> BackgroundCall:
        """Open the engine on a worker thread — the ORM import (~0.5 s of Python), the
        mappers, the wait for the file's check verdict — so the first painted window keeps
        answering; ``finished(engine)`` (the engine is then this context's) or
        ``failed(error)`` (e.g. ``DamagedDatabaseError``: nothing was opened) follow on the
        GUI thread. Anything that needs the engine before then waits for the worker."""
        from mycrm.ui.app.background import BackgroundCall

        if self._opening is None:
            path = self.data_path
            self._opening = BackgroundCall(lambda: prepare_engine(path),
                                           name="mycrm-open", parent=self)
            self._opening.finished.connect(self._adopt)
        return self._opening

    def _adopt(self, engine: Engine) -> None:
        """The engine the worker opened becomes this context's (once; a second delivery of
        the same engine changes nothing)."""
        if self._engine is None:
            self._engine = engine
            self.close_reader()

    def replace_engine(self, engine: Engine) -> None:
        """Use ``engine`` from now on (the file was reopened, e.g. after a restore)."""
        self.close_reader()
        self._engine = engine

    def close_reader(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def dispose(self) -> None:
        """Close every connection to the file (the window and its services are gone); a
        running catch-up ends after its current batch (committed) first."""
        self.stop_daily_rules()
        if self._catch_up is not None:
            self._catch_up.cancel()
            self._catch_up.wait()
        if self._engine is None and self._opening is not None:
            try:
                self._adopt(self._opening.wait())
            except Exception:  # noqa: BLE001 — nothing was opened
                log.info("the engine was still being opened when its file was closed")
        self.close_reader()
        if self._engine is not None:
            self._engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One write transaction that holds the file's write lock from its start (``BEGIN
        IMMEDIATE``): when a worker (the revisit catch-up) commits in between, a
        transaction that read first would fail at its first write; this one waits for the
        worker's short batch instead."""
        from mycrm.core.db.engine import session_scope

        engine = self.engine
        with self.writers.window_writes(), session_scope(engine, immediate=True) as session:
            yield session

    def read(self, query: Callable[..., T], /, **kwargs: Any) -> T:
        """Run a read-only query function ``query(session, **kwargs)``."""
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
            return query(session, **kwargs)

    def read_sql(self, query: Callable[..., T], /, **kwargs: Any) -> T:
        """Run a plain-SQL read ``query(db, **kwargs)`` (``core.sqlread``): through a
        session once the engine is open, else through the read-only connection, in one
        read transaction (one consistent snapshot)."""
        if self._engine is not None:
            return self.read(query, **kwargs)
        if self._reader is None:
            self._reader = sqlread.open_reader(self.data_path)
        self._reader.execute("BEGIN")
        try:
            return query(self._reader, **kwargs)
        finally:
            self._reader.execute("ROLLBACK")

    def run(self, service: Callable[..., T], /, **kwargs: Any) -> T:
        """Call ``service(session=…, now=…, **kwargs)`` in one transaction, then emit
        ``changed`` with what the service declared it changes. Exceptions (validation
        errors included) propagate; nothing is kept. A board move can no
        longer be undone once something else changed."""
        result = self._run(service, **kwargs)
        self._forget_move()
        return result

    def announce(self, what: Change) -> None:
        """Emit ``changed(what)`` for a transaction a worker thread committed (an import),
        as ``run`` does for its own; call it on the GUI thread."""
        self.changed.emit(what)
        self._forget_move()

    def _forget_move(self) -> None:
        """A board move can no longer be undone once something else changed."""
        if getattr(self.last_undoable, "what", "") == "move":
            self.last_undoable = None
            self.undo_changed.emit("")

    def _run(self, service: Callable[..., T], /, **kwargs: Any) -> T:
        return self._run_announcing(changes_of(service), service, kwargs)

    def _run_announcing(self, what: Change, service: Callable[..., T],
                        kwargs: dict[str, Any]) -> T:
        """Run ``service`` in one transaction; once committed, emit ``changed(what)``."""
        with self.session() as session:
            result = service(session=session, now=self.now(), **kwargs)
        self.changed.emit(what)
        return result

    # --- undo --------------------------------------------------------------------------------
    def undoable(self, service: Callable[..., Any], /, **kwargs: Any) -> Any:
        """Run a service that returns an undo record (``core.undo.Snapshot`` of a delete,
        ``core.customers.MoveUndo`` of a board move); keep it for ``undo``, which changes
        the same kinds of data as the service did."""
        snapshot = self._run(service, **kwargs)
        self.last_undoable = snapshot
        self._undo_changes = changes_of(service)
        self.undo_changed.emit(getattr(snapshot, "what", ""))
        return snapshot

    def undo(self) -> str:
        """Undo the last undoable change; returns what was undone ("" if nothing)."""
        snapshot, self.last_undoable = self.last_undoable, None
        if snapshot is None:
            return ""
        self._run_announcing(self._undo_changes, snapshot.undo, {})
        self.undo_changed.emit("")
        return str(snapshot.what)

    # --- automatic rules ------------------------------------------------------------------
    def run_daily_rules(self) -> list[int]:
        """Run the revisit rule now, on this thread, in one transaction; emit ``changed``
        (with what the rule declares it changes) only if it changed something. Returns the
        ids of customers moved back to *To contact*. The app itself runs the rule off the
        GUI thread (``start_daily_rules``); this is the same rule, all at once."""
        from mycrm.core.customers.revisit import run_revisit_rule

        self._rules_day = self.today()
        with self.session() as session:
            reset = run_revisit_rule(session=session, now=self.now(), zone=self.zone,
                                     todo_title=_revisit_title())
        if reset:
            log.info("revisit rule reset %d customer(s)", len(reset))
            self.changed.emit(changes_of(run_revisit_rule))
        return reset

    def start_daily_rules(self, interval_ms: int = 60_000) -> None:
        """Run the rules now and again whenever the local day changes while running — each
        time on a worker thread (``catch_up``): after weeks away thousands of customers may
        be due at once."""
        self.catch_up()
        if self._day_timer is None:
            self._day_timer = QTimer(self)
            self._day_timer.timeout.connect(self._check_day)
        self._day_timer.start(interval_ms)

    def stop_daily_rules(self) -> None:
        if self._day_timer is not None:
            self._day_timer.stop()

    @property
    def catching_up(self) -> bool:
        """Whether the revisit rule is running on its worker thread right now."""
        return self._catch_up is not None and self._catch_up.running

    def catch_up(self) -> RevisitCatchUp | None:
        """Start the revisit rule on a worker thread (``background.RevisitCatchUp``): its
        own connection, one short transaction per batch, so the window answers and its
        writes get through meanwhile. Each committed batch that reset someone says so on the
        ``status`` line; ``changed`` comes once, at the end (a page reload per batch would
        cost the window more than the batch). None when one already runs (it reads every
        batch afresh, so it also covers the new day)."""
        from mycrm.core.customers.revisit import run_revisit_batch
        from mycrm.ui.app.background import RevisitCatchUp

        if self.catching_up:
            return None
        self._rules_day = self.today()
        self.engine  # noqa: B018 — opened (the file confirmed sound) before anything writes
        job = RevisitCatchUp(self.data_path, now=self.now(), zone=self.zone,
                             todo_title=_revisit_title(), gate=self.writers, parent=self)
        what = changes_of(run_revisit_batch)

        def batch_done(_ids: list[int]) -> None:
            self.status.emit(QCoreApplication.translate(
                "rules", "Moving customers due for a revisit back to To contact: %n so far…",
                "", len(job.reset)))

        def finished(reset: list[int]) -> None:
            if reset:
                log.info("revisit rule reset %d customer(s)", len(reset))
                self.changed.emit(what)
                self.status.emit(QCoreApplication.translate(
                    "rules", "%n customer(s) due for a revisit moved back to To contact.",
                    "", len(reset)))
            self.catch_up_finished.emit(reset)

        def failed(error: BaseException) -> None:
            log.error("the revisit rule failed; it runs again at the next start or day",
                      exc_info=error)
            if job.reset:  # the batches committed before the failure are kept
                self.changed.emit(what)
            self.catch_up_finished.emit(list(job.reset))

        job.batch_done.connect(batch_done)
        job.finished.connect(finished)
        job.failed.connect(failed)
        self._catch_up = job
        job.start()
        return job

    def _check_day(self) -> None:
        if self.today() != self._rules_day:
            self.catch_up()


def _revisit_title() -> str:
    """The generated to-do's title, translated, with %1 for the customer's name."""
    return QCoreApplication.translate("rules", "Plan a visit to %1")


def prepare_engine(data_path: Path) -> Engine:
    """On a worker thread: import the ORM and the services the start needs, configure the
    mappers, then open the file's engine once its check says it is sound (raises its
    ``DatabaseError`` otherwise, nothing opened). What the GUI thread then imports is
    already loaded."""
    import importlib

    from sqlalchemy.orm import configure_mappers

    from mycrm.core.db.engine import confirm_deferred_check, open_database

    for module in (*WARM_MODULES, *WARM_UI_MODULES):
        importlib.import_module(module)
    configure_mappers()
    engine = open_database(data_path, defer_check=True)
    try:
        confirm_deferred_check(data_path)
    except BaseException:
        engine.dispose()
        raise
    return engine


def warm_first_showings(engine: Engine, *, now: datetime, zone: str) -> None:
    """On a worker thread once the engine is open: the reads each page makes when it is
    first shown, their rows dropped — so SQLAlchemy compiles their statements here (its
    cache of compiled SQL, which holds no data) instead of on the GUI thread when the user
    first opens the page (~50 ms of the calendar's first showing at stress). A read that
    fails here is only logged: the page reads again when shown."""
    from datetime import timedelta

    from sqlmodel import Session

    from mycrm.core.calendar.days import day_counts, items_per_day
    from mycrm.core.customers.board import board_columns
    from mycrm.core.customers.table import (
        customer_table,
        customer_table_count,
        customer_table_start,
    )
    from mycrm.core.db.models import State
    from mycrm.core.records.needs import count_needs, list_needs
    from mycrm.core.search import find_customers
    from mycrm.core.todos.lists import first_showing_reads as todos_first_showing

    today = local_today(now, zone)
    columns = {state.value: 30 for state in State}
    reads: list[Callable[[Session], object]] = [
        lambda s: board_columns(s, columns),
        # the statements of the palette's and the customers' filters that the GUI thread
        # runs differ by the terms' kind: one character (the palette's name scan), a CJK
        # pair, a longer word (the full-text index). The board's, the to-dos' and the
        # customers' scanning filters read on workers: not here.
        *(lambda s, term=term: find_customers(s, term, limit=30, include_inactive=False)
          for term in ("智", "Nor")),
        *(lambda s, term=term: customer_table_start(s, search=term, include_inactive=False,
                                                    zone=zone, limit=50)
          for term in ("智联", "Nor")),
        lambda s: day_counts(s, start=today - timedelta(days=35), end=today + timedelta(days=6),
                             zone=zone, now=now),
        lambda s: items_per_day(s, start=today, end=today, zone=zone, now=now, per_day=30),
        lambda s: items_per_day(s, start=today, end=today + timedelta(days=6), zone=zone,
                                now=now, per_day=8),
        lambda s: (customer_table(s, include_inactive=False, zone=zone, limit=50),
                   customer_table_count(s, include_inactive=False)),
        lambda s: todos_first_showing(s, now=now, zone=zone),
        lambda s: (list_needs(s, status="open", limit=50), count_needs(s, status="open")),
    ]
    for read in reads:
        try:
            with Session(engine) as session:
                read(session)
        except Exception:  # noqa: BLE001 — a warm-up only; the page reads for itself
            log.debug("warming a page's statements failed", exc_info=True)


# Core modules the services started after the first paint and the pages first shown
# later import (no Qt in any of them): imported here, the GUI thread finds them loaded.
WARM_MODULES = (
    "mycrm.core.db.models",
    "mycrm.core.db.backup",
    "mycrm.core.customers.revisit",
    "mycrm.core.customers.services",
    "mycrm.core.customers.board",
    "mycrm.core.customers.table",
    "mycrm.core.calendar.days",
    "mycrm.core.records.needs",
    "mycrm.core.search",
    "mycrm.core.todos.lists",
    "mycrm.core.todos.reminders",
    "mycrm.core.records.services",
)


# The services' Qt modules (the reminders, the phone's controller, the single-instance
# server), which the start imports on the GUI thread just after the engine: classes and
# value constants at their top level, no QObject made at import, so any thread may import
# them.
WARM_UI_MODULES = (
    "PySide6.QtNetwork",  # the single-instance server, served once the engine is open
    "mycrm.ui.reminders.driver",
    "mycrm.ui.reminders.notifier",
    "mycrm.ui.reminders.tray",
    "mycrm.ui.reminders.missed_dialog",
    "mycrm.ui.companion.controller",
)


def _default_clock() -> Callable[[], datetime]:
    fake = os.environ.get(FAKE_NOW_ENV)
    if fake:
        fixed = require_aware(datetime.fromisoformat(fake))
        return lambda: fixed
    return utcnow
