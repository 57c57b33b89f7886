"""Phone access as the app runs it: the server in a child process of its own, so a phone's
requests never run in the desktop's interpreter. The desktop's ``PhoneAccess`` starts it;
the listening socket is the child's (read from /proc), the desktop opens none; a phone's
entry lands in the data file and reaches ``ctx.changed`` in the GUI thread; the child dies
with the desktop, stops when asked, leaves nothing behind when it cannot start, and its
log reaches the desktop's."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session, select

from mycrm.companion.guard import Throttle
from mycrm.companion.process import ProcessHost
from mycrm.companion.server import CompanionError, CompanionServer, ServerConfig
from mycrm.core.changes import Change
from mycrm.core.db.models import Customer, Interaction, PairedPhone, Todo
from mycrm.core.settings.preferences import PhoneSettings, save_phone_settings
from mycrm.ui.app.context import AppContext
from mycrm.ui.companion.controller import PhoneAccess
from phone_client import entry_id, phone_for
from sockets import inet_sockets, listening

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads /proc; the kernel's parent-death signal")
WAIT = 60.0  # how long to wait for a process to come or go on a loaded machine


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def _gone(pid: int) -> bool:
    """No such process any more (or only its zombie, which holds nothing)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return True
    return state in ("Z", "X")


def _children() -> set[int]:
    """This process's child processes, as the kernel lists them."""
    found: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        found.update(int(p) for p in (task / "children").read_text().split())
    return found


def _refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return True
    return False


@pytest.fixture
def access(ctx: AppContext, qtbot: QtBot) -> Iterator[PhoneAccess]:
    # Any free port, not the usual one: a port checked as closed after the end must not
    # be one another program on this machine may open meanwhile.
    ctx.run(save_phone_settings, values=PhoneSettings(port=0))
    access = PhoneAccess(ctx)
    yield access
    access.turn_off()


@pytest.fixture
def start_child(db_path: Path, engine: Engine, tmp_path: Path
                ) -> Iterator[Callable[..., CompanionServer]]:
    """A server in a child process, as the app starts it, with the test's options."""
    started: list[CompanionServer] = []

    def start(**overrides: object) -> CompanionServer:
        options: dict[str, object] = {
            "data_path": db_path, "host": "127.0.0.1", "cert_dir": tmp_path / "phone",
            "zone": "Asia/Shanghai", "throttle": Throttle(free=10_000, limit=100_000)}
        options.update(overrides)
        server = CompanionServer(ServerConfig(**options))  # type: ignore[arg-type]
        started.append(server)
        server.start()
        return server

    yield start
    for server in started:
        server.stop()


# --- where it runs ---------------------------------------------------------------------------

def test_phone_access_serves_from_a_child_process_and_the_desktop_opens_no_socket(
        access: PhoneAccess) -> None:
    before = sorted(inet_sockets(), key=repr)
    assert access.turn_on("127.0.0.1") and access.server is not None
    server = access.server
    assert server.pid is not None and server.pid != os.getpid()
    assert server.pid in _children()
    assert [(s.address, s.port) for s in listening(server.pid)] == [("127.0.0.1", server.port)]
    assert listening() == []  # not the desktop's
    assert sorted(inet_sockets(), key=repr) == before  # nor any other network socket
    assert phone_for(server).get("/api/today").status == 401  # it answers, and guards


