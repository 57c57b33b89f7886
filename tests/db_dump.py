"""Every row of a data file's tables, read with plain sqlite3 — what a migration test compares
before and after an upgrade or downgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from mycrm.core.models import ALL_TABLES

TABLES = [t.__tablename__ for t in ALL_TABLES]


def dump_tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
    finally:
        conn.close()
