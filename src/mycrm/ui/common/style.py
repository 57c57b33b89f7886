"""A small, palette-aware style sheet: spacing, type sizes and the few tinted surfaces.

Every colour is a role of the active palette (light or dark, following the system or the
chosen theme) or a mix of two roles (``theme.mix``), so the app looks native in both and a
new palette needs no edit here. The sheet reads the palette once, when the window is
built (the theme is applied before that).
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from mycrm.ui.common.theme import mix

Role = QPalette.ColorRole
# Chinese glyphs come from a fallback font that is often taller than the UI font: a painted
# line must fit them as well as Latin text.
CJK_SAMPLE = "国"


def line_height(metrics: QFontMetrics) -> int:
    """Pixels one painted line of text needs in ``metrics``' font, Chinese included; a
    delegate sizes its rows with it so every row (uniform item sizes) fits any name."""
    # The rectangle form measures as drawText(rect, …) lays out (a pixel more than the
    # tight box of the glyphs).
    drawn = metrics.boundingRect(QRect(0, 0, 10_000, 10_000), 0, "Ag" + CJK_SAMPLE)
    return max(metrics.height(), drawn.height())


def surface_colors(palette: QPalette) -> dict[str, str]:
    """The tinted surfaces as style sheet colours: the navigation column is the window
    with a hint of the selection colour; the demo banner a clearer tint of it on Base."""
    highlight = palette.color(Role.Highlight)
    return {
        "nav_bg": mix(palette.color(Role.Window), highlight, 0.03).name(),
        "banner": mix(palette.color(Role.Base), highlight, 0.18).name(),
    }


def apply_style(window: QWidget) -> None:
    colors = surface_colors(QApplication.palette())
    window.setStyleSheet(f"""
        QListWidget#navigation {{
            background: {colors["nav_bg"]}; border: none; padding-top: 12px; font-size: 11pt;
            outline: 0;  /* no focus box inside the selected row: the row is the focus */
        }}
        QListWidget#navigation::item {{ padding: 9px 16px; border-radius: 6px; margin: 1px 8px; }}
        QListWidget#navigation::item:selected {{
            background: palette(highlight); color: palette(highlighted-text);
        }}
        QLabel#columnTitle {{ font-weight: bold; font-size: 11pt; padding: 4px 2px; }}
        QLabel#emptyState {{ color: palette(placeholder-text); font-size: 11pt; padding: 24px; }}
        QWidget#demoBanner {{ background: {colors["banner"]}; border-radius: 6px; }}
    """)
