"""Paints a board card: name and tier, renewal date with days left coloured by urgency,
last visit, open to-dos.

Colours come from the application palette (the view's style sheet blanks
``option.palette``): the card is Base (tinted with Highlight when selected) framed in Mid or
Highlight; text is Text and PlaceholderText; the urgency and tier accents are made readable
on the card by ``theme.readable`` / ``theme.text_on``, so light and dark palettes both work.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from mycrm.core.common.timeutil import local_today
from mycrm.core.customers.board import BoardCard
from mycrm.core.customers.urgency import days_left, renewal_urgency
from mycrm.ui.board.model import CardRole
from mycrm.ui.common.fmt import days_left_text, format_date, tr
from mycrm.ui.common.labels import TIER_COLORS, URGENCY_COLORS
from mycrm.ui.common.style import line_height
from mycrm.ui.common.theme import mix, readable, text_on

PAD = 10
GAP = 6
SELECTED_TINT = 0.14  # how much Highlight shows through a selected card's Base
Role = QPalette.ColorRole


class CardDelegate(QStyledItemDelegate):
    def __init__(self, today: Callable[[], date], zone: str, parent: QObject | None = None
                 ) -> None:
        super().__init__(parent)
        self._today = today
        self._zone = zone

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
                 ) -> QSize:
        """One size for every card (the view has uniform item sizes): three lines, Chinese
        included; long text is elided to the width, never wrapped."""
        line = line_height(QFontMetrics(option.font))
        return QSize(220, PAD * 2 + line * 3 + 8 + GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        card: BoardCard | None = index.data(CardRole)
        if card is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = QApplication.palette()  # the view's stylesheet blanks option.palette
        rect = option.rect.adjusted(4, GAP // 2, -4, -GAP // 2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        background, border = card_colors(palette, selected)
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 8, 8)

        today: date = self._today()
        urgency = renewal_urgency(card.renewal_date, today)
        accent = URGENCY_COLORS[urgency]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawRoundedRect(QRect(rect.left(), rect.top(), 5, rect.height()), 2, 2)

        inner = rect.adjusted(PAD + 4, PAD, -PAD, -PAD)
        fm = QFontMetrics(option.font)
        line = line_height(fm)
        text_color = palette.color(Role.Text)
        muted = readable(palette.color(Role.PlaceholderText), palette, background)

        # Tier badge, top right.
        badge_w = fm.horizontalAdvance("WW") + 6
        badge = QRect(inner.right() - badge_w, inner.top(), badge_w, line + 2)
        badge_color = TIER_COLORS.get(card.tier, palette.color(Role.Mid))
        painter.setBrush(badge_color)
        painter.drawRoundedRect(badge, 4, 4)
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_on(badge_color, palette))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, card.tier)

        name_rect = QRect(inner.left(), inner.top(), inner.width() - badge_w - 6, line + 2)
        painter.setPen(text_color)
        name = QFontMetrics(bold).elidedText(card.name, Qt.TextElideMode.ElideRight,
                                             name_rect.width())
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignVCenter, name)

        painter.setFont(option.font)
        y = inner.top() + line + 6
        if card.renewal_date is None:
            renewal = tr("Renewal: no date")
        else:
            renewal = tr("Renewal: %1 · %2").replace("%1", format_date(card.renewal_date)).replace(
                "%2", days_left_text(days_left(card.renewal_date, today)))
        painter.setPen(readable(accent, palette, background) if card.renewal_date is not None
                       else muted)
        painter.drawText(QRect(inner.left(), y, inner.width(), line), Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(renewal, Qt.TextElideMode.ElideRight, inner.width()))
        y += line + 2
        if card.last_visit_at is None:
            visit = tr("Last visit: never")
        else:
            visit = tr("Last visit: %1").replace(
                "%1", format_date(local_today(card.last_visit_at, self._zone)))
        todos = "" if not card.open_todos else "  ·  " + tr(
            "%n open to-do(s)", None, card.open_todos)
        painter.setPen(muted)
        painter.drawText(QRect(inner.left(), y, inner.width(), line), Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(visit + todos, Qt.TextElideMode.ElideRight, inner.width()))
        painter.restore()


def card_colors(palette: QPalette, selected: bool) -> tuple[QColor, QColor]:
    """(fill, frame) of a card: Base in a Mid frame; selected, tinted with Highlight and
    framed in it."""
    base, highlight = palette.color(Role.Base), palette.color(Role.Highlight)
    if selected:
        return mix(base, highlight, SELECTED_TINT), highlight
    return base, palette.color(Role.Mid)
