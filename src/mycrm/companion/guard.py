"""What stands between the network and the data: the checks every request passes first.

An ASGI middleware (it sees every request, static files included): the client must come
from a private address, the Host header must be the address the app shows (a page on
another site cannot reach it through DNS rebinding), and a body may not exceed its limit.
Every answer carries headers that forbid framing, sniffing, referrers and anything but
this origin's own scripts. Failed pairings and logins are slowed down (``Throttle``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from mycrm.companion.netinfo import is_private_client

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


DRAIN_LIMIT = 1024 * 1024  # a refused body up to this size is read (and dropped) first


async def _drain(receive: Receive) -> None:
    """Read a refused request's body to its end, keeping none of it: a client still
    sending when the answer and the close come sees a broken connection, not the answer."""
    while True:
        message = await receive()
        if message.get("type") != "http.request" or not message.get("more_body"):
            return


async def _refuse(send: Send, status: int, code: str) -> None:
    body = b'{"ok": false, "error": "' + code.encode() + b'"}'
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"), (b"connection", b"close"), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    def __init__(self, app: ASGIApp, *, allowed_hosts: Callable[[], set[str]],
                 max_body: int) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return  # no websockets, no lifespan
        client = (scope.get("client") or ("", 0))[0]
        if not is_private_client(client):
            log.warning("phone access: refused %s (not a local-network address)", client)
            await _refuse(send, 403, "forbidden_address")
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        host = headers.get(b"host", b"").decode("latin-1")
        if host not in self.allowed_hosts():
            log.warning("phone access: refused Host %r from %s", host[:80], client)
            await _refuse(send, 403, "bad_host")
            return
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.max_body:
            if length.isdigit() and int(length) <= DRAIN_LIMIT:
                await _drain(receive)  # so the phone reads the 413 instead of a reset
            await _refuse(send, 413, "too_large")
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, secured)


@dataclass
class Throttle:
    """Failed attempts per client address: the first ``free`` in ``window`` seconds are
    answered at once, later ones after a growing delay, and beyond ``limit`` refused."""

    free: int = 5
    limit: int = 30
    window: float = 600.0
    max_delay: float = 8.0
    _failures: dict[str, deque[float]] = field(default_factory=dict)

    def _recent(self, client: str) -> deque[float]:
        stamps = self._failures.setdefault(client, deque())
        cutoff = time.monotonic() - self.window
        while stamps and stamps[0] < cutoff:
            stamps.popleft()
        return stamps

    def blocked(self, client: str) -> bool:
        return len(self._recent(client)) >= self.limit

    async def failed(self, client: str, what: str) -> None:
        """Note a failure (and log it); wait before the refusal is answered."""
        stamps = self._recent(client)
        stamps.append(time.monotonic())
        log.warning("phone access: %s from %s (%d in %d min)", what, client, len(stamps),
                    int(self.window // 60))
        over = len(stamps) - self.free
        if over > 0:
            await asyncio.sleep(min(self.max_delay, 0.25 * 2 ** (over - 1)))
