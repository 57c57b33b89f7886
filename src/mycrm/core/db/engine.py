"""Opening the data file: engine with safe pragmas, schema checks, migrations.

Every connection gets WAL, ``synchronous=FULL``, foreign keys and a busy timeout. The file
and its backups are readable by the user alone. A database written by a newer version of the
app is refused rather than damaged.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlmodel import Session

from mycrm.core.db.data_path import check_data_path
from mycrm.core.db.integrity import (  # noqa: F401 — the errors and the check, named here too
    SQLITE_MAGIC,
    DamagedDatabaseError,
    DatabaseError,
    EmptyFileWithBackupError,
    FutureSchemaError,
    NotADatabaseError,
    confirm_deferred_check,
    confirm_sound,
    is_prefetched,
)
from mycrm.core.db.ownership import FileKind, classify
from mycrm.core.db.sqlread import (  # noqa: F401 — KNOWN_REVISIONS named here too
    BUSY_TIMEOUT_MS,
    HEAD_REVISION,
    KNOWN_REVISIONS,
    schema_revision,
)

if TYPE_CHECKING:
    from alembic.config import Config


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling would defer BEGIN; let SQLAlchemy emit it.
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()
    dbapi_connection.create_function(CASEFOLD_SQL, 1, _casefold, deterministic=True)


CASEFOLD_SQL = "mycrm_casefold"  # SQL: Python's full Unicode case folding (LIKE folds ASCII)


def _casefold(text: object) -> str | None:
    return text.casefold() if isinstance(text, str) else None


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_pragmas)
    return engine


def defer_checkpoints(engine: Engine) -> None:
    """Leave copying the WAL into the data file to :func:`checkpoint` (a worker's job)
    rather than to the commit that crosses SQLite's threshold of 1,000 pages: that commit
    would copy them first — about 0.2 s on a large file, the window frozen meanwhile when
    the window wrote it. The WAL keeps every commit durable either way (``synchronous =
    FULL``); whoever runs these connections must call :func:`checkpoint` now and then."""

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if not record.info.get("checkpoints_deferred"):
            dbapi_connection.execute("PRAGMA wal_autocheckpoint = 0")
            record.info["checkpoints_deferred"] = True

    event.listen(engine, "checkout", checkout)


def checkpoint(path: Path) -> tuple[int, int, int]:
    """Copy what the WAL holds into the data file, on a connection of its own, without
    blocking readers or writers (``PASSIVE``: it stops at a page a reader still needs and
    the next call goes on). Returns SQLite's (busy, pages in the WAL, pages copied)."""
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        busy, in_log, copied = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return int(busy), int(in_log), int(copied)
    finally:
        db.close()


def _alembic_config() -> tuple[Config, Path]:
    from alembic.config import Config

    script_location = Path(str(resources.files("mycrm.core.db") / "migrations"))
    config = Config()
    config.set_main_option("script_location", str(script_location))
    return config, script_location


def head_revision() -> str:
    return HEAD_REVISION


def current_revision(engine: Engine) -> str | None:
    """The schema revision recorded in the file, or None for a new (empty) database."""
    with engine.connect() as conn:
        driver = conn.connection.driver_connection
        assert driver is not None
        return schema_revision(driver)


def _check_existing_file(path: Path, *, deferred: bool = False) -> None:
    """Refuse files that are not SQLite or fail ``quick_check``, without writing to them.

    ``deferred``: the background check (``integrity.prefetch_integrity_check``) read the
    header when the app started and gives its verdict later. The header is not read again
    then: connections to the file may be open in this process by now (the first window's
    reader), and closing any descriptor of a file drops every POSIX lock the process holds
    on it — SQLite's included ("How To Corrupt An SQLite Database File", 2.2)."""
    if deferred or not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as f:
        if f.read(16) != SQLITE_MAGIC:
            raise NotADatabaseError(f"{path} is not a mycrm database file.")
    confirm_sound(path)


def _existing_kind(path: Path) -> FileKind | None:
    """What the file at ``path`` is (None: there is none); raises for a file that must not
    be set up or migrated (``ownership.classify``, ``EmptyFileWithBackupError``)."""
    if not path.exists():
        return None
    if path.stat().st_size > 0:
        return classify(path)
    if _has_good_backup(path):
        raise EmptyFileWithBackupError(
            f"{path} is empty (0 bytes) while a good backup of it exists.")
    return FileKind.NEW


def _has_good_backup(path: Path) -> bool:
    from mycrm.core.db.backup import newest_good_backup
    from mycrm.core.db.paths import backup_dir

    return newest_good_backup(backup_dir(path)) is not None


def _create_private_file(path: Path) -> None:
    """A new data file, 0600 from its first byte (in its folder, made 0700 if missing)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    config, _ = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def open_database(path: Path, *, migrate: bool = True, defer_check: bool = False,
                  before_migration: Callable[[str], None] | None = None) -> Engine:
    """Open (creating if needed) the data file at ``path`` and bring it to the head schema.

    Raises a ``DatabaseError`` subclass, with a plain-language message, when the file is not
    a database, is damaged, or was written by a newer version of mycrm. The file is never
    modified in those cases.

    ``defer_check``: when ``quick_check`` of this file already runs in the background
    (``integrity.prefetch_integrity_check``) and the schema is current — nothing to write —
    return without waiting for its verdict, so the caller can read (build its window) while
    a large file is checked. The caller must then call ``confirm_deferred_check(path)``
    before it writes, and treat a read error before that as a possibly damaged file.

    ``before_migration(revision)``: called once, just before an existing file at an older
    ``revision`` is backed up and migrated (seconds on a very large file), so a window can
    say what is happening. Not called for a new or current file.
    """
    path = Path(path)
    check_data_path(path)
    deferred = defer_check and is_prefetched(path)
    _check_existing_file(path, deferred=deferred)
    try:
        existed = _existing_kind(path) is FileKind.OURS
    except sqlite3.DatabaseError:
        if deferred:
            confirm_sound(path)  # a damaged file explains the error
        raise
    if not path.exists():
        _create_private_file(path)
    engine = make_engine(path)
    try:
        current = current_revision(engine)
    except (SQLAlchemyDatabaseError, sqlite3.DatabaseError):
        engine.dispose()
        if deferred:
            confirm_sound(path)  # a damaged file explains the error
        raise
    if migrate and current != HEAD_REVISION:
        if deferred:  # a migration writes: the verdict first
            try:
                confirm_sound(path)
            except DamagedDatabaseError:
                engine.dispose()
                raise
        if existed and current is not None:
            from mycrm.core.db.backup import backup_database

            if before_migration is not None:
                before_migration(current)
            backup_database(engine, path.parent / "backups", reason=f"pre-migration-{current}")
        upgrade(engine)
    return engine


@contextmanager
def session_scope(engine: Engine, *, immediate: bool = False) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any exception.

    ``immediate``: the transaction takes SQLite's write lock when it begins (``BEGIN
    IMMEDIATE``), before its first read. Why: a deferred transaction that read and then
    writes fails at once ("database is locked", no busy wait) when another connection
    committed in between — which a worker writing in batches (the revisit catch-up) does
    all the time. An immediate one waits (``busy_timeout``) for the other writer instead,
    and what it reads is what it writes on."""
    with Session(engine, expire_on_commit=False) as session:
        if immediate:
            event.listen(session, "after_begin", _begin_immediate)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def _begin_immediate(_session: Session, _transaction: Any, connection: Any) -> None:
    """The session's transaction has begun on ``connection`` (no statement sent yet):
    open SQLite's as ``BEGIN IMMEDIATE``; pysqlite then issues no ``BEGIN`` of its own, and
    the session's commit or rollback ends it."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")
