"""Running the companion: uvicorn in a child process of its own (the app), or on a worker
thread of the caller (tests), on one address, until stopped.

Why this server (README, For developers): Starlette + uvicorn are well-kept and parse HTTP
for us (h11). Qt's ``QtHttpServer`` runs handlers on the Qt loop and, in PySide6 6.11,
neither keeps its Python handlers alive nor returns anything but plain strings.

Why a process (``process``): on a thread the handlers share the interpreter — its GIL — with
the window, and at stress scale a phone's calls held the Qt event loop up to 37 ms. In a
child of its own (own interpreter, own SQLite connection over WAL) they cost the desktop
only the few lines the child writes to its pipe: what changed, a pairing, a log record.
The thread host (``ServerConfig.in_process``) stays for tests that inject a clock or a
throttle object and for the crash tests' server; it runs the same app (``serving``).

Either way the socket is bound on the address the user is shown, and ``start`` returns only
once it listens — or raises ``CompanionError`` with the reason, so a port in use, an address
that went away or a certificate that cannot be made is an error the caller can show.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from mycrm.companion.guard import Throttle
from mycrm.companion.netinfo import host_header_for
from mycrm.core.changes import Change
from mycrm.core.common.timeutil import utcnow
from mycrm.core.records.needs import DEFAULT_FOLLOW_UP_TITLE

if TYPE_CHECKING:
    from mycrm.companion.serving import Serving

log = logging.getLogger(__name__)
START_TIMEOUT = 10.0  # on a thread: the imports are done
Pump = Callable[[], None]  # called while ``start`` waits: the desktop keeps painting


class CompanionError(RuntimeError):
    """Phone access could not start; the message says why in plain words (English: the
    desktop shows its own translated text for the ``reason``)."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason  # "port_in_use", "address", "certificate" ("off": not running)


def _noop(*_args: Any) -> None:
    return None


@dataclass
class ServerConfig:
    """What a run serves and whom it tells. In a child process ``clock`` is read once, as
    its offset from the system clock (a fixed test clock then runs on from that instant),
    and ``throttle`` is copied by its settings; the callbacks are called on a thread of the
    caller's process (the pipe's reader, or the server thread) — never the caller's own."""

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
    in_process: bool = False  # True: on a thread of this process instead of a child
    on_lost: Callable[[], None] = _noop  # the child ended without being asked to


class Host(Protocol):
    port: int
    fingerprint: str

    @property
    def pid(self) -> int | None: ...

    @property
    def listening(self) -> bool: ...

    @property
    def last_activity(self) -> datetime | None: ...

    def pairing_code(self) -> str: ...

    def start(self, pump: Pump | None) -> None: ...

    def stop(self) -> None: ...


class CompanionServer:
    """One run of phone access: ``start``, ``pairing_link``, ``stop``; the same for both
    hosts."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        if config.in_process:
            self._host: Host = ThreadHost(config)
        else:
            from mycrm.companion.process import ProcessHost

            self._host = ProcessHost(config)

    # --- state -------------------------------------------------------------------------------
    @property
    def listening(self) -> bool:
        return self._host.listening

    @property
    def port(self) -> int:
        return self._host.port

    @property
    def fingerprint(self) -> str:
        return self._host.fingerprint

    @property
    def pid(self) -> int | None:
        """The process serving the phones (this one on a thread); None when off."""
        return self._host.pid

    @property
    def url(self) -> str:
        scheme = "https" if self.config.https else "http"
        return f"{scheme}://{host_header_for(self.config.host, self.port)}"

    @property
    def last_activity(self) -> datetime | None:
        return self._host.last_activity

    def pairing_link(self) -> str:
        """A new one-time pairing link (the previous code stops working)."""
        if not self.listening:
            raise CompanionError("phone access is off", "off")
        return f"{self.url}/pair?code={self._host.pairing_code()}"

    # --- start and stop ------------------------------------------------------------------------
    def start(self, pump: Pump | None = None) -> None:
        """Listen; return once the phones can connect. ``pump`` is called every few
        milliseconds meanwhile (a child's imports take about a second)."""
        if self.listening:
            return
        self._host.start(pump)
        log.info("phone access on at %s", self.url)

    def stop(self) -> None:
        """Stop at once (open connections are cut); idempotent."""
        self._host.stop()


class ThreadHost:
    """uvicorn on a daemon thread of this process, the app's callbacks called on it."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.serving: Serving | None = None
        self.thread: threading.Thread | None = None
        self.port = 0
        self.fingerprint = ""

    @property
    def pid(self) -> int | None:
        import os

        return os.getpid() if self.listening else None

    @property
    def listening(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    @property
    def last_activity(self) -> datetime | None:
        return self.serving.companion.last_activity if self.serving is not None else None

    def pairing_code(self) -> str:
        assert self.serving is not None
        return self.serving.companion.pairing.issue()

    def start(self, pump: Pump | None) -> None:
        from mycrm.companion.serving import prepare

        config = self.config
        serving = prepare(config, clock=config.clock, throttle=config.throttle,
                          on_change=config.on_change, on_paired=config.on_paired)
        self.serving, self.port, self.fingerprint = serving, serving.port, serving.fingerprint
        self.thread = threading.Thread(target=serving.server.run,
                                       kwargs={"sockets": [serving.sock]},
                                       name="mycrm-phone", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not serving.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise CompanionError("the phone server did not start", "address")
            if pump is not None:
                pump()
            time.sleep(0.01)

    def stop(self) -> None:
        if self.serving is not None:
            self.serving.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=5)
        if self.serving is not None:
            self.serving.close()
            log.info("phone access off")
        self.serving = self.thread = None
