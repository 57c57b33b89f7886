"""Small helpers for the UI tests."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

W = TypeVar("W", bound=QWidget)


def on_screen(qtbot: QtBot, widget: W, size: tuple[int, int] | None = None) -> W:
    """``widget`` resized to ``size`` (if given), shown, and exposed (laid out and painted
    once), as a user would first see it."""
    if size is not None:
        widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
