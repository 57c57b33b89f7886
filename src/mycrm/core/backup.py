"""Backups through SQLite's online backup API (a file copy would miss commits in the WAL)."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine


def backup_database(engine: Engine, directory: Path, *, reason: str = "manual") -> Path:
    """Write a consistent snapshot of ``engine``'s database into ``directory``; return its path.

    The snapshot is verified with ``integrity_check``; a bad one is removed and raises.
    """
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = directory / f"mycrm-{stamp}-{reason}.sqlite"
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    raw = engine.raw_connection()
    try:
        source: sqlite3.Connection = raw.driver_connection  # type: ignore[assignment]
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
            ok = dest.execute("PRAGMA integrity_check").fetchone()
        finally:
            dest.close()
    finally:
        raw.close()
    if ok is None or ok[0] != "ok":
        target.unlink(missing_ok=True)
        raise OSError(f"backup {target} failed its integrity check")
    return target
