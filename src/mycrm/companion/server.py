"""Running the companion: uvicorn on a worker thread, on one address, until stopped.

Why this server (README, For developers): Starlette + uvicorn are well-kept and parse HTTP
for us (h11), and on their own thread with their own SQLite connection a slow phone or a
slow query never holds the desktop's event loop — the desktop hears about a write only
through ``on_change``. Qt's ``QtHttpServer`` runs handlers on the Qt loop and, in PySide6
6.11, neither keeps its Python handlers alive nor returns anything but plain strings.

The socket is bound here, on the address the user is shown, before the thread starts, so
a port in use or an address that went away is an error the caller can show.
"""

from __future__ import annotations

import errno
import logging
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from mycrm.companion.guard import Throttle
from mycrm.companion.netinfo import host_header_for
from mycrm.core.changes import Change
from mycrm.core.common.timeutil import utcnow
from mycrm.core.records.needs import DEFAULT_FOLLOW_UP_TITLE

log = logging.getLogger(__name__)
START_TIMEOUT = 10.0


class CompanionError(RuntimeError):
    """Phone access could not start; the message says why in plain words (English: the
    desktop shows its own translated text for the ``reason``)."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason  # "port_in_use", "address", "certificate"


def _noop(*_args: Any) -> None:
    return None


@dataclass
class ServerConfig:
    data_path: Path
    host: str
    port: int = 0
    https: bool = True
    cert_dir: Path | None = None
    zone: str = "UTC"
    clock: Callable[[], datetime] = utcnow
    texts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    on_change: Callable[[Change], None] = _noop
    on_paired: Callable[[int, str], None] = _noop
    follow_up_title: str = DEFAULT_FOLLOW_UP_TITLE
    throttle: Throttle | None = None


class CompanionServer:
    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._companion: Any = None
        self.port = 0
        self.fingerprint = ""

    # --- state -------------------------------------------------------------------------------
    @property
    def listening(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def url(self) -> str:
        scheme = "https" if self.config.https else "http"
        return f"{scheme}://{host_header_for(self.config.host, self.port)}"

    @property
    def last_activity(self) -> datetime | None:
        return self._companion.last_activity if self._companion is not None else None

    def pairing_link(self) -> str:
        """A new one-time pairing link (the previous code stops working)."""
        if self._companion is None:
            raise CompanionError("phone access is off", "off")
        return f"{self.url}/pair?code={self._companion.pairing.issue()}"

    # --- start and stop ------------------------------------------------------------------------
    def _bind(self) -> socket.socket:
        host = self.config.host
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        for port in dict.fromkeys((self.config.port, 0)):
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            # Accepted connections inherit it: an answer's headers and body go out at once
            # instead of the body waiting ~40 ms for the phone's delayed ACK (Nagle).
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                sock.bind((host, port))
                sock.listen(64)
                return sock
            except OSError as error:
                sock.close()
                if error.errno == errno.EADDRINUSE and port != 0:
                    log.info("phone access: port %d is taken, using another", port)
                    continue
                raise CompanionError(f"cannot listen on {host}: {error.strerror}",
                                     "address") from error
        raise CompanionError(f"no free port on {host}", "port_in_use")

    def start(self) -> None:
        if self.listening:
            return
        import uvicorn

        class _Server(uvicorn.Server):
            async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
                # Close the phones' connections at once: an idle kept-alive TLS connection
                # would otherwise hold the shutdown — and the window that turned phone
                # access off — until it timed out. A phone reconnects (and resends) later.
                for server in self.servers:
                    server.close()
                for connection in list(self.server_state.connections):
                    transport = getattr(connection, "transport", None)
                    if transport is not None:
                        transport.abort()
                await super().shutdown(sockets)

        from mycrm.companion.app import Companion
        from mycrm.core.db.engine import make_engine

        config = self.config
        sock = self._bind()
        self.port = sock.getsockname()[1]
        ssl: dict[str, Any] = {}
        if config.https:
            from mycrm.companion.tls import ensure_certificate

            try:
                cert = ensure_certificate(config.cert_dir or config.data_path.parent,
                                          config.host, utcnow())
            except (OSError, ValueError) as error:
                sock.close()
                raise CompanionError(f"cannot make the certificate: {error}",
                                     "certificate") from error
            self.fingerprint = cert.fingerprint
            ssl = {"ssl_certfile": str(cert.cert_path), "ssl_keyfile": str(cert.key_path)}
        allowed = {host_header_for(config.host, self.port)}
        self._companion = Companion(
            engine=make_engine(config.data_path), clock=config.clock, zone=config.zone,
            texts=config.texts, https=config.https, allowed_hosts=lambda: allowed,
            on_change=config.on_change, on_paired=config.on_paired,
            follow_up_title=config.follow_up_title, throttle=config.throttle)
        self._server = _Server(uvicorn.Config(
            self._companion.asgi, log_level="warning", access_log=False, lifespan="off",
            proxy_headers=False, server_header=False, date_header=False,
            limit_concurrency=64, timeout_keep_alive=5, ws="none",
            h11_max_incomplete_event_size=16 * 1024, **ssl))
        self._socket = sock
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name="mycrm-phone", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise CompanionError("the phone server did not start", "address")
            time.sleep(0.01)
        log.info("phone access on at %s", self.url)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._socket is not None:
            self._socket.close()
        if self._companion is not None:
            self._companion.engine.dispose()
            log.info("phone access off")
        self._server = self._thread = self._socket = self._companion = None
