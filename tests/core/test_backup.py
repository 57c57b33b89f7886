"""Backups: thinning, consistent snapshots under concurrent writes, listing, restore."""

from __future__ import annotations

import os
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mycrm.core.customers.services import ContactInput, CustomerInput, create_customer
from mycrm.core.db.backup import (
    BackupError,
    KeepPolicy,
    backup_database,
    list_backups,
    newest_good_backup,
    prune_backups,
    restore_backup,
    thin,
    verify,
)
from mycrm.core.db.engine import open_database, session_scope
from mycrm.core.db.models import Setting

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


def names(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM customer ORDER BY id")]
    finally:
        conn.close()


def add(engine, name: str) -> None:
    with session_scope(engine) as s:
        create_customer(session=s, now=NOW, data=CustomerInput(
            name=name, contact=ContactInput(name="p-" + name)))


# --------------------------------------------------------------------------- thinning


def test_thin_keeps_recent_then_one_per_day_week_month() -> None:
    stamps = [NOW - timedelta(hours=h) for h in range(0, 24 * 400)]
    keep = thin(stamps, NOW)
    assert set(stamps[:12]) <= keep  # the 12 newest
    days = {s.date() for s in keep}
    for back in range(10):
        assert (NOW - timedelta(days=back)).date() in days
    months = {(s.year, s.month) for s in keep}
    assert len(months) == 12 and (2025, 12) in months and (2025, 11) not in months
    assert len(keep) <= 12 + 10 + 9 + 12
    # For each kept day/week/month, it is the newest backup of that bucket.
    day_before = (NOW - timedelta(days=3)).date()
    assert max(s for s in stamps if s.date() == day_before) in keep
    # Pure and stable: thinning the kept set again keeps all of it.
    assert thin(sorted(keep), NOW) == keep
    assert thin(list(reversed(stamps)), NOW) == keep


def test_thin_small_sets_and_future_stamps() -> None:
    assert thin([], NOW) == set()
    few = [NOW - timedelta(minutes=30 * i) for i in range(5)]
    assert thin(few, NOW) == set(few)
    future = NOW + timedelta(days=1)
    old = NOW - timedelta(days=3650)
    assert thin([future, old], NOW, KeepPolicy(recent=0, daily=0, weekly=0, monthly=0)) == {
        future}
    every_half_hour_today = [NOW - timedelta(minutes=30 * i) for i in range(19)]
    keep = thin(every_half_hour_today, NOW)
    assert len(keep) == 12  # recent 12; today's newest is among them


def test_prune_deletes_only_unkept_backups(tmp_path: Path, engine) -> None:
    directory = tmp_path / "b"
    for hours in range(0, 24 * 40, 12):
        backup_database(engine, directory, reason="auto", now=NOW - timedelta(hours=hours))
    (directory / "notes.txt").write_text("not a backup", encoding="utf-8")
    before = list_backups(directory)
    assert len(before) == 80
    removed = prune_backups(directory, NOW)
    after = list_backups(directory)
    assert len(after) + len(removed) == 80
    assert {b.created_at for b in after} == thin([b.created_at for b in before], NOW)
    assert (directory / "notes.txt").exists()
    assert prune_backups(directory, NOW) == []


# --------------------------------------------------------------------------- backups


def test_backup_is_verified_private_single_file(engine, tmp_path: Path) -> None:
    add(engine, "Alpha")
    path = backup_database(engine, tmp_path / "b", reason="manual", now=NOW)
    assert path.name == "mycrm-20261122T093000000000Z-manual.sqlite"
    assert path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "b").stat().st_mode & 0o777 == 0o700
    assert verify(path) and names(path) == ["Alpha"]
    assert not Path(str(path) + "-wal").exists()
    again = backup_database(engine, tmp_path / "b", reason="manual", now=NOW)
    assert again != path  # same instant never overwrites
    info = list_backups(tmp_path / "b")[0]
    counts = info.counts()
    assert info.reason == "manual" and info.size > 0
    assert counts is not None and counts["customer"] == 1


