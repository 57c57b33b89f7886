"""Real delivery: the app, on its own session bus with a fake notification server, sends
exactly one Notify call for a due to-do — and the to-do is recorded as fired."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from mycrm.core.db.engine import open_database, session_scope
from mycrm.core.db.models import ReminderState, Todo
from mycrm.core.todos.services import TodoInput, create_todo

HERE = Path(__file__).resolve().parent

pytestmark = pytest.mark.skipif(
    shutil.which("dbus-daemon") is None,
    reason="dbus-daemon is not installed (Debian package dbus-daemon); cannot start a "
           "private session bus")


@pytest.fixture
def session_bus(tmp_path: Path) -> Iterator[str]:
    """A private session bus for this test only; yields its address."""
    proc = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    address = proc.stdout.readline().strip()
    assert address.startswith("unix:"), address
    yield address
    proc.terminate()
    proc.wait(10)
    proc.stdout.close()


@pytest.fixture
def notification_log(session_bus: str, tmp_path: Path) -> Iterator[Path]:
    log = tmp_path / "notify.jsonl"
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": session_bus, "QT_QPA_PLATFORM": "offscreen"}
    server = subprocess.Popen([sys.executable, str(HERE / "fake_notification_server.py"),
                               str(log)], stdout=subprocess.PIPE, text=True, env=env)
    assert server.stdout is not None
    assert server.stdout.readline().strip() == "ready"
    yield log
    server.terminate()
    server.wait(10)
    server.stdout.close()


def notify_calls(log: Path) -> list[dict[str, str]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_a_due_todo_produces_exactly_one_notify_call(tmp_path: Path, session_bus: str,
                                                      notification_log: Path) -> None:
    data = tmp_path / "crm.sqlite"
    engine = open_database(data)
    title = f"回访 e2e-{os.getpid()}"
    due = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=3)
    with session_scope(engine) as s:
        todo = create_todo(session=s, now=datetime.now(UTC), data=TodoInput(
            title=title, remind_wall=due.replace(tzinfo=None), remind_tz="UTC"))
        todo_id = todo.id
        # Due an hour before the app starts: "missed" (listed in the app), not notified.
        missed = create_todo(session=s, now=datetime.now(UTC), data=TodoInput(
            title="missed while closed", remind_tz="UTC",
            remind_wall=(due - timedelta(hours=1)).replace(tzinfo=None)))
        missed_id = missed.id
    engine.dispose()
    env = {k: v for k, v in os.environ.items() if k != "MYCRM_NOW"}
    env.update(DBUS_SESSION_BUS_ADDRESS=session_bus, QT_QPA_PLATFORM="offscreen",
               MYCRM_EXIT_AFTER="6", XDG_DATA_HOME=str(tmp_path / "xdg"))
    result = subprocess.run([sys.executable, "-m", "mycrm", "--data", str(data)], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    time.sleep(0.3)
    calls = [c for c in notify_calls(notification_log) if title in c["summary"]]
    assert len(calls) == 1, notify_calls(notification_log)
    assert len(notify_calls(notification_log)) == 1
    engine = open_database(data)
    with Session(engine) as s:
        stored = s.get(Todo, todo_id)
        assert stored is not None
        assert stored.reminder_state == ReminderState.FIRED.value
        assert stored.fired_at is not None and stored.fired_at >= due
        listed = s.get(Todo, missed_id)
        assert listed is not None  # shown once in the "Missed reminders" window
        assert listed.reminder_state == ReminderState.FIRED.value
    engine.dispose()
    # A second run on the same file does not notify the same occurrence again.
    env["MYCRM_EXIT_AFTER"] = "2"
    again = subprocess.run([sys.executable, "-m", "mycrm", "--data", str(data)], env=env,
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert len(notify_calls(notification_log)) == 1
