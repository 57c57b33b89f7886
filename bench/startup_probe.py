"""Start-up probe, run as a child process by ``bench/run.py``.

``startup_probe.py app FILE`` runs the real ``python -m mycrm --data FILE`` (``runpy`` of the
``mycrm`` package) with one hook: when the application enters its event loop, events are
processed until the main window has been painted for the first time, and the probe prints
``time.monotonic()`` at the end of that paint (``PAINTED``). ``startup_probe.py floor`` does
the same for a bare ``QMainWindow`` after ``import sqlmodel`` — the floor no app can beat.
``CLOCK_MONOTONIC`` is system-wide, so the parent subtracts its own reading taken just
before it spawned this process: the figure includes interpreter start-up and imports.

The first paint is the main window's first ``UpdateRequest`` (Qt paints a window, children
included, in that event): an application-wide event filter handles it — paints — and notes
the time; the event then goes on as usual (nothing is left to paint), so the app's own
filters see it. Whatever the app does after that paint is not in ``PAINTED``; ``READY``
follows once the events posted by then have run (three rounds, then a repaint) — for
mycrm, the ORM, tray, reminders and daily rules started after the first paint.

Two more readings split the time into phases: ``MARK qt`` when PySide6 is first imported
(everything before it: the interpreter, for the floor SQLAlchemy/SQLModel, for the app its
own modules) and ``MARK loop`` when the event loop is entered (Qt and the UI imported, the
window built with its data and shown); ``PAINTED`` follows the first paint.
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


def _mark(name: str) -> None:
    print(f"MARK {name} {time.monotonic():.6f}", flush=True)


def _painted_and_exit() -> int:
    from PySide6.QtCore import QDeadlineTimer, QEvent, QEventLoop, QObject
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
            return False

    _mark("loop")
    app = QApplication.instance()
    assert app is not None
    first = FirstPaint()
    app.installEventFilter(first)
    deadline = QDeadlineTimer(60_000)
    while first.at is None and not deadline.hasExpired():
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 100)
    app.removeEventFilter(first)
    if first.at is None:
        print("no main window was painted", file=sys.stderr)
        return 3
    print(f"PAINTED {first.at:.6f}", flush=True)
    for _ in range(3):
        QApplication.processEvents()
    windows = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, QMainWindow) and w.isVisible()]
    if not windows:
        print("no main window is shown", file=sys.stderr)
        return 3
    for window in windows:
        window.repaint()
    print(f"READY {time.monotonic():.6f}", flush=True)
    return 0


def floor() -> int:
    import sqlmodel  # noqa: F401 — the floor includes the ORM import every app pays

    _mark("qt")
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    code = _painted_and_exit()
    del app
    return code


def app(data_file: str) -> int:
    """The app exactly as ``mycrm`` starts it: Qt is not imported here first (the app chooses
    its own import order), the exec hook is attached when the app imports QtWidgets."""

    def exec_hook(*_args: object) -> int:
        return _painted_and_exit()

    sys.meta_path.insert(0, _HookQtWidgets(exec_hook))
    sys.argv = ["mycrm", "--data", data_file]
    try:
        runpy.run_module("mycrm", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


class _HookQtWidgets(importlib.abc.MetaPathFinder):
    """Marks the first import of PySide6 and replaces ``QApplication.exec`` as soon as
    ``PySide6.QtWidgets`` is loaded."""

    def __init__(self, exec_hook: Callable[..., int]) -> None:
        self.exec_hook = exec_hook
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
        loader, hook = spec.loader, self.exec_hook

        class Loader(importlib.abc.Loader):
            def create_module(self, spec: ModuleSpec) -> ModuleType | None:
                return loader.create_module(spec)

            def exec_module(self, module: ModuleType) -> None:
                loader.exec_module(module)
                module.QApplication.exec = hook

        spec.loader = Loader()
        return spec


if __name__ == "__main__":
    if sys.argv[1:2] == ["floor"]:
        raise SystemExit(floor())
    if sys.argv[1:2] == ["app"] and len(sys.argv) == 3:
        raise SystemExit(app(sys.argv[2]))
    print("usage: startup_probe.py floor | app FILE", file=sys.stderr)
    raise SystemExit(2)
