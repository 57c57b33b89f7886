"""Crash safety: writers killed with SIGKILL at random moments never lose an acknowledged
commit and never leave a damaged file.

Each writer is a real process committing through the real services (create, update, contact)
and printing the customer id of every commit that returned. Two writers share the file per
round, so kills also land while one waits for the other's write lock.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mycrm.core.db.engine import open_database

SPAWNER = r"""
import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

from mycrm.core.customers.services import ContactInput, CustomerInput, add_contact, create_customer
from mycrm.core.customers.services import update_customer
from mycrm.core.db.engine import open_database, session_scope

signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed writers are reaped automatically
path = Path(sys.argv[1])
now = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


def say(*words):
    os.write(1, (" ".join(str(w) for w in words) + "\n").encode())  # one atomic write


def write_forever(tag):
    engine = open_database(path)
    say("ready", tag)
    i = 0
    while True:
        i += 1
        with session_scope(engine) as s:
            c = create_customer(session=s, now=now, data=CustomerInput(
                name=f"{tag}-{i}", amount="100", renewal_date="2027-01-01",
                contact=ContactInput(name=f"p-{tag}-{i}", phone="13800000000")))
            update_customer(session=s, customer_id=c.id, now=now, data=CustomerInput(
                name=f"{tag}-{i}", tier="A", notes="x" * (i % 500), renewal_date="2027-01-02"))
            add_contact(session=s, customer_id=c.id, now=now, data=ContactInput(name=f"q-{i}"))
        say("ack", tag, c.id)


print("spawner", flush=True)
for line in sys.stdin:
    tag = line.strip()
    if not tag:
        continue
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        try:
            write_forever(tag)
        finally:
            os._exit(1)
    print("pid", tag, pid, flush=True)
"""


class Spawner:
    """One process that has imported the app once and forks a writer per request, so that
    dozens of kills fit in a few seconds."""

    def __init__(self, path: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SPAWNER, str(path)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True)
        self.lock = threading.Lock()
        self.pids: dict[str, int] = {}
        self.ready: dict[str, threading.Event] = {}
        self.acked: dict[str, list[int]] = {}
        self.started = threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()
        assert self.started.wait(120), "spawner did not start"

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            parts = line.split()
            with self.lock:
                if parts[:1] == ["spawner"]:
                    self.started.set()
                elif len(parts) == 3 and parts[0] == "pid":
                    self.pids[parts[1]] = int(parts[2])
                elif len(parts) == 2 and parts[0] == "ready" and parts[1] in self.ready:
                    self.ready[parts[1]].set()
                elif len(parts) == 3 and parts[0] == "ack" and parts[1] in self.acked:
                    self.acked[parts[1]].append(int(parts[2]))

    def start_writer(self, tag: str) -> None:
        with self.lock:
            self.ready[tag] = threading.Event()
            self.acked[tag] = []
        assert self.proc.stdin is not None
        self.proc.stdin.write(tag + "\n")
        self.proc.stdin.flush()

    def kill_after(self, tag: str, delay: float) -> None:
        assert self.ready[tag].wait(60), f"writer {tag} did not start"
        for _ in range(6000):
            with self.lock:
                if tag in self.pids:
                    break
            time.sleep(0.01)
        time.sleep(delay)
        os.kill(self.pids[tag], signal.SIGKILL)
        _wait_gone(self.pids[tag])

    def close(self) -> None:
        for pid in list(self.pids.values()):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        self.proc.kill()
        self.proc.wait(30)
        self.thread.join(30)
        self.proc.stdout.close()


def _wait_gone(pid: int) -> None:
    """Until the killed writer no longer exists (its parent reaps it)."""
    for _ in range(3000):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)
    raise AssertionError(f"writer {pid} survived SIGKILL")


def check_file(path: Path, acked: list[int]) -> None:
    engine = open_database(path)  # runs quick_check; raises on a damaged file
    engine.dispose()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = dict(conn.execute("SELECT id, tier FROM customer").fetchall())
        contacts = dict(conn.execute(
            "SELECT customer_id, count(*) FROM contact GROUP BY customer_id").fetchall())
        orphans = conn.execute(
            "SELECT count(*) FROM customer c WHERE NOT EXISTS "
            "(SELECT 1 FROM contract k WHERE k.customer_id = c.id)").fetchone()[0]
    finally:
        conn.close()
    missing = [cid for cid in acked if cid not in rows]
    assert not missing, f"acknowledged commits lost: {missing[:10]}"
    # Every committed transaction is whole: tier updated, both contacts, a contract.
    assert all(rows[cid] == "A" for cid in rows)
    assert all(contacts.get(cid) == 2 for cid in rows)
    assert orphans == 0


def run_rounds(tmp_path: Path, rounds: int, seed: int) -> int:
    rng = random.Random(seed)
    path = tmp_path / "crash.sqlite"
    open_database(path).dispose()
    spawner = Spawner(path)
    acked: list[int] = []
    kills = 0
    try:
        for n in range(rounds):
            tags = [f"r{n}w{k}" for k in range(2)]
            for tag in tags:
                spawner.start_writer(tag)
            killers = [threading.Thread(target=spawner.kill_after,
                                        args=(tag, rng.uniform(0.0, 0.3))) for tag in tags]
            for killer in killers:
                killer.start()
            for killer in killers:
                killer.join(120)
            for tag in tags:
                with spawner.lock:
                    acked.extend(spawner.acked[tag])
                kills += 1
            check_file(path, acked)
    finally:
        spawner.close()
    assert len(acked) > rounds  # the kills did land while commits were flowing
    return kills


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_sigkill_never_loses_acknowledged_commits(tmp_path: Path) -> None:
    assert run_rounds(tmp_path, rounds=25, seed=1234) >= 50


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_sigkill_many_times(tmp_path: Path) -> None:
    assert run_rounds(tmp_path, rounds=250, seed=int(time.time())) >= 500
