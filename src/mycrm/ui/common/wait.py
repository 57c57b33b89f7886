"""The wait cursor for whole-file operations (export, backup, restore, a full check)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor, QGuiApplication


@contextmanager
def busy() -> Iterator[None]:
    """The wait cursor while a whole-file operation runs (seconds on a large file), put back
    however it ends."""
    QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()
