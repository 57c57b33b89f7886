"""A report's small bar chart (:class:`blocks.BarChart`) painted with ``QPainter`` into an
image: the PDF embeds it in the ``QTextDocument``, the Word file as a PNG picture.

Always the light palette (a white ground, the report's ink and accent), whatever the
screen's theme: it is printed and sent. The bars share one scale from zero; the last bar
(the current contract) is the accent colour, the earlier ones a lighter tint of it; each
bar has its value above and its label below, elided to the bar's slot.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QIODevice, QLineF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from mycrm.ui.reports.blocks import BarChart

CHART_MM = (120.0, 40.0)  # width and height on the page
LABEL_PT = 7.5
GROUND, INK, MUTED = QColor("#ffffff"), QColor("#1f2328"), QColor("#667080")
ACCENT, TINT, BASELINE = QColor("#1f4e79"), QColor("#a9bfd6"), QColor("#c5ccd6")
BAR_SHARE = 0.56  # of a bar's slot; the rest is air between the bars
MAX_BAR_MM = 16.0  # two or three bars stay bars, not blocks


def chart_size(dpi: float) -> QSize:
    """The chart's size in pixels of a device of ``dpi`` dots per inch."""
    width, height = CHART_MM
    return QSize(round(width * dpi / 25.4), round(height * dpi / 25.4))


def _font(family: str, dpi: float, bold: bool = False) -> QFont:
    font = QFont(family)
    font.setPixelSize(max(1, round(LABEL_PT * dpi / 72)))
    font.setBold(bold)
    return font


def chart_image(chart: BarChart, dpi: float, family: str) -> QImage:
    """``chart`` as an image of :data:`CHART_MM` at ``dpi``, the labels in ``family``."""
    size = chart_size(dpi)
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(GROUND)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        _paint(painter, chart, QRectF(0, 0, size.width(), size.height()), dpi, family)
    finally:
        painter.end()
    return image


def _paint(painter: QPainter, chart: BarChart, area: QRectF, dpi: float, family: str) -> None:
    plain, bold = _font(family, dpi), _font(family, dpi, bold=True)
    line = QFontMetricsF(plain).height()
    gap = line * 0.35
    top, bottom = area.top() + line + gap, area.bottom() - line - gap
    slot = area.width() / max(1, len(chart.bars))
    width = min(slot * BAR_SHARE, MAX_BAR_MM * dpi / 25.4)
    highest = max((bar.value for bar in chart.bars), default=0) or 1
    last = len(chart.bars) - 1
    for index, bar in enumerate(chart.bars):
        left = area.left() + index * slot
        height = (bottom - top) * max(0, bar.value) / highest
        if bar.value > 0:
            height = max(height, dpi / 72)  # a small amount is still a visible bar
        painter.fillRect(QRectF(left + (slot - width) / 2, bottom - height, width, height),
                         ACCENT if index == last else TINT)
        _text(painter, bold if index == last else plain, INK,
              QRectF(left, bottom - height - gap - line, slot, line), bar.text)
        _text(painter, plain, MUTED, QRectF(left, bottom + gap, slot, line), bar.label)
    painter.setPen(QPen(BASELINE, max(1.0, dpi / 144)))
    painter.drawLine(QLineF(area.left(), bottom, area.right(), bottom))


def _text(painter: QPainter, font: QFont, color: QColor, rect: QRectF, text: str) -> None:
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    painter.setPen(color)
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter),
                     metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width()))


def chart_png(chart: BarChart, dpi: float, family: str) -> bytes:
    """``chart`` as the bytes of a PNG file (for the Word file)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 takes the format as text (its stubs say bytes, which it refuses).
    if not chart_image(chart, dpi, family).save(buffer, "PNG"):  # type: ignore[call-overload]
        raise OSError("the chart could not be written as PNG")
    return bytes(buffer.data().data())
