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

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from mycrm.core.calendar.days import CalendarItem, DayCounts
from mycrm.ui.calendar.models import (
    OVERDUE_COLOR,
    RENEWAL_COLOR,
    TODO_COLOR,
    VISIT_COLOR,
    CellRole,
    DayCell,
    item_color,
)
from mycrm.ui.common.style import line_height
from mycrm.ui.common.theme import mix, readable, text_on

PAD = 4
RADIUS = 4
CHIP_TINT = 40 / 255  # opacity of a tinted (not solid) chip's colour over its cell
Role = QPalette.ColorRole


@dataclass(frozen=True)
class CellFonts:
    """The fonts and measures of a cell painted in one view font: made once per font
    (``DayCellDelegate._fonts``) instead of on every paint."""

    number: QFont
    bold: QFont
    number_width: int  # the day number's box
    number_height: int
    small: QFont  # chips and item lines
    small_metrics: QFontMetrics
    chip_height: int  # a month chip
    line: int  # a week item line
    baseline: int  # from a chip's or line's top to its text's baseline


def cell_fonts(font: QFont) -> CellFonts:
    metrics = QFontMetrics(font)
    bold = QFont(font)
    bold.setBold(True)
    small = _item_font(font)
    small_metrics = QFontMetrics(small)
    size = metrics.height() + 2
    return CellFonts(QFont(font), bold, max(size, metrics.horizontalAdvance("00") + 6), size,
                     small, small_metrics, small_metrics.height() + 2,
                     small_metrics.height() + 2, 1 + small_metrics.ascent())


class Chip(NamedTuple):
    """A chip laid out in a cell: where, its text (chosen or elided for the width), its
    kind's colour and whether it is solid. (A tuple: a week lays out some 250 of them.)"""

    rect: QRect
    text: str
    color: QColor
    solid: bool


@dataclass(frozen=True)
class CellLayout:
    """A cell's chips or item lines for one size and font, and (week) the "+N more" line:
    ``hidden`` items not shown, at ``more``."""

    chips: tuple[Chip, ...]
    hidden: int = 0
    more: QRect | None = None
    clip: QRect | None = None  # where text may be drawn, when it is not fitted to its chip


