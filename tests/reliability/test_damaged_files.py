"""Damaged data files: explained in plain words, never modified; recovery keeps the bytes."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.backup import backup_database
from mycrm.core.db.engine import open_database, session_scope

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
SRC = Path(__file__).resolve().parents[2] / "src"


def good_file(path: Path, names: tuple[str, ...] = ("Alpha",)) -> None:
    engine = open_database(path)
    with session_scope(engine) as s:
        for name in names:
            create_customer(session=s, now=NOW, data=CustomerInput(name=name))
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


def truncated(path: Path) -> None:
    good_file(path, tuple(f"C{i}" for i in range(300)))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


def random_page(path: Path) -> None:
    good_file(path, tuple(f"C{i}" for i in range(300)))
    data = bytearray(path.read_bytes())
    rng = random.Random(5)
    start = 4096 * 2
    data[start:start + 4096] = bytes(rng.getrandbits(8) for _ in range(4096))
    path.write_bytes(bytes(data))


def text_file(path: Path) -> None:
    path.write_text("客户名称,联系人\n华为,张三\n", encoding="utf-8")


def future_revision(path: Path) -> None:
    good_file(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


DAMAGES = {"truncated": truncated, "random_page": random_page, "text_file": text_file,
           "future_revision": future_revision}
MESSAGES = {"truncated": "damaged", "random_page": "damaged", "text_file": "not a mycrm data file",
            "future_revision": "newer version of mycrm"}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_open_with_recovery_explains_and_leaves_file(damage: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from mycrm.ui.app.recovery import open_with_recovery

    path = tmp_path / "mycrm.sqlite"
    DAMAGES[damage](path)
    before = digest(path)
    assert open_with_recovery(path, interactive=False) is None
    err = capsys.readouterr().err
    assert MESSAGES[damage] in err and "has not changed this file" in err
    assert "Traceback" not in err
    assert digest(path) == before
    # Only SQLite's own -wal/-shm companions may appear beside it (read-only check).
    assert {p.name for p in tmp_path.iterdir()} <= {
        "mycrm.sqlite", "mycrm.sqlite-wal", "mycrm.sqlite-shm"}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_restore_newest_backup_keeps_damaged_bytes_aside(damage: str, tmp_path: Path) -> None:
    from mycrm.ui.app.recovery import open_with_recovery, restore_newest_backup

    path = tmp_path / "mycrm.sqlite"
    good = tmp_path / "good.sqlite"
    good_file(good, ("Saved",))
    engine = open_database(good)
    backup_database(engine, tmp_path / "backups", reason="auto", now=NOW)
    engine.dispose()
    DAMAGES[damage](path)
    before = digest(path)
    restored, aside = restore_newest_backup(path, NOW)
    assert aside.name == "mycrm.sqlite.damaged-20261122T093000Z"
    assert digest(aside) == before  # the damaged file's bytes, untouched
    engine = open_with_recovery(path, interactive=False)
    assert engine is not None
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM customer").scalars().all() == ["Saved"]
    engine.dispose()
    assert restored.parent == tmp_path / "backups"


def test_no_backup_means_nothing_renamed(tmp_path: Path) -> None:
    from mycrm.core.db.backup import BackupError
    from mycrm.ui.app.recovery import restore_newest_backup

    path = tmp_path / "mycrm.sqlite"
    text_file(path)
    with pytest.raises(BackupError):
        restore_newest_backup(path, NOW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mycrm.sqlite"]


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_app_in_screenshot_mode_exits_with_message(damage: str, tmp_path: Path) -> None:
    path = tmp_path / "mycrm.sqlite"
    DAMAGES[damage](path)
    before = digest(path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MYCRM_NO_EXCEPTHOOK": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "mycrm", "--data", str(path), "--screenshot",
         str(tmp_path / "out.png")], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode != 0
    assert MESSAGES[damage] in run.stderr and "Traceback" not in run.stderr
    assert digest(path) == before
    assert not (tmp_path / "out.png").exists()
