"""No text is clipped, in Chinese or in English: every page and dialog is rendered in both
languages over the sample portfolio and each visible QLabel's text, measured with
QFontMetrics (word wrap considered, Chinese from its taller fallback font), must fit in
the label's rectangle; the painted rows of Home's Needs attention and of the To-dos list
must be tall enough for both of their lines."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QModelIndex, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QStyleOptionViewItem,
    QWidget,
)
from pytestqt.qtbot import QtBot

from mycrm.core.customers.board import all_customers
from mycrm.core.data.sample import build_sample_portfolio
from mycrm.core.db.engine import open_database, session_scope
from mycrm.ui.app.context import AppContext
from mycrm.ui.app.main_window import MainWindow
from mycrm.ui.app.pages import PAGE_KEYS
from mycrm.ui.common import i18n
from qt_helpers import on_screen

LANGUAGES = ["en", "zh_CN"]
SIZE = (1280, 800)  # the screenshot size; the window's default


@pytest.fixture
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    i18n.install(qapp, request.param)
    yield request.param
    i18n.uninstall(qapp)
    QLocale.setDefault(QLocale.c())


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory, now: datetime) -> Path:
    """The sample portfolio, built once for the module (it takes seconds) on the tests'
    clock and zone; each test opens a copy of it."""
    path = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    engine = open_database(path)
    with session_scope(engine) as session:
        build_sample_portfolio(session, now=now, zone="UTC")
    engine.dispose()
    return path


@pytest.fixture
def db_path(tmp_path: Path, sample_file: Path) -> Path:
    """This module's data file: a copy of the sample portfolio (the ``engine`` and ``ctx``
    fixtures open it)."""
    path = tmp_path / "test.sqlite"
    shutil.copyfile(sample_file, path)
    return path


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext, language: str) -> MainWindow:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    return on_screen(qtbot, win, SIZE)


def _plain(label: QLabel) -> str:
    text = label.text()
    if label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and "<" in text and ">" in text):
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def clipped_labels(root: QWidget) -> list[str]:
    """Each visible label under ``root`` whose text needs more room than it has."""
    found = []
    for label in root.findChildren(QLabel):
        text = _plain(label)
        if not text.strip() or not label.isVisibleTo(root) or not label.isVisible():
            continue
        room = label.contentsRect()
        margin = label.margin()
        room = room.adjusted(margin, margin, -margin, -margin)
        # Measured from the top (a vertically centred measure rounds up a pixel); "&" of a
        # buddy's mnemonic is not drawn.
        flags = (int(label.alignment() & Qt.AlignmentFlag.AlignHorizontal_Mask)
                 | int(Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextShowMnemonic))
        if label.wordWrap():
            flags |= int(Qt.TextFlag.TextWordWrap)
        need = QFontMetrics(label.font()).boundingRect(
            QRect(0, 0, room.width() if label.wordWrap() else 100_000, 100_000), flags, text)
        if need.width() > room.width() or need.height() > room.height():
            found.append(f"{label.objectName() or type(label.parent()).__name__}: {text!r} "
                         f"needs {need.width()}×{need.height()}, has "
                         f"{room.width()}×{room.height()}")
    return found


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
@pytest.mark.parametrize("key", PAGE_KEYS)
def test_no_label_of_a_page_is_clipped(window: MainWindow, key: str) -> None:
    page = window.show_page(key)
    QApplication.processEvents()
    assert clipped_labels(page) == []


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
def test_no_label_of_the_customer_page_is_clipped(window: MainWindow, ctx: AppContext) -> None:
    assert window.open_customer_by_name(None)
    QApplication.processEvents()
    page = window.stack.currentWidget()
    assert page is not None and clipped_labels(page) == []


def _first_customer(ctx: AppContext) -> int:
    return next(c.id for c in ctx.read(all_customers, include_inactive=False, limit=1)
                if c.id is not None)


def _dialogs() -> dict[str, Callable[[MainWindow, AppContext], QWidget]]:
    from mycrm.ui.app.settings_dialog import SettingsDialog
    from mycrm.ui.app.welcome import WelcomeDialog
    from mycrm.ui.common.customer_picker import CustomerPicker
    from mycrm.ui.customers.editor import CustomerEditor
    from mycrm.ui.customers.lost_dialog import LostDialog
    from mycrm.ui.home.goals_dialog import GoalsDialog
    from mycrm.ui.records.editor import RecordEditor
    from mycrm.ui.records.need_editor import NeedEditor
    from mycrm.ui.records.renewal_dialog import RenewalDialog
    from mycrm.ui.todos.editor import TodoEditor

    def first(w: MainWindow, c: AppContext) -> int:
        return _first_customer(c)

    return {
        "settings": lambda w, c: SettingsDialog(c, parent=w),
        "welcome": lambda w, c: WelcomeDialog(parent=w),
        "picker": lambda w, c: CustomerPicker(c, parent=w),
        "new customer": lambda w, c: CustomerEditor(c, parent=w),
        "edit customer": lambda w, c: CustomerEditor(c, first(w, c), parent=w),
        "lost": lambda w, c: LostDialog(c, first(w, c), parent=w),
        "goals": lambda w, c: GoalsDialog(c, parent=w),
        "record": lambda w, c: RecordEditor(c, customer_id=first(w, c), parent=w),
        "need": lambda w, c: NeedEditor(c, customer_id=first(w, c), parent=w),
        "renewal": lambda w, c: RenewalDialog(c, first(w, c), parent=w),
        "todo": lambda w, c: TodoEditor(c, customer_id=first(w, c), parent=w),
    }


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
@pytest.mark.parametrize("name", list(_dialogs()))
def test_no_label_of_a_dialog_is_clipped(qtbot: QtBot, window: MainWindow, ctx: AppContext,
                                         name: str) -> None:
    dialog = _dialogs()[name](window, ctx)
    qtbot.addWidget(dialog)
    dialog.show()  # at the size its layout asks for, as it opens
    qtbot.waitExposed(dialog)
    assert clipped_labels(dialog) == []


def _rows_fit(view: QAbstractItemView, lines: Callable[[QModelIndex], list[tuple[QFont, str]]]
              ) -> list[str]:
    """Rows whose size hint is lower than their painted lines need (stacked)."""
    delegate: Any = view.itemDelegate()
    model = view.model()
    found = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.font = view.font()
        option.rect = view.visualRect(index)
        hint = delegate.sizeHint(option, index).height()
        need = sum(QFontMetrics(font).boundingRect(QRect(0, 0, 100_000, 100_000), 0, text)
                   .height() for font, text in lines(index))
        if hint < need:
            found.append(f"row {row}: {[t for _f, t in lines(index)]} needs {need}, has {hint}")
    return found


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
def test_needs_attention_rows_fit_both_lines(window: MainWindow) -> None:
    from mycrm.ui.home.attention_model import DetailRole

    home: Any = window.show_page("home")
    view = home.attention
    assert view.model().rowCount() > 0

    def lines(index: QModelIndex) -> list[tuple[QFont, str]]:
        bold = QFont(view.font())
        bold.setBold(True)
        return [(bold, index.data()), (view.font(), index.data(DetailRole))]

    assert _rows_fit(view, lines) == []
    # Each line is painted in a rectangle tall enough for its text (drawText clips).
    delegate = view.itemDelegate()
    for row in range(view.model().rowCount()):
        index = view.model().index(row, 0)
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.font = view.font()
        option.rect = view.visualRect(index)
        for rect, (font, text) in zip(delegate.line_rects(option), lines(index), strict=True):
            need = QFontMetrics(font).boundingRect(QRect(0, 0, 100_000, 100_000), 0, text)
            assert need.height() <= rect.height(), (text, need, rect)
        assert delegate.line_rects(option)[1].bottom() <= option.rect.bottom()


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
def test_todo_rows_fit_both_lines(window: MainWindow) -> None:
    from mycrm.ui.todos.model import KIND_ROLE, SUB_ROLE

    page: Any = window.show_page("todos")
    view = page.view
    assert view.model().rowCount() > 0

    def lines(index: QModelIndex) -> list[tuple[QFont, str]]:
        if index.data(KIND_ROLE) != "todo":
            return [(view.font(), index.data())]
        small = QFont(view.font())
        small.setPointSizeF(max(small.pointSizeF() * 0.9, 7.0))
        return [(view.font(), index.data()), (small, index.data(SUB_ROLE) or "")]

    assert _rows_fit(view, lines) == []
