"""A page's filtered reads run one at a time on one worker, the latest only (``LatestRead``)."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from mycrm.ui.app.context import AppContext
from mycrm.ui.common.latest_read import LatestRead

ENDLESS = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
           "SELECT count(*) FROM n")


def test_a_newer_read_interrupts_the_running_one_and_only_it_answers(
        qtbot: QtBot, ctx: AppContext) -> None:
    reader = LatestRead(ctx.engine, name="test-latest-read")
    started = threading.Event()
    ended: list[str] = []
    answers: list[Any] = []
    reader.finished.connect(answers.append)
    reader.failed.connect(answers.append)

    def endless(session: Any) -> object:
        started.set()
        try:
            return session.execute(text(ENDLESS)).scalar()
        except Exception as error:  # noqa: BLE001
            ended.append(type(error).__name__)
            raise

    reader.submit(endless)
    assert started.wait(10)
    reader.submit(lambda session: session.execute(text("SELECT 42")).scalar())
    assert reader.waiting
    qtbot.waitUntil(lambda: answers == [42])
    assert ended == ["OperationalError"], "the overtaken scan was interrupted, not finished"
    qtbot.wait(50)
    assert answers == [42], "the overtaken read says nothing"
    assert not reader.waiting


def test_cancel_drops_the_running_read(qtbot: QtBot, ctx: AppContext) -> None:
    reader = LatestRead(ctx.engine, name="test-latest-read")
    started = threading.Event()
    answers: list[Any] = []
    reader.finished.connect(answers.append)
    reader.failed.connect(lambda _error: answers.append("failed"))

    def endless(session: Any) -> object:
        started.set()
        return session.execute(text(ENDLESS)).scalar()

    reader.submit(endless)
    assert started.wait(10)
    reader.cancel()
    assert not reader.waiting
    reader.submit(lambda session: 2)
    qtbot.waitUntil(lambda: answers == [2])


def test_a_failing_read_reports_its_error(qtbot: QtBot, ctx: AppContext) -> None:
    reader = LatestRead(ctx.engine, name="test-latest-read")
    with qtbot.waitSignal(reader.failed) as failed:
        reader.submit(lambda session: session.execute(text("SELECT nope FROM nowhere")))
    [error] = failed.args
    assert "nowhere" in str(error) and not reader.waiting


def test_an_answer_on_its_way_when_cancelled_is_dropped(qtbot: QtBot, ctx: AppContext) -> None:
    """The worker posted its answer, the GUI thread has not handled it yet, and the page
    cancels (an unfiltered reload): the answer must not arrive."""
    reader = LatestRead(ctx.engine, name="test-latest-read")
    answers: list[Any] = []
    reader.finished.connect(answers.append)
    posted = threading.Event()
    reader._posted.connect(lambda *_a: posted.set(), Qt.ConnectionType.DirectConnection)
    reader.submit(lambda session: "late")
    assert posted.wait(10)  # posted from the worker, queued for the GUI thread
    reader.cancel()
    qtbot.wait(100)
    assert answers == [] and not reader.waiting


def test_clearing_the_text_filter_drops_the_read_still_running(
        qtbot: QtBot, ctx: AppContext, now: Any, monkeypatch: Any) -> None:
    """Typed, then cleared before the scan ended: the page shows every to-do at once, and
    the scan's late answer (for the old text) never replaces them."""
    from test_todos_page import seed, shown

    from mycrm.ui.todos import page as page_module
    from mycrm.ui.todos.page import TodosPage

    seed(ctx, now)
    page = TodosPage(ctx)
    qtbot.addWidget(page)
    release = threading.Event()
    real = page_module.todo_sections

    def slow_sections(session: Any, **kwargs: Any) -> object:
        release.wait(30)
        return real(session, **kwargs)

    monkeypatch.setattr(page_module, "todo_sections", slow_sections)
    page.text_filter.setText("Upcoming")
    page._filter_now()
    assert page.reading
    monkeypatch.setattr(page_module, "todo_sections", real)
    page.text_filter.setText("")
    page._filter_changed()
    assert not page.reading
    everything = shown(page)
    assert len([k for k, _t in everything if k == "todo"]) == 4
    release.set()
    qtbot.wait(200)
    assert shown(page) == everything
