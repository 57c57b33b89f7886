"""One process per data file: a second launch raises the first and exits 0; a stale lock left
by a crashed process is taken over."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path


def app_env(tmp_path: Path, exit_after: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MYCRM_NOW"}
    env.update(QT_QPA_PLATFORM="offscreen", MYCRM_EXIT_AFTER=exit_after,
               XDG_DATA_HOME=str(tmp_path / "xdg"), DBUS_SESSION_BUS_ADDRESS="disabled:")
    return env


def launch(data: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "mycrm", "--data", str(data)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def log_text(data: Path) -> str:
    log = data.parent / "mycrm.log"
    return log.read_text(encoding="utf-8") if log.exists() else ""


def finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    _out, err = proc.communicate(timeout=60)
    return proc.returncode, err


def test_second_launch_raises_the_first_and_exits_zero(tmp_path: Path) -> None:
    data = tmp_path / "crm.sqlite"
    first = launch(data, app_env(tmp_path, "8"))
    try:
        assert wait_for(lambda: "single instance: serving" in log_text(data)), log_text(data)
        second = subprocess.run([sys.executable, "-m", "mycrm", "--data", str(data)],
                                env=app_env(tmp_path, "30"), capture_output=True, text=True,
                                timeout=30)
        assert second.returncode == 0, second.stderr
        assert first.poll() is None  # the first still runs: one process serves the file
        assert wait_for(lambda: "asked this instance to show its window" in log_text(data))
    finally:
        code, err = finish(first)
    assert code == 0, err
    assert log_text(data).count("single instance: serving") == 1


def test_stale_lock_after_a_crash_is_taken_over(tmp_path: Path) -> None:
    data = tmp_path / "crm.sqlite"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    # QLockFile's format: pid, application name, host name.
    (tmp_path / "crm.sqlite.lock").write_text(f"{dead.pid}\nmycrm\n{socket.gethostname()}\n")
    proc = launch(data, app_env(tmp_path, "3"))
    code, err = finish(proc)
    assert code == 0, err
    assert "single instance: serving" in log_text(data)
    assert not (tmp_path / "crm.sqlite.lock").exists()  # released on a clean exit
