"""Paints one day cell of the calendar grid: the day number, then coloured chips.

Month cells show one chip per kind with its count (renewals solid orange so they stand
out, to-dos blue, overdue red, visits green); week cells list the items themselves.
Today has a filled day number, weekends a tinted background, days of other months are
dimmed, and "expiring this month" days get an orange frame.

Surfaces and text are roles of ``option.palette`` or mixes of them; the kind accents are
made readable on the cell by ``theme.text_on`` (solid chips) and ``theme.readable`` (tinted
chips), so the light and dark palettes both read well.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from mycrm.core.calendar.days import CalendarItem, DayCounts
from mycrm.ui.calendar.models import (
    OVERDUE_COLOR,
    RENEWAL_COLOR,
    TODO_COLOR,
    VISIT_COLOR,
    CountsRole,
    DateRole,
    HighlightRole,
    InMonthRole,
    ItemsRole,
    TodayRole,
    compact_item_text,
    item_color,
)
from mycrm.ui.common.style import line_height
from mycrm.ui.common.theme import mix, readable, text_on

PAD = 4
RADIUS = 4
CHIP_TINT = 40 / 255  # opacity of a tinted (not solid) chip's colour over its cell
Role = QPalette.ColorRole


class DayCellDelegate(QStyledItemDelegate):
    """``show_items`` = False: count chips (month); True: item lines (week)."""

    def __init__(self, zone: str, show_items: bool = False, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.zone = zone
        self.show_items = show_items

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = line_height(QFontMetrics(option.font))
        return QSize(90, line * 5 + PAD * 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        day: date = index.data(DateRole)
        rect = option.rect.adjusted(1, 1, -1, -1)
        palette: QPalette = option.palette
        self._paint_background(painter, rect, palette, day, index, self._selected(option, index))
        top = self._paint_day_number(painter, option, rect, day, index)
        body = QRect(rect.left() + PAD, top, rect.width() - 2 * PAD, rect.bottom() - top - PAD)
        if self.show_items:
            counts: DayCounts = index.data(CountsRole) or DayCounts()
            self._paint_items(painter, option, body, index.data(ItemsRole) or [],
                              counts.total)
        else:
            self._paint_chips(painter, option, body, index.data(CountsRole) or DayCounts())
        painter.restore()

    # --- pieces -------------------------------------------------------------------------
    def _paint_background(self, painter: QPainter, rect: QRect, palette: QPalette, day: date,
                          index: QModelIndex | QPersistentModelIndex, selected: bool) -> None:
        base = cell_color(palette, day, bool(index.data(InMonthRole)),
                          bool(index.data(HighlightRole)))
        painter.fillRect(rect, base)
        if index.data(HighlightRole) or selected:
            color = palette.color(Role.Highlight) if selected else RENEWAL_COLOR
            painter.setPen(QPen(color, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -1, -1))

    def _selected(self, option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> bool:
        """Selected per the option, or per the parent view's selection model (a grid's
        current day stays framed while the focus is in the day list)."""
        if option.state & QStyle.StateFlag.State_Selected:
            return True
        selection = getattr(self.parent(), "selectionModel", lambda: None)()
        return bool(selection is not None and selection.isSelected(index))

    def _paint_day_number(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect,
                          day: date, index: QModelIndex | QPersistentModelIndex) -> int:
        palette: QPalette = option.palette
        font = option.font
        metrics = QFontMetrics(font)
        size = metrics.height() + 2
        circle = QRect(rect.left() + PAD, rect.top() + PAD, max(size, metrics.horizontalAdvance(
            "00") + 6), size)
        text_color = palette.color(Role.Text)
        if not index.data(InMonthRole):
            text_color = palette.color(Role.PlaceholderText)
        if index.data(TodayRole):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(Role.Highlight))
            painter.drawRoundedRect(circle, size / 2, size / 2)
            text_color = palette.color(Role.HighlightedText)
            font.setBold(True)
        painter.setFont(font)
        painter.setPen(text_color)
        painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, str(day.day))
        return circle.bottom() + PAD

    def _chips(self, counts: DayCounts) -> list[tuple[str, str, QColor, bool]]:
        """(full text, short text, colour, solid) for each kind present."""
        chips = []
        if counts.renewals == 1 and counts.renewal_name:
            chips.append((counts.renewal_name, "1", RENEWAL_COLOR, True))
        elif counts.renewals:
            chips.append((self.tr("%n renewal(s)", None, counts.renewals),
                          str(counts.renewals), RENEWAL_COLOR, True))
        if counts.overdue:
            chips.append((self.tr("%n overdue", None, counts.overdue),
                          str(counts.overdue), OVERDUE_COLOR, True))
        pending = counts.todos - counts.overdue
        if pending:
            chips.append((self.tr("%n to-do(s)", None, pending), str(pending), TODO_COLOR,
                          False))
        if counts.visits:
            chips.append((self.tr("%n visit(s)", None, counts.visits), str(counts.visits),
                          VISIT_COLOR, False))
        return chips

    def _paint_chips(self, painter: QPainter, option: QStyleOptionViewItem, body: QRect,
                     counts: DayCounts) -> None:
        font = option.font
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        painter.setFont(font)
        metrics = QFontMetrics(font)
        height = metrics.height() + 2
        y = body.top()
        for full, short, color, solid in self._chips(counts):
            if y + height > body.bottom() + 1:
                break
            chip = QRect(body.left(), y, body.width(), height)
            text = full if metrics.horizontalAdvance(full) + 8 <= chip.width() else short
            if full == counts.renewal_name:  # a name: elide it rather than show "1"
                text = metrics.elidedText(full, Qt.TextElideMode.ElideRight, chip.width() - 8)
            self._paint_chip(painter, option.palette, chip, text, color, solid)
            y += height + 2

    def _paint_chip(self, painter: QPainter, palette: QPalette, chip: QRect, text: str,
                    color: QColor, solid: bool) -> None:
        fill, ink = chip_colors(palette, color, solid)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(chip, RADIUS, RADIUS)
        painter.setPen(ink)
        painter.drawText(chip.adjusted(4, 0, -4, 0),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)

    def more_text(self, hidden: int) -> str:
        """The last line of a cell whose day has ``hidden`` items more than it shows."""
        return self.tr("+%n more", None, hidden)

    def lines_fitting(self, font: QFont, cell_height: int) -> int:
        """How many item lines a week cell ``cell_height`` pixels high shows (the page reads
        no more items per day than that): the geometry of ``paint`` and ``_paint_items``."""
        rect_top, rect_bottom = 1, cell_height - 2  # option.rect.adjusted(1, 1, -1, -1)
        top = rect_top + PAD + QFontMetrics(font).height() + 2 - 1 + PAD  # under the number
        return max(0, (rect_bottom - top - PAD + 2) // (_item_line(font) + 2))

    def _paint_items(self, painter: QPainter, option: QStyleOptionViewItem, body: QRect,
                     items: list[CalendarItem], total: int) -> None:
        """The day's first items, as many as fit, and "+N more" for the rest of ``total``
        (the day's count: ``items`` may be only the first of them)."""
        total = max(total, len(items))
        font = _item_font(option.font)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        line = _item_line(option.font)
        fits = max(0, (body.height() + 2) // (line + 2))
        shown = items[:fits] if total <= fits else items[:max(0, fits - 1)]
        y = body.top()
        for item in shown:
            chip = QRect(body.left(), y, body.width(), line)
            text = metrics.elidedText(compact_item_text(item, self.zone),
                                      Qt.TextElideMode.ElideRight, chip.width() - 8)
            self._paint_chip(painter, option.palette, chip, text, item_color(item),
                             item.overdue)
            y += line + 2
        if len(shown) < total:
            painter.setPen(option.palette.color(Role.Text))
            painter.drawText(QRect(body.left(), y, body.width(), line),
                             Qt.AlignmentFlag.AlignLeft, self.more_text(total - len(shown)))


def _item_font(font: QFont) -> QFont:
    """The smaller font of chips and item lines."""
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
    return small


def _item_line(font: QFont) -> int:
    """The height of one item line in a cell whose font is ``font``."""
    return QFontMetrics(_item_font(font)).height() + 2


def cell_color(palette: QPalette, day: date, in_month: bool, highlighted: bool) -> QColor:
    """A day cell's fill: Base; Window for days of other months; weekends a touch of Mid;
    "expiring this month" days a touch of the renewal colour."""
    base = palette.color(Role.Base)
    if not in_month:
        base = palette.color(Role.Window)
    elif day.weekday() >= 5:
        base = mix(base, palette.color(Role.Mid), 0.12)
    return mix(base, RENEWAL_COLOR, 0.10) if highlighted else base


_CHIP_COLORS: dict[tuple[int, int, bool], tuple[QColor, QColor]] = {}
_CHIP_COLORS_KEPT = 64  # a handful of kinds × palettes; cleared when exceeded


def chip_colors(palette: QPalette, color: QColor, solid: bool) -> tuple[QColor, QColor]:
    """(fill, text) of a chip of its kind's ``color``: solid chips are the colour with the
    palette's light or dark extreme on it; tinted chips lay it thinly over the cell and draw
    the text in the colour itself, darkened or lightened until it reads there.

    A month repaints some 100 chips of four colours, and finding a readable text colour
    steps through contrast ratios: each answer is kept per (palette, colour, solid) — a
    pure function of those, so a new palette (``cacheKey``) simply asks again."""
    key = (palette.cacheKey(), color.rgba(), solid)
    found = _CHIP_COLORS.get(key)
    if found is None:
        if len(_CHIP_COLORS) >= _CHIP_COLORS_KEPT:
            _CHIP_COLORS.clear()
        found = _CHIP_COLORS[key] = _chip_colors(palette, color, solid)
    return found


def _chip_colors(palette: QPalette, color: QColor, solid: bool) -> tuple[QColor, QColor]:
    if solid:
        return color, text_on(color, palette)
    fill = QColor(color)
    fill.setAlphaF(CHIP_TINT)
    return fill, readable(color, palette, mix(palette.color(Role.Base), color, CHIP_TINT))
