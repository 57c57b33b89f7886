"""A report as a file: the formats, their bytes, a default file name, and a write that
leaves either the whole new file or nothing (shared by the dialog and the command line)."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

from mycrm.core.common.files import write_atomically
from mycrm.core.reports.qbr import QbrReport
from mycrm.core.reports.work import WorkReport
from mycrm.ui.reports.blocks import Document
from mycrm.ui.reports.markdown import render_markdown
from mycrm.ui.reports.work_text import report_title

NAME_LIMIT = 80  # characters of a customer's name kept in a file name
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class ReportFormat(StrEnum):
    """The value is the file suffix."""

    PDF = "pdf"
    DOCX = "docx"
    MARKDOWN = "md"


def report_bytes(document: Document, fmt: ReportFormat) -> bytes:
    """The file's content. The PDF and Word renderers need a ``QGuiApplication``."""
    if fmt is ReportFormat.PDF:
        from mycrm.ui.reports.pdf import render_pdf

        return render_pdf(document)
    if fmt is ReportFormat.DOCX:
        from mycrm.ui.reports.docx import render_docx

        return render_docx(document)
    return render_markdown(document).encode("utf-8")


def save_report(document: Document, path: Path, fmt: ReportFormat) -> None:
    """Render, then write whole (:func:`write_atomically`). Raises ``OSError``."""
    write_atomically(path, report_bytes(document, fmt))


def with_suffix(path: Path, fmt: ReportFormat) -> Path:
    """``path`` ending in the format's suffix (a file dialog may leave it off)."""
    if path.suffix.lower() == f".{fmt.value}":
        return path
    return path.with_name(f"{path.name}.{fmt.value}")


def safe_file_name(text: str) -> str:
    """``text`` without the characters Windows, macOS or Linux refuse in a file name."""
    cleaned = " ".join(_NOT_IN_NAMES.sub(" ", text).split())
    return cleaned.strip(" .") or "report"


def qbr_file_stem(report: QbrReport) -> str:
    """E.g. "QBR 杭州青禾电子商务有限公司 2026-11": the month of the period's last day."""
    name = report.customer.name[:NAME_LIMIT]
    return safe_file_name(f"QBR {name} {report.period.last:%Y-%m}")


def work_file_stem(report: WorkReport) -> str:
    """E.g. "Weekly report 2026-W48", "月报 2026-11", "Work report 2026-11-01–2026-11-15"."""
    code = report.period.code.replace("..", "–")
    return safe_file_name(f"{report_title(report)} {code}")
