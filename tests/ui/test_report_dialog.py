"""The report dialogs (ui/reports/dialog.py) on the sample portfolio: the preview shows the
report with the sections ticked, Save writes a whole PDF or Word file (or nothing, said
plainly), Copy puts the text or Markdown on the clipboard; the customer page, Home, the
Customer menu and Ctrl+K open them."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette, QTextCursor
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from mycrm.core.common import files as atomic
from mycrm.core.data.sample import build_sample_portfolio
from mycrm.core.db.engine import session_scope
from mycrm.core.reports.periods import parse_month
from mycrm.core.reports.qbr import QbrReport, build_qbr_report
from mycrm.core.search import find_customers
from mycrm.ui.app.actions import PALETTE_ACTIONS, Action
from mycrm.ui.app.command_palette import static_entries
from mycrm.ui.app.context import AppContext
from mycrm.ui.app.main_window import MainWindow
from mycrm.ui.common.theme import dark_palette
from mycrm.ui.home.page import HomePage
from mycrm.ui.reports.dialog import (
    QbrReportDialog,
    ReportDialog,
    WorkPeriod,
    WorkReportDialog,
)
from mycrm.ui.reports.files import ReportFormat
from mycrm.ui.reports.markdown import render_markdown, render_plain_text
from mycrm.ui.reports.qbr_text import QbrSection, section_label
from qt_helpers import on_screen

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="pdftotext missing: install Debian's poppler-utils")
SHORT_NAME = "杭州青禾"


@pytest.fixture
def sample(engine: Engine, now: datetime) -> None:
    with session_scope(engine) as session:
        build_sample_portfolio(session, now=now)


@pytest.fixture
def customer_id(sample: None, ctx: AppContext) -> int:
    return ctx.read(find_customers, text_=SHORT_NAME, limit=1)[0].id


@pytest.fixture
def expected(ctx: AppContext, customer_id: int) -> QbrReport:
    """The report the core builds for the default period, to compare the dialog with."""
    report = ctx.read(build_qbr_report, customer_id=customer_id, now=ctx.now(), zone=ctx.zone)
    assert report.records and report.records[-1].discussion  # the sample has a discussion
    return report


@pytest.fixture
def dialog(qtbot: QtBot, ctx: AppContext, customer_id: int) -> QbrReportDialog:
    d = QbrReportDialog(ctx, customer_id)
    qtbot.addWidget(d)
    return on_screen(qtbot, d)


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the warning boxes shown (instead of a modal box)."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, _title, text, *a: shown.append(text))
    return shown


@pytest.fixture
def save_as(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The file dialog answers with ``save_as[0]``; what it suggested is appended."""
    answer: list[str] = []

    def ask(_parent: Any, _caption: str, suggested: str, _filter: str) -> tuple[str, str]:
        answer.append(suggested)
        return answer[0], ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    yield answer


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder of its own (the data file lives in ``tmp_path``)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", out)


# --- the preview --------------------------------------------------------------------------
def test_the_preview_shows_the_customer_and_the_discussions(dialog: QbrReportDialog,
                                                            expected: QbrReport) -> None:
    text = dialog.preview.toPlainText()
    assert expected.customer.name in text
    assert expected.records[-1].discussion in text
    assert section_label(QbrSection.HISTORY) in text
    assert expected.customer.name in dialog.windowTitle()
    # The period shown is the default one (since the last QBR, or the last 3 months).
    assert dialog.period() == expected.period
    assert dialog.first.date().toPython() == expected.period.first
    assert dialog.last.date().toPython() == expected.period.last


def test_an_unticked_section_leaves_the_preview(dialog: QbrReportDialog,
                                                expected: QbrReport) -> None:
    discussion = expected.records[-1].discussion
    dialog.section_boxes[QbrSection.HISTORY].setChecked(False)
    text = dialog.preview.toPlainText()
    assert discussion not in text and section_label(QbrSection.HISTORY) not in text
    assert section_label(QbrSection.NEEDS) in text and expected.customer.name in text
    dialog.section_boxes[QbrSection.HISTORY].setChecked(True)
    assert discussion in dialog.preview.toPlainText()


def test_a_new_period_rebuilds_the_report(qtbot: QtBot, dialog: QbrReportDialog,
                                          expected: QbrReport) -> None:
    """A period before every record: the report says it is empty, once the typing rests."""
    dialog.first.setDate(dialog.first.date().addYears(-10))
    dialog.last.setDate(dialog.first.date().addDays(3))
    assert dialog.pending.isActive()
    qtbot.waitUntil(lambda: not dialog.pending.isActive())
    text = dialog.preview.toPlainText()
    assert expected.records[-1].discussion not in text
    assert "Nothing was recorded for this customer in this period." in text


def test_the_preview_is_a_white_page_in_the_dark_theme(dialog: QbrReportDialog) -> None:
    dialog.setPalette(dark_palette())
    assert dialog.palette().color(QPalette.ColorRole.Base).lightness() < 100
    image = dialog.preview.viewport().grab().toImage()
    corner = image.pixelColor(3, image.height() - 3)
    assert corner.lightness() > 250, corner.name()


# --- saving -------------------------------------------------------------------------------
@needs_poppler
def test_save_as_pdf_writes_the_report(qtbot: QtBot, dialog: QbrReportDialog,
                                       expected: QbrReport, out: Path,
                                       save_as: list[str]) -> None:
    save_as.append(str(out / "report"))  # the file dialog may leave the suffix off
    qtbot.mouseClick(dialog.save_pdf_button, Qt.MouseButton.LeftButton)
    written = out / "report.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    text = pdf_text(written)
    assert re.sub(r"\s+", "", expected.customer.name) in text
    assert re.sub(r"\s+", "", expected.records[-1].discussion) in text
    suggested = Path(save_as[1]).name
    assert suggested == f"QBR {expected.customer.name} {expected.period.last:%Y-%m}.pdf"
    assert written.name in dialog.status.text()
    assert os.listdir(out) == ["report.pdf"]  # no temporary file left


