"""The report dialogs: choose the period (and, for a QBR, the sections), see the report as
it will print, then save it as PDF or Word or copy it as text or Markdown.

Building a report reads the whole period (about 0.3 s on a large portfolio): it runs here,
under the wait cursor, once per period change — a date typed waits for the typing pause —
while ticking a section only rewords the report already built. The preview is the PDF's own
layout (``pdf.build_text_document``) on a white page whatever the theme: it is what the
customer will see. A save writes the whole file or nothing (``files.write_atomically``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.reports.periods import Period, date_range, month_of, week_of
from mycrm.core.reports.qbr import QbrReport, build_qbr_report, default_qbr_period
from mycrm.core.reports.work import WorkReport, build_work_report
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.fmt import qdate
from mycrm.ui.common.i18n import translator
from mycrm.ui.common.wait import busy
from mycrm.ui.reports.blocks import Document
from mycrm.ui.reports.files import (
    ReportFormat,
    qbr_file_stem,
    save_report,
    with_suffix,
    work_file_stem,
)
from mycrm.ui.reports.markdown import render_markdown, render_plain_text
from mycrm.ui.reports.pdf import build_text_document
from mycrm.ui.reports.qbr_text import QbrSection, qbr_document, section_label
from mycrm.ui.reports.work_text import work_document

_t = translator("report_dialog")

DATE_PAUSE_MS = 500  # a date being typed: rebuild once it rests
PAGE_CSS = "QTextBrowser#reportPreview { background: #ffffff; color: #1f2328; }"
_last_folder: Path | None = None  # where the previous report was saved, this session


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _start_folder() -> Path:
    if _last_folder is not None and _last_folder.is_dir():
        return _last_folder
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


class ReportDialog(QDialog):
    """Options on the left, the preview on the right, the outputs below. A subclass builds
    its options, calls :meth:`finish`, and supplies :meth:`build` (the report, the slow
    part), :meth:`word` (the document, quick) and :meth:`file_stem`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.document: Document | None = None
        self._page: QTextDocument | None = None  # the preview's document, kept alive
        self.resize(1000, 720)
        self.preview = QTextBrowser()
        self.preview.setObjectName("reportPreview")
        self.preview.setAccessibleName(_t("Preview"))
        self.preview.setOpenLinks(False)
        self.preview.setStyleSheet(PAGE_CSS)
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.pending = QTimer(self, singleShot=True, interval=DATE_PAUSE_MS)
        self.pending.timeout.connect(self.refresh)
        save = QAction(self)
        save.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        save.triggered.connect(lambda: self.save(ReportFormat.PDF))
        copy = QAction(self)
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy.triggered.connect(self.copy_selection_or_text)
        self.addActions([save, copy])

    # --- what a subclass supplies ---------------------------------------------------------
    def build(self) -> None:
        """Read the report for the chosen period (the slow step)."""
        raise NotImplementedError

    def word(self) -> Document:
        """The report built last, worded with the chosen options."""
        raise NotImplementedError

    def file_stem(self) -> str:
        raise NotImplementedError

    # --- layout ---------------------------------------------------------------------------
    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)  # Enter in a date edit must not save a file
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def finish(self, options: QWidget) -> None:
        """Lay the dialog out around ``options`` and build the first report."""
        options.setMinimumWidth(210)
        options.setMaximumWidth(300)
        body = QHBoxLayout()
        body.addWidget(options)
        body.addWidget(self.preview, 1)
        native = QKeySequence(QKeySequence.StandardKey.Save).toString(
            QKeySequence.SequenceFormat.NativeText)
        self.save_pdf_button = self._button(_t("Save as PDF…"), "savePdf",
                                            lambda: self.save(ReportFormat.PDF))
        self.save_pdf_button.setToolTip(f"{_t('Save as PDF…')} ({native})")
        self.save_docx_button = self._button(_t("Save as Word…"), "saveDocx",
                                             lambda: self.save(ReportFormat.DOCX))
        self.copy_text_button = self._button(_t("Copy as text"), "copyText", self.copy_text)
        self.copy_markdown_button = self._button(_t("Copy as Markdown"), "copyMarkdown",
                                                 self.copy_markdown)
        close = self._button(_t("Close"), "close", self.reject)
        row = QHBoxLayout()
        for button in (self.save_pdf_button, self.save_docx_button, self.copy_text_button,
                       self.copy_markdown_button):
            row.addWidget(button)
        row.addWidget(self.status, 1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(row)
        self.preview.setFocus()  # arrows scroll the report, Ctrl+C copies it
        self.refresh()

    # --- the report -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Build the report again (wait cursor), then reword it."""
        self.pending.stop()
        with busy():
            self.build()
            self.reword()

    def reword(self) -> None:
        """Show the built report with the chosen options (no database read)."""
        document = self.word()
        page = build_text_document(document)
        self.preview.setDocument(page)
        self._page, self.document = page, document
        self.status.clear()

    def refresh_later(self) -> None:
        self.pending.start()

    def flush(self) -> None:
        """Apply a period change still waiting for the typing pause (before any output)."""
        if self.pending.isActive():
            self.refresh()

    def current_document(self) -> Document:
        self.flush()
        assert self.document is not None  # built in finish()
        return self.document

    # --- outputs --------------------------------------------------------------------------
    def save(self, fmt: ReportFormat, path: Path | None = None) -> Path | None:
        """Save the report as ``fmt`` to ``path`` (None: ask with a file dialog). A file
        that cannot be written is said plainly and nothing is left half-written; returns
        the path written, or None."""
        global _last_folder
        document = self.current_document()
        if path is None:
            path = self._ask_path(fmt)
            if path is None:
                return None
        try:
            with busy():
                save_report(document, path, fmt)
        except OSError as exc:
            QMessageBox.warning(self, _t("Report not saved"), _t(
                "The report could not be written to %1:\n\n%2").replace(
                "%1", str(path)).replace("%2", exc.strerror or str(exc)))
            return None
        _last_folder = path.parent
        self.status.setText(_t("Saved %1").replace("%1", path.name))
        return path

    def _ask_path(self, fmt: ReportFormat) -> Path | None:
        filters = {ReportFormat.PDF: _t("PDF document (*.pdf)"),
                   ReportFormat.DOCX: _t("Word document (*.docx)"),
                   ReportFormat.MARKDOWN: _t("Markdown (*.md)")}
        suggested = _start_folder() / f"{self.file_stem()}.{fmt.value}"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _t("Save the report"), str(suggested), filters[fmt])
        return with_suffix(Path(chosen), fmt) if chosen else None

    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(render_plain_text(self.current_document()))
        self.status.setText(_t("Copied as text."))

    def copy_markdown(self) -> None:
        QGuiApplication.clipboard().setText(render_markdown(self.current_document()))
        self.status.setText(_t("Copied as Markdown."))

    def copy_selection_or_text(self) -> None:
        """Ctrl+C: the text selected in the preview, else the whole report as text."""
        if self.preview.textCursor().hasSelection():
            self.preview.copy()
        else:
            self.copy_text()


