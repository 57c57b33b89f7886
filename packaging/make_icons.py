"""Generate the app icon's PNG sizes, .ico (Windows) and .icns (macOS) from mycrm.svg.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py

Qt's SVG renderer draws each PNG at its exact size (crisper than scaling one bitmap); Pillow
(the ``package`` extra) packs them into .ico and .icns. The outputs are committed so a normal
build does not need Pillow; run this again after changing mycrm.svg.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "src" / "mycrm" / "resources" / "icons"
SVG = ICONS / "mycrm.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render_png(size: int, out: Path) -> None:
    """Draw the SVG into a transparent ``size``×``size`` PNG at ``out``."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    if not image.save(str(out)):
        raise OSError(f"could not write {out}")


def write_containers(tmp_1024: Path) -> None:
    """mycrm.ico and mycrm.icns from the rendered PNGs (Pillow resamples missing sizes)."""
    from PIL import Image

    pngs = {size: Image.open(ICONS / f"mycrm-{size}.png") for size in PNG_SIZES}
    pngs[1024] = Image.open(tmp_1024)
    pngs[256].save(ICONS / "mycrm.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                   append_images=[pngs[s] for s in ICO_SIZES if s != 256])
    pngs[1024].save(ICONS / "mycrm.icns", format="ICNS",
                    append_images=[pngs[s] for s in ICNS_SIZES if s != 1024])


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    assert app is not None
    for size in PNG_SIZES:
        render_png(size, ICONS / f"mycrm-{size}.png")
    tmp_1024 = ICONS.parent / ".mycrm-1024.png"
    render_png(1024, tmp_1024)
    try:
        write_containers(tmp_1024)
    except ImportError:
        print("Pillow is missing (pip install -e '.[package]'); wrote PNGs only.", file=sys.stderr)
        return 1
    finally:
        tmp_1024.unlink(missing_ok=True)
    print(f"wrote {len(PNG_SIZES)} PNGs, mycrm.ico and mycrm.icns in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