class DayCellDelegate(QStyledItemDelegate):
    """``show_items`` = False: count chips (month); True: item lines (week).

    A paint asks the model for the cell once (``CellRole``: a :class:`DayCell` made at the
    reload) and lays its chips out once per size and font, keeping that layout in the cell
    (texts chosen, elided and measured, rectangles placed): a repaint only draws, and a
    reload — new cells — lays out afresh."""

    def __init__(self, zone: str, show_items: bool = False, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.zone = zone
        self.show_items = show_items
        self._font_cache: dict[str, CellFonts] = {}
        self._baseline = 0  # the painting font's (CellFonts.baseline)

    def _fonts(self, font: QFont) -> CellFonts:
        """The measures of ``font``: a pure function of the font (its ``key``)."""
        key = font.key()
        found = self._font_cache.get(key)
        if found is None:
            if len(self._font_cache) > 8:
                self._font_cache.clear()
            found = self._font_cache[key] = cell_fonts(font)
        return found

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = line_height(QFontMetrics(option.font))
        return QSize(90, line * 5 + PAD * 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        cell: DayCell | None = index.data(CellRole)
        if cell is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fonts = self._fonts(option.font)
        rect = option.rect.adjusted(1, 1, -1, -1)
        palette: QPalette = option.palette
        self._paint_background(painter, rect, palette, cell, self._selected(option, index))
        top = self._paint_day_number(painter, palette, fonts, rect, cell)
        key = (rect.x(), rect.y(), rect.width(), rect.height(), option.font.key(),
               self.show_items)
        layout = cell.layouts.get(key)
        if layout is None:
            body = QRect(rect.left() + PAD, top, rect.width() - 2 * PAD,
                         rect.bottom() - top - PAD)
            layout = cell.layouts[key] = (self._lay_out_items(fonts, body, cell)
                                          if self.show_items
                                          else self._lay_out_chips(fonts, body, cell.counts))
        painter.setFont(fonts.small)
        self._baseline = fonts.baseline
        self._paint_chips(painter, palette, layout)
        if layout.hidden and layout.more is not None:
            painter.setClipping(False)
            painter.setPen(palette.color(Role.Text))
            painter.drawText(layout.more, Qt.AlignmentFlag.AlignLeft,
                             self.more_text(layout.hidden))
        painter.restore()

    # --- pieces -------------------------------------------------------------------------
    def _paint_background(self, painter: QPainter, rect: QRect, palette: QPalette,
                          cell: DayCell, selected: bool) -> None:
        painter.fillRect(rect, cell_color(palette, cell.day, cell.in_month, cell.highlight))
        if cell.highlight or selected:
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

    def _paint_day_number(self, painter: QPainter, palette: QPalette, fonts: CellFonts,
                          rect: QRect, cell: DayCell) -> int:
        size = fonts.number_height
        circle = QRect(rect.left() + PAD, rect.top() + PAD, fonts.number_width, size)
        text_color = palette.color(Role.Text if cell.in_month else Role.PlaceholderText)
        font = fonts.number
        if cell.today:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(Role.Highlight))
            painter.drawRoundedRect(circle, size / 2, size / 2)
            text_color = palette.color(Role.HighlightedText)
            font = fonts.bold
        painter.setFont(font)
        painter.setPen(text_color)
        painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, str(cell.day.day))
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

    def _lay_out_chips(self, fonts: CellFonts, body: QRect, counts: DayCounts) -> CellLayout:
        """A month cell: a chip per kind, its full text where it fits, else its count (a
        lone renewal's customer name is elided instead)."""
        metrics = fonts.small_metrics
        height = fonts.chip_height
        y = body.top()
        chips = []
        for full, short, color, solid in self._chips(counts):
            if y + height > body.bottom() + 1:
                break
            chip = QRect(body.left(), y, body.width(), height)
            text = full if metrics.horizontalAdvance(full) + 8 <= chip.width() else short
            if full == counts.renewal_name:  # a name: elide it rather than show "1"
                text = metrics.elidedText(full, Qt.TextElideMode.ElideRight, chip.width() - 8)
            chips.append(Chip(chip, text, color, solid))
            y += height + 2
        return CellLayout(tuple(chips))

    def _paint_chips(self, painter: QPainter, palette: QPalette, layout: CellLayout) -> None:
        """Every chip's fill, then every chip's text (``_paint_chip``): the pen and brush
        change only where the kind does (a week cell paints some 35 chips in a few runs of
        one colour), instead of twice per chip."""
        colors = [chip_colors(palette, chip.color, chip.solid) for chip in layout.chips]
        painter.setPen(Qt.PenStyle.NoPen)
        current: QColor | None = None
        for chip, (fill, _ink) in zip(layout.chips, colors, strict=True):
            if fill is not current:
                painter.setBrush(fill)
                current = fill
            painter.drawRoundedRect(chip.rect, RADIUS, RADIUS)
        if layout.clip is not None:  # item lines are cut at the cell's padding
            painter.setClipRect(layout.clip)
        current = None
        for chip, (_fill, ink) in zip(layout.chips, colors, strict=True):
            if ink is not current:
                painter.setPen(ink)
                current = ink
            self._paint_chip(painter, palette, chip.rect, chip.text, chip.color, chip.solid)

    def _paint_chip(self, painter: QPainter, palette: QPalette, chip: QRect, text: str,
                    color: QColor, solid: bool) -> None:
        """A chip's text, in the pen ``_paint_chips`` set for its kind (``color``, ``solid``)
        over the fill it painted."""
        # At the baseline: the plain form of drawText, with no layout of a rectangle.
        painter.drawText(chip.left() + 4, chip.top() + self._baseline, text)

    def more_text(self, hidden: int) -> str:
        """The last line of a cell whose day has ``hidden`` items more than it shows."""
        return self.tr("+%n more", None, hidden)

    def lines_fitting(self, font: QFont, cell_height: int) -> int:
        """How many item lines a week cell ``cell_height`` pixels high shows (the page reads
        no more items per day than that): the geometry of ``paint`` and ``_lay_out_items``."""
        fonts = self._fonts(font)
        rect_top, rect_bottom = 1, cell_height - 2  # option.rect.adjusted(1, 1, -1, -1)
        top = rect_top + PAD + fonts.number_height - 1 + PAD  # under the number
        return max(0, (rect_bottom - top - PAD + 2) // (fonts.line + 2))

    def _lay_out_items(self, fonts: CellFonts, body: QRect, cell: DayCell) -> CellLayout:
        """A week cell: the day's first items, as many as fit, and "+N more" for the rest
        of the day's count (``cell.items`` may be only the first of them)."""
        items: list[CalendarItem] = cell.items
        total = max(cell.counts.total, len(items))
        line = fonts.line
        fits = max(0, (body.height() + 2) // (line + 2))
        shown = len(items) if total <= fits else max(0, fits - 1)
        shown = min(shown, len(items))
        chips = []
        y = body.top()
        for item, text in zip(items[:shown], cell.texts, strict=False):
            chips.append(Chip(QRect(body.left(), y, body.width(), line), text,
                              item_color(item), item.overdue))
            y += line + 2
        hidden = total - shown
        # A narrow cell cuts a long line at its padding rather than measuring every line
        # to elide it: a week shows some 250 lines, and measuring costs what drawing does.
        return CellLayout(tuple(chips), hidden,
                          QRect(body.left(), y, body.width(), line) if hidden else None,
                          body.adjusted(4, 0, -4, 0))


def _item_font(font: QFont) -> QFont:
    """The smaller font of chips and item lines."""
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
    return small


_CELL_COLORS: dict[tuple[int, bool, bool, bool], QColor] = {}


def cell_color(palette: QPalette, day: date, in_month: bool, highlighted: bool) -> QColor:
    """A day cell's fill: Base; Window for days of other months; weekends a touch of Mid;
    "expiring this month" days a touch of the renewal colour. Kept per (palette, kind of
    day), a pure function of those, as :func:`chip_colors` is."""
    key = (palette.cacheKey(), in_month, day.weekday() >= 5, highlighted)
    found = _CELL_COLORS.get(key)
    if found is None:
        if len(_CELL_COLORS) >= _CHIP_COLORS_KEPT:
            _CELL_COLORS.clear()
        found = _CELL_COLORS[key] = _cell_color(palette, day, in_month, highlighted)
    return found


def _cell_color(palette: QPalette, day: date, in_month: bool, highlighted: bool) -> QColor:
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
