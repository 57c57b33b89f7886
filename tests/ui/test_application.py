"""Starting the window on a data file: what runs before and after its first paint."""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.engine import session_scope
from mycrm.core.db.models import Customer, State
from mycrm.core.records.services import InteractionInput, log_interaction
from mycrm.ui.app.application import GuiSession, _AfterFirstPaint
from mycrm.ui.app.context import FAKE_NOW_ENV
from qt_helpers import on_screen


class _PaintSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def _state(engine: Engine, customer_id: int) -> str:
    with Session(engine) as session:
        customer = session.get(Customer, customer_id)
        assert customer is not None
        return customer.state


def test_daily_rules_run_just_after_the_first_paint(qtbot: QtBot, engine: Engine,
                                                     db_path: Path, now: datetime,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A customer due for a revisit is reset once the window is on screen, not before: a
    long catch-up must not keep the window blank."""
    monkeypatch.setenv(FAKE_NOW_ENV, now.isoformat())
    visit = now - timedelta(days=120)
    with session_scope(engine) as session:
        customer = create_customer(session=session, data=CustomerInput(name="Acme"), now=visit)
        assert customer.id is not None
        customer_id = customer.id
        log_interaction(session=session, now=visit, data=InteractionInput(
            customer_id=customer_id, kind="visit", occurred_at=visit))
    args = argparse.Namespace(screenshot=None, demo=False, data=db_path, language=None,
                              theme="system")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    gui = GuiSession(app, args)
    assert gui.open(db_path, False, engine)
    window, ctx = gui.window, gui.ctx
    assert window is not None and ctx is not None
    spy = _PaintSpy()
    window.installEventFilter(spy)
    painted_when_rules_ran: list[bool] = []
    start_rules = ctx.start_daily_rules

    def recorded_start(interval_ms: int = 60_000) -> None:
        painted_when_rules_ran.append(spy.painted)
        start_rules(interval_ms)

    monkeypatch.setattr(ctx, "start_daily_rules", recorded_start)
    try:
        window.show()
        gui.start_background()
        assert _state(engine, customer_id) == State.VISITED.value, "not before the paint"
        qtbot.waitUntil(lambda: _state(engine, customer_id) == State.TO_CONTACT.value)
        assert painted_when_rules_ran == [True]
    finally:
        gui.discard()


def test_a_window_never_painted_still_gets_its_rules(qtbot: QtBot,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_AfterFirstPaint, "FALLBACK_MS", 50)
    hidden = QWidget()
    qtbot.addWidget(hidden)
    calls: list[str] = []
    _AfterFirstPaint(hidden, lambda: calls.append("ran"))
    qtbot.waitUntil(lambda: calls == ["ran"])
    on_screen(qtbot, hidden)  # a paint after the fallback does not run it again
    qtbot.wait(100)
    assert calls == ["ran"]


def test_the_error_dialog_names_the_error_and_the_log_but_shows_no_traceback(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import logging
    from logging.handlers import RotatingFileHandler

    from mycrm.ui.app import errors

    shown: list[str] = []
    monkeypatch.delenv("MYCRM_NO_EXCEPTHOOK", raising=False)
    monkeypatch.setattr(errors, "show_error_dialog", shown.append)
    handler = RotatingFileHandler(tmp_path / "mycrm.log", encoding="utf-8")
    logging.getLogger().addHandler(handler)
    try:
        try:
            raise ValueError("the quote total is not a number")
        except ValueError as exc:
            errors.excepthook(ValueError, exc, exc.__traceback__)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert len(shown) == 1
    assert "ValueError: the quote total is not a number" in shown[0]
    assert str(tmp_path / "mycrm.log") in shown[0]
    assert "Traceback" not in shown[0] and "File " not in shown[0]
    assert "Traceback" in (tmp_path / "mycrm.log").read_text(encoding="utf-8")


def test_a_failed_check_has_one_answer_given_the_failure(
        monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    """The verdict itself is explained (no second check of the file); a driver's error
    before the verdict sends the file the careful way, which checks it."""
    import sqlite3

    from mycrm.core.db.integrity import DamagedDatabaseError
    from mycrm.ui.app import application

    explained: list[tuple[Exception, Path, bool]] = []
    reopened: list[Path] = []
    monkeypatch.setattr(application, "explain_failure", lambda exc, path, *, interactive:
                        explained.append((exc, path, interactive)))
    monkeypatch.setattr(application, "open_or_explain",
                        lambda path, **_kw: reopened.append(path))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    gui = GuiSession(app, argparse.Namespace(screenshot=None, demo=False, data=db_path,
                                             language=None, theme="system"))
    verdict = DamagedDatabaseError(f"{db_path} is damaged: page 3 is corrupt")
    assert gui.after_failed_check(verdict, db_path) is None
    assert explained == [(verdict, db_path, True)] and reopened == []
    assert gui.after_failed_check(sqlite3.DatabaseError("disk I/O error"), db_path) is None
    assert reopened == [db_path] and len(explained) == 1


def test_an_unexpected_start_up_error_is_told_plainly_and_logged(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    from mycrm.ui.app.application import report_start_failure

    monkeypatch.delenv("MYCRM_NO_EXCEPTHOOK", raising=False)
    try:
        raise RuntimeError("the theme file is missing")
    except RuntimeError as exc:
        assert report_start_failure(exc, screenshot=True) == 1
    err = capsys.readouterr().err
    assert err.startswith("mycrm: mycrm hit an unexpected problem.")
    assert "Traceback" not in err and "theme file" not in err
    assert "the theme file is missing" in caplog.text and "Traceback" in caplog.text
    monkeypatch.setenv("MYCRM_NO_EXCEPTHOOK", "1")  # tests and CI see the real error
    with pytest.raises(RuntimeError, match="theme file"):
        report_start_failure(RuntimeError("the theme file is missing"), screenshot=True)
