"""The companion in a child process: the desktop's side (``ProcessHost``) and the child's
(``child_main``), talking over the child's stdin and stdout — pipes, never a socket, so the
only network socket is the one the child listens on.

One JSON object a line. The desktop sends the run's settings first, then ``{"op": "code",
"id": n}`` for a new pairing code (issued in the child, where it is redeemed: it stays
one-time and expiring) and ``{"op": "stop"}``. The child answers ``ready`` (port,
fingerprint) or ``failed`` (reason, message), then sends ``change``, ``paired``, ``code``,
``activity`` and ``log`` lines as they happen. A reader thread on the desktop turns them into
the config's callbacks — as the server thread did — and the controller queues those into the
GUI thread; the GUI thread itself only writes a line now and then.

The child dies with the desktop: on Linux the kernel kills it when the desktop's thread that
started it ends (``PR_SET_PDEATHSIG``; phone access is started from the GUI thread), and on
every system it stops when its stdin closes — which the kernel does when the desktop dies.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from mycrm.companion.guard import Throttle
from mycrm.companion.server import CompanionError, Pump, ServerConfig
from mycrm.core.changes import Change
from mycrm.core.common.timeutil import utcnow

log = logging.getLogger(__name__)

START_TIMEOUT = 60.0  # the child's imports: about a second, far more on a loaded machine
STOP_TIMEOUT = 3.0  # then it is killed
REPLY_TIMEOUT = 5.0  # a pairing code
CHILD_FLAG = "--phone-server"  # a frozen app's executable runs ``child_main`` with it
_CHILD_CODE = "from mycrm.companion.process import child_main; child_main()"


def child_command(parent: int) -> list[str]:
    """How to start the child: this interpreter on ``child_main`` (``-P``: nothing from the
    working directory), or a frozen app's own executable with ``CHILD_FLAG``."""
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_FLAG, str(parent)]
    return [sys.executable, "-P", "-c", _CHILD_CODE, str(parent)]


def _child_env() -> dict[str, str]:
    """The desktop's environment, with the folder this ``mycrm`` came from first on the
    path: the child runs the same code as the desktop (a checkout, a test's copy)."""
    import mycrm

    source = str(Path(mycrm.__file__).resolve().parent.parent)
    paths = [source, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(dict.fromkeys(paths))}


def _settings(config: ServerConfig) -> dict[str, Any]:
    """The run's settings as the child reads them (JSON: no callables, no objects)."""
    offset = (config.clock() - utcnow()).total_seconds()
    throttle = config.throttle
    return {
        "data_path": str(config.data_path), "host": config.host, "port": config.port,
        "https": config.https, "cert_dir": str(config.cert_dir) if config.cert_dir else None,
        "zone": config.zone, "texts": {k: dict(v) for k, v in config.texts.items()},
        "follow_up_title": config.follow_up_title,
        "clock_offset": 0.0 if abs(offset) < 1.0 else offset,
        "throttle": None if throttle is None else {
            "free": throttle.free, "limit": throttle.limit, "window": throttle.window,
            "max_delay": throttle.max_delay},
    }


