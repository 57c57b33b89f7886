"""Plain-SQL reads over a DB-API connection, for the queries the first window needs.

The Home page's queries (``dashboard``, ``goal_progress``, ``settings.get_setting``) are
written in SQL and take ``db``: either an ORM ``Session`` — they then run on its connection,
inside its transaction, and see what it has flushed — or a bare ``sqlite3.Connection``.
The second is how the app paints its first window before SQLAlchemy and SQLModel are
imported (about 0.3 s, longer than everything else start-up does): ``open_reader`` opens
the data file read-only for that, and the ORM is loaded once the window is on screen.

Values cross in SQLAlchemy's SQLite storage formats, the ones the ORM writes: instants as
naive UTC ``YYYY-MM-DD HH:MM:SS.ffffff`` (what ``models.UTCDateTime`` stores), calendar dates
as ``YYYY-MM-DD``. Comparing a column with a parameter written the same way keeps SQLite's
text comparison equal to time order, and the indexes usable.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

from mycrm.core.common.timeutil import require_aware
from mycrm.core.db.integrity import is_prefetched

BUSY_TIMEOUT_MS = 5000
# The schema revisions this version ships, oldest first (a test checks them against the
# migration scripts): a start-up at the current schema need not load Alembic to know it.
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009")
HEAD_REVISION = KNOWN_REVISIONS[-1]


Parameters = Sequence[Any] | Mapping[str, Any]  # ``?`` or ``:name`` placeholders


class Rows(Protocol):
    def fetchall(self) -> list[Any]: ...
    def fetchone(self) -> Any: ...


class Connection(Protocol):
    """What the queries use of a DB-API connection (``sqlite3.Connection`` has it)."""

    def execute(self, sql: str, parameters: Parameters = ..., /) -> Rows: ...


def connection_of(db: Any) -> Connection:
    """The DB-API connection behind ``db``: a ``Session``'s own — flushed first, as the
    ORM's own queries autoflush, so the SQL sees the session's pending changes in its
    transaction — or ``db`` itself when it is already a connection."""
    if isinstance(db, sqlite3.Connection) or not callable(getattr(db, "connection", None)):
        return db
    if db.autoflush:
        db.flush()
    driver = db.connection().connection.driver_connection
    assert driver is not None
    return driver


def rows(db: Any, sql: str, parameters: Parameters = ()) -> list[Any]:
    return connection_of(db).execute(sql, parameters).fetchall()


def one(db: Any, sql: str, parameters: Parameters = ()) -> Any:
    """The first row of ``sql`` (None when there is none)."""
    return connection_of(db).execute(sql, parameters).fetchone()


# --- values -------------------------------------------------------------------------------
def instant(value: datetime) -> str:
    """An aware instant as the ORM stores it (naive UTC text)."""
    return require_aware(value).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def day(value: date) -> str:
    return value.isoformat()


def to_instant(value: str | None) -> datetime | None:
    """A stored instant back as an aware UTC datetime."""
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


def to_day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


# --- the file, before the ORM ----------------------------------------------------------------
def open_reader(path: Path) -> sqlite3.Connection:
    """A read-only connection to the data file (``query_only``: a write raises). In WAL
    mode it reads alongside the app's writing connections; a read between ``BEGIN`` and
    ``ROLLBACK`` (``ui.context.AppContext.read_sql``) sees one consistent snapshot."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA query_only = ON")
    return conn


def reader_if_current(path: Path) -> sqlite3.Connection | None:
    """A reader on ``path`` when it can be shown before the ORM is loaded: an existing
    SQLite file at the current schema whose ``quick_check`` already runs in the background
    (``integrity.prefetch_integrity_check``; its verdict is taken before anything is
    written). None for anything else — new, older or newer schema, not SQLite, unreadable —
    which ``db.open_database`` opens the careful way (create, migrate, refuse, explain)."""
    if not is_prefetched(path):  # it is only for a file that starts as SQLite files do
        return None
    # The header is not read with plain file I/O here: the background check has a
    # connection open, and closing a descriptor of the file would drop its locks
    # (``db._check_existing_file``).
    try:
        conn = open_reader(path)
    except sqlite3.Error:
        return None
    try:
        if schema_revision(conn) == HEAD_REVISION:
            return conn
    except sqlite3.Error:
        pass
    conn.close()
    return None


def schema_revision(conn: Connection) -> str | None:
    """The schema revision recorded in the file (None: no ``alembic_version`` table)."""
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return None if row is None else str(row[0])
