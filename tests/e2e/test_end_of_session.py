"""A logout, a shutdown or ``kill`` (SIGTERM, SIGHUP) ends mycrm as File ▸ Quit does: the
quit backup is written and the lock is released — checked on the real process."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from e2e.test_single_instance import app_env, finish, launch, log_text, wait_for
from mycrm.core.db.engine import open_database, session_scope
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app.single_instance import lock_path

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(os.name != "posix", reason="POSIX signals")]


def _file_with_a_due_reminder(data: Path) -> None:
    """A reminder already due: the app fires it at start, so the data changed and a quit
    backup is owed."""
    engine = open_database(data)
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        create_todo(session=session, now=now - timedelta(hours=2), data=TodoInput(
            title="Call back", remind_wall=(now - timedelta(minutes=30)).replace(tzinfo=None),
            remind_tz="UTC"))
    engine.dispose()


def _fired(data: Path) -> bool:
    conn = sqlite3.connect(data)
    try:
        row = conn.execute("SELECT reminder_state FROM todo").fetchone()
        return row is not None and row[0] != "pending"
    finally:
        conn.close()


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_termination_signal_quits_with_the_backup_and_no_stale_lock(
        tmp_path: Path, number: signal.Signals) -> None:
    data = tmp_path / "crm.sqlite"
    _file_with_a_due_reminder(data)
    app = launch(data, app_env(tmp_path, "120"))
    try:
        assert wait_for(lambda: "single instance: serving" in log_text(data)), log_text(data)
        assert wait_for(lambda: _fired(data)), log_text(data)
        assert lock_path(data).exists()
        app.send_signal(number)
        code, err = finish(app)
    finally:
        if app.poll() is None:
            app.kill()
    assert code == 0, err
    assert f"signal {number.name}: quitting" in log_text(data)
    backups = list((data.parent / "backups").glob("*quit*"))
    assert len(backups) == 1, list((data.parent / "backups").glob("*"))
    assert not lock_path(data).exists()
    again = subprocess.run([sys.executable, "-m", "mycrm", "--data", str(data), "check"],
                           env=app_env(tmp_path, "5"), capture_output=True, text=True,
                           timeout=60)
    assert again.returncode == 0, again.stderr
