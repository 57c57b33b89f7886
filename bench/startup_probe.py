"""Start-up probe, run as a child process by ``bench/run.py``.

``startup_probe.py app FILE`` runs the real ``python -m mycrm --data FILE`` (``runpy`` of the
``mycrm`` package) with one hook: when the application enters its event loop, events are
processed until the main window has been painted for the first time, and the probe prints
``time.monotonic()`` at the end of that paint (``PAINTED``) and the resident memory then
(``RSS_PAINT``, MiB, ``VmRSS`` of ``/proc/self/status``). ``startup_probe.py bare`` does the
same for a bare ``QMainWindow`` that imports nothing else (the real floor of any Qt app);
``startup_probe.py floor`` for the same window after ``import sqlmodel`` (round one's floor).
``CLOCK_MONOTONIC`` is system-wide, so the parent subtracts its own reading taken just
before it spawned this process: the figure includes interpreter start-up and imports.

The first paint is the main window's first ``UpdateRequest`` (Qt paints a window, children
included, in that event): an application-wide event filter handles it — paints — and notes
the time; the event then goes on as usual (nothing is left to paint), so the app's own
filters see it. Whatever the app does after that paint is not in ``PAINTED``; ``READY``
follows once everything the app starts after its first paint has started (``started``: the
engine open, the tray, reminders and backups, the daily rules run — the revisit catch-up
finished, wherever it runs), the events posted by then have run, and a repaint.

Two more readings split the time into phases: ``MARK qt`` when PySide6 is first imported
(everything before it: the interpreter, for the floor SQLAlchemy/SQLModel, for the app its
own modules) and ``MARK loop`` when the event loop is entered (Qt and the UI imported, the
window built with its data and shown); ``PAINTED`` follows the first paint.

``session_probe.py`` reuses these hooks for the scripted session with the stall watchdog.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import runpy
import sys
import time
from collections.abc import Callable
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

STARTED_TIMEOUT_MS = 180_000  # a catch-up at stress on a loaded machine takes a while
PAINT_RSS_MB = 0.0  # resident memory at the end of the first paint (set by wait_first_paint)


def _mark(name: str) -> None:
    print(f"MARK {name} {time.monotonic():.6f}", flush=True)


def rss_mb() -> float:
    """Resident memory now (MiB): ``VmRSS`` of ``/proc/self/status``."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def main_window() -> Any | None:
    """The application's visible main window, if any."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    windows = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, QMainWindow) and w.isVisible()]
    return windows[0] if windows else None


def wait_first_paint(timeout_ms: int = 60_000) -> float | None:
    """Process events until a visible main window's first paint has returned; the
    ``time.monotonic()`` of that moment (None: nothing painted in time)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.at: float | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if (self.at is None and event.type() == QEvent.Type.UpdateRequest
                    and isinstance(watched, QMainWindow) and watched.isVisible()):
                QMainWindow.event(watched, event)  # the paint, now
                self.at = time.monotonic()
                global PAINT_RSS_MB
                PAINT_RSS_MB = rss_mb()  # at the paint, before any work posted after it
            return False

    app = QApplication.instance()
    assert app is not None
    first = FirstPaint()
    app.installEventFilter(first)
    pump_until(lambda: first.at is not None, timeout_ms)
    app.removeEventFilter(first)
    return first.at


