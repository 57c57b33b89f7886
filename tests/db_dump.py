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
COLUMNS = {cast(str, t.__tablename__): [c.name for c in cast(Any, t).__table__.columns]
           for t in ALL_TABLES}


class Dump(dict[str, list[tuple[object, ...]]]):
    """Rows per table, and which columns they hold (``columns``)."""

    columns: dict[str, list[str]]

    def only(self, columns: Mapping[str, list[str]]) -> dict[str, list[tuple[object, ...]]]:
        """These rows over the given columns per table (those of another dump, e.g. of the
        file at another revision), for the tables both have."""
        result = {}
        for table, rows in self.items():
            if table in columns:
                keep = [self.columns[table].index(c) for c in columns[table]
                        if c in self.columns[table]]
                result[table] = [tuple(row[i] for i in keep) for row in rows]
        return result


def dump_tables(path: Path, like: Mapping[str, object] | None = None) -> Dump:
    """Every row of every table the file has, over the columns the app maps that the file
    has (a file at an earlier revision lacks the tables and columns added since) — or, given
    ``like`` (an earlier dump), of its tables and columns only: what an upgrade must have
    kept."""
    conn = sqlite3.connect(path)
    try:
        present = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        dump = Dump()
        dump.columns = {}
        earlier = getattr(like, "columns", None)
        for table in TABLES:
            if table not in present or (like is not None and table not in like):
                continue
            have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            wanted = earlier[table] if earlier and table in earlier else COLUMNS[table]
            columns = [c for c in wanted if c in have]
            dump.columns[table] = columns
            dump[table] = conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid").fetchall()
        return dump
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
