"""Migration test helpers: a data file at an earlier schema revision, a downgrade, and every
row of a file's tables read with plain sqlite3 — what a migration test compares before and
after an upgrade or downgrade."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from alembic import command
from sqlalchemy import Engine

from mycrm.core.db import engine as db
from mycrm.core.db.models import ALL_TABLES

TABLES = [cast(str, t.__tablename__) for t in ALL_TABLES]
# What the app stores: the mapped columns (not the totals the database derives by trigger).
COLUMNS = {cast(str, t.__tablename__): ", ".join(c.name for c in cast(Any, t).__table__.columns)
           for t in ALL_TABLES}


def dump_tables(path: Path, like: Mapping[str, object] | None = None
                ) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table the file has (a file at an earlier revision lacks the
    tables added since) — or of the tables of ``like`` only, an earlier dump: what an
    upgrade must have kept."""
    conn = sqlite3.connect(path)
    try:
        present = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {t: conn.execute(f"SELECT {COLUMNS[t]} FROM {t} ORDER BY rowid").fetchall()
                for t in TABLES if t in present and (like is None or t in like)}
    finally:
        conn.close()


def engine_at(path: Path, revision: str) -> Engine:
    """A new data file at ``path`` with the schema of ``revision`` (as an earlier version of
    mycrm made it), open without migrating further."""
    engine = db.make_engine(path)
    db.upgrade(engine, revision)
    return engine


def downgrade(engine: Engine, revision: str) -> None:
    config, _ = db._alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
