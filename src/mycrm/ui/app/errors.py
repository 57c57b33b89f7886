"""The friendly dialog for an unexpected error: what happened in words, details on demand."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

_open: list[QMessageBox] = []


def show_error_dialog(details: str) -> None:
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
