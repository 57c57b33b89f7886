"""Home's renewals chart, painted with ``QPainter``: customers renewing per month as bars
(left scale) and the amount of those renewals, in thousands, as a line with points (right
scale), the month numbers below and a legend under it.

Painted rather than built with QtCharts, which costs the start page a library, a graphics
scene and a few MiB of memory for twelve bars (the reports' chart, ``ui.reports.chart``, is
painted the same way). Colours follow the palette (text, grid) and the theme's accents
(``INFO`` bars, ``WARNING`` amounts), so it reads in light and dark themes alike.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from mycrm.core.home.dashboard import MonthRenewals
from mycrm.ui.common.theme import INFO, WARNING

BAR_SHARE = 0.5  # of a month's slot; the rest is air between the bars
TICKS = 4  # about this many intervals on a scale
LABEL_SCALE = 0.85  # the labels' font, relative to the widget's


def nice_step(top: float, intervals: int = TICKS) -> float:
    """A round step (1, 2 or 5 times a power of ten) that divides 0…``top`` into about
    ``intervals`` parts."""
    raw = max(top, 1e-9) / intervals
    power = 10 ** math.floor(math.log10(raw))
    return next(f * power for f in (1, 2, 5, 10) if f * power >= raw)


def count_scale(counts: Sequence[int]) -> tuple[int, int]:
    """(top, step) of the customers' scale: whole customers, one tick each up to 8."""
    top = max([*counts, 1]) + 1
    if top <= 8:
        return top, 1
    step = max(1, round(nice_step(top)))
    return step * math.ceil(top / step), step


def amount_scale(amounts: Sequence[float]) -> tuple[float, float]:
    """(top, step) of the amounts' scale (thousands): whole thousands when small."""
    highest = max(amounts, default=0.0)
    if highest < 5:
        top = max(1, math.ceil(highest))
        return float(top), 1.0
    step = nice_step(highest)
    return step * math.ceil(highest / step), step


def scale_labels(top: float, step: float) -> list[float]:
    count = round(top / step)
    return [i * step for i in range(count + 1)]


class RenewalsChart(QWidget):
    """Shows :meth:`set_months`' twelve months; the legend texts are ``bars_label`` and
    ``line_label``."""

    def __init__(self, bars_label: str, line_label: str) -> None:
        super().__init__()
        self.bars_label = bars_label
        self.line_label = line_label
        self._months: list[MonthRenewals] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(220)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, 320)

    @property
    def months(self) -> list[MonthRenewals]:
        return list(self._months)

    def set_months(self, months: Sequence[MonthRenewals]) -> None:
        self._months = list(months)
        self.update()

    def label_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * LABEL_SCALE)
        return font

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        font = self.label_font()
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        line = metrics.height()
        counts = [m.count for m in self._months]
        amounts = [m.amount_cents / 100_000 for m in self._months]
        count_top, count_step = count_scale(counts)
        amount_top, amount_step = amount_scale(amounts)
        count_ticks = [f"{v:.0f}" for v in scale_labels(count_top, count_step)]
        amount_ticks = [f"{v:.0f}" for v in scale_labels(amount_top, amount_step)]
        left = max(metrics.horizontalAdvance(t) for t in count_ticks) + 8
        right = max(metrics.horizontalAdvance(t) for t in amount_ticks) + 8
        legend = QFontMetricsF(self.font()).height()
        plot = QRectF(left, line / 2, self.width() - left - right,
                      self.height() - line / 2 - line - legend - 16)
        if plot.width() <= 0 or plot.height() <= 0:
            return
        self._scales(painter, plot, count_top, count_step, amount_top, amount_step)
        self._bars(painter, plot, counts, count_top)
        self._line(painter, plot, amounts, amount_top)
        self._month_labels(painter, plot, line)
        painter.setFont(self.font())
        self._legend(painter, plot.bottom() + line + 10, legend)

    def _y(self, plot: QRectF, value: float, top: float) -> float:
        return plot.bottom() - plot.height() * value / top if top else plot.bottom()

    def _scales(self, painter: QPainter, plot: QRectF, count_top: int, count_step: int,
                amount_top: float, amount_step: float) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = QColor(palette.color(QPalette.ColorRole.Mid))
        grid.setAlpha(90)
        align_right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        align_left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        height = QFontMetricsF(painter.font()).height()
        for value in scale_labels(count_top, count_step):
            y = self._y(plot, value, count_top)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(QRectF(0, y - height / 2, plot.left() - 6, height), align_right,
                             f"{value:.0f}")
        accent = QColor(WARNING)
        painter.setPen(QPen(accent, 1))
        painter.drawLine(QPointF(plot.right(), plot.top()), QPointF(plot.right(), plot.bottom()))
        painter.setPen(text)
        for value in scale_labels(amount_top, amount_step):
            y = self._y(plot, value, amount_top)
            painter.drawText(QRectF(plot.right() + 6, y - height / 2, 200, height), align_left,
                             f"{value:.0f}")
        painter.setPen(QPen(grid, 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), plot.bottomRight())

    def _slot(self, plot: QRectF) -> float:
        return plot.width() / max(1, len(self._months))

    def _bars(self, painter: QPainter, plot: QRectF, counts: list[int], top: int) -> None:
        slot = self._slot(plot)
        width = slot * BAR_SHARE
        color = QColor(INFO)
        for index, count in enumerate(counts):
            y = self._y(plot, count, top)
            painter.fillRect(QRectF(plot.left() + index * slot + (slot - width) / 2, y,
                                    width, plot.bottom() - y), color)

    def _line(self, painter: QPainter, plot: QRectF, amounts: list[float], top: float) -> None:
        slot = self._slot(plot)
        points = [QPointF(plot.left() + (index + 0.5) * slot, self._y(plot, amount, top))
                  for index, amount in enumerate(amounts)]
        color = QColor(WARNING)
        painter.setPen(QPen(color, 1.5))
        painter.drawPolyline(points)
        painter.setBrush(color)
        for point in points:
            painter.drawEllipse(point, 2.5, 2.5)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _month_labels(self, painter: QPainter, plot: QRectF, line: float) -> None:
        slot = self._slot(plot)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        for index, month in enumerate(self._months):
            painter.drawText(QRectF(plot.left() + index * slot, plot.bottom() + 3, slot, line),
                             int(Qt.AlignmentFlag.AlignCenter), str(month.month.month))

    def _legend(self, painter: QPainter, top: float, line: float) -> None:
        metrics = QFontMetricsF(painter.font())
        swatch, gap = line * 0.55, 6.0
        entries = [(QColor(INFO), self.bars_label), (QColor(WARNING), self.line_label)]
        width = sum(swatch + gap + metrics.horizontalAdvance(label) for _c, label in entries)
        x = (self.width() - width - 3 * gap) / 2
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        for color, label in entries:
            painter.fillRect(QRectF(x, top + (line - swatch) / 2, swatch, swatch), color)
            x += swatch + gap / 2
            advance = metrics.horizontalAdvance(label)
            painter.drawText(QRectF(x, top, advance + 2, line),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             label)
            x += advance + gap * 3
