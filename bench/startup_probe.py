"""Start-up probe, run as a child process by ``bench/run.py``.

``startup_probe.py app FILE`` runs the real ``python -m mycrm --data FILE`` (``runpy`` of the
``mycrm`` package) with one hook: when the application enters its event loop, pending events
are processed (the window is exposed and painted, its pages built) and the probe prints
``time.monotonic()`` and exits instead of waiting for the user. ``startup_probe.py floor``
does the same for a bare ``QMainWindow`` after ``import sqlmodel`` — the floor no app can
beat. ``CLOCK_MONOTONIC`` is system-wide, so the parent subtracts its own reading taken just
before it spawned this process: the figure includes interpreter start-up and imports.

Two more readings split the time into phases: ``MARK qt`` when PySide6 is first imported
(everything before it: the interpreter, SQLAlchemy/SQLModel and, for the app, its own core
modules) and ``MARK loop`` when the event loop is entered (Qt and the UI imported, the
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


def _painted_and_exit(window_check: bool) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    _mark("loop")
    for _ in range(3):
        QApplication.processEvents()
    windows = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, QMainWindow) and w.isVisible()]
    if window_check and not windows:
        print("no main window was shown", file=sys.stderr)
        return 3
    for window in windows:
        window.repaint()  # synchronous paint of the whole window, board included
    print(f"PAINTED {time.monotonic():.6f}", flush=True)
    return 0


def floor() -> int:
    import sqlmodel  # noqa: F401 — the floor includes the ORM import every app pays

    _mark("qt")
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    code = _painted_and_exit(window_check=True)
    del app
    return code


def app(data_file: str) -> int:
    """The app exactly as ``mycrm`` starts it: Qt is not imported here first (the app chooses
    its own import order), the exec hook is attached when the app imports QtWidgets."""

    def exec_hook(*_args: object) -> int:
        return _painted_and_exit(window_check=True)

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
