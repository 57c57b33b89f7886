"""What a reviewer of a local-network service checks, against the real server over HTTPS:
only a paired phone reads or writes; a pairing code works once and expires; a foreign Host,
a missing anti-forgery token, a wrong content type, a huge or malformed body, and a thousand
fuzzed bodies write nothing and never make the server fail; failures are slowed and logged;
the answers carry the cookie flags and headers that keep other pages out; and nothing
listens on the network unless phone access is on — then only on the address it shows."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import random
import socket
import ssl
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from db_dump import dump_tables
from mycrm.companion import app as companion_app
from mycrm.companion.guard import CSP, Guard, Throttle
from mycrm.companion.netinfo import is_private_client
from mycrm.companion.server import CompanionServer
from mycrm.companion.tls import CERT_NAME
from mycrm.core.db.engine import session_scope
from mycrm.core.db.models import PairedPhone, Todo
from mycrm.core.phone import devices
from mycrm.core.todos.services import TodoInput, create_todo
from phone_client import Phone, Reply, entry_id, phone_for
from sockets import inet_sockets, listening

WRITES = ("/api/records", "/api/todos", "/api/needs", "/api/renewals")
READS = ("/api/today", "/api/meta", "/api/customers", "/api/customers/1")


def _unchanged(db_path: Path, before: dict[str, list[tuple[object, ...]]]) -> None:
    """No row written: every table as it was (a phone's last-seen time aside)."""
    after = dump_tables(db_path, before)
    assert {t: rows for t, rows in after.items() if t != "pairedphone"} == {
        t: rows for t, rows in before.items() if t != "pairedphone"}
    assert len(after["pairedphone"]) == len(before["pairedphone"])


def _settled_dump(phone: Phone, db_path: Path) -> dict[str, list[tuple[object, ...]]]:
    assert phone.get("/api/today").status == 200  # notes last-seen now, not during the test
    return dump_tables(db_path)


def _todo(engine: Engine, now: datetime, customer_id: int) -> int:
    with session_scope(engine) as session:
        todo = create_todo(session=session, now=now, data=TodoInput(
            title="Call back", customer_id=customer_id, remind_wall=datetime(2026, 11, 22, 9, 0),
            remind_tz="Asia/Shanghai"))
        assert todo.id is not None
        return todo.id


# --- who may ask -----------------------------------------------------------------------------

def test_without_a_secret_nothing_is_read_or_written(
        server: CompanionServer, phone: Phone, db_path: Path, customers: dict[str, int]) -> None:
    before = _settled_dump(phone, db_path)
    stranger = phone_for(server)
    for path in READS:
        reply = stranger.get(path)
        assert (reply.status, reply.json()["error"]) == (401, "not_paired"), path
    for path in WRITES:
        reply = stranger.post(path, {"entry_id": entry_id(), "customer_id": 1, "title": "x"},
                              token=phone.csrf)  # even with a paired phone's token
        assert reply.status == 401, (path, reply.text)
    page = stranger.get("/")
    assert page.status == 401 and "mycrm-csrf" not in page.text
    _unchanged(db_path, before)


def test_a_removed_phone_and_a_forged_secret_can_do_nothing(
        server: CompanionServer, phone: Phone, engine: Engine, db_path: Path, now: datetime,
        customers: dict[str, int]) -> None:
    phone_id = int(phone.cookie.split(".", 1)[0])
    forged = phone_for(server)
    forged.jar.set_cookie(_cookie(server, f"{phone_id}.{'A' * 43}"))
    assert forged.get("/api/today").status == 401
    with session_scope(engine) as session:
        assert devices.remove_phone(session=session, now=now, phone_id=phone_id)
    before = dump_tables(db_path)
    assert phone.get("/api/today").status == 401
    reply = phone.post("/api/todos", {"entry_id": entry_id(), "title": "after removal"})
    assert reply.status == 401
    assert phone.load_page().status == 401
    _unchanged(db_path, before)


def _cookie(server: CompanionServer, value: str) -> Any:
    import http.cookiejar

    return http.cookiejar.Cookie(
        0, "mycrm_phone", value, None, False, "127.0.0.1", False, False, "/", True, True,
        None, False, None, None, {})


def test_the_laptop_keeps_only_a_hash_of_each_phones_secret(
        phone: Phone, engine: Engine) -> None:
    phone_id, secret = phone.cookie.split(".", 1)
    assert len(secret) >= 43  # 32 random bytes, base64
    with Session(engine) as session:
        row = session.get(PairedPhone, int(phone_id))
        assert row is not None
        stored = json.dumps(row.model_dump(), default=str)
    assert secret not in stored
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()


def test_a_pairing_code_works_once(server: CompanionServer, engine: Engine) -> None:
    link = server.pairing_link()
    first, second = phone_for(server), phone_for(server)
    assert first.pair(link).status == 303
    reply = second.pair(link)
    assert reply.status == 403 and second.cookie == ""
    assert second.get("/api/today").status == 401
    with Session(engine) as session:
        assert len(session.exec(select(PairedPhone)).all()) == 1


def test_an_expired_pairing_code_pairs_nothing(
        server: CompanionServer, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(companion_app, "PAIRING_TTL", 0.2)
    link = server.pairing_link()
    import time
    time.sleep(0.3)
    late = phone_for(server)
    reply = late.pair(link)
    assert reply.status == 403 and late.cookie == ""
    with Session(engine) as session:
        assert session.exec(select(PairedPhone)).all() == []


def test_a_new_code_replaces_the_last_one(server: CompanionServer) -> None:
    old = server.pairing_link()
    new = server.pairing_link()
    assert old != new
    assert phone_for(server).pair(old).status == 403
    assert phone_for(server).pair(new).status == 303


# --- the request itself ----------------------------------------------------------------------

def _cert(server: CompanionServer) -> Path:
    assert server.config.cert_dir is not None
    return server.config.cert_dir / CERT_NAME


def _raw(server: CompanionServer, request: bytes) -> tuple[int, bytes]:
    """Send bytes as they are (a Host header no browser of ours would send) over TLS."""
    context = ssl.create_default_context(cafile=str(_cert(server)))
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as plain, \
            context.wrap_socket(plain, server_hostname="127.0.0.1") as tls:
        tls.sendall(request)
        answer = b""
        while chunk := tls.recv(65536):
            answer += chunk
    status = int(answer.split(b" ", 2)[1])
    return status, answer


def test_a_foreign_host_header_is_refused(server: CompanionServer, phone: Phone,
                                          db_path: Path, customers: dict[str, int]) -> None:
    before = _settled_dump(phone, db_path)
    body = json.dumps({"entry_id": entry_id(), "title": "rebound"}).encode()
    for host in (b"evil.example", b"localhost:%d" % server.port, b"127.0.0.1",
                 b"192.168.1.5:%d" % server.port):
        for request in (
                b"GET /api/today HTTP/1.1\r\nHost: " + host + b"\r\nCookie: mycrm_phone="
                + phone.cookie.encode() + b"\r\nConnection: close\r\n\r\n",
                b"POST /api/todos HTTP/1.1\r\nHost: " + host + b"\r\nCookie: mycrm_phone="
                + phone.cookie.encode() + b"\r\nX-CSRF-Token: " + phone.csrf.encode()
                + b"\r\nContent-Type: application/json\r\nContent-Length: "
                + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body):
            status, answer = _raw(server, request)
            assert status == 403 and b"bad_host" in answer, host
    _unchanged(db_path, before)


def test_writes_need_the_anti_forgery_token_and_json(
        phone: Phone, db_path: Path, customers: dict[str, int]) -> None:
    before = _settled_dump(phone, db_path)
    body = {"entry_id": entry_id(), "title": "forged", "customer_id": customers["Acme Corp"]}
    other_run = "0" * 64
    for token in ("", other_run, phone.csrf[:-1], phone.csrf.upper() + "x"):
        reply = phone.post("/api/todos", body, token=token) if token else phone.request(
            "POST", "/api/todos", json.dumps(body).encode(),
            {"Content-Type": "application/json"})
        assert (reply.status, reply.json()["error"]) == (403, "bad_token"), token
    for kind in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        reply = phone.post("/api/todos", json.dumps(body).encode(), content_type=kind)
        assert (reply.status, reply.json()["error"]) == (415, "json_required"), kind
    _unchanged(db_path, before)


def test_huge_malformed_and_mistyped_bodies_are_refused(
        phone: Phone, db_path: Path, customers: dict[str, int]) -> None:
    before = _settled_dump(phone, db_path)
    customer_id = customers["Acme Corp"]
    huge = phone.post("/api/todos", {"entry_id": entry_id(), "title": "x",
                                     "notes": "长" * (70 * 1024)})
    assert (huge.status, huge.json()["error"]) == (413, "too_large")
    for raw in (b"{", b"[]", b"null", b'"text"', b"\xff\xfe", b'{"entry_id": }',
                b"[" * 100_00 + b"]" * 100_00, b'{"a": NaN'):
        reply = phone.post("/api/records", raw)
        assert reply.status in (400, 413), (raw[:20], reply.text)
        assert reply.json()["ok"] is False
    typed: list[tuple[str, dict[str, object], str]] = [
        ("/api/records", {"customer_id": customer_id, "kind": ["visit"],
                          "occurred_wall": "2026-11-22T10:00"}, "kind"),
        ("/api/records", {"customer_id": customer_id, "kind": "visit",
                          "occurred_wall": 1700000000}, "occurred_wall"),
        ("/api/records", {"customer_id": customer_id, "kind": "visit",
                          "occurred_wall": "2026-11-22T10:00", "todos": "call"}, "todos"),
        ("/api/todos", {"title": "x", "customer_id": True}, "customer_id"),
        ("/api/todos", {"title": "x", "remind_wall": "2026-02-30T09:00"}, "remind_wall"),
        ("/api/todos", {"title": "x", "tz": "Mars/Olympus"}, "tz"),
        ("/api/needs", {"customer_id": customer_id, "title": {"x": 1}}, "title"),
        ("/api/renewals", {"customer_id": customer_id, "signed_on": "2026-11-22",
                           "end_date": "2026-02-30"}, "end_date"),
    ]
    for path, body, field in typed:
        reply = phone.post(path, {**body, "entry_id": entry_id()})
        assert reply.status == 400, (path, body, reply.text)
        assert field in reply.json().get("fields", {}), (path, reply.text)
    for bad_id in (None, "", 5, "x" * 500, "has space", ["a"]):
        reply = phone.post("/api/todos", {"entry_id": bad_id, "title": "x"})
        assert reply.status == 400 and "entry_id" in reply.json()["fields"], bad_id
    _unchanged(db_path, before)


# --- a thousand fuzzed bodies ----------------------------------------------------------------

def _junk(rng: random.Random, depth: int = 0) -> Any:
    kinds = ["int", "float", "str", "bool", "none", "big", "unicode", "date"]
    if depth < 3:
        kinds += ["list", "dict"]
    kind = rng.choice(kinds)
    if kind == "int":
        return rng.randint(-10, 10_000_000)
    if kind == "big":
        return rng.choice([10 ** 30, -(2 ** 63), 2 ** 64, 1e308])
    if kind == "float":
        return rng.uniform(-1e6, 1e6)
    if kind == "str":
        return "".join(rng.choice("abc<>&\"'%;\\/\x00 \n\t{}") for _ in range(rng.randint(0, 40)))
    if kind == "unicode":
        return "".join(chr(rng.choice([rng.randint(0x4E00, 0x9FFF), rng.randint(0x1F300, 0x1FAFF),
                                       0x202E, 0xFEFF, 0x200B])) for _ in range(rng.randint(1, 30)))
    if kind == "date":
        return rng.choice(["2026-02-30", "2026-13-01T10:00", "0000-01-01", "9999-12-31T23:59",
                           "2026-11-22T25:61", "yesterday", "2026-11-22T10:00+99:00", ""])
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "none":
        return None
    if kind == "list":
        return [_junk(rng, depth + 1) for _ in range(rng.randint(0, 5))]
    return {rng.choice(["title", "kind", "x", "__proto__", "todos", "id"]): _junk(rng, depth + 1)
            for _ in range(rng.randint(0, 4))}


def _valid_bodies(customer_id: int) -> dict[str, dict[str, Any]]:
    return {
        "/api/records": {"customer_id": customer_id, "kind": "visit",
                         "occurred_wall": "2026-11-22T10:00", "tz": "Asia/Shanghai",
                         "discussion": "ok", "todos": [{"title": "t",
                                                        "remind_wall": "2026-11-23T09:00"}]},
        "/api/todos": {"customer_id": customer_id, "title": "t",
                       "remind_wall": "2026-11-23T09:00", "tz": "Asia/Shanghai"},
        "/api/needs": {"customer_id": customer_id, "title": "t", "amount": "9万元",
                       "follow_up_on": "2026-12-01"},
        "/api/renewals": {"customer_id": customer_id, "signed_on": "2026-11-22",
                          "end_date": "2027-11-21", "amount": "120000"},
        "done": {},
        "snooze": {"choice": "1h"},
    }


def _break(rng: random.Random, route: str, body: dict[str, Any], missing_customer: int,
           todo_id: int) -> tuple[str, Any]:
    """One change that makes the entry unacceptable (so it must write nothing)."""
    if route in ("done", "snooze"):
        path = f"/api/todos/{todo_id}/{route}"
        choice = rng.randrange(3)
        if choice == 0 or route == "done":
            if rng.random() < 0.5:
                return f"/api/todos/{rng.choice([0, 999_999, 2 ** 40])}/{route}", body
            body["entry_id"] = rng.choice([None, "", 7, "x" * 300, ["e"], "with space"])
            return path, body
        body["choice"] = rng.choice([_junk(rng), "forever", "-1h", "1H "])
        return path, body
    required = {"/api/records": ["customer_id", "kind", "occurred_wall"],
                "/api/todos": ["title"], "/api/needs": ["customer_id", "title"],
                "/api/renewals": ["customer_id", "signed_on", "end_date"]}[route]
    how = rng.randrange(6)
    if how == 0:
        body.pop(rng.choice(required))
    elif how == 1 and "customer_id" in body:
        # (a to-do without a customer is a valid to-do: no None here)
        body["customer_id"] = rng.choice([missing_customer, -1, 0, "1", 1.5, True, [1]])
    elif how == 2:
        key = rng.choice(required)
        body[key] = rng.choice([_junk(rng), [], {}, "", "   "])
        if key == "title" and isinstance(body[key], str) and body[key].strip():
            body[key] = ""
    elif how == 3:
        body["entry_id"] = rng.choice([None, "", 7, "x" * 300, ["e"], "with space"])
    elif how == 4 and route == "/api/records":
        body["todos"] = [{"title": _junk(rng)} for _ in range(rng.randint(1, 4))] + [
            {"title": ""}]
    else:
        return route, rng.choice([_junk(rng), [body], "", 0, None])  # not an object
    return route, body


def _still_valid(reply: Reply) -> bool:
    return reply.status == 200


def test_a_thousand_fuzzed_bodies_write_nothing_and_break_nothing(
        server: CompanionServer, engine: Engine, db_path: Path, now: datetime,
        customers: dict[str, int]) -> None:
    phone = phone_for(server, keep_alive=True)
    assert phone.pair(server.pairing_link()).status == 303
    customer_id = customers["杭州青禾科技"]
    todo_id = _todo(engine, now, customer_id)
    before = _settled_dump(phone, db_path)
    rng = random.Random(20261203)
    statuses: dict[int, int] = {}
    routes = [*WRITES, "done", "snooze"]
    for _ in range(1000):
        route = rng.choice(routes)
        body = json.loads(json.dumps(_valid_bodies(customer_id)[route]))
        body["entry_id"] = entry_id()
        for _ in range(rng.randint(0, 3)):  # noise that may or may not matter
            key = rng.choice([*body, "extra", "notes", "attendees", "detail"])
            if key not in ("customer_id", "entry_id", "title", "kind", "occurred_wall",
                           "signed_on", "end_date", "choice"):
                body[key] = _junk(rng)
        path, broken = _break(rng, route, body, 999_999, todo_id)
        raw = json.dumps(broken, ensure_ascii=rng.random() < 0.5).encode()
        if rng.random() < 0.05:
            raw = raw[: rng.randint(0, len(raw))]  # cut off on the way
        reply = phone.post(path, raw)
        statuses[reply.status] = statuses.get(reply.status, 0) + 1
        assert reply.status < 500, (path, raw[:200], reply.text)
        assert not _still_valid(reply), (path, raw[:200], reply.text)
        assert reply.json()["ok"] is False
    assert set(statuses) <= {400, 404, 413}, statuses
    _unchanged(db_path, before)
    assert server.listening
    assert phone.get("/api/today").status == 200  # still answering
    ok = phone.post("/api/todos", {"entry_id": entry_id(), "title": "after the storm"})
    phone.close()
    assert ok.status == 200, ok.text


# --- what the answers say --------------------------------------------------------------------

def test_the_cookie_is_httponly_secure_and_strict(server: CompanionServer) -> None:
    reply = phone_for(server).get(server.pairing_link())
    cookie = reply.headers["set-cookie"].lower()
    for flag in ("httponly", "secure", "samesite=strict", "path=/"):
        assert flag in cookie, cookie


def test_over_plain_http_the_cookie_is_not_marked_secure(
        start_server: Callable[..., CompanionServer], customers: dict[str, int]) -> None:
    server = start_server(https=False)
    assert server.url.startswith("http://")
    phone = phone_for(server)
    reply = phone.get(server.pairing_link())
    cookie = reply.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie
    phone.load_page()
    assert phone.get("/api/today").status == 200


def test_every_answer_forbids_framing_sniffing_and_other_origins(
        server: CompanionServer, phone: Phone) -> None:
    stranger = phone_for(server)
    answers = [phone.get("/"), phone.get("/api/today"), phone.get("/static/app.js"),
               stranger.get("/"), stranger.get("/api/today"), phone.get("/nowhere"),
               phone.request("OPTIONS", "/api/todos",
                             headers={"Origin": "https://evil.example",
                                      "Access-Control-Request-Method": "POST"})]
    for reply in answers:
        headers = {k.lower(): v for k, v in reply.headers.items()}
        assert headers["content-security-policy"] == CSP
        assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert not any(k.startswith("access-control-") for k in headers), headers
        assert reply.status < 500


def test_failed_attempts_are_slowed_then_refused_and_logged(
        start_server: Callable[..., CompanionServer], customers: dict[str, int],
        caplog: pytest.LogCaptureFixture) -> None:
    server = start_server(throttle=Throttle(free=2, limit=5, max_delay=0.2))
    stranger = phone_for(server)
    caplog.set_level(logging.WARNING, logger="mycrm.companion")
    statuses = [stranger.get(f"/pair?code=guess{i}").status for i in range(5)]
    assert statuses == [403] * 5
    refused = stranger.get(server.pairing_link())  # even the right code, now
    assert refused.status == 429 and refused.headers.get("retry-after") == "60"
    assert stranger.get("/api/today").status == 429
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert sum("pairing with an expired, used or wrong code" in w for w in warnings) == 5


def test_the_throttle_waits_longer_after_the_free_attempts() -> None:
    throttle = Throttle(free=1, limit=10, max_delay=0.05)
    waits: list[float] = []

    async def attempts() -> None:
        loop = asyncio.get_running_loop()
        for _ in range(4):
            start = loop.time()
            await throttle.failed("192.168.1.9", "test")
            waits.append(loop.time() - start)

    asyncio.run(attempts())
    assert waits[0] < 0.01 and all(w >= 0.04 for w in waits[1:]), waits
    assert not throttle.blocked("192.168.1.10")  # per address


@pytest.mark.parametrize(("client", "allowed"), [
    ("192.168.1.20", True), ("10.0.0.7", True), ("172.16.3.4", True), ("172.31.255.1", True),
    ("127.0.0.1", True), ("169.254.10.1", True), ("fd12:3456::1", True), ("fe80::1%wlan0", True),
    ("::1", True), ("::ffff:192.168.1.20", True),
    ("8.8.8.8", False), ("100.64.0.1", False), ("172.32.0.1", False), ("2001:db8::1", False),
    ("::ffff:8.8.8.8", False), ("", False), ("not-an-ip", False)])
def test_only_private_addresses_may_connect(client: str, allowed: bool) -> None:
    assert is_private_client(client) is allowed


def test_the_guard_refuses_a_public_client_before_anything_runs() -> None:
    reached: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        reached.append(scope["path"])

    guard = Guard(app, allowed_hosts=lambda: {"192.168.1.2:8765"}, max_body=1024)
    sent: list[dict[str, Any]] = []

    async def send(message: Any) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    for client in ("8.8.8.8", "100.64.0.1"):
        scope = {"type": "http", "path": "/api/today", "client": (client, 5000),
                 "headers": [(b"host", b"192.168.1.2:8765")]}
        asyncio.run(guard(scope, receive, send))
        assert sent[-2]["status"] == 403
    assert reached == []
    scope = {"type": "http", "path": "/api/today", "client": ("192.168.1.9", 5000),
             "headers": [(b"host", b"192.168.1.2:8765")]}
    asyncio.run(guard(scope, receive, send))
    assert reached == ["/api/today"]


def test_the_fingerprint_shown_is_the_certificates(server: CompanionServer) -> None:
    context = ssl.create_default_context(cafile=str(_cert(server)))
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as plain, \
            context.wrap_socket(plain, server_hostname="127.0.0.1") as tls:
        der = tls.getpeercert(binary_form=True)
    assert der is not None
    digest = hashlib.sha256(der).hexdigest().upper()
    assert server.fingerprint.replace(":", "").upper() == digest


# --- listening or not ------------------------------------------------------------------------

def test_a_socket_listens_only_while_phone_access_is_on(
        start_server: Callable[..., CompanionServer], customers: dict[str, int]) -> None:
    assert listening() == []
    server = start_server()
    assert [(s.address, s.port) for s in listening()] == [("127.0.0.1", server.port)]
    phone = phone_for(server, keep_alive=True)  # a phone holding its connection open
    phone.pair(server.pairing_link())
    assert phone.get("/api/today").status == 200
    thread = server._host.thread  # type: ignore[attr-defined]
    server.stop()
    assert thread is not None and not thread.is_alive()  # did not wait on the phone
    assert listening() == []
    assert not server.listening
    phone.close()


DESKTOP_ALONE = textwrap.dedent("""
    import json, os, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from PySide6.QtCore import QTimer
    from mycrm.ui.app.application import create_application
    from mycrm.core.db.engine import open_database
    from mycrm.ui.app.context import AppContext
    from mycrm.ui.app.main_window import MainWindow
    from mycrm.ui.app.pages import PAGE_KEYS
    from sockets import inet_sockets
    app = create_application()
    engine = open_database(Path(sys.argv[1]))
    window = MainWindow(AppContext(engine, Path(sys.argv[1])))
    window.show()
    for key in PAGE_KEYS:
        window.show_page(key)
        app.processEvents()
    QTimer.singleShot(500, app.quit)
    app.exec()
    print(json.dumps([s.__dict__ for s in inet_sockets()]))
""")


def test_the_desktop_alone_opens_no_network_socket(tmp_path: Path) -> None:
    tests = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", DESKTOP_ALONE, str(tmp_path / "data.sqlite"),
                           str(tests)], capture_output=True, text=True, timeout=120,
                          env=_offscreen_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def _offscreen_env(tmp_path: Path) -> dict[str, str]:
    import os

    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MYCRM_NO_EXCEPTHOOK": "1",
            "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
            "XDG_STATE_HOME": str(tmp_path / "state")}


def test_the_sockets_helper_sees_a_listening_socket() -> None:
    """The check above would pass vacuously if the /proc reading found nothing."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        probe.listen(1)
        port = probe.getsockname()[1]
        assert ("127.0.0.1", port) in [(s.address, s.port) for s in listening()]
        assert any(s.port == port for s in inet_sockets())


def test_todos_snoozed_from_a_stranger_stay_as_they_were(
        server: CompanionServer, phone: Phone, engine: Engine, now: datetime,
        customers: dict[str, int]) -> None:
    todo_id = _todo(engine, now, customers["Acme Corp"])
    with Session(engine) as session:
        before = session.get(Todo, todo_id)
        assert before is not None
    stranger = phone_for(server)
    for action, body in (("done", {}), ("snooze", {"choice": "1h"})):
        reply = stranger.post(f"/api/todos/{todo_id}/{action}", {**body,
                                                                 "entry_id": entry_id()},
                              token=phone.csrf)
        assert reply.status == 401
    with Session(engine) as session:
        todo = session.get(Todo, todo_id)
        assert todo is not None and todo.done_at is None
        assert (todo.reminder_state, todo.notify_at) == (before.reminder_state, before.notify_at)