class ProcessHost:
    """The desktop's side of the child: starts it, hands its news to the callbacks, asks it
    for pairing codes, stops it."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.fingerprint = ""
        self._reader: threading.Thread | None = None
        self._answered = threading.Event()  # ready or failed
        self._failure: CompanionError | None = None
        self._ready = False
        self._stopping = False
        self._write_lock = threading.Lock()
        self._replies: dict[int, str] = {}  # pairing codes by request
        self._replied = threading.Condition()
        self._next_id = 0
        self._activity: datetime | None = None

    # --- state -------------------------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    @property
    def listening(self) -> bool:
        return (self._ready and not self._stopping and self.process is not None
                and self.process.poll() is None)

    @property
    def last_activity(self) -> datetime | None:
        """When a paired phone last asked something, on the desktop's clock (the child says
        so about once a second)."""
        return self._activity

    # --- start -------------------------------------------------------------------------------
    def start(self, pump: Pump | None) -> None:
        """Start the child and wait for its "ready". Call it from a thread that lives as
        long as phone access is on (the GUI thread): the kernel's parent-death signal is
        tied to the starting thread, not to the process."""
        self._answered.clear()
        self._failure, self._ready, self._stopping = None, False, False
        try:
            self.process = subprocess.Popen(
                child_command(os.getpid()), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                env=_child_env(), close_fds=True)
        except OSError as error:
            raise CompanionError(f"cannot start the phone server: {error}",
                                 "address") from error
        self._reader = threading.Thread(target=self._read, args=(self.process.stdout,),
                                        name="mycrm-phone-pipe", daemon=True)
        self._reader.start()
        self._send(_settings(self.config))
        deadline = time.monotonic() + START_TIMEOUT
        while not self._answered.wait(0.01 if pump is not None else 0.05):
            if pump is not None:
                pump()
            if time.monotonic() > deadline:
                self._failure = CompanionError("the phone server did not start", "address")
                break
        if self._failure is not None or not self._ready:
            failure = self._failure or CompanionError("the phone server did not start",
                                                      "address")
            self.stop()
            raise failure

    # --- asking the child --------------------------------------------------------------------
    def _send(self, message: dict[str, Any]) -> bool:
        """Write one line to the child; False when it is gone."""
        stdin = self.process.stdin if self.process is not None else None
        if stdin is None:
            return False
        line = (json.dumps(message, ensure_ascii=True) + "\n").encode("ascii")
        try:
            with self._write_lock:
                stdin.write(line)
                stdin.flush()
        except (OSError, ValueError):  # a broken pipe, or closed by stop()
            return False
        return True

    def pairing_code(self) -> str:
        with self._replied:
            self._next_id += 1
            request = self._next_id
        if not self._send({"op": "code", "id": request}):
            raise CompanionError("phone access is off", "off")
        deadline = time.monotonic() + REPLY_TIMEOUT
        with self._replied:
            while request not in self._replies:
                left = deadline - time.monotonic()
                if left <= 0 or not self.listening:
                    raise CompanionError("phone access is off", "off")
                self._replied.wait(min(left, 0.1))
            return self._replies.pop(request)

    # --- what the child says (on the reader thread) ------------------------------------------
    def _read(self, stream: IO[bytes] | None) -> None:
        assert stream is not None
        for line in stream:
            try:
                message = json.loads(line)
                self._handle(message)
            except Exception:  # noqa: BLE001 — one bad line must not end the reading
                log.exception("phone access: cannot handle %r from the server", line[:200])
        self._ended()

    def _handle(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        config = self.config
        if kind == "change":
            config.on_change(Change(int(message["value"])))
        elif kind == "paired":
            config.on_paired(int(message["id"]), str(message["name"]))
        elif kind == "activity":
            self._activity = config.clock()
        elif kind == "code":
            with self._replied:
                self._replies[int(message["id"])] = str(message["code"])
                self._replied.notify_all()
        elif kind == "log":
            _relog(message, self.pid)
        elif kind == "ready":
            self.port, self.fingerprint = int(message["port"]), str(message["fingerprint"])
            self._ready = True
            self._answered.set()
        elif kind == "failed":
            self._failure = CompanionError(str(message["message"]), str(message["reason"]))
            self._answered.set()

    def _ended(self) -> None:
        """The child's stdout closed: it ended (asked to, failed to start, or died)."""
        lost = self._ready and not self._stopping
        self._ready = False
        self._answered.set()
        with self._replied:
            self._replied.notify_all()
        if lost:
            code = None
            with contextlib.suppress(subprocess.TimeoutExpired):
                code = self.process.wait(timeout=STOP_TIMEOUT) if self.process else None
            log.warning("phone access: the server process ended unexpectedly (exit %s)", code)
            self.config.on_lost()

    # --- stop --------------------------------------------------------------------------------
    def stop(self) -> None:
        process = self.process
        if process is None:
            return
        self._stopping = True
        self._send({"op": "stop"})
        with self._write_lock, contextlib.suppress(OSError):
            if process.stdin is not None:
                process.stdin.close()  # the child stops on end of input too
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            log.warning("phone access: the server did not stop; killing it")
            process.kill()
            process.wait()
        if self._reader is not None and self._reader is not threading.current_thread():
            self._reader.join(timeout=STOP_TIMEOUT)
        if process.stdout is not None:
            process.stdout.close()
        if self._ready or self.port:
            log.info("phone access off")
        self.process, self._reader, self._ready = None, None, False


def _relog(message: dict[str, Any], pid: int | None) -> None:
    """A record the child logged, logged here under its own name (into the app's log)."""
    name, level = str(message.get("name", "mycrm.companion")), int(message.get("level", 20))
    logger = logging.getLogger(name)
    if not logger.isEnabledFor(level):
        return
    record = logger.makeRecord(name, level, "(phone server)", 0, str(message.get("msg", "")),
                               (), None)
    created = float(message.get("created", record.created))
    record.created, record.msecs = created, (created - int(created)) * 1000
    record.process = pid
    logger.handle(record)


# --- the child ---------------------------------------------------------------------------------

class _Pipe:
    """The child's line to the desktop (its original stdout), safe from any thread. A write
    that fails means the desktop is gone: ``gone`` is set and the server stops."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.lock = threading.Lock()
        self.gone = threading.Event()

    def send(self, message: dict[str, Any]) -> None:
        line = (json.dumps(message, ensure_ascii=True) + "\n").encode("ascii")
        with self.lock:
            try:
                self.stream.write(line)
                self.stream.flush()
            except (OSError, ValueError):
                self.gone.set()


class _PipeLog(logging.Handler):
    """Forwards the child's log records to the desktop, which logs them as its own."""

    def __init__(self, pipe: _Pipe) -> None:
        super().__init__(logging.INFO)
        self.pipe = pipe
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
        except Exception:  # noqa: BLE001 — a bad log call must not stop the server
            text = str(record.msg)
        self.pipe.send({"type": "log", "name": record.name, "level": record.levelno,
                        "msg": text, "created": record.created})


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when the desktop dies (Linux), and leave now if it
    already has."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass  # then the end of stdin stops it
    if os.getppid() != parent:
        os._exit(0)


