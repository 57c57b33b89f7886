"""What start-up leaves for after the first paint: the single-instance server, the
collector's usual thresholds; and the assumption that lets it skip PySide6's source
checks (no module selects ``__feature__`` switches)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket

from mycrm.ui.app import application
from mycrm.ui.app.single_instance import SingleInstance

SRC = Path(__file__).resolve().parents[2] / "src" / "mycrm"


def test_no_module_selects_pyside_feature_switches() -> None:
    """``application.skip_pyside_source_checks`` answers "default features" for every
    module without reading it: true only while none imports ``__feature__``."""
    users = [p for p in SRC.rglob("*.py")
             if "from __feature__" in p.read_text(encoding="utf-8")
             or "import __feature__" in p.read_text(encoding="utf-8")]
    assert users == []


def test_the_lock_is_taken_first_and_raise_requests_are_served_later(
        tmp_path: Path, qapp: object) -> None:
    data = tmp_path / "mycrm.sqlite"
    first = SingleInstance(data)
    assert first.acquire(serve=False)
    try:
        assert first.server is None
        assert not SingleInstance(data).lock.try_lock(), "one instance per file meanwhile"
        probe = QLocalSocket()
        probe.connectToServer(first.key)
        assert not probe.waitForConnected(200), "nobody serves before the first paint"
        first.serve()
        first.serve()  # once
        assert first.server is not None and first.server.isListening()
        asked = SingleInstance(data)
        assert asked.ask_running_to_raise()
    finally:
        first.release()


def test_a_process_that_did_not_ease_the_collector_is_left_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    monkeypatch.setattr(application, "_gc_frozen", [])
    before = gc.get_threshold()
    application.resume_garbage_collection(started=False)
    application.resume_garbage_collection(started=True)
    assert frozen == [] and gc.get_threshold() == before


def test_after_an_eased_start_the_usual_thresholds_come_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    monkeypatch.setattr(application, "_gc_frozen", [])
    before = gc.get_threshold()
    try:
        gc.set_threshold(200_000, *before[1:])
        application.resume_garbage_collection(started=False)  # the first paint
        assert frozen == [True] and gc.get_threshold()[0] == 200_000
        application.resume_garbage_collection(started=True)  # the engine open
        assert frozen == [True, True]
        assert gc.get_threshold() == application.DEFAULT_GC_THRESHOLD
        application.resume_garbage_collection(started=True)  # another file later
        assert frozen == [True, True, True]
    finally:
        gc.set_threshold(*before)
