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
    reopened = open_with_recovery(path, interactive=False)
    assert reopened is not None
    with reopened.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM customer").scalars().all() == ["Saved"]
    reopened.dispose()
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


def _screenshot_run(path: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MYCRM_NO_EXCEPTHOOK": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mycrm", "--data", str(path), "--screenshot", str(out)],
        capture_output=True, text=True, env=env, timeout=120)


def test_screenshot_mode_names_the_newest_good_backup(tmp_path: Path) -> None:
    """The same careful explanation as the window's dialog: the backup it would offer."""
    path = tmp_path / "mycrm.sqlite"
    good_file(path, ("Saved",))
    engine = open_database(path)
    backup_database(engine, tmp_path / "backups", reason="auto", now=NOW)
    engine.dispose()
    random_page(path)
    before = digest(path)
    run = _screenshot_run(path, tmp_path / "out.png")
    assert run.returncode == 2
    assert "damaged" in run.stderr and "has not changed this file" in run.stderr
    stamp = NOW.astimezone().strftime("%Y-%m-%d %H:%M")
    assert f"The newest good backup is from {stamp}" in run.stderr
    assert "Traceback" not in run.stderr
    assert digest(path) == before
    assert not (tmp_path / "out.png").exists()


def test_a_folder_out_of_reach_is_explained_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    run = _screenshot_run(blocker / "mycrm.sqlite", tmp_path / "out.png")
    assert run.returncode == 2
    assert "cannot be opened" in run.stderr and "has not changed this file" in run.stderr
    assert "There is no backup to restore." in run.stderr
    assert "Traceback" not in run.stderr
    assert blocker.read_text(encoding="utf-8") == "a file where the data folder should be"


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_command_line_explains_like_the_window(damage: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from mycrm.app import main

    path = tmp_path / "mycrm.sqlite"
    DAMAGES[damage](path)
    before = digest(path)
    assert main(["--data", str(path), "export", "--json", str(tmp_path / "out.json")]) == 2
    err = capsys.readouterr().err
    assert MESSAGES[damage] in err and "has not changed this file" in err
    assert "There is no backup to restore." in err and "Traceback" not in err
    assert main(["--data", str(path), "check"]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("NOT OK: ") and MESSAGES[damage] in captured.err
    assert digest(path) == before
    assert not (tmp_path / "out.json").exists()


def test_the_dialog_offers_the_newest_backup_and_restores_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object) -> None:
    """The interactive answer: the plain words, the backup offered; choosing it keeps the
    damaged bytes aside and opens the restored file."""
    from PySide6.QtWidgets import QMessageBox

    from mycrm.core.db.integrity import DamagedDatabaseError
    from mycrm.ui.app.recovery import explain_failure

    path = tmp_path / "mycrm.sqlite"
    good_file(path, ("Saved",))
    engine = open_database(path)
    backup_database(engine, tmp_path / "backups", reason="auto", now=NOW)
    engine.dispose()
    random_page(path)
    before = digest(path)
    seen: list[tuple[str, str]] = []

    def choose_restore(box: QMessageBox) -> int:
        seen.append((box.text(), box.informativeText()))
        next(b for b in box.buttons() if b.text() == "Restore newest backup").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_restore)
    restored = explain_failure(DamagedDatabaseError("page 3"), path, interactive=True)
    assert restored is not None
    text, offer = seen[0]
    assert "is damaged" in text and "has not changed this file" in text
    assert offer.startswith("The newest good backup is from")
    with restored.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM customer").scalars().all() == ["Saved"]
    restored.dispose()
    aside = [p for p in tmp_path.iterdir()
             if ".damaged-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert [digest(p) for p in aside] == [before]  # the damaged bytes, kept beside it
