"""Unexpected errors: the global exception hook (log it, tell the user plainly, never die
silently) and its friendly dialog — what happened in words, details on demand."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from logging.handlers import RotatingFileHandler
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:  # the dialog's class is loaded when an error first needs it
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger(__name__)
_open: list[QMessageBox] = []


def show_error_dialog(details: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    if QApplication.instance() is None:
        return
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QApplication.translate("errors", "Something went wrong"))
    box.setText(QApplication.translate(
        "errors", "mycrm hit an unexpected problem. Your saved data is safe; the last action "
        "may not have been completed. The details were written to the log file."))
    box.setDetailedText(details)
    _open.append(box)
    box.finished.connect(lambda _r: _open.remove(box))
    box.open()


def excepthook(kind: type[BaseException], value: BaseException,
               tb: TracebackType | None) -> None:
    """Log any uncaught exception and tell the user plainly; never die silently. The
    traceback goes to the log only: the dialog's details name the error and the log file."""
    log.error("uncaught exception\n%s", "".join(traceback.format_exception(kind, value, tb)))
    if os.environ.get("MYCRM_NO_EXCEPTHOOK"):
        sys.__excepthook__(kind, value, tb)
        return
    try:
        show_error_dialog(error_summary(kind, value))
    except Exception:  # noqa: BLE001 — the hook itself must never raise
        sys.__excepthook__(kind, value, tb)


def error_summary(kind: type[BaseException], value: BaseException) -> str:
    """What the error dialog's details show: the error in one line and where the log file
    (with the traceback) is — never the traceback itself."""
    summary = "".join(traceback.format_exception_only(kind, value)).strip()
    files = [h.baseFilename for h in logging.getLogger().handlers
             if isinstance(h, RotatingFileHandler)]
    return "\n\n".join([summary, *files])