def test_a_backup_gets_its_name_only_once_written_and_verified(
        engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A backup cut short (killed, disk full, failed check) never looks like a backup: it is
    written under a hidden partial name, renamed once verified; leftovers are cleared."""
    from mycrm.core.db import backup

    add(engine, "Alpha")
    folder = tmp_path / "b"
    folder.mkdir()
    stale = folder / ".mycrm-20261101T000000000000Z-quit.sqlite.part"
    stale.write_bytes(b"SQLite format 3\x00half")  # what a killed backup left
    os.utime(stale, (0, 0))
    seen: list[tuple[str, list[str]]] = []
    real_copy = backup._copy_into

    def watched(source: sqlite3.Connection, target: Path) -> None:
        real_copy(source, target)
        seen.append((target.name, sorted(p.name for p in folder.iterdir())))

    monkeypatch.setattr(backup, "_copy_into", watched)
    path = backup_database(engine, folder, reason="quit", now=NOW)
    [(written, during)] = seen
    assert written == f".{path.name}.part"
    assert during == [written], "while it is written the only file is the partial one"
    assert sorted(p.name for p in folder.iterdir()) == [path.name]
    assert path.stat().st_mode & 0o777 == 0o600 and verify(path)
    assert [b.path for b in list_backups(folder)] == [path]

    def failing(source: sqlite3.Connection, target: Path) -> None:
        raise BackupError("disk full")

    monkeypatch.setattr(backup, "_copy_into", failing)
    with pytest.raises(BackupError):
        backup_database(engine, folder, reason="quit", now=NOW + timedelta(seconds=1))
    assert sorted(p.name for p in folder.iterdir()) == [path.name], "nothing left behind"


def test_backup_while_another_thread_writes_is_consistent(engine, tmp_path: Path) -> None:
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        i = 0
        try:
            while not stop.is_set():
                i += 1
                with session_scope(engine) as s:
                    create_customer(session=s, now=NOW, data=CustomerInput(
                        name=f"W{i}", contact=ContactInput(name=f"P{i}")))
                    setting = s.get(Setting, "writes") or Setting(key="writes")
                    setting.value = str(i)
                    s.add(setting)
        except BaseException as exc:  # noqa: BLE001 — reported to the test below
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    backups = []
    try:
        for n in range(12):
            backups.append(backup_database(engine, tmp_path / "b", reason="t",
                                           now=NOW + timedelta(seconds=n)))
    finally:
        stop.set()
        thread.join(30)
    assert not errors
    seen = []
    for path in backups:
        assert verify(path)
        conn = sqlite3.connect(path)
        customers = conn.execute("SELECT count(*) FROM customer").fetchone()[0]
        contacts = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
        writes = conn.execute("SELECT value FROM setting WHERE key='writes'").fetchone()
        conn.close()
        assert customers == contacts == (int(writes[0]) if writes else 0)
        seen.append(customers)
    assert seen == sorted(seen) and seen[-1] > 0


# --------------------------------------------------------------------------- restore


def test_restore_backs_up_current_first(tmp_path: Path) -> None:
    data = tmp_path / "data" / "mycrm.sqlite"
    engine = open_database(data)
    add(engine, "Alpha")
    good = backup_database(engine, data.parent / "backups", now=NOW)
    add(engine, "Beta")
    engine.dispose()
    safety = restore_backup(good, data, now=NOW + timedelta(minutes=1))
    assert safety is not None and safety.name.endswith("-pre-restore.sqlite")
    assert names(safety) == ["Alpha", "Beta"]
    assert names(data) == ["Alpha"]
    assert data.stat().st_mode & 0o777 == 0o600
    reopened = open_database(data)
    try:
        add(reopened, "Gamma")
    finally:
        reopened.dispose()
    assert names(data) == ["Alpha", "Gamma"]
    assert newest_good_backup(data.parent / "backups") is not None


def test_restore_refuses_bad_backup_and_keeps_data(tmp_path: Path, engine, db_path: Path
                                                   ) -> None:
    add(engine, "Alpha")
    engine.dispose()
    bad = tmp_path / "mycrm-20261122T093000Z-manual.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    before = db_path.read_bytes()
    with pytest.raises(BackupError):
        restore_backup(bad, db_path)
    assert db_path.read_bytes() == before
    assert newest_good_backup(tmp_path) is None
