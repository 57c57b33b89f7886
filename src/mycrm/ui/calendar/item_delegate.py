"""Paints one row of the Calendar's item lists (the selected day's, the agenda's): a slim bar
in the kind's colour, then the item's line, wrapped to the list's width.

A list of thirty items is laid out whenever it is re-read, and Qt's own delegate asks the
model for eight roles per row twice (to size it, then to paint it) and wraps the text both
times. This one asks once for the row (``RowRole``: a :class:`ItemRow` the model made when it
read the items) and measures its wrapped text once per width, keeping the height in that
row: a reload makes new rows, so nothing measured for old data is ever used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

BAR = 6  # the colour bar's width
GAP = 6  # between the bar and the text
MARGIN = 3  # around the row's content
Role = QPalette.ColorRole


@dataclass(eq=False)
class ItemRow:
    """One row of an item list as painted: its text and colours, and (the delegate's) the
    height of its wrapped text per width and font."""

    text: str
    color: QColor  # the kind's
    foreground: QColor | None = None  # the text's, when not the palette's (overdue)
    heights: dict[tuple[int, str], int] = field(default_factory=dict)


WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


class ItemRowDelegate(QStyledItemDelegate):
    """Sizes and paints :class:`ItemRow` rows (the model's ``role``) at the width of the
    view's viewport, so that sizing and painting wrap the text alike."""

    def __init__(self, role: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        view = self.parent()
        viewport = getattr(view, "viewport", None)
        width = viewport().width() if viewport is not None else option.rect.width()
        return max(1, width - 2 * MARGIN - BAR - GAP)

    def _height(self, row: ItemRow, option: QStyleOptionViewItem, width: int) -> int:
        key = (width, option.font.key())
        found = row.heights.get(key)
        if found is None:
            found = row.heights[key] = option.fontMetrics.boundingRect(
                QRect(0, 0, width, 100_000), WRAP, row.text).height()
        return found

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        row = index.data(self.role)
        if not isinstance(row, ItemRow):
            return super().sizeHint(option, index)
        width = self._text_width(option)
        return QSize(width + 2 * MARGIN + BAR + GAP, self._height(row, option, width) + 2 * MARGIN)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row = index.data(self.role)
        if not isinstance(row, ItemRow):
            super().paint(painter, option, index)
            return
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter,
                            widget)
        rect: QRect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        painter.save()
        bar_height = min(rect.height() - 2 * MARGIN, option.fontMetrics.height())
        painter.fillRect(QRect(rect.left() + MARGIN, rect.top() + MARGIN, BAR, bar_height),
                         row.color)
        painter.setPen(palette.color(Role.HighlightedText) if selected
                       else row.foreground or palette.color(Role.Text))
        left = rect.left() + MARGIN + BAR + GAP
        painter.drawText(QRect(left, rect.top() + MARGIN, self._text_width(option),
                               rect.height() - 2 * MARGIN), WRAP, row.text)
        painter.restore()
        if option.state & QStyle.StateFlag.State_HasFocus:  # the keyboard's row, as Qt's
            style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter,
                                widget)
