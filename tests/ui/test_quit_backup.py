"""Quitting: the quit's backup runs on its worker thread while the event loop goes on, is
written and verified exactly once, and only then does the app quit."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.backup import list_backups, verify
from mycrm.core.db.paths import backup_dir
from mycrm.ui.app.application import GuiSession
from mycrm.ui.data import backup_scheduler
from mycrm.ui.data.backup_scheduler import install_backup_scheduler


def _session(engine: Engine, db_path: Path) -> GuiSession:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    args = argparse.Namespace(screenshot=None, demo=False, data=db_path, language=None,
                              theme="system")
    gui = GuiSession(app, args)
    assert gui.open(db_path, False, engine)
    assert gui.ctx is not None
    gui.backups = install_backup_scheduler(gui.ctx)
    return gui


def _quit_backups(db_path: Path) -> list[Path]:
    return [b.path for b in list_backups(backup_dir(db_path)) if b.reason == "quit"]


def test_the_quit_backup_runs_off_the_gui_thread_and_the_app_quits_after_it(
        qtbot: QtBot, engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gui = _session(engine, db_path)
    assert gui.ctx is not None and gui.window is not None and gui.backups is not None
    gui.window.show()
    gui.ctx.run(create_customer, data=CustomerInput(name="Alpha"))  # something to back up
    quits: list[str] = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append("quit")))
    release = threading.Event()
    threads: list[str] = []
    real_backup_file = backup_scheduler.backup_file

    def slow_backup_file(*args: object, **kwargs: object) -> Path:
        threads.append(threading.current_thread().name)
        assert release.wait(10), "the test never released the backup"
        return real_backup_file(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(backup_scheduler, "backup_file", slow_backup_file)
    try:
        gui.quit()  # File ▸ Quit (the tray's Quit and Qt's quit event come here too)
        assert quits == [], "the app waits for its backup"
        assert gui.backups.quitting
        qtbot.waitUntil(lambda: bool(threads))
        ticks: list[int] = []
        QTimer.singleShot(0, lambda: ticks.append(1))
        qtbot.waitUntil(lambda: ticks == [1])  # the event loop answers while it runs
        assert gui.backups.quitting and not _quit_backups(db_path)
        assert threads[0] != threading.main_thread().name
        assert gui.defer_quit(), "a second request waits for the same backup"
        gui.quit()
        release.set()
        qtbot.waitUntil(lambda: quits == ["quit"])
        assert threads == [threads[0]], "one backup for the quit, never two"
        [written] = _quit_backups(db_path)
        assert verify(written)
        gui.backup_on_quit()  # what Qt's aboutToQuit then runs: nothing more to write
        assert _quit_backups(db_path) == [written]
        assert not gui.defer_quit()
    finally:
        release.set()
        gui.discard()


def test_nothing_changed_quits_at_once_without_a_backup(
        qtbot: QtBot, engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gui = _session(engine, db_path)
    quits: list[str] = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append("quit")))
    try:
        gui.quit()
        assert quits == ["quit"]
        assert _quit_backups(db_path) == []
    finally:
        gui.discard()


def test_a_quit_during_a_scheduled_backup_waits_for_it_then_backs_up_what_came_after(
        qtbot: QtBot, engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gui = _session(engine, db_path)
    assert gui.ctx is not None and gui.backups is not None
    quits: list[str] = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append("quit")))
    release = threading.Event()
    reasons: list[str] = []
    real_backup_file = backup_scheduler.backup_file

    def slow_backup_file(*args: object, **kwargs: object) -> Path:
        reasons.append(str(kwargs["reason"]))
        assert release.wait(10)
        return real_backup_file(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(backup_scheduler, "backup_file", slow_backup_file)
    try:
        gui.ctx.run(create_customer, data=CustomerInput(name="Alpha"))
        assert gui.backups.backup_if_changed()
        gui.ctx.run(create_customer, data=CustomerInput(name="Beta"))  # after its snapshot
        gui.quit()
        assert quits == [] and gui.backups.quitting
        release.set()
        qtbot.waitUntil(lambda: quits == ["quit"])
        assert reasons == ["auto", "quit"]
        [written] = _quit_backups(db_path)
        assert verify(written)
    finally:
        release.set()
        gui.discard()