def test_save_as_word_writes_the_ticked_sections(dialog: QbrReportDialog, out: Path,
                                                 expected: QbrReport) -> None:
    dialog.section_boxes[QbrSection.RISK].setChecked(False)
    path = dialog.save(ReportFormat.DOCX, out / "r.docx")
    assert path == out / "r.docx"
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    assert expected.customer.name in paragraphs
    assert section_label(QbrSection.HISTORY) in paragraphs
    assert section_label(QbrSection.RISK) not in paragraphs


def test_a_file_that_cannot_be_written_is_said_and_nothing_is_half_written(
        dialog: QbrReportDialog, out: Path, warnings: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    missing = out / "no such folder" / "r.pdf"
    assert dialog.save(ReportFormat.PDF, missing) is None
    assert len(warnings) == 1 and str(missing) in warnings[0]
    assert not missing.parent.exists()
    # A disk that fills up during the write: the previous file stays as it was.
    existing = out / "r.pdf"
    existing.write_bytes(b"the previous report")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", full)
    assert dialog.save(ReportFormat.PDF, existing) is None
    assert len(warnings) == 2 and os.strerror(errno.ENOSPC) in warnings[1]
    assert existing.read_bytes() == b"the previous report"
    assert os.listdir(out) == ["r.pdf"]


# --- copying and the keyboard -------------------------------------------------------------
def test_copy_as_markdown_and_as_text(qtbot: QtBot, dialog: QbrReportDialog,
                                      expected: QbrReport) -> None:
    clipboard = QGuiApplication.clipboard()
    qtbot.mouseClick(dialog.copy_markdown_button, Qt.MouseButton.LeftButton)
    markdown = clipboard.text()
    assert markdown == render_markdown(dialog.current_document())
    assert markdown.startswith(f"# {expected.customer.name}\n")
    assert "| --- |" in markdown
    qtbot.mouseClick(dialog.copy_text_button, Qt.MouseButton.LeftButton)
    assert clipboard.text() == render_plain_text(dialog.current_document())
    assert expected.records[-1].discussion in clipboard.text()


def test_ctrl_c_copies_the_selection_else_the_whole_text(qtbot: QtBot,
                                                         dialog: QbrReportDialog) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    dialog.preview.setFocus()
    qtbot.keyClick(dialog.preview, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == render_plain_text(dialog.current_document())
    cursor = dialog.preview.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord,
                        QTextCursor.MoveMode.KeepAnchor)
    dialog.preview.setTextCursor(cursor)
    qtbot.keyClick(dialog.preview, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == cursor.selectedText() != ""


def test_ctrl_s_saves_a_pdf_and_esc_closes(qtbot: QtBot, dialog: QbrReportDialog,
                                           out: Path, save_as: list[str]) -> None:
    save_as.append(str(out / "by key.pdf"))
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert (out / "by key.pdf").read_bytes().startswith(b"%PDF")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


# --- the work report ----------------------------------------------------------------------
def test_the_work_report_follows_the_period_chosen(qtbot: QtBot, ctx: AppContext,
                                                   sample: None) -> None:
    d = on_screen(qtbot, WorkReportDialog(ctx))
    qtbot.addWidget(d)
    assert d.preview.toPlainText().startswith("Weekly report")
    assert not d.first.isEnabled()
    d.choose(WorkPeriod.LAST_MONTH)
    last_month = parse_month("2026-10")  # the clock says 2026-11-22
    assert d.period() == last_month
    assert d.preview.toPlainText().startswith("Monthly report")
    assert last_month.code in d.preview.toPlainText()
    assert d.file_stem() == f"Monthly report {last_month.code}"
    d.choose(WorkPeriod.RANGE)
    assert d.first.isEnabled() and d.period().first == last_month.first
    d.first.setDate(d.first.date().addDays(1))
    d.flush()
    assert d.preview.toPlainText().startswith("Work report")


# --- where they open from -----------------------------------------------------------------
@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext, sample: None) -> MainWindow:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    return on_screen(qtbot, win)


def opened_reports(window: MainWindow) -> list[Any]:
    return [w for w in window.findChildren(ReportDialog) if w.isVisible()]


def test_the_customer_page_opens_its_qbr_report(qtbot: QtBot, window: MainWindow,
                                                customer_id: int) -> None:
    page = window.open_customer(customer_id)
    button = page.action_buttons[Action.QBR_REPORT]  # type: ignore[attr-defined]
    assert button.text() == Action.QBR_REPORT.text() == "QBR report…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    (report,) = opened_reports(window)
    assert isinstance(report, QbrReportDialog) and report.customer_id == customer_id
    # The Customer menu (and Ctrl+K, which runs the same action) acts on the page's customer.
    assert Action.QBR_REPORT in PALETTE_ACTIONS and Action.WORK_REPORT in PALETTE_ACTIONS
    assert {"QBR report", "Work report"} <= {e.text for e in static_entries()}
    report.close()
    window.dispatch(Action.QBR_REPORT)
    (again,) = opened_reports(window)
    assert isinstance(again, QbrReportDialog) and again.customer_id == customer_id


def test_home_opens_the_work_report(qtbot: QtBot, window: MainWindow) -> None:
    home = window.show_page("home")
    assert isinstance(home, HomePage)
    qtbot.mouseClick(home.work_report_button, Qt.MouseButton.LeftButton)
    (report,) = opened_reports(window)
    assert isinstance(report, WorkReportDialog)
