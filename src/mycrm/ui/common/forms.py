"""Form helpers: an error label under each field, filled from a core ``ValidationError``,
and the question asked before a delete."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QMessageBox, QVBoxLayout, QWidget

from mycrm.core.common.validation import ValidationError
from mycrm.ui.common.labels import error_text
from mycrm.ui.common.theme import ERROR, accent_css


def error_label(object_name: str = "") -> QLabel:
    """A hidden, word-wrapped label for an error message. Plain text: a message quotes what
    the user typed, which must never be read as rich text."""
    label = QLabel()
    if object_name:
        label.setObjectName(object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setProperty("role", "error")
    label.setStyleSheet(accent_css(ERROR))
    label.setWordWrap(True)
    label.hide()
    return label


class FieldErrors:
    """Maps field names to the labels that show their errors."""

    def __init__(self) -> None:
        self._labels: dict[str, QLabel] = {}

    def add_row(self, form: QFormLayout, label: str, field: str, widget: QWidget) -> None:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        error = error_label(f"error_{field}")
        box.addWidget(error)
        self._labels[field] = error
        form.addRow(label, holder)

    def clear(self) -> None:
        for label in self._labels.values():
            label.clear()
            label.hide()

    def show(self, exc: ValidationError) -> list[str]:
        """Show each error beside its field; return messages for fields without a label."""
        self.clear()
        unplaced: list[str] = []
        for error in exc.errors:
            label = self._labels.get(error.field)
            if label is None:
                unplaced.append(error_text(error))
                continue
            label.setText(error_text(error))
            label.show()
        return unplaced

    def replace(self, field: str, message: str) -> None:
        """Show ``message`` for ``field`` instead of what ``show`` put there."""
        label = self._labels.get(field)
        if label is not None:
            label.setText(message)
            label.show()

    def text(self, field: str) -> str:
        label = self._labels.get(field)
        return label.text() if label is not None and not label.isHidden() else ""


def confirm_delete(parent: QWidget, question: str, *, undoable: bool = True) -> bool:
    """Ask before a delete (No is the default). ``undoable``: the delete keeps an undo
    snapshot, so the question says the window's Ctrl+Z brings it back."""
    if undoable:
        question += "\n" + QCoreApplication.translate("forms", "You can undo with Ctrl+Z.")
    answer = QMessageBox.question(
        parent, QCoreApplication.translate("forms", "Delete"), question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