class QbrReportDialog(ReportDialog):
    """The QBR report of one customer: the period (default ``default_qbr_period``) and the
    sections to include."""

    def __init__(self, ctx: AppContext, customer_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.customer_id = customer_id
        self.report: QbrReport | None = None
        self.default_period = ctx.read(default_qbr_period, customer_id=customer_id,
                                       now=ctx.now(), zone=ctx.zone)
        self.first, self.last = _date_edit("periodFrom"), _date_edit("periodTo")
        self.first.setDate(qdate(self.default_period.first))
        self.last.setDate(qdate(self.default_period.last))
        self.last.setMinimumDate(self.first.date())
        self.first.dateChanged.connect(self._first_changed)
        self.last.dateChanged.connect(lambda _d: self.refresh_later())
        period = QGroupBox(_t("Period"))
        form = QFormLayout(period)
        form.addRow(_t("From"), self.first)
        form.addRow(_t("To"), self.last)
        sections = QGroupBox(_t("Sections"))
        ticks = QVBoxLayout(sections)
        self.section_boxes: dict[QbrSection, QCheckBox] = {}
        for section in QbrSection:
            box = QCheckBox(section_label(section))
            box.setObjectName(f"section_{section.value}")
            box.setChecked(True)
            box.toggled.connect(lambda _on: self.reword())
            ticks.addWidget(box)
            self.section_boxes[section] = box
        options = QWidget()
        column = QVBoxLayout(options)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(period)
        column.addWidget(sections)
        column.addStretch(1)
        self.finish(options)

    def _first_changed(self, value: QDate) -> None:
        self.last.setMinimumDate(value)
        self.refresh_later()

    def period(self) -> Period:
        first, last = _pydate(self.first.date()), _pydate(self.last.date())
        if (first, last) == (self.default_period.first, self.default_period.last):
            return self.default_period  # "since the last QBR" keeps its name
        return date_range(first, max(first, last))

    def sections(self) -> frozenset[QbrSection]:
        return frozenset(s for s, box in self.section_boxes.items() if box.isChecked())

    def build(self) -> None:
        self.report = self.ctx.read(build_qbr_report, customer_id=self.customer_id,
                                    now=self.ctx.now(), zone=self.ctx.zone,
                                    period=self.period())
        self.setWindowTitle(_t("QBR report — %1").replace("%1", self.report.customer.name))

    def word(self) -> Document:
        assert self.report is not None
        return qbr_document(self.report, self.sections())

    def file_stem(self) -> str:
        assert self.report is not None
        return qbr_file_stem(self.report)


class WorkPeriod(StrEnum):
    THIS_WEEK = "this_week"
    LAST_WEEK = "last_week"
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    RANGE = "range"  # the days in the date edits


def work_period_label(choice: WorkPeriod) -> str:
    return {WorkPeriod.THIS_WEEK: _t("This week"), WorkPeriod.LAST_WEEK: _t("Last week"),
            WorkPeriod.THIS_MONTH: _t("This month"), WorkPeriod.LAST_MONTH: _t("Last month"),
            WorkPeriod.RANGE: _t("Chosen days")}[choice]


def preset_period(choice: WorkPeriod, today: date) -> Period:
    """The week or month ``choice`` names, seen from ``today`` (not ``RANGE``)."""
    if choice is WorkPeriod.THIS_WEEK:
        return week_of(today)
    if choice is WorkPeriod.LAST_WEEK:
        return week_of(today - timedelta(days=7))
    this_month = month_of(today)
    if choice is WorkPeriod.THIS_MONTH:
        return this_month
    if choice is WorkPeriod.LAST_MONTH:
        return month_of(this_month.first - timedelta(days=1))
    raise ValueError(f"{choice} is not a preset")


class WorkReportDialog(ReportDialog):
    """The work report (周报 / 月报): this or last week or month, or chosen days."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.report: WorkReport | None = None
        self.choice = QComboBox()
        self.choice.setObjectName("workPeriod")
        for choice in WorkPeriod:
            self.choice.addItem(work_period_label(choice), choice.value)
        self.first, self.last = _date_edit("periodFrom"), _date_edit("periodTo")
        self._show_dates(preset_period(WorkPeriod.THIS_WEEK, ctx.today()))
        self.choice.currentIndexChanged.connect(self._choice_changed)
        self.first.dateChanged.connect(self._first_changed)
        self.last.dateChanged.connect(lambda _d: self.refresh_later())
        period = QGroupBox(_t("Period"))
        form = QFormLayout(period)
        form.addRow(_t("Report"), self.choice)
        form.addRow(_t("From"), self.first)
        form.addRow(_t("To"), self.last)
        options = QWidget()
        column = QVBoxLayout(options)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(period)
        column.addStretch(1)
        self.setWindowTitle(_t("Work report"))
        self.finish(options)

    def chosen(self) -> WorkPeriod:
        return WorkPeriod(self.choice.currentData())

    def choose(self, choice: WorkPeriod) -> None:
        self.choice.setCurrentIndex(self.choice.findData(choice.value))

    def _show_dates(self, period: Period) -> None:
        editable = self.chosen() is WorkPeriod.RANGE
        for edit, day in ((self.first, period.first), (self.last, period.last)):
            edit.blockSignals(True)
            edit.setMinimumDate(QDate(1900, 1, 1))
            edit.setDate(qdate(day))
            edit.setEnabled(editable)
            edit.blockSignals(False)
        self.last.setMinimumDate(self.first.date())

    def _choice_changed(self, _index: int) -> None:
        if self.chosen() is not WorkPeriod.RANGE:
            self._show_dates(preset_period(self.chosen(), self.ctx.today()))
            self.refresh()
        else:
            self._show_dates(self.period())

    def _first_changed(self, value: QDate) -> None:
        self.last.setMinimumDate(value)
        self.refresh_later()

    def period(self) -> Period:
        choice = self.chosen()
        if choice is not WorkPeriod.RANGE:
            return preset_period(choice, self.ctx.today())
        first, last = _pydate(self.first.date()), _pydate(self.last.date())
        return date_range(first, max(first, last))

    def build(self) -> None:
        self.report = self.ctx.read(build_work_report, period=self.period(),
                                    now=self.ctx.now(), zone=self.ctx.zone)

    def word(self) -> Document:
        assert self.report is not None
        return work_document(self.report)

    def file_stem(self) -> str:
        assert self.report is not None
        return work_file_stem(self.report)
