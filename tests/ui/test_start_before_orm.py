"""A file at the current schema is painted before SQLAlchemy/SQLModel are imported; the
engine — and with it every write — comes only after the file's check, just after that paint.
A file that fails the check then is closed and explained, never written."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db import engine as db
from mycrm.core.db.engine import DamagedDatabaseError, session_scope
from mycrm.core.records.services import InteractionInput, log_interaction
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app import application
from mycrm.ui.app.application import GuiSession

# Runs in a fresh interpreter (this one has SQLAlchemy loaded already): start the window on
# the file as `mycrm --data FILE` does, and report what was loaded and shown at its first
# paint and what happened after it.
START = r"""
import argparse, json, sys
from pathlib import Path
from mycrm.core.db.integrity import prefetch_integrity_check

path = Path(sys.argv[1])
prefetch_integrity_check(path)
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
from mycrm.ui.app.application import GuiSession, _open_before_orm, create_application

app = create_application()
args = argparse.Namespace(screenshot=None, demo=False, data=path, language="en",
                          theme="system")
session = GuiSession(app, args)
session.with_reminders = False  # no tray or notifications in this test
report = {"shown_before_orm": _open_before_orm(session, args, path)}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if (event.type() == QEvent.Type.UpdateRequest and isinstance(watched, QMainWindow)
                and "painted" not in report):
            QMainWindow.event(watched, event)
            home = session.window.findChild(QObject, "page_home")
            report["painted"] = {
                "orm_loaded": "sqlalchemy" in sys.modules or "sqlmodel" in sys.modules,
                "engine_open": session.ctx.engine_open,
                "attention_rows": home.attention_model.rowCount(),
                "heading": home.attention_title.text()}
        return False

spy = FirstPaint()
app.installEventFilter(spy)
session.window.show()
session.start_background()
import time
deadline = time.monotonic() + 60  # the engine opens on a worker thread: wait for its hand-back
while time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.005)
    if "painted" in report and session.ctx.engine_open:
        break
report["after"] = {"orm_loaded": "sqlalchemy" in sys.modules,
                   "engine_open": session.ctx.engine_open}
print(json.dumps(report))
"""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_first_paint_shows_home_before_the_orm_is_loaded(engine: Engine, db_path: Path,
                                                              now: datetime) -> None:
    with session_scope(engine) as session:
        cid = create_customer(session=session, now=now - timedelta(days=200),
                              data=CustomerInput(name="Acme")).id
        assert cid is not None
        create_todo(session=session, now=now, data=TodoInput(
            title="Send the quote", customer_id=cid,
            remind_wall=datetime(2020, 1, 2, 9), remind_tz="UTC"))
        log_interaction(session=session, now=now, data=InteractionInput(
            customer_id=cid, kind="visit", occurred_at=now - timedelta(days=150)))
    engine.dispose()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MYCRM_NO_EXCEPTHOOK": "1",
           "MYCRM_NOW": now.isoformat()}
    run = subprocess.run([sys.executable, "-c", START, str(db_path)], capture_output=True,
                         text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["shown_before_orm"] is True
    painted = report["painted"]
    assert painted["orm_loaded"] is False and painted["engine_open"] is False
    assert painted["attention_rows"] == 1  # the overdue to-do, read from the file
    assert painted["heading"] == "Needs attention · 1"
    assert report["after"] == {"orm_loaded": True, "engine_open": True}


def test_a_file_failing_its_check_after_the_first_paint_is_closed_unwritten(
        qtbot: QtBot, engine: Engine, db_path: Path, now: datetime,
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    with session_scope(engine) as session:
        create_customer(session=session, now=now, data=CustomerInput(name="Acme"))
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    before = _digest(db_path)

    def damaged(path: Path) -> None:
        raise DamagedDatabaseError(f"{path} is damaged: page 3 is corrupt")

    explained: list[Path] = []
    exits: list[int] = []
    monkeypatch.setattr(db, "confirm_deferred_check", damaged)
    monkeypatch.setattr(application, "explain_failure",
                        lambda _exc, path, **_kw: explained.append(path))
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    gui = GuiSession(app, argparse.Namespace(screenshot=None, demo=False, data=db_path,
                                             language=None, theme="system"))
    assert gui.open(db_path, False, before_orm=True)
    window, ctx = gui.window, gui.ctx
    assert window is not None and ctx is not None
    assert window.findChild(QWidget, "page_home") is not None
    window.show()
    gui.start_background()
    qtbot.waitUntil(lambda: exits == [2])
    assert explained == [db_path]  # explained the careful way (recovery offered there)
    assert gui.window is None and gui.ctx is None
    assert not shiboken6.isValid(window) or not window.isVisible()
    assert "window geometry" not in caplog.text  # not even tried on the discarded file
    assert not ctx.engine_open
    assert _digest(db_path) == before