def pump_until(done: Callable[[], bool], timeout_ms: int) -> None:
    """Run the event loop until ``done()`` or ``timeout_ms``. It sleeps while there is
    nothing to do: ``processEvents(WaitForMoreEvents)`` without a time limit (with one, Qt
    ignores the flag and the loop spins, taking the CPU from the app's worker threads), and
    a 20 ms timer to wake it for another look."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    waker = QTimer()
    waker.start(20)
    deadline = QDeadlineTimer(timeout_ms)
    try:
        while not done() and not deadline.hasExpired():
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        waker.stop()


class StartWatch:
    """Says when the app has started everything it starts after its first paint: its
    context's engine open (``engine_open``), the daily rules run — and, where the context
    announces it (``catch_up_finished``), the revisit catch-up over — which the app does only
    after the tray, reminders and backups are up. A window without such a context (the
    floors) is started at once. Attach it before the first paint so no announcement is
    missed."""

    def __init__(self, window: Any) -> None:
        self.ctx = getattr(window, "ctx", None)
        self.caught_up = False
        signal = getattr(self.ctx, "catch_up_finished", None)
        self.announces = signal is not None
        if signal is not None:
            signal.connect(self._caught_up)

    def _caught_up(self, *_args: object) -> None:
        self.caught_up = True

    def started(self) -> bool:
        ctx = self.ctx
        if ctx is None:
            return True
        if not getattr(ctx, "engine_open", True):
            return False
        if getattr(ctx, "_rules_day", True) is None:  # the daily rules have not run yet
            return False
        if self.announces:
            return self.caught_up
        return not getattr(ctx, "catching_up", False)

    def wait(self, timeout_ms: int = STARTED_TIMEOUT_MS) -> bool:
        """Run the event loop until ``started()``, then the events posted by then (three
        rounds) and a repaint of the window; False if it did not start in time."""
        from PySide6.QtWidgets import QApplication

        pump_until(self.started, timeout_ms)
        if not self.started():
            return False
        for _ in range(3):
            QApplication.processEvents()
        window = main_window()
        if window is not None:
            window.repaint()
        return True


def _painted_and_exit() -> int:
    _mark("loop")
    window = main_window()
    watch = StartWatch(window)
    painted = wait_first_paint()
    if painted is None:
        print("no main window was painted", file=sys.stderr)
        return 3
    print(f"PAINTED {painted:.6f}", flush=True)
    print(f"RSS_PAINT {PAINT_RSS_MB:.1f}", flush=True)
    if main_window() is None:
        print("no main window is shown", file=sys.stderr)
        return 3
    if not watch.wait():
        print("the app did not finish starting in time", file=sys.stderr)
        return 3
    print(f"READY {time.monotonic():.6f}", flush=True)
    return 0


def _bare_window() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    code = _painted_and_exit()
    del app
    return code


def floor() -> int:
    """Round one's floor: a bare window after ``import sqlmodel`` (the ORM every app of
    this kind pays for)."""
    import sqlmodel  # noqa: F401 — the floor includes the ORM import

    _mark("qt")
    return _bare_window()


def bare() -> int:
    """The real floor of any Qt app: a bare PySide6 ``QMainWindow`` importing nothing else."""
    _mark("qt")
    return _bare_window()


def app(data_file: str, hooks: HookQtWidgets | None = None) -> int:
    """The app exactly as ``mycrm`` starts it: Qt is not imported here first (the app chooses
    its own import order), the ``hooks`` are attached when the app imports QtWidgets
    (default: time the first paint and the start, then exit)."""
    sys.meta_path.insert(0, hooks or HookQtWidgets(lambda *_: _painted_and_exit()))
    sys.argv = ["mycrm", "--data", data_file]
    try:
        runpy.run_module("mycrm", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


class HookQtWidgets(importlib.abc.MetaPathFinder):
    """Marks the first import of PySide6 and, as soon as ``PySide6.QtWidgets`` is loaded,
    replaces ``QApplication.exec`` (and wraps its constructor when ``on_application`` is
    given)."""

    def __init__(self, exec_hook: Callable[..., int],
                 on_application: Callable[[], None] | None = None) -> None:
        self.exec_hook = exec_hook
        self.on_application = on_application
        self.original_exec: Callable[..., int] | None = None  # Qt's own, once replaced
        self.marked = False

    def find_spec(self, name: str, path: object, target: object = None) -> ModuleSpec | None:
        if name.startswith("PySide6") and not self.marked:
            self.marked = True
            _mark("qt")
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        loader, hook, created, finder = spec.loader, self.exec_hook, self.on_application, self

        class Loader(importlib.abc.Loader):
            def create_module(self, spec: ModuleSpec) -> ModuleType | None:
                return loader.create_module(spec)

            def exec_module(self, module: ModuleType) -> None:
                loader.exec_module(module)
                finder.original_exec = module.QApplication.exec
                module.QApplication.exec = hook
                if created is not None:
                    _wrap_constructor(module.QApplication, created)

        spec.loader = Loader()
        return spec


def _wrap_constructor(cls: Any, created: Callable[[], None]) -> None:
    """``created()`` runs once, right after the first ``cls(...)`` is constructed."""
    original = cls.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:  # noqa: N807
        original(self, *args, **kwargs)
        cls.__init__ = original
        created()

    cls.__init__ = __init__


if __name__ == "__main__":
    if sys.argv[1:2] == ["floor"]:
        raise SystemExit(floor())
    if sys.argv[1:2] == ["bare"]:
        raise SystemExit(bare())
    if sys.argv[1:2] == ["app"] and len(sys.argv) == 3:
        raise SystemExit(app(sys.argv[2]))
    print("usage: startup_probe.py floor | bare | app FILE", file=sys.stderr)
    raise SystemExit(2)
