"""Form helpers: an error label under each field, filled from a core ``ValidationError``."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QMessageBox, QVBoxLayout, QWidget

from mycrm.core.common.validation import ValidationError
from mycrm.ui.common.labels import error_text


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
        error = QLabel()
        error.setObjectName(f"error_{field}")
        error.setProperty("role", "error")
        error.setStyleSheet("color: #d32f2f;")
        error.setWordWrap(True)
        error.hide()
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

    def text(self, field: str) -> str:
        label = self._labels.get(field)
        return label.text() if label is not None and not label.isHidden() else ""


def confirm_delete(parent: QWidget, question: str) -> bool:
    """Ask before a delete (No is the default); the window's Ctrl+Z brings it back."""
    answer = QMessageBox.question(
        parent, QCoreApplication.translate("forms", "Delete"),
        question + "\n" + QCoreApplication.translate("forms", "You can undo with Ctrl+Z."),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
