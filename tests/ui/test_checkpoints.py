"""The WAL is copied into the data file by a worker a moment after a change, never by the
window's own commit (which would hold the window for the copy every few dozen saves)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.ui.app.context import AppContext
from mycrm.ui.data import checkpoints


def _names_in_the_file_alone(path: Path) -> set[str]:
    """The customers the data file itself holds, the WAL left unread (``immutable``)."""
    db = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return {name for (name,) in db.execute("SELECT name FROM customer")}
    finally:
        db.close()


def test_a_change_reaches_the_data_file_from_a_worker_after_the_pause(
        qtbot: QtBot, ctx: AppContext, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []
    real = checkpoints.checkpoint

    def spy(path: Path) -> tuple[int, int, int]:
        ran.append(threading.current_thread().name)
        return real(path)

    monkeypatch.setattr(checkpoints, "checkpoint", spy)
    checkpointer = checkpoints.Checkpointer(ctx, quiet_ms=50)
    real(db_path)  # the new file's schema into the file, as the first checkpoint does
    assert _names_in_the_file_alone(db_path) == set()
    autocheckpoint = ctx.read(lambda s: s.connection().execute(
        text("PRAGMA wal_autocheckpoint")).scalar())
    assert autocheckpoint == 0, "the window's commits leave the copy to the worker"
    ctx.run(create_customer, data=CustomerInput(name="Contoso WAL"))
    assert "Contoso WAL" not in _names_in_the_file_alone(db_path), "in the WAL only, yet"
    qtbot.waitUntil(lambda: bool(ran) and checkpointer.wait() is not None)
    busy, in_log, copied = checkpointer.wait() or (1, 0, 0)
    assert busy == 0 and copied == in_log > 0
    assert "Contoso WAL" in _names_in_the_file_alone(db_path)
    assert ran == ["mycrm-wal_0"] and threading.current_thread().name not in ran
    checkpointer.close()


def _recorded_checkpoints(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The paths each checkpoint is asked for, none copied."""
    ran: list[Path] = []

    def spy(path: Path) -> tuple[int, int, int]:
        ran.append(path)
        return 0, 0, 0

    monkeypatch.setattr(checkpoints, "checkpoint", spy)
    return ran


def test_a_burst_of_changes_is_copied_once(qtbot: QtBot, ctx: AppContext,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    ran = _recorded_checkpoints(monkeypatch)
    checkpointer = checkpoints.Checkpointer(ctx, quiet_ms=200)
    for n in range(5):
        ctx.run(create_customer, data=CustomerInput(name=f"Burst {n}"))
    qtbot.waitUntil(lambda: bool(ran))
    qtbot.wait(300)
    assert ran == [ctx.data_path]
    checkpointer.close()


def test_a_change_after_close_starts_no_checkpoint(qtbot: QtBot, ctx: AppContext,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The file's context outlives its checkpointer when another file is opened: a change
    then must neither run a checkpoint nor raise on the closed worker (the event loop would
    report the error)."""
    ran = _recorded_checkpoints(monkeypatch)
    checkpointer = checkpoints.Checkpointer(ctx, quiet_ms=20)
    checkpointer.close()
    ctx.run(create_customer, data=CustomerInput(name="After close"))
    qtbot.wait(100)
    assert not checkpointer.start()
    assert ran == [] and not checkpointer.timer.isActive()
