"""The Qt binding itself: a release with a reference-counting fault in every call would bring
the app down after hours in the tray, so it is refused here rather than found by a user."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

CALLS = 200


def test_calls_returning_nothing_keep_none_alive(qtbot: QtBot) -> None:
    """PySide6 6.12.0 releases a reference to ``None`` on each call that returns nothing;
    on Python 3.11 (``None`` is not immortal) the interpreter aborts once the count runs
    out — the app did so after ~40 rounds of page visits. The count must not fall."""
    widget = QWidget()
    qtbot.addWidget(widget)
    timer = QTimer(widget)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        widget.update()
        timer.start(60_000)
        app.processEvents()
    lost = before - sys.getrefcount(None)
    assert lost < CALLS // 10, f"None lost {lost} references over {3 * CALLS} calls"
