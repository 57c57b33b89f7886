"""Whose file is this? Decided on a read-only connection before anything is written.

Only a file that does not exist, is 0 bytes with no backup beside it, or is a SQLite file
with no tables at all (nothing in it to lose — e.g. a start that was killed between
creating the file and writing its schema) may be set up as a new mycrm file. Anything else
must be a mycrm file: its ``alembic_version`` names a revision this version ships, or a
newer one *and* mycrm's own tables are there (a newer mycrm). A file with other tables —
with or without an ``alembic_version`` of its own (another program using Alembic) — is
another program's file and is refused, byte-identical.

Standard library only: this runs before SQLAlchemy is used on the file, so that not even
the engine's ``journal_mode = WAL`` reaches a file that is refused.
"""

from __future__ import annotations

import sqlite3
from enum import Enum
from pathlib import Path

from mycrm.core.db.integrity import FutureSchemaError, NotADatabaseError
from mycrm.core.db.sqlread import BUSY_TIMEOUT_MS, KNOWN_REVISIONS, schema_revision

# Tables every mycrm schema since 0001 has: a newer mycrm keeps them.
MYCRM_TABLES = frozenset({"customer", "contact", "todo", "setting"})


class FileKind(Enum):
    NEW = "new"  # no tables: set up the schema
    OURS = "ours"  # a mycrm file at a revision this version knows


def _tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return {str(name) for (name,) in rows}


def classify(path: Path) -> FileKind:
    """What ``path`` (an existing SQLite file that passed its check) is. Raises
    ``NotADatabaseError`` for another program's file and ``FutureSchemaError`` for a file
    of a newer mycrm; opens the file read-only (``mode=ro``), so nothing is written."""
    conn = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True,
                           timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        tables = _tables(conn)
        revision = schema_revision(conn) if "alembic_version" in tables else None
    finally:
        conn.close()
    if not tables:
        return FileKind.NEW
    ours = tables >= MYCRM_TABLES
    if revision in KNOWN_REVISIONS and ours:
        return FileKind.OURS
    if revision is not None and ours:
        raise FutureSchemaError(
            f"{path} was written by a newer version of mycrm (schema {revision}). "
            "Update mycrm to open it.")
    raise NotADatabaseError(f"{path} is not a mycrm data file: it belongs to another program.")
