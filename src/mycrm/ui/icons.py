"""The app's icons: ``icon("board")`` for navigation and actions, ``app_icon()`` for windows.

The UI icons are SVG files in ``mycrm/resources/icons`` drawn on a 24-unit grid with a 2-unit
round stroke in one fixed mid-grey (``GREY``, #808894). That grey has at least 3:1 contrast
(the WCAG minimum for graphics) on both the light (#f0f2f5) and dark (#20242b) navigation
backgrounds of ``ui/style.py``, so one file serves both palettes and reads the same outside
the app. Where the background is the strong accent (the selected navigation row: white text
on blue) the icon's *Selected* mode is the same drawing recoloured white.

Files are found through the package path, which is the same from a source checkout, an
installed wheel and the PyInstaller bundle (``mycrm/resources/icons`` is shipped there).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
GREY = "#808894"
SELECTED = "#ffffff"
NAV_ICONS = ("home", "board", "calendar", "customers", "todos", "needs")
ACTION_ICONS = ("add", "visit", "todo", "need", "renewal", "search")
NAMES = NAV_ICONS + ACTION_ICONS
# Pixmap sizes put into each QIcon: the common small sizes and their 2x versions.
SIZES = (16, 20, 24, 32, 40, 48, 64)
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icon_path(name: str) -> Path:
    """The SVG file for ``name``; ``KeyError`` for a name that is not in the set."""
    if name not in NAMES and name != "mycrm":
        raise KeyError(f"no icon named {name!r}; known: {', '.join(NAMES)}")
    return ICON_DIR / f"{name}.svg"


def render(svg: bytes, size: int) -> QPixmap:
    """``svg`` drawn into a transparent ``size``×``size`` pixmap (needs a QGuiApplication)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(QByteArray(svg))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return pixmap


def recoloured(svg: bytes, colour: str) -> bytes:
    """The same drawing with the UI grey replaced by ``colour`` (a #rrggbb string)."""
    return svg.replace(GREY.encode(), colour.encode())


def icon(name: str) -> QIcon:
    """A UI icon: grey in Normal/Active mode, white in Selected mode (accent backgrounds).

    Qt derives the Disabled look from the Normal pixmaps. Call with a QGuiApplication alive.
    """
    svg = icon_path(name).read_bytes()
    white = recoloured(svg, SELECTED)
    result = QIcon()
    for size in SIZES:
        result.addPixmap(render(svg, size), QIcon.Mode.Normal)
        result.addPixmap(render(white, size), QIcon.Mode.Selected)
    return result


def app_icon() -> QIcon:
    """The application icon: the generated PNGs where present, else the SVG itself."""
    result = QIcon()
    for size in APP_ICON_SIZES:
        png = ICON_DIR / f"mycrm-{size}.png"
        if png.exists():
            result.addFile(str(png), QSize(size, size))
    if result.isNull():
        result = QIcon(str(icon_path("mycrm")))
    return result
