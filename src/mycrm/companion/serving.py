"""What both hosts of the companion build the same way: the socket on the address shown, the
certificate, the ``Companion`` app over its own database connection, and the uvicorn server.

The desktop never imports this module when phone access runs in its own process (the
default, ``process``): uvicorn, Starlette and the routes are loaded in the child only. On a
thread of the caller (``ServerConfig.in_process``, for tests that inject a clock or a
throttle) the same parts are built here, so the two hosts differ only in where they run.
"""

from __future__ import annotations

import errno
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import uvicorn

from mycrm.companion.app import Companion
from mycrm.companion.guard import Throttle
from mycrm.companion.netinfo import host_header_for
from mycrm.companion.server import CompanionError, ServerConfig
from mycrm.core.changes import Change
from mycrm.core.common.timeutil import utcnow
from mycrm.core.db.engine import make_engine

log = logging.getLogger(__name__)


class PhoneServer(uvicorn.Server):
    """uvicorn's server with a prompt shutdown and two hooks for the child process."""

    on_started: Callable[[], None] | None = None  # once listening (on the loop)
    on_second: Callable[[], None] | None = None  # about once a second (on the loop)

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and self.on_started is not None:
            self.on_started()

    async def on_tick(self, counter: int) -> bool:
        if counter % 10 == 0 and self.on_second is not None:
            self.on_second()
        return await super().on_tick(counter)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        # Close the phones' connections at once: an idle kept-alive TLS connection would
        # otherwise hold the shutdown — and the window that turned phone access off — until
        # it timed out. A phone reconnects (and resends) later.
        for server in self.servers:
            server.close()
        for connection in list(self.server_state.connections):
            transport = getattr(connection, "transport", None)
            if transport is not None:
                transport.abort()
        await super().shutdown(sockets)


@dataclass
class Serving:
    """The parts of one run: close ``sock`` and dispose the engine when it ends."""

    sock: socket.socket
    companion: Companion
    server: PhoneServer
    port: int
    fingerprint: str

    def close(self) -> None:
        self.sock.close()
        self.companion.engine.dispose()


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host`` — on the port asked for, else (taken) on a free one."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for candidate in dict.fromkeys((port, 0)):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit it: an answer's headers and body go out at once
        # instead of the body waiting ~40 ms for the phone's delayed ACK (Nagle).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            sock.bind((host, candidate))
            sock.listen(64)
            return sock
        except OSError as error:
            sock.close()
            if error.errno == errno.EADDRINUSE and candidate != 0:
                log.info("phone access: port %d is taken, using another", candidate)
                continue
            raise CompanionError(f"cannot listen on {host}: {error.strerror}",
                                 "address") from error
    raise CompanionError(f"no free port on {host}", "port_in_use")


def prepare(config: ServerConfig, *, clock: Callable[[], datetime],
            throttle: Throttle | None, on_change: Callable[[Change], None],
            on_paired: Callable[[int, str], None],
            log_config: dict[str, Any] | None | str = "default") -> Serving:
    """Bind, make the certificate, build the app and its server; CompanionError when one
    of them cannot be done (nothing is left open then). ``log_config`` "default": uvicorn's
    own; None: its loggers propagate to the root logger (the child forwards that)."""
    sock = bind(config.host, config.port)
    port = sock.getsockname()[1]
    ssl: dict[str, Any] = {}
    fingerprint = ""
    if config.https:
        from mycrm.companion.tls import ensure_certificate

        try:
            cert = ensure_certificate(config.cert_dir or config.data_path.parent,
                                      config.host, utcnow())
        except (OSError, ValueError) as error:
            sock.close()
            raise CompanionError(f"cannot make the certificate: {error}",
                                 "certificate") from error
        fingerprint = cert.fingerprint
        ssl = {"ssl_certfile": str(cert.cert_path), "ssl_keyfile": str(cert.key_path)}
    allowed = {host_header_for(config.host, port)}
    companion = Companion(
        engine=make_engine(config.data_path), clock=clock, zone=config.zone,
        texts=config.texts, https=config.https, allowed_hosts=lambda: allowed,
        on_change=on_change, on_paired=on_paired, follow_up_title=config.follow_up_title,
        throttle=throttle)
    logging_options: dict[str, Any] = {} if log_config == "default" else {
        "log_config": log_config}
    server = PhoneServer(uvicorn.Config(
        companion.asgi, log_level="warning", access_log=False, lifespan="off",
        proxy_headers=False, server_header=False, date_header=False,
        limit_concurrency=64, timeout_keep_alive=5, ws="none",
        h11_max_incomplete_event_size=16 * 1024, **logging_options, **ssl))
    serving = Serving(sock, companion, server, port, fingerprint)
    try:
        server.config.load()  # the TLS context: a key that will not load fails here
    except (OSError, ValueError) as error:  # ssl.SSLError is an OSError
        serving.close()
        raise CompanionError(f"cannot use the certificate: {error}", "certificate") from error
    return serving
