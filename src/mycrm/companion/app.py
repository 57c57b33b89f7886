"""The companion's routes: pairing, the page, and the JSON API the page calls.

Every handler is a few lines over a core service: it reads the request (``forms``), runs
the service in one transaction of its own connection — through ``core.phone.entries`` for
anything a phone writes, so a resend writes nothing again — and answers JSON. After a commit
it reports what changed (``on_change``), which the desktop turns into ``ctx.changed``.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from mycrm.companion.forms import Form, FormError, fields_of
from mycrm.companion.guard import Guard, Throttle
from mycrm.core.changes import Change, changes_of
from mycrm.core.common.timeutil import require_aware, wall_to_utc
from mycrm.core.common.validation import ValidationError
from mycrm.core.customers.services import get_customer
from mycrm.core.db.engine import session_scope
from mycrm.core.db.models import PairedPhone
from mycrm.core.phone import devices, summary
from mycrm.core.phone.entries import EntryKind, apply_once, valid_entry_id
from mycrm.core.records.needs import DEFAULT_FOLLOW_UP_TITLE, NeedInput, create_need
from mycrm.core.records.renewals import RenewalInput, record_renewal
from mycrm.core.records.services import InteractionInput, log_interaction
from mycrm.core.todos import reminders
from mycrm.core.todos.services import TodoInput, complete_todo, create_todo

log = logging.getLogger(__name__)

COOKIE = "mycrm_phone"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie
PAIRING_TTL = 300.0  # seconds a pairing code works (once)
MAX_BODY = 64 * 1024
CSRF_HEADER = "x-csrf-token"
STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                ".svg": "image/svg+xml", ".png": "image/png"}
NO_STORE = {"cache-control": "no-store"}


def _json_for_script(value: object) -> str:
    """JSON safe inside a <script> element (no "</script>", no "<!--")."""
    return (json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026"))


def page_language(accept_language: str) -> str:
    """"zh_CN" when the phone prefers Chinese, else "en"."""
    best, best_q = "en", -1.0
    for part in accept_language.split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if q > best_q and tag:
            best, best_q = ("zh_CN" if tag.lower().startswith("zh") else "en"), q
    return best


@dataclass
class Pairing:
    """One pairing code at a time: a new code replaces the old; a code works once."""

    code: str = ""
    expires: float = 0.0

    def issue(self) -> str:
        self.code = secrets.token_urlsafe(18)
        self.expires = time.monotonic() + PAIRING_TTL
        return self.code

    def redeem(self, code: str) -> bool:
        if not self.code or time.monotonic() > self.expires:
            return False
        if not hmac.compare_digest(self.code.encode(), code.encode("utf-8", "replace")):
            return False
        self.code = ""
        return True


class Companion:
    """The app's state: its database connection, pairing, throttle, and the texts."""

    def __init__(self, *, engine: Engine, clock: Callable[[], datetime], zone: str,
                 texts: Mapping[str, Mapping[str, str]], https: bool,
                 allowed_hosts: Callable[[], set[str]],
                 on_change: Callable[[Change], None],
                 on_paired: Callable[[int, str], None],
                 follow_up_title: str = DEFAULT_FOLLOW_UP_TITLE,
                 throttle: Throttle | None = None) -> None:
        self.engine = engine
        self.clock = clock
        self.zone = zone
        self.texts = texts
        self.https = https
        self.on_change = on_change
        self.on_paired = on_paired
        self.follow_up_title = follow_up_title  # the desktop's words for a need's to-do
        self.pairing = Pairing()
        self.throttle = throttle or Throttle()
        self.last_activity: datetime | None = None
        self._run_key = secrets.token_bytes(32)  # anti-forgery tokens die with the server
        self._lock = threading.Lock()  # one write at a time; resends of one entry too
        self._static = self._load_static()
        routes = [
            Route("/", self.index, methods=["GET"]),
            Route("/pair", self.pair, methods=["GET"]),
            Route("/static/{name}", self.static, methods=["GET"]),
            Route("/api/today", self.today, methods=["GET"]),
            Route("/api/meta", self.meta, methods=["GET"]),
            Route("/api/customers", self.customers, methods=["GET"]),
            Route("/api/customers/{customer_id:int}", self.customer, methods=["GET"]),
            Route("/api/records", self.add_record, methods=["POST"]),
            Route("/api/todos", self.add_todo, methods=["POST"]),
            Route("/api/todos/{todo_id:int}/done", self.todo_done, methods=["POST"]),
            Route("/api/todos/{todo_id:int}/snooze", self.todo_snooze, methods=["POST"]),
            Route("/api/needs", self.add_need, methods=["POST"]),
            Route("/api/renewals", self.add_renewal, methods=["POST"]),
        ]
        inner = Starlette(routes=routes, exception_handlers={
            404: self._not_found, 405: self._not_allowed, 500: self._server_error})
        self.asgi = Guard(inner, allowed_hosts=allowed_hosts, max_body=MAX_BODY)

    # --- files and texts ---------------------------------------------------------------------
    @staticmethod
    def _load_static() -> dict[str, bytes]:
        folder = resources.files("mycrm.companion") / "static"
        return {item.name: item.read_bytes() for item in folder.iterdir()
                if item.is_file() and not item.name.startswith(".")}

    def _texts_for(self, language: str) -> Mapping[str, str]:
        return self.texts.get(language) or self.texts.get("en") or {}

    def _template(self, name: str, values: Mapping[str, str]) -> str:
        page = self._static.get(name, b"").decode("utf-8")
        for key, value in values.items():
            page = page.replace("{{" + key + "}}", value)
        return page

    def _message_page(self, request: Request, status: int, kind: str) -> HTMLResponse:
        """The page a phone sees when it is not paired or its pairing link failed."""
        language = page_language(request.headers.get("accept-language", ""))
        texts = self._texts_for(language)
        template = "pair_failed.html" if kind == "pair_failed" else "unpaired.html"
        body = self._template(template, {
            "lang": "zh-CN" if language == "zh_CN" else "en",
            "title": html.escape(texts.get(f"{kind}.title", "mycrm")),
            "heading": html.escape(texts.get(f"{kind}.title", "mycrm")),
            "body": html.escape(texts.get(f"{kind}.body", "")),
        })
        return HTMLResponse(body, status_code=status, headers=NO_STORE)

    # --- who is asking -----------------------------------------------------------------------
    def csrf_token(self, phone: PairedPhone) -> str:
        return hmac.new(self._run_key, f"{phone.id}:{phone.secret_hash}".encode(),
                        hashlib.sha256).hexdigest()

    def _phone(self, request: Request) -> PairedPhone | None:
        token = request.cookies.get(COOKIE, "")
        if not token:
            return None
        with session_scope(self.engine) as session:
            phone = devices.verify_token(session, token)
            if phone is not None:
                devices.touch_phone(session, phone, self.clock())
                session.expunge(phone)
        if phone is not None:
            self.last_activity = self.clock()
        return phone

    async def _authorised(self, request: Request, *, write: bool
                          ) -> tuple[PairedPhone | None, Response | None]:
        client = request.client.host if request.client else ""
        if self.throttle.blocked(client):
            return None, _error(429, "slow_down", retry_after=60)
        phone = self._phone(request)
        if phone is None:
            await self.throttle.failed(client, "request without a paired phone's secret")
            return None, _error(401, "not_paired")
        if write:
            sent = request.headers.get(CSRF_HEADER, "")
            if not hmac.compare_digest(sent.encode("utf-8", "replace"),
                                       self.csrf_token(phone).encode()):
                await self.throttle.failed(client, "write without the anti-forgery token")
                return None, _error(403, "bad_token")
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind != "application/json":
                return None, _error(415, "json_required")
        return phone, None

    # --- pages -------------------------------------------------------------------------------
    async def index(self, request: Request) -> Response:
        phone = self._phone(request)
        if phone is None:
            return self._message_page(request, 401, "unpaired")
        language = page_language(request.headers.get("accept-language", ""))
        texts = self._texts_for(language)
        page = self._template("index.html", {
            "lang": "zh-CN" if language == "zh_CN" else "en",
            "title": html.escape(texts.get("app.title", "mycrm")),
            "csrf": html.escape(self.csrf_token(phone)),
            "text_json": _json_for_script(dict(texts)),
            "boot_json": _json_for_script({"lang": language, "zone": self.zone}),
        })
        return HTMLResponse(page, headers=NO_STORE)

    async def pair(self, request: Request) -> Response:
        client = request.client.host if request.client else ""
        if self.throttle.blocked(client):
            return _error(429, "slow_down", retry_after=60)
        code = request.query_params.get("code", "")[:100]
        if not self.pairing.redeem(code):
            await self.throttle.failed(client, "pairing with an expired, used or wrong code")
            return self._message_page(request, 403, "pair_failed")
        name = devices.phone_name(request.headers.get("user-agent", ""))
        with session_scope(self.engine) as session:
            phone, secret = devices.pair_phone(session=session, now=self.clock(), name=name)
            token = devices.token_of(phone, secret)
            phone_id = phone.id
        assert phone_id is not None
        log.info("phone access: paired %s from %s", name, client)
        self.last_activity = self.clock()
        self.on_change(changes_of(devices.pair_phone))
        self.on_paired(phone_id, name)
        response = RedirectResponse("/", status_code=303, headers=NO_STORE)
        response.set_cookie(COOKIE, token, max_age=COOKIE_MAX_AGE, path="/", httponly=True,
                            secure=self.https, samesite="strict")
        return response

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        suffix = name[name.rfind("."):] if "." in name else ""
        if name not in self._static or suffix not in STATIC_TYPES:
            return _error(404, "not_found")
        return Response(self._static[name], media_type=STATIC_TYPES[suffix],
                        headers={"cache-control": "no-cache"})

    # --- reads -------------------------------------------------------------------------------
    async def today(self, request: Request) -> Response:
        _phone, refused = await self._authorised(request, write=False)
        if refused is not None:
            return refused
        with session_scope(self.engine) as session:
            items = summary.today_items(session, now=self.clock(), zone=self.zone)
        return _ok({"items": items})

    async def meta(self, request: Request) -> Response:
        _phone, refused = await self._authorised(request, write=False)
        return refused or _ok(summary.meta(self.zone))

    async def customers(self, request: Request) -> Response:
        _phone, refused = await self._authorised(request, write=False)
        if refused is not None:
            return refused
        text = request.query_params.get("q", "")[:200]
        with session_scope(self.engine) as session:
            items = summary.customer_list(session, text=text, now=self.clock(), zone=self.zone)
        return _ok({"items": items})

    async def customer(self, request: Request) -> Response:
        _phone, refused = await self._authorised(request, write=False)
        if refused is not None:
            return refused
        try:
            with session_scope(self.engine) as session:
                found = summary.customer_summary(
                    session, customer_id=request.path_params["customer_id"],
                    now=self.clock(), zone=self.zone)
        except LookupError:
            return _error(404, "not_found")
        return _ok(found)

    # --- writes ------------------------------------------------------------------------------
    async def _write(self, request: Request, kind: EntryKind,
                     build: Callable[[Form], Callable[..., Any]],
                     service: Callable[..., Any], rename: dict[str, str] | None = None
                     ) -> Response:
        """Read the entry, then write it once: ``build(form)`` returns ``write(session, now)``
        (the service call, returning the row it wrote) or records field errors in ``form``."""
        phone, refused = await self._authorised(request, write=True)
        if refused is not None:
            return refused
        body = await _json_body(request)
        if not isinstance(body, dict):
            return _error(400, "bad_json")
        entry_id = body.get("entry_id")
        if not valid_entry_id(entry_id):
            return _error(400, "invalid", fields={"entry_id": "bad_type"})
        assert isinstance(entry_id, str) and phone is not None
        form = Form(body)
        try:
            write = build(form)
            form.check()
        except FormError as error:
            return _error(400, "invalid", fields=error.fields)
        try:
            with self._lock, session_scope(self.engine) as session:
                now = self.clock()

                def run() -> int | None:
                    row = write(session, now)
                    return getattr(row, "id", None)

                answer, duplicate = apply_once(session, entry_id=entry_id, phone_id=phone.id,
                                               kind=kind, now=now, write=run)
        except ValidationError as error:
            return _error(400, "invalid", fields=fields_of(error, rename))
        except LookupError:
            return _error(404, "not_found")
        if not duplicate:
            self.on_change(changes_of(service))
        return _ok({**answer, "duplicate": duplicate})

    def _customer_id(self, form: Form, *, optional: bool = False) -> int | None:
        return form.integer("customer_id", optional=optional)

    async def add_record(self, request: Request) -> Response:
        def build(form: Form) -> Callable[..., Any]:
            zone = form.zone("tz", self.zone)
            todos = []
            for index, row in enumerate(form.items("todos")):
                title = form.text("title", max_len=300, source=row, name=f"todos.{index}.title")
                remind = form.wall("remind_wall", source=row, name=f"todos.{index}.remind_wall")
                todos.append(TodoInput(title=title, remind_wall=remind, remind_tz=zone))
            customer_id = self._customer_id(form)
            occurred = form.wall("occurred_wall", required=True)
            data = InteractionInput(
                customer_id=customer_id or 0, kind=form.text("kind", max_len=16),
                occurred_at=_instant(occurred, zone, form, "occurred_wall"),
                attendees=form.text("attendees"), discussion=form.text("discussion"),
                feedback=form.text("feedback"), next_steps=form.text("next_steps"),
                todos=todos)
            return lambda session, now: log_interaction(session=session, data=data, now=now)

        return await self._write(request, EntryKind.RECORD, build, log_interaction,
                                 {"occurred_at": "occurred_wall"})

    async def add_todo(self, request: Request) -> Response:
        def build(form: Form) -> Callable[..., Any]:
            zone = form.zone("tz", self.zone)
            data = TodoInput(title=form.text("title", max_len=300), notes=form.text("notes"),
                             customer_id=self._customer_id(form, optional=True),
                             remind_wall=form.wall("remind_wall"), remind_tz=zone)

            def write(session: Any, now: datetime) -> Any:
                if data.customer_id is not None:
                    get_customer(session, data.customer_id)
                return create_todo(session=session, data=data, now=now)

            return write

        return await self._write(request, EntryKind.TODO, build, create_todo)

    async def todo_done(self, request: Request) -> Response:
        todo_id = request.path_params["todo_id"]
        return await self._write(
            request, EntryKind.DONE,
            lambda form: lambda session, now: complete_todo(session=session, todo_id=todo_id,
                                                            now=now),
            complete_todo)

    async def todo_snooze(self, request: Request) -> Response:
        todo_id = request.path_params["todo_id"]

        def build(form: Form) -> Callable[..., Any]:
            choice = form.text("choice", max_len=16)
            if choice not in {c.value for c in reminders.SnoozeChoice}:
                form.errors["choice"] = "bad_choice"
                return lambda session, now: None

            def write(session: Any, now: datetime) -> Any:
                until = reminders.snooze_target(now, self.zone, choice)
                return reminders.snooze(session=session, now=now, todo_id=todo_id, until=until)

            return write

        return await self._write(request, EntryKind.SNOOZE, build, reminders.snooze)

    async def add_need(self, request: Request) -> Response:
        def build(form: Form) -> Callable[..., Any]:
            data = NeedInput(customer_id=self._customer_id(form) or 0,
                             title=form.text("title", max_len=200),
                             detail=form.text("detail"),
                             amount=form.text("amount", max_len=40) or None,
                             follow_up_on=form.text("follow_up_on", max_len=32) or None)
            return lambda session, now: create_need(
                session=session, data=data, now=now, zone=self.zone,
                todo_title=self.follow_up_title)

        return await self._write(request, EntryKind.NEED, build, create_need)

    async def add_renewal(self, request: Request) -> Response:
        def build(form: Form) -> Callable[..., Any]:
            data = RenewalInput(customer_id=self._customer_id(form) or 0,
                                signed_on=form.text("signed_on", max_len=32),
                                end_date=form.text("end_date", max_len=32),
                                amount=form.text("amount", max_len=40) or None)
            return lambda session, now: record_renewal(session=session, data=data, now=now)

        return await self._write(request, EntryKind.RENEWAL, build, record_renewal)

    # --- errors ------------------------------------------------------------------------------
    async def _not_found(self, request: Request, exc: Exception) -> Response:
        return _error(404, "not_found")

    async def _not_allowed(self, request: Request, exc: Exception) -> Response:
        return _error(405, "method_not_allowed")

    async def _server_error(self, request: Request, exc: Exception) -> Response:
        log.error("phone access: %s %s failed", request.method, request.url.path,
                  exc_info=exc)
        return _error(500, "server")


def _instant(wall: datetime | None, zone: str, form: Form, key: str) -> datetime | None:
    if wall is None:
        return None
    try:
        return require_aware(wall_to_utc(wall, zone))
    except (ValueError, OverflowError, KeyError):
        form.errors.setdefault(key, "bad_datetime")
        return None


async def _json_body(request: Request) -> object:
    """The request's JSON, or None when it is not JSON; never more than ``MAX_BODY``."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    try:
        return json.loads(b"".join(chunks).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def _ok(data: Mapping[str, Any]) -> JSONResponse:
    return JSONResponse(dict(data), headers=NO_STORE)


def _error(status: int, code: str, **extra: Any) -> JSONResponse:
    headers = dict(NO_STORE)
    if "retry_after" in extra:
        headers["retry-after"] = str(extra["retry_after"])
    return JSONResponse({"ok": False, "error": code, **extra}, status_code=status,
                        headers=headers)
