"""Light and dark palettes, and the colours the app derives from the active palette.

"system" follows the desktop's colour scheme where Qt can read it; a dark system scheme whose
style still paints light (Fusion without a platform theme) gets our dark palette so the window
never mixes the two.

Painting code asks this module for colours instead of writing them down: a surface is a
palette role or a mix of two (``mix``), text on a coloured fill is whichever of the palette's
own light and dark colours reads better on it (``text_on``), and an accent drawn as text is
moved toward the palette's text colour until it reads on its background (``readable``). So
one set of rules serves both palettes. The only literal colours are the four seeds of the
dark palette; every other role of it is derived from them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")
Role = QPalette.ColorRole

# The dark palette's seeds: a blue-grey window, a lighter base for lists and fields, near-white
# text and the selection blue (also the navigation's selected row).
DARK_SEEDS = {Role.Window: "#1f2227", Role.Base: "#2a2e35", Role.Text: "#e6e6e6",
              Role.Highlight: "#2f6fde"}
# Accents: hues that carry a meaning (an error, a warning, a kind of item), the same in both
# palettes. Drawn as text they go through ``accent_css`` / ``readable``, so they reach 4.5:1 on
# the palette in use; as fills, their text is ``text_on``.
ERROR = "#d32f2f"
WARNING = "#e64a19"
INFO = "#1e88e5"
NEUTRAL = "#757575"
# WCAG 2 contrast: 4.5 for body text, 3 for large text and graphics (and bold badge text).
TEXT_CONTRAST = 4.5
FILL_CONTRAST = 3.0


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` (0..1) of the way to ``b``, channel by channel (opaque)."""
    return QColor(round(a.red() + (b.red() - a.red()) * amount),
                  round(a.green() + (b.green() - a.green()) * amount),
                  round(a.blue() + (b.blue() - a.blue()) * amount))


def luminance(color: QColor) -> float:
    """WCAG relative luminance, 0 (black) .. 1 (white)."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4
    return (0.2126 * linear(color.redF()) + 0.7152 * linear(color.greenF())
            + 0.0722 * linear(color.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours, 1 (same) .. 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(fill: QColor, palette: QPalette) -> QColor:
    """The colour for text on ``fill`` (a badge, a solid chip, the selection).

    BrightText (Qt's role for text where Text would read poorly, white in both our palettes)
    as is usual on saturated colours (WCAG 2's formula undersells light text there), unless
    it falls below ``FILL_CONTRAST``; then the darker of Base and Text."""
    bright = palette.color(Role.BrightText)
    if contrast(bright, fill) >= FILL_CONTRAST:
        return bright
    base, text = palette.color(Role.Base), palette.color(Role.Text)
    return base if luminance(base) < luminance(text) else text


def readable(color: QColor, palette: QPalette, background: QColor | None = None,
             minimum: float = TEXT_CONTRAST) -> QColor:
    """``color`` (an accent used for text) moved toward the palette's text colour just far
    enough to reach ``minimum`` contrast on ``background`` (default: Base): darker on a light
    palette, lighter on a dark one; unchanged if it already reads."""
    ground = palette.color(Role.Base) if background is None else background
    toward = palette.color(Role.Text)
    for step in range(11):
        candidate = mix(color, toward, step / 10)
        if contrast(candidate, ground) >= minimum:
            return candidate
    return toward


def accent_css(accent: str, palette: QPalette | None = None) -> str:
    """A style sheet's ``color:`` for text in ``accent``, readable on ``palette`` (default:
    the application's)."""
    palette = QApplication.palette() if palette is None else palette
    return f"color: {readable(QColor(accent), palette).name()};"


def dark_palette() -> QPalette:
    """Our dark palette: the seeds, and every other role mixed from them."""
    p = QPalette()
    window, base, text, highlight = (QColor(DARK_SEEDS[r]) for r in (
        Role.Window, Role.Base, Role.Text, Role.Highlight))
    roles = {
        Role.Window: window, Role.WindowText: text, Role.Base: base, Role.Text: text,
        Role.AlternateBase: mix(base, text, 0.04), Role.ToolTipBase: mix(base, text, 0.04),
        Role.ToolTipText: text, Role.Button: mix(base, text, 0.02), Role.ButtonText: text,
        Role.Highlight: highlight,
        Role.Link: mix(highlight, text, 0.35), Role.LinkVisited: mix(highlight, text, 0.15),
        Role.PlaceholderText: mix(text, base, 0.4), Role.Mid: mix(base, text, 0.13),
        Role.Midlight: mix(base, text, 0.06), Role.Light: mix(base, text, 0.09),
        Role.Dark: window.darker(140), Role.Shadow: window.darker(300),
        Role.BrightText: text.lighter(111),  # the seed text at full brightness
    }
    for role, colour in roles.items():
        p.setColor(role, colour)
    p.setColor(Role.HighlightedText, text_on(highlight, p))
    _set_disabled_text(p)
    return p


def light_palette() -> QPalette:
    """The style's own light palette, with placeholder text dark enough to read (4.5:1)."""
    palette = QApplication.style().standardPalette()
    palette.setColor(Role.PlaceholderText, mix(palette.color(Role.Text),
                                               palette.color(Role.Base), 0.45))
    return palette


def _set_disabled_text(palette: QPalette) -> None:
    muted = mix(palette.color(Role.Text), palette.color(Role.Base), 0.55)
    for role in (Role.Text, Role.WindowText, Role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, muted)


def apply_theme(app: QApplication, theme: str) -> None:
    """Apply ``theme`` ("system", "light" or "dark") to the whole application.

    "system" keeps the platform's own style and palette unless the system asks for dark and
    the palette is still light; a forced theme uses Fusion so both palettes look the same
    everywhere."""
    system_dark = app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    if theme == "system":
        if not system_dark or is_dark(app.palette()):
            return
        theme = "dark"
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if theme == "dark" else light_palette())


def is_dark(palette: QPalette) -> bool:
    return palette.color(Role.Window).lightness() < 128
