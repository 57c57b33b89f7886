"""Light and dark palettes. "system" follows the desktop's colour scheme where Qt can read it;
a dark system scheme whose style still paints light (Fusion without a platform theme) gets
our dark palette so the window never mixes the two."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")


def dark_palette() -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    colours = {
        role.Window: "#1f2227", role.WindowText: "#e6e6e6", role.Base: "#2a2e35",
        role.AlternateBase: "#31363e", role.ToolTipBase: "#31363e", role.ToolTipText: "#e6e6e6",
        role.Text: "#e6e6e6", role.Button: "#2d3138", role.ButtonText: "#e6e6e6",
        role.BrightText: "#ff6b6b", role.Link: "#6ea8fe", role.Highlight: "#2f6fde",
        role.HighlightedText: "#ffffff", role.PlaceholderText: "#9aa0a6", role.Mid: "#454b55",
        role.Dark: "#15171b", role.Light: "#3a3f47", role.Midlight: "#343941",
        role.Shadow: "#000000",
    }
    for r, value in colours.items():
        p.setColor(r, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(disabled, r, QColor("#7a7f87"))
    return p


def light_palette() -> QPalette:
    palette = QApplication.style().standardPalette()
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#6b7280"))
    return palette


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
    return palette.color(QPalette.ColorRole.Window).lightness() < 128
