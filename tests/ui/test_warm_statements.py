"""The pages' statements are compiled on a worker after the start (``warm_first_showings``):
every read it makes must still be a read the core offers — a failure there is only logged
(the page reads for itself), so this test is what notices one."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import datetime

import pytest
from sqlalchemy import Engine, event

from mycrm.core.data.sample import fill_sample_if_empty
from mycrm.core.db.engine import session_scope
from mycrm.ui.app.context import warm_first_showings


def test_every_warming_read_runs_on_the_sample(engine: Engine, now: datetime,
                                               caplog: pytest.LogCaptureFixture) -> None:
    with session_scope(engine) as session:
        assert fill_sample_if_empty(session, now=now, zone="Asia/Shanghai")
    selects: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: selects.append(statement))
    with caplog.at_level(logging.DEBUG, logger="mycrm.ui.app.context"):
        warm_first_showings(engine, now=now, zone="Asia/Shanghai")
    assert not [r for r in caplog.records if "warming" in r.getMessage()], caplog.text
    tables = " ".join(selects)
    for table in ("customer", "todo", "need", "interaction"):
        assert f"FROM {table}" in tables or f"JOIN {table}" in tables, table


def _fresh_interpreter(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def test_the_services_qt_modules_import_on_a_worker_thread_without_a_qobject() -> None:
    """``prepare_engine`` imports ``WARM_UI_MODULES`` on a worker: in a fresh interpreter,
    with no QApplication, each must import there (no QObject made at import, which would
    need the application and the GUI thread)."""
    out = _fresh_interpreter(
        "import importlib, sys, threading\n"
        "from mycrm.ui.app.context import WARM_UI_MODULES\n"
        "worker = threading.Thread(\n"
        "    target=lambda: [importlib.import_module(m) for m in WARM_UI_MODULES])\n"
        "worker.start(); worker.join()\n"
        "print('MISSING', [m for m in WARM_UI_MODULES if m not in sys.modules])\n")
    assert "MISSING []" in out, out


def test_each_page_module_not_yet_imported_is_one_import_step() -> None:
    """``pages.module_imports``: a step per page module not imported yet, which imports it
    — and none once they all are."""
    out = _fresh_interpreter(
        "import sys\n"
        "from mycrm.ui.app.pages import PAGES, module_imports\n"
        "steps = module_imports()\n"
        "print('STEPS', len(steps) == len([s for s in PAGES if s.module not in sys.modules]))\n"
        "for step in steps: step()\n"
        "print('MISSING', [s.module for s in PAGES if s.module not in sys.modules])\n"
        "print('LEFT', len(module_imports()))\n")
    assert "STEPS True" in out and "MISSING []" in out and "LEFT 0" in out, out
    assert "ahead failed" not in out, out
