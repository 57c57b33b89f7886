"""User text is text: a customer called ``<b>bold</b>`` is shown with its angle brackets.

Qt guesses whether a string is markup (``Qt.mightBeRichText``) for a QLabel left in its
default ``AutoText`` mode, for a QMessageBox's text and for every tooltip — a widget's and an
item model's ``ToolTipRole``. A label that shows what a user typed is set to ``PlainText``;
a tooltip (which has no format of its own) is handed over as rich text that spells the user's
text out; rich text of our own escapes what it embeds (``html.escape``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that shows ``text`` (and whatever it is given later) as typed."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def literal_text(text: str) -> str:
    """``text`` for a tooltip or a QMessageBox (which guess the format) that shows it as
    typed: unchanged unless Qt would take it for markup, then as rich text that displays it
    literally (line breaks kept)."""
    if not text or not GuiQt.mightBeRichText(text):
        return text
    return GuiQt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)
