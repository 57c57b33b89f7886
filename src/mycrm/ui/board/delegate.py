"""Paints a board card: name and tier, renewal date with days left coloured by urgency,
last visit, open to-dos.

Colours come from the application palette (the view's style sheet blanks
``option.palette``): the card is Base (tinted with Highlight when selected) framed in Mid or
Highlight; text is Text and PlaceholderText; the urgency and tier accents are made readable
on the card by ``theme.readable`` / ``theme.text_on``, so light and dark palettes both work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QStaticText,
    QTransform,
)
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


@dataclass(frozen=True)
class _Layout:
    """A card's text laid out once for its width and font (elided, as static text)."""

    line: int  # line_height of the font
    badge_width: int
    tier: QStaticText
    name: QStaticText
    renewal: QStaticText
    visit: QStaticText


@dataclass(frozen=True)
class _Fonts:
    """What every card in one font is laid out with: made once per font, not per card."""

    bold: QFont
    metrics: QFontMetrics
    bold_metrics: QFontMetrics
    line: int  # line_height of the font
    badge_width: int

    @classmethod
    def of(cls, font: QFont) -> _Fonts:
        bold = QFont(font)
        bold.setBold(True)
        metrics = QFontMetrics(font)
        return cls(bold, metrics, QFontMetrics(bold), line_height(metrics),
                   metrics.horizontalAdvance("WW") + 6)


def _static(text: str, font: QFont) -> QStaticText:
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)  # a name is never markup
    static.prepare(QTransform(), font)
    return static


class CardDelegate(QStyledItemDelegate):
    """Paints cards. The text of a card is laid out (elided, shaped) once per distinct
    text, width and font and reused by every later paint: the layouts are keyed by all
    they are made of, so a changed card, a new day or another language makes a new one
    and none can go stale. At most ``LAYOUTS`` are kept."""

    LAYOUTS = 512

    def __init__(self, today: Callable[[], date], zone: str, parent: QObject | None = None
                 ) -> None:
        super().__init__(parent)
        self._today = today
        self._zone = zone
        self._layouts: dict[tuple[object, ...], _Layout] = {}
        self._fonts: dict[str, _Fonts] = {}  # per font key

    def _fonts_of(self, font: QFont) -> _Fonts:
        key = font.key()
        fonts = self._fonts.get(key)
        if fonts is None:
            fonts = self._fonts[key] = _Fonts.of(font)
        return fonts

    def _line(self, font: QFont) -> int:
        return self._fonts_of(font).line

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
                 ) -> QSize:
        """One size for every card (the view has uniform item sizes): three lines, Chinese
        included; long text is elided to the width, never wrapped."""
        return QSize(220, PAD * 2 + self._line(option.font) * 3 + 8 + GAP)

    def _layout(self, card: BoardCard, font: QFont, width: int, renewal: str, visit: str
                ) -> _Layout:
        key = (font.key(), width, card.tier, card.name, renewal, visit)
        layout = self._layouts.get(key)
        if layout is None:
            if len(self._layouts) >= self.LAYOUTS:
                self._layouts.clear()
            layout = self._layouts[key] = self._lay_out(card, font, width, renewal, visit)
        return layout

    def _lay_out(self, card: BoardCard, font: QFont, width: int, renewal: str, visit: str
                 ) -> _Layout:
        fonts = self._fonts_of(font)
        fm, bold, badge_w = fonts.metrics, fonts.bold, fonts.badge_width
        elide = Qt.TextElideMode.ElideRight
        name = fonts.bold_metrics.elidedText(card.name, elide, width - badge_w - 6)
        return _Layout(fonts.line, badge_w, _static(card.tier, bold), _static(name, bold),
                       _static(fm.elidedText(renewal, elide, width), font),
                       _static(fm.elidedText(visit, elide, width), font))

    def _texts(self, card: BoardCard, today: date) -> tuple[str, str]:
        """The renewal line and the last-visit line, in the current language."""
        if card.renewal_date is None:
            renewal = tr("Renewal: no date")
        else:
            renewal = tr("Renewal: %1 · %2").replace("%1", format_date(card.renewal_date)).replace(
                "%2", days_left_text(days_left(card.renewal_date, today)))
        if card.last_visit_at is None:
            visit = tr("Last visit: never")
        else:
            visit = tr("Last visit: %1").replace(
                "%1", format_date(local_today(card.last_visit_at, self._zone)))
        todos = "" if not card.open_todos else "  ·  " + tr(
            "%n open to-do(s)", None, card.open_todos)
        return renewal, visit + todos

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
        layout = self._layout(card, option.font, inner.width(), *self._texts(card, today))
        line = layout.line
        muted = readable(palette.color(Role.PlaceholderText), palette, background)

        # Tier badge, top right.
        badge = QRect(inner.right() - layout.badge_width, inner.top(), layout.badge_width,
                      line + 2)
        badge_color = TIER_COLORS.get(card.tier, palette.color(Role.Mid))
        painter.setBrush(badge_color)
        painter.drawRoundedRect(badge, 4, 4)
        painter.setFont(self._fonts_of(option.font).bold)
        painter.setPen(text_on(badge_color, palette))
        _draw(painter, layout.tier, badge, centered=True)

        painter.setPen(palette.color(Role.Text))
        _draw(painter, layout.name, QRect(inner.left(), inner.top(), badge.left() - 6
                                          - inner.left(), line + 2))

        painter.setFont(option.font)
        y = inner.top() + line + 6
        painter.setPen(readable(accent, palette, background) if card.renewal_date is not None
                       else muted)
        _draw(painter, layout.renewal, QRect(inner.left(), y, inner.width(), line))
        y += line + 2
        painter.setPen(muted)
        _draw(painter, layout.visit, QRect(inner.left(), y, inner.width(), line))
        painter.restore()


def _draw(painter: QPainter, text: QStaticText, rect: QRect, *, centered: bool = False
          ) -> None:
    """``text`` centred vertically in ``rect`` (and horizontally if ``centered``), where
    ``drawText(rect, AlignVCenter)`` would put it."""
    size = text.size()
    x = rect.left() + ((rect.width() - size.width()) / 2 if centered else 0)
    painter.drawStaticText(QPointF(x, rect.top() + (rect.height() - size.height()) / 2), text)


def card_colors(palette: QPalette, selected: bool) -> tuple[QColor, QColor]:
    """(fill, frame) of a card: Base in a Mid frame; selected, tinted with Highlight and
    framed in it."""
    base, highlight = palette.color(Role.Base), palette.color(Role.Highlight)
    if selected:
        return mix(base, highlight, SELECTED_TINT), highlight
    return base, palette.color(Role.Mid)
