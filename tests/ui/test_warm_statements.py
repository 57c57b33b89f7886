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


def test_the_pages_modules_import_on_a_worker_thread_without_a_qobject() -> None:
    """``warm_page_modules`` and ``prepare_engine`` (``WARM_UI_MODULES``) run on a worker:
    in a fresh interpreter, with no QApplication, every page's module and every service's
    Qt module must import there (no QObject made at import, which
    would need the application) — else the warm-up only logs and the page's first showing
    imports it on the GUI thread again."""
    code = (
        "import sys, threading, logging\n"
        "logging.basicConfig(level=logging.DEBUG)\n"
        "import importlib\n"
        "from mycrm.ui.app.context import WARM_UI_MODULES, warm_page_modules\n"
        "from mycrm.ui.app.pages import PAGES\n"
        "def warm():\n"
        "    warm_page_modules()\n"
        "    for name in WARM_UI_MODULES: importlib.import_module(name)\n"
        "worker = threading.Thread(target=warm)\n"
        "worker.start(); worker.join()\n"
        "wanted = [s.module for s in PAGES] + list(WARM_UI_MODULES)\n"
        "missing = [name for name in wanted if name not in sys.modules]\n"
        "print('MISSING', missing)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert "MISSING []" in done.stdout, done.stdout + done.stderr
    assert "warming" not in done.stderr, done.stderr