def test_a_phone_entry_through_the_child_lands_and_reaches_the_desktop(
        access: PhoneAccess, ctx: AppContext, engine: Engine, qtbot: QtBot,
        customers: dict[str, int]) -> None:
    seen: list[tuple[object, bool]] = []
    ctx.changed.connect(lambda what: seen.append(
        (what, threading.current_thread() is threading.main_thread())))
    paired: list[tuple[int, str]] = []
    access.paired.connect(lambda phone_id, name: paired.append((phone_id, name)))
    assert access.turn_on("127.0.0.1") and access.server is not None
    phone = phone_for(access.server)
    assert phone.pair(access.pairing_link()).status == 303
    customer_id = customers["杭州青禾科技"]
    reply = phone.post("/api/records", {
        "entry_id": entry_id(), "customer_id": customer_id, "kind": "visit",
        "occurred_wall": "2026-11-22T15:00", "tz": "Asia/Shanghai", "discussion": "续约意向强",
        "todos": [{"title": "发报价单", "remind_wall": "2026-11-23T09:00"}]})
    assert reply.status == 200, reply.text
    with Session(engine) as session:
        record = session.exec(select(Interaction)).one()
        assert record.customer_id == customer_id and record.discussion == "续约意向强"
        assert [t.title for t in session.exec(select(Todo))] == ["发报价单"]
        customer = session.get(Customer, customer_id)
        assert customer is not None and customer.state == "visited"
        phone_row = session.exec(select(PairedPhone)).one()
    qtbot.waitUntil(lambda: any(isinstance(what, Change) and what & Change.RECORDS
                                for what, _ in seen), timeout=int(WAIT * 1000))
    assert all(in_gui for _, in_gui in seen)
    qtbot.waitUntil(lambda: bool(paired), timeout=int(WAIT * 1000))
    assert paired == [(phone_row.id, "Android · Chrome")]
    qtbot.waitUntil(lambda: access.server is not None and
                    access.server.last_activity is not None, timeout=int(WAIT * 1000))
    assert access.server is not None and access.server.last_activity == ctx.now()


def test_the_window_keeps_running_while_the_server_starts(access: PhoneAccess) -> None:
    """Its timers (and repaints) run while the child imports; a second start meanwhile is
    refused instead of starting a second server."""
    from PySide6.QtCore import QTimer

    during: list[bool] = []

    def tick() -> None:
        during.append(access.starting)
        if access.starting:
            assert not access.turn_on("127.0.0.1")

    before = _children()
    timer = QTimer(interval=5)
    timer.timeout.connect(tick)
    timer.start()
    assert access.turn_on("127.0.0.1") and access.server is not None
    timer.stop()
    assert any(during)
    assert _children() - before == {access.server.pid}  # one server, not two


# --- its end -----------------------------------------------------------------------------------

def test_turning_phone_access_off_leaves_no_child_process(access: PhoneAccess) -> None:
    assert access.turn_on("127.0.0.1") and access.server is not None
    pid, port = access.server.pid, access.server.port
    assert pid is not None
    phone = phone_for(access.server, keep_alive=True)  # a phone holding its connection
    assert phone.get("/api/today").status == 401
    access.turn_off()
    assert not access.is_on
    with pytest.raises(ProcessLookupError):  # ended, and reaped
        os.kill(pid, 0)
    assert pid not in _children()
    assert _refused(port)
    phone.close()


def test_the_child_stops_at_the_end_of_its_input(start_child: Callable[..., CompanionServer]
                                                  ) -> None:
    """Where the kernel cannot kill it with the desktop, the closed pipe stops it."""
    server = start_child()
    host = server._host
    assert isinstance(host, ProcessHost) and host.process is not None
    assert host.process.stdin is not None
    host.process.stdin.close()
    host.process.wait(timeout=WAIT)
    assert not server.listening
    assert _refused(server.port)


DESKTOP = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from mycrm.core.db.engine import open_database
    from mycrm.ui.app.context import AppContext
    from mycrm.ui.companion.controller import PhoneAccess
    from mycrm.core.settings.preferences import PhoneSettings, save_phone_settings
    app = QApplication([])
    path = Path(sys.argv[1])
    ctx = AppContext(open_database(path), path)
    ctx.run(save_phone_settings, values=PhoneSettings(port=0))  # any free port
    access = PhoneAccess(ctx)
    assert access.turn_on("127.0.0.1")
    web = sorted(m for m in sys.modules if m.startswith(("uvicorn", "starlette")))
    print(json.dumps({"pid": access.server.pid, "port": access.server.port, "web": web}),
          flush=True)
    app.exec()
