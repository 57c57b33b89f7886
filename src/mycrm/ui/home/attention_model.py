"""The "needs attention" list: a list model of the core's attention rows and a delegate that
paints each as a coloured stripe, a bold title and a reason line."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from mycrm.core.home.dashboard import AttentionItem, AttentionKind
from mycrm.ui.common.plain import literal_text
from mycrm.ui.common.style import line_height
from mycrm.ui.home.dashboard_text import KIND_COLORS, attention_detail, attention_title

ItemRole = Qt.ItemDataRole.UserRole + 1
DetailRole = Qt.ItemDataRole.UserRole + 2
AnyIndex = QModelIndex | QPersistentModelIndex


class AttentionModel(QAbstractListModel):
    """Rows in the core's order (overdue to-dos first — never hidden)."""

    def __init__(self, zone: Callable[[], str]) -> None:
        super().__init__()
        self._items: list[AttentionItem] = []
        self._zone = zone

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return attention_title(item)
        if role == DetailRole:
            return attention_detail(item, self._zone())
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{attention_title(item)} — {attention_detail(item, self._zone())}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal_text(
                f"{attention_title(item)} — {attention_detail(item, self._zone())}")
        if role == Qt.ItemDataRole.ForegroundRole and item.kind == AttentionKind.OVERDUE_TODO:
            return KIND_COLORS[item.kind]
        if role == ItemRole:
            return item
        return None

    def item(self, row: int) -> AttentionItem:
        return self._items[row]

    def set_items(self, items: Sequence[AttentionItem]) -> None:
        new = list(items)
        if new == self._items:
            return
        self.beginResetModel()
        self._items = new
        self.endResetModel()


class AttentionDelegate(QStyledItemDelegate):
    """Two lines per row, each as tall as its font needs for Latin *and* Chinese text
    (``ui.common.style.line_height``: the fallback font of Chinese is taller than the UI
    font, and a line sized by ``QFontMetrics.height()`` cut the second line off)."""

    PADDING = 6
    STRIPE = 4

    @staticmethod
    def title_font(option: QStyleOptionViewItem) -> QFont:
        bold = QFont(option.font)
        bold.setBold(True)
        return bold

    def line_rects(self, option: QStyleOptionViewItem) -> tuple[QRect, QRect]:
        """Where the title and the reason line are painted inside ``option.rect``."""
        rect = option.rect
        left = rect.left() + self.STRIPE + self.PADDING * 2
        width = rect.width() - (left - rect.left()) - self.PADDING
        title_height = line_height(QFontMetrics(self.title_font(option)))
        top = rect.top() + self.PADDING
        title = QRect(left, top, width, title_height)
        detail = QRect(left, title.bottom() + 1 + self.PADDING // 2, width,
                       line_height(QFontMetrics(option.font)))
        return title, detail

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        return QSize(200, line_height(QFontMetrics(self.title_font(option)))
                     + line_height(QFontMetrics(option.font)) + self.PADDING * 3)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        item: AttentionItem | None = index.data(ItemRole)
        if item is None:
            return
        painter.save()
        rect = option.rect
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        color = KIND_COLORS[item.kind]
        painter.fillRect(QRect(rect.left(), rect.top() + 3, self.STRIPE, rect.height() - 6), color)
        text_color = palette.color(QPalette.ColorRole.HighlightedText if selected
                                   else QPalette.ColorRole.Text)
        title_rect, detail_rect = self.line_rects(option)
        bold = self.title_font(option)
        painter.setFont(bold)
        painter.setPen(text_color)
        title = QFontMetrics(bold).elidedText(index.data(Qt.ItemDataRole.DisplayRole),
                                              Qt.TextElideMode.ElideRight, title_rect.width())
        painter.drawText(title_rect, 0, title)
        painter.setFont(option.font)
        detail_color = color if item.kind == AttentionKind.OVERDUE_TODO and not selected else (
            text_color if selected else palette.color(QPalette.ColorRole.PlaceholderText))
        painter.setPen(detail_color)
        detail = QFontMetrics(option.font).elidedText(
            index.data(DetailRole), Qt.TextElideMode.ElideRight, detail_rect.width())
        painter.drawText(detail_rect, 0, detail)
        painter.restore()
