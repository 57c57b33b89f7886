"""The app's icons: ``icon("board")`` for navigation and actions, ``app_icon()`` for windows.

The UI icons are SVG files in ``mycrm/resources/icons`` drawn on a 24-unit grid with a 2-unit
round stroke in one fixed mid-grey (``GREY``, #808894). That grey has at least 3:1 contrast
(the WCAG minimum for graphics) on both the light (#f0f2f5) and dark (#20242b) navigation
backgrounds of ``ui/common/style.py``, so one file serves both palettes and reads the same outside
the app. Where the background is the strong accent (the selected navigation row: white text
on blue) the icon's *Selected* mode is the same drawing recoloured white.

Each icon is drawn when Qt first asks for a size (and device pixel ratio), so it is sharp at
any size and start-up renders only what the navigation shows.

Files are found through the package path, which is the same from a source checkout, an
installed wheel and the PyInstaller bundle (``mycrm/resources/icons`` is shipped there).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QStyleOption

ICON_DIR = Path(__file__).resolve().parents[2] / "resources" / "icons"
GREY = "#808894"
SELECTED = "#ffffff"
NAV_ICONS = ("home", "board", "calendar", "customers", "todos", "needs")
ACTION_ICONS = ("add", "visit", "todo", "need", "renewal", "search")
NAMES = NAV_ICONS + ACTION_ICONS
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


class _SvgIconEngine(QIconEngine):
    """Draws the SVG at the size and device pixel ratio asked for, once per size and mode:
    grey in Normal/Active mode, white in Selected mode, the style's greyed-out look of the
    Normal drawing in Disabled mode."""

    def __init__(self, svg: bytes) -> None:
        super().__init__()
        self._svg = svg
        self._drawn: dict[tuple[int, int, QIcon.Mode, float], QPixmap] = {}

    def clone(self) -> QIconEngine:
        return _SvgIconEngine(self._svg)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State,  # noqa: N802
                     scale: float) -> QPixmap:
        key = (size.width(), size.height(), mode, scale)
        pixmap = self._drawn.get(key)
        if pixmap is None:
            pixmap = self._draw(size, mode, scale)
            self._drawn[key] = pixmap
        return pixmap

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:
        scale = painter.device().devicePixelRatioF() if painter.device() else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def _draw(self, size: QSize, mode: QIcon.Mode, scale: float) -> QPixmap:
        if mode == QIcon.Mode.Disabled:
            normal = self.scaledPixmap(size, QIcon.Mode.Normal, QIcon.State.Off, scale)
            style = QApplication.style() if isinstance(QGuiApplication.instance(),
                                                       QApplication) else None
            return (style.generatedIconPixmap(mode, normal, QStyleOption()) if style
                    else normal)
        svg = recoloured(self._svg, SELECTED) if mode == QIcon.Mode.Selected else self._svg
        side = max(1, round(min(size.width(), size.height()) * scale))
        pixmap = render(svg, side)
        pixmap.setDevicePixelRatio(scale)
        return pixmap


def icon(name: str) -> QIcon:
    """A UI icon: grey in Normal/Active mode, white in Selected mode (accent backgrounds),
    greyed out by the style when disabled. Call with a QGuiApplication alive."""
    return QIcon(_SvgIconEngine(icon_path(name).read_bytes()))


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
