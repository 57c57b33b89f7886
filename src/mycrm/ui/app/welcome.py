"""First-run welcome: start with an empty portfolio or explore the sample one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomeDialog(QDialog):
    """``exec()`` returns ``START_EMPTY`` or ``EXPLORE_SAMPLE`` (closing means start empty)."""

    START_EMPTY = 1
    EXPLORE_SAMPLE = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to mycrm"))
        self.setMinimumWidth(480)
        title = QLabel(self.tr("Welcome to mycrm"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        text = QLabel(self.tr(
            "Keep every renewal, visit and promise to your customers in one private place "
            "on this computer.\n\nStart with an empty portfolio, or explore a realistic sample "
            "first — the sample lives in its own file and never mixes with your data."))
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        empty = QPushButton(self.tr("Start empty"))
        empty.setDefault(True)
        sample = QPushButton(self.tr("Explore the sample portfolio"))
        empty.clicked.connect(lambda: self.done(self.START_EMPTY))
        sample.clicked.connect(lambda: self.done(self.EXPLORE_SAMPLE))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(sample)
        buttons.addWidget(empty)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addLayout(buttons)

    def reject(self) -> None:
        self.done(self.START_EMPTY)