""")


def test_a_killed_desktop_leaves_no_listener(tmp_path: Path, engine: Engine) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MYCRM_NO_EXCEPTHOOK": "1"}
    with subprocess.Popen([sys.executable, "-c", DESKTOP, str(tmp_path / "test.sqlite")],
                          stdout=subprocess.PIPE, text=True, env=env) as desktop:
        try:
            assert desktop.stdout is not None
            started = json.loads(desktop.stdout.readline())
            child, port = int(started["pid"]), int(started["port"])
            assert child != desktop.pid
            assert started["web"] == []  # no web server code in the desktop at all
            assert [s.port for s in listening(child)] == [port]
            assert listening(desktop.pid) == []
        finally:
            desktop.send_signal(signal.SIGKILL)
    # The only listener on the port was the child (checked above); once it is gone the port
    # is free — a connection test here could meet another program that took the free port
    # since (it happened with two suites running at once).
    _wait_for(lambda: _gone(child), "the phone server outlived the desktop")

def test_a_server_that_dies_turns_phone_access_off_and_says_so(
        access: PhoneAccess, qtbot: QtBot) -> None:
    failures: list[str] = []
    states: list[bool] = []
    access.failed.connect(failures.append)
    access.state_changed.connect(states.append)
    assert access.turn_on("127.0.0.1") and access.server is not None
    pid = access.server.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: not access.is_on and bool(failures), timeout=int(WAIT * 1000))
    assert "stopped unexpectedly" in failures[0]
    assert states == [True, False] and access.server is None
    assert access.turn_on("127.0.0.1")  # and it can be turned on again


# --- when it cannot start --------------------------------------------------------------------

def test_start_failures_come_back_with_their_reason_and_leave_no_child(
        start_child: Callable[..., CompanionServer], tmp_path: Path) -> None:
    before = _children()
    with pytest.raises(CompanionError) as failed:
        start_child(host="192.0.2.1")  # TEST-NET: not an address of this machine
    assert failed.value.reason == "address" and "192.0.2.1" in str(failed.value)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(CompanionError) as failed:
        start_child(cert_dir=not_a_folder)
    assert failed.value.reason == "certificate"
    assert _children() == before


def test_a_failed_start_through_phone_access_says_why(access: PhoneAccess) -> None:
    failures: list[str] = []
    access.failed.connect(failures.append)
    assert not access.turn_on("192.0.2.1")
    assert not access.is_on and "could not listen on 192.0.2.1" in failures[0]


# --- the same guard, and the log ---------------------------------------------------------------

def test_through_the_child_the_guard_holds_and_its_log_reaches_the_desktop(
        start_child: Callable[..., CompanionServer], engine: Engine,
        customers: dict[str, int], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="mycrm")
    with socket.socket() as taken:  # the port asked for is taken: another one
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        server = start_child(port=taken.getsockname()[1])
        assert server.listening and server.port != taken.getsockname()[1]
    link = server.pairing_link()
    assert link != server.pairing_link()  # a new code replaces the old one
    assert phone_for(server).pair(link).status == 403
    link = server.pairing_link()
    first, second = phone_for(server), phone_for(server)
    assert first.pair(link).status == 303 and first.get("/api/today").status == 200
    assert second.pair(link).status == 403  # a code works once
    foreign = first.get("/api/today", headers={"Host": f"localhost:{server.port}"})
    assert (foreign.status, foreign.json()["error"]) == (403, "bad_host")
    with Session(engine) as session:
        assert len(session.exec(select(PairedPhone)).all()) == 1

    def logged() -> list[logging.LogRecord]:
        return [r for r in caplog.records
                if "pairing with an expired, used or wrong code" in r.getMessage()]

    _wait_for(lambda: len(logged()) == 2, "the child's warnings did not reach this log")
    assert all(r.levelno == logging.WARNING and r.name == "mycrm.companion.guard"
               and r.process == server.pid for r in logged())
