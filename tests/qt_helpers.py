"""Small helpers for the UI tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

W = TypeVar("W", bound=QWidget)
DISPLAY = Qt.ItemDataRole.DisplayRole


def on_screen(qtbot: QtBot, widget: W, size: tuple[int, int] | None = None) -> W:
    """``widget`` resized to ``size`` (if given), shown, and exposed (laid out and painted
    once), as a user would first see it."""
    if size is not None:
        widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def fetch_all(model: QAbstractItemModel) -> None:
    """Read every row a lazily loading model (``canFetchMore``) still holds back."""
    root = QModelIndex()
    while model.canFetchMore(root):
        model.fetchMore(root)


def model_rows(model: QAbstractItemModel, role: int = DISPLAY) -> list[Any]:
    """The top-level rows' ``role`` data, after fetching every row: a tuple of the columns
    per row, or the value itself when the model has one column (a list model)."""
    fetch_all(model)
    root = QModelIndex()
    # (PySide hides a list model's columnCount: a list has one column.)
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
    rows: list[Any] = []
    for row in range(model.rowCount(root)):
        values = tuple(model.index(row, column).data(role) for column in range(columns))
        rows.append(values[0] if columns == 1 else values)
    return rows


def check_model(tester: ModelTester, model: QAbstractItemModel, expected: Sequence[Any],
                role: int = DISPLAY) -> None:
    """Run Qt's model tester over ``model`` and then compare its rows with ``expected``.

    The tester (pytest-qt's ``qtmodeltester`` fixture) keeps watching the model until the
    test ends: every later signal is checked too, and a broken contract is a Qt warning,
    which fails the test (``qt_log_level_fail``). It proves the model is consistent, not
    that it shows the right things; the rows prove that (as qutebrowser's completion model
    tests do). ``expected`` is in :func:`model_rows` form.
    """
    tester.check(model)
    assert model_rows(model, role) == list(expected)
