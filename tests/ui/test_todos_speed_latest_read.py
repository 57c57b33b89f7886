"""The To-dos page's filtered reads run one at a time on one worker, the latest only."""

from __future__ import annotations

import threading
from typing import Any

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
    answers: list[tuple[int, Any]] = []
    reader.finished.connect(lambda tag, value: answers.append((tag, value)))
    reader.failed.connect(lambda tag, error: answers.append((tag, error)))

    def endless(session: Any) -> object:
        started.set()
        try:
            return session.execute(text(ENDLESS)).scalar()
        except Exception as error:  # noqa: BLE001
            ended.append(type(error).__name__)
            raise

    reader.submit(1, endless)
    assert started.wait(10)
    reader.submit(2, lambda session: session.execute(text("SELECT 42")).scalar())
    qtbot.waitUntil(lambda: answers == [(2, 42)])
    assert ended == ["OperationalError"], "the overtaken scan was interrupted, not finished"
    qtbot.wait(50)
    assert answers == [(2, 42)], "the overtaken read says nothing"


def test_cancel_drops_the_running_read(qtbot: QtBot, ctx: AppContext) -> None:
    reader = LatestRead(ctx.engine, name="test-latest-read")
    started = threading.Event()
    answers: list[int] = []
    reader.finished.connect(lambda tag, _value: answers.append(tag))
    reader.failed.connect(lambda tag, _error: answers.append(tag))

    def endless(session: Any) -> object:
        started.set()
        return session.execute(text(ENDLESS)).scalar()

    reader.submit(1, endless)
    assert started.wait(10)
    reader.cancel()
    reader.submit(2, lambda session: 2)
    qtbot.waitUntil(lambda: answers == [2])


def test_a_failing_read_reports_its_error(qtbot: QtBot, ctx: AppContext) -> None:
    reader = LatestRead(ctx.engine, name="test-latest-read")
    with qtbot.waitSignal(reader.failed) as failed:
        reader.submit(7, lambda session: session.execute(text("SELECT nope FROM nowhere")))
    tag, error = failed.args
    assert tag == 7 and "nowhere" in str(error)


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
