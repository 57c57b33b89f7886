"""Files that are not mycrm's, a file from a newer mycrm, and an empty file with a backup:
refused in plain words, every byte left as it was."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mycrm.app import main
from mycrm.core.db.backup import backup_database
from mycrm.core.db.engine import (
    EmptyFileWithBackupError,
    FutureSchemaError,
    NotADatabaseError,
    open_database,
    session_scope,
)

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def other_programs_file(path: Path, *, alembic: str | None = None) -> None:
    """Another program's SQLite file (rollback journal, as most programs leave theirs)."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipe (id INTEGER PRIMARY KEY, title TEXT)")
    conn.executemany("INSERT INTO recipe (title) VALUES (?)", [(f"Soup {i}",) for i in range(50)])
    if alembic is not None:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("INSERT INTO alembic_version VALUES (?)", (alembic,))
    conn.commit()
    conn.close()


def newer_mycrm_file(path: Path) -> None:
    """A mycrm file whose schema is newer than this version's, in rollback-journal mode (a
    backup restored by hand looks like this)."""
    open_database(path).dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("alembic", [None, "ae1027a6acf"])
def test_another_programs_database_is_refused_and_untouched(tmp_path: Path,
                                                            alembic: str | None) -> None:
    path = tmp_path / "recipes.sqlite"
    other_programs_file(path, alembic=alembic)
    before = digest(path)
    with pytest.raises(NotADatabaseError, match="not a mycrm"):
        open_database(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["recipes.sqlite"]


def test_command_line_refuses_another_programs_database(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "recipes.sqlite"
    other_programs_file(path, alembic="ae1027a6acf")
    before = digest(path)
    assert main(["--data", str(path), "export", "--json", str(tmp_path / "o.json")]) == 2
    err = capsys.readouterr().err
    assert "is not a mycrm data file" in err and "has not changed this file" in err
    assert "newer version" not in err and "Traceback" not in err
    assert digest(path) == before


def test_a_file_from_a_newer_mycrm_is_not_changed_on_open(tmp_path: Path) -> None:
    path = tmp_path / "mycrm.sqlite"
    newer_mycrm_file(path)
    before = digest(path)
    with pytest.raises(FutureSchemaError, match="newer version"):
        open_database(path)
    assert digest(path) == before  # not even the header's journal mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mycrm.sqlite"]


def test_an_empty_sqlite_file_is_still_set_up_as_new(tmp_path: Path) -> None:
    """A database with no tables at all (``sqlite3 new.sqlite 'VACUUM'``) is a new file."""
    path = tmp_path / "new.sqlite"
    sqlite3.connect(path).execute("VACUUM").connection.close()
    engine = open_database(path)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM customer").scalar() == 0
    engine.dispose()


def _file_with_a_backup(path: Path) -> None:
    from mycrm.core.customers.services import CustomerInput, create_customer

    engine = open_database(path)
    with session_scope(engine) as s:
        create_customer(session=s, now=NOW, data=CustomerInput(name="Saved Ltd"))
    backup_database(engine, path.parent / "backups", reason="auto", now=NOW)
    engine.dispose()


def test_a_zero_byte_file_with_a_backup_is_not_started_over(tmp_path: Path) -> None:
    path = tmp_path / "mycrm.sqlite"
    _file_with_a_backup(path)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.write_bytes(b"")
    with pytest.raises(EmptyFileWithBackupError):
        open_database(path)
    assert path.read_bytes() == b""


def test_a_zero_byte_file_offers_its_backup(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from mycrm.ui.app.recovery import open_with_recovery, restore_newest_backup

    path = tmp_path / "mycrm.sqlite"
    _file_with_a_backup(path)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.write_bytes(b"")
    assert open_with_recovery(path, interactive=False) is None
    err = capsys.readouterr().err
    assert "is empty" in err and "The newest good backup is from" in err
    assert path.read_bytes() == b""
    restore_newest_backup(path, NOW)
    engine = open_database(path)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM customer").scalars().all() == ["Saved Ltd"]
    engine.dispose()


def test_a_zero_byte_file_without_a_backup_is_set_up_as_new(tmp_path: Path) -> None:
    path = tmp_path / "mycrm.sqlite"
    path.write_bytes(b"")
    open_database(path).dispose()
    assert path.stat().st_size > 0