def child_main(argv: list[str] | None = None) -> None:
    """The child: read the settings, serve until told to stop or the desktop goes away."""
    args = sys.argv[1:] if argv is None else argv
    _die_with(int(args[0]))
    # The protocol keeps the real stdout; anything else printed goes to stderr.
    pipe = _Pipe(os.fdopen(os.dup(sys.stdout.fileno()), "wb"))
    try:
        errors = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # a windowed app has none
        errors = os.open(os.devnull, os.O_WRONLY)
    os.dup2(errors, sys.stdout.fileno())
    root = logging.getLogger()
    root.handlers = [_PipeLog(pipe)]
    root.setLevel(logging.INFO)
    commands = sys.stdin.buffer
    line = commands.readline()
    if not line:
        os._exit(0)
    try:
        code = _serve(json.loads(line), commands, pipe)
    except Exception:  # noqa: BLE001 — said in the desktop's log, not lost on a stderr
        log.exception("phone access: the server failed")
        code = 1
    if sys.stderr is not None:
        sys.stderr.flush()
    os._exit(code)  # no interpreter teardown: stopping stays prompt


def _config_from(settings: dict[str, Any]) -> tuple[ServerConfig, Throttle | None]:
    """The desktop's settings line as this run's config (its clock: the system's, shifted
    by the desktop's offset) and throttle."""
    offset = timedelta(seconds=float(settings.get("clock_offset") or 0.0))

    def clock() -> datetime:
        return utcnow() + offset

    config = ServerConfig(
        data_path=Path(settings["data_path"]), host=settings["host"],
        port=int(settings["port"]), https=bool(settings["https"]),
        cert_dir=Path(settings["cert_dir"]) if settings.get("cert_dir") else None,
        zone=settings["zone"], clock=clock, texts=settings["texts"],
        follow_up_title=settings["follow_up_title"])
    throttle = Throttle(**settings["throttle"]) if settings.get("throttle") else None
    return config, throttle


def _serve(settings: dict[str, Any], commands: IO[bytes], pipe: _Pipe) -> int:
    """Build the run (or say why it cannot be), say "ready" once listening, and serve on
    this thread's event loop while ``_listen`` reads the desktop's requests."""
    import asyncio

    from mycrm.companion.serving import prepare

    config, throttle = _config_from(settings)
    try:
        serving = prepare(
            config, clock=config.clock, throttle=throttle,
            on_change=lambda change: pipe.send({"type": "change", "value": change.value}),
            on_paired=lambda phone, name: pipe.send({"type": "paired", "id": phone,
                                                     "name": name}),
            log_config=None)
    except CompanionError as error:
        pipe.send({"type": "failed", "reason": error.reason, "message": str(error)})
        return 1
    server, companion = serving.server, serving.companion
    seen: list[datetime | None] = [None]

    def each_second() -> None:
        if pipe.gone.is_set():  # the desktop is gone
            server.should_exit = True
        if companion.last_activity != seen[0]:
            seen[0] = companion.last_activity
            pipe.send({"type": "activity"})

    server.on_started = lambda: pipe.send({"type": "ready", "port": serving.port,
                                           "fingerprint": serving.fingerprint})
    server.on_second = each_second
    loop_box: list[asyncio.AbstractEventLoop] = []

    async def serve() -> None:
        loop_box.append(asyncio.get_running_loop())
        await server.serve(sockets=[serving.sock])

    threading.Thread(target=_listen, args=(commands, server, companion, pipe, loop_box),
                     name="mycrm-phone-commands", daemon=True).start()
    try:
        asyncio.run(serve())
    finally:
        serving.close()
    return 0 if server.started else 1


def _listen(commands: IO[bytes], server: Any, companion: Any, pipe: _Pipe,
            loop_box: list[Any]) -> None:
    """The desktop's requests, until "stop" or the end of input (the desktop closed the
    pipe, or died): then the process ends at once, from the event loop — between two
    handlers' steps, so an entry being written is committed and its change sent first (a
    handler's write, commit and ``on_change`` run without a pause). A request still in
    flight is cut like the phones' idle connections; the phone sends it again."""
    for line in commands:
        try:
            command = json.loads(line)
        except ValueError:
            continue
        if command.get("op") == "stop":
            break
        if command.get("op") == "code" and loop_box:
            request = command.get("id")

            def issue(request: object = request) -> None:
                pipe.send({"type": "code", "id": request, "code": companion.pairing.issue()})

            loop_box[0].call_soon_threadsafe(issue)
    server.should_exit = True

    def end() -> None:
        with pipe.lock:  # not in the middle of a line
            os._exit(0)

    try:
        loop_box[0].call_soon_threadsafe(end)
    except (IndexError, RuntimeError):  # not serving yet, or no more
        end()


def run_child_if_asked(argv: list[str]) -> None:
    """For a frozen app's entry point: when started as the phone server, be it and exit."""
    if len(argv) > 1 and argv[1] == CHILD_FLAG:
        child_main(argv[2:])

