"""The app killed between a phone's send and its confirmation: the phone resends the same
entry when the laptop is back, and the entry is there exactly once — never doubled, never
lost. The server runs in a process of its own (``crash_server.py``) that is SIGKILLed."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from mycrm.core.db.models import Interaction, PhoneEntry, Todo
from phone_client import Phone, Reply, entry_id

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
SCRIPT = Path(__file__).with_name("crash_server.py")
START_TIMEOUT = 60.0


class ServerProcess:
    def __init__(self, db_path: Path, tmp_path: Path) -> None:
        self.db_path = db_path
        self.cert_dir = tmp_path / "phone"
        self.info = tmp_path / "server.json"
        self.marker = tmp_path / "committed"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, hold: float = 0.0) -> dict[str, str]:
        self.info.unlink(missing_ok=True)
        self.marker.unlink(missing_ok=True)
        tests = str(Path(__file__).resolve().parents[1])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [tests, os.environ.get("PYTHONPATH", "")])}
        self.process = subprocess.Popen(
            [sys.executable, str(SCRIPT), str(self.db_path), str(self.cert_dir),
             str(self.info), str(self.marker), "--hold", str(hold)], env=env)
        deadline = time.monotonic() + START_TIMEOUT
        while not self.info.exists():
            assert self.process.poll() is None, "the server process ended"
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)
        return dict(json.loads(self.info.read_text()))

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()


@pytest.fixture
def app_process(db_path: Path, tmp_path: Path, engine: Engine) -> Iterator[ServerProcess]:
    process = ServerProcess(db_path, tmp_path)
    yield process
    process.stop()


def _phone(app: ServerProcess, url: str) -> Phone:
    from mycrm.companion.tls import CERT_NAME

    return Phone(url, app.cert_dir / CERT_NAME)


def _visit(customer_id: int, entry: str) -> dict[str, object]:
    return {"entry_id": entry, "customer_id": customer_id, "kind": "visit",
            "occurred_wall": "2026-11-22T15:00", "tz": "Asia/Shanghai",
            "discussion": "续约", "todos": [{"title": "报价", "remind_wall": "2026-11-23T09:00"},
                                           {"title": "约 QBR", "remind_wall": None}]}


def _send_in_background(phone: Phone, body: dict[str, object]) -> list[Reply | Exception]:
    outcome: list[Reply | Exception] = []

    def send() -> None:
        try:
            outcome.append(phone.post("/api/records", body))
        except Exception as error:  # noqa: BLE001 — the connection dies with the server
            outcome.append(error)

    threading.Thread(target=send, daemon=True).start()
    return outcome


def _reconnect(app: ServerProcess, phone: Phone) -> None:
    """The laptop is back (maybe on another port): the phone reloads the page, which gives
    the new run's anti-forgery token; its cookie still pairs it."""
    info = app.start()
    phone.base_url = info["url"]
    assert phone.load_page().status == 200


def _counts(engine: Engine) -> tuple[int, int, int]:
    with Session(engine) as session:
        return (len(session.exec(select(Interaction)).all()),
                len(session.exec(select(Todo)).all()),
                len(session.exec(select(PhoneEntry)).all()))


def test_killed_after_the_commit_the_resend_is_recognised(
        app_process: ServerProcess, engine: Engine, customers: dict[str, int]) -> None:
    info = app_process.start(hold=30)
    phone = _phone(app_process, info["url"])
    assert phone.pair(info["link"]).status == 303
    body = _visit(customers["Acme Corp"], entry_id())
    outcome = _send_in_background(phone, body)
    deadline = time.monotonic() + 20
    while not app_process.marker.exists():  # committed, not yet confirmed
        assert time.monotonic() < deadline, "the entry was not written"
        time.sleep(0.01)
    app_process.kill()
    deadline = time.monotonic() + 10
    while not outcome and time.monotonic() < deadline:
        time.sleep(0.01)
    assert outcome and not (isinstance(outcome[0], Reply) and outcome[0].status == 200), \
        "the phone must not have had its confirmation"
    assert _counts(engine) == (1, 2, 1)
    _reconnect(app_process, phone)
    reply = phone.post("/api/records", body)
    assert reply.status == 200, reply.text
    assert reply.json()["duplicate"] is True
    assert _counts(engine) == (1, 2, 1)
    with Session(engine) as session:
        record = session.exec(select(Interaction)).one()
        assert reply.json()["id"] == record.id
        assert [t.title for t in session.exec(select(Todo).order_by(col(Todo.id)))] == [
            "报价", "约 QBR"]


def _random_kills(app: ServerProcess, engine: Engine, customer_id: int, rounds: int,
                  seed: int) -> None:
    rng = random.Random(seed)
    info = app.start(hold=rng.uniform(0, 0.05))
    phone = _phone(app, info["url"])
    assert phone.pair(info["link"]).status == 303
    assert phone.load_page().status == 200
    sent: list[str] = []
    for _ in range(rounds):
        entry = entry_id()
        sent.append(entry)
        outcome = _send_in_background(phone, _visit(customer_id, entry))
        time.sleep(rng.uniform(0, 0.15))  # before, during or after the write
        app.kill()
        time.sleep(0.05)
        confirmed = bool(outcome) and isinstance(outcome[0], Reply) and outcome[0].status == 200
        app.start(hold=rng.uniform(0, 0.05))
        phone.base_url = json.loads(app.info.read_text())["url"]
        assert phone.load_page().status == 200
        if not confirmed:  # the outbox still holds it: resend under the same id
            reply = phone.post("/api/records", _visit(customer_id, entry))
            assert reply.status == 200, reply.text
        with Session(engine) as session:
            entries = session.exec(select(PhoneEntry).where(
                col(PhoneEntry.entry_id).in_(sent))).all()
            assert sorted(e.entry_id for e in entries) == sorted(sent)  # each once
    assert _counts(engine) == (rounds, 2 * rounds, rounds)


def test_a_few_random_kills_double_and_lose_nothing(
        app_process: ServerProcess, engine: Engine, customers: dict[str, int]) -> None:
    _random_kills(app_process, engine, customers["Acme Corp"], rounds=3, seed=16)


@pytest.mark.slow
def test_many_random_kills_double_and_lose_nothing(
        app_process: ServerProcess, engine: Engine, customers: dict[str, int]) -> None:
    _random_kills(app_process, engine, customers["杭州青禾科技"], rounds=25, seed=1603)
