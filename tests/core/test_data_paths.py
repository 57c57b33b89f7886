"""Unusual data paths get a plain sentence, exit status 2, and nothing is created or changed;
every file mycrm creates is the user's alone (0600, its folder 0700)."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from mycrm.app import main
from mycrm.core.db.engine import open_database

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MYCRM_NO_EXCEPTHOOK": "1"}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """Every entry below ``folder``: its mode and (files) the hash of its bytes."""
    return {str(p.relative_to(folder)): (mode(p), "" if p.is_dir() else
                                         hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.rglob("*"))}


def window_run(data: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mycrm", "--data", str(data), "--screenshot",
         str(tmp_path / "out.png")], capture_output=True, text=True, env=ENV, timeout=120)


def test_a_folder_as_the_data_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "place"
    folder.mkdir()
    before = snapshot(tmp_path)
    assert main(["--data", str(folder), "export", "--json", str(tmp_path / "o.json")]) == 2
    err = capsys.readouterr().err
    assert "is a folder, not a data file" in err and "Traceback" not in err
    run = window_run(folder, tmp_path)
    assert run.returncode == 2
    assert "is a folder, not a data file" in run.stderr and "Traceback" not in run.stderr
    assert snapshot(tmp_path) == before  # no log, no lock, no -wal beside it


def test_a_read_only_data_file_keeps_its_mode_and_bytes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "mycrm.sqlite"
    open_database(data).dispose()
    data.chmod(0o444)
    before = snapshot(tmp_path)
    assert main(["--data", str(data), "export", "--json", str(tmp_path / "o.json")]) == 2
    err = capsys.readouterr().err
    assert "is read-only" in err and "has not changed this file" in err
    run = window_run(data, tmp_path)
    assert run.returncode == 2 and "is read-only" in run.stderr
    assert mode(data) == 0o444
    assert snapshot(tmp_path) == before


def test_a_read_only_data_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    open_database(folder / "mycrm.sqlite").dispose()
    folder.chmod(0o500)
    try:
        before = snapshot(tmp_path)
        run = window_run(folder / "mycrm.sqlite", tmp_path)
        assert run.returncode == 2, run.stderr
        assert "is read-only" in run.stderr and "Traceback" not in run.stderr
        assert snapshot(tmp_path) == before
    finally:
        folder.chmod(0o700)


def test_a_folder_that_cannot_be_made(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    drive = tmp_path / "media"
    drive.mkdir()
    drive.chmod(0o500)  # like /media/<user>: the drive's folder is not there
    try:
        assert main(["--data", str(drive / "USB" / "mycrm.sqlite"), "export", "--json",
                     str(tmp_path / "o.json")]) == 2
        assert "Is its drive connected?" in capsys.readouterr().err
        assert list(drive.iterdir()) == []
    finally:
        drive.chmod(0o700)


def test_everything_mycrm_creates_is_private(tmp_path: Path) -> None:
    data = tmp_path / "new" / "mycrm.sqlite"
    run = window_run(data, tmp_path)
    assert run.returncode == 0, run.stderr
    assert mode(data.parent) == 0o700
    for name in ("mycrm.sqlite", "mycrm.log"):
        assert mode(data.parent / name) == 0o600, name


def test_the_lock_file_is_private_and_names_no_machine(tmp_path: Path, qapp: object) -> None:
    import socket

    from mycrm.ui.app.single_instance import SingleInstance, lock_path

    data = tmp_path / "mycrm.sqlite"
    instance = SingleInstance(data)
    assert instance.acquire()
    try:
        lock = lock_path(data)
        assert mode(lock) == 0o600
        content = lock.read_text(encoding="utf-8")
        assert socket.gethostname() not in content
        assert content.strip() == str(os.getpid())
        assert not SingleInstance(data).lock.try_lock()  # still one instance per file
    finally:
        instance.release()
    assert not lock_path(data).exists()
