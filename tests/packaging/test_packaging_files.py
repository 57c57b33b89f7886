"""The desktop entry, AppStream metainfo, icons and spec that packaging/ ships are valid.

Fast checks (no bundle build): files parse, required keys are there, ids agree, every icon
renders to something visible, and the spec names modules that really exist.
"""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from importlib.util import find_spec
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from mycrm.ui.common import icons

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / "io.github.mycrm.desktop"
METAINFO = LINUX / "io.github.mycrm.metainfo.xml"
SPEC = ROOT / "packaging" / "mycrm.spec"
ICON_DIR = ROOT / "src" / "mycrm" / "resources" / "icons"
APP_ID = "io.github.mycrm"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_launches_mycrm_with_its_icon() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "mycrm"
    assert entry["Exec"].split()[0] == "mycrm"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert "Office" in entry["Categories"].split(";")
    assert entry["Comment[zh_CN]"], "the menu comment is translated"


def test_metainfo_describes_the_same_app() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.find("launchable").get("type") == "desktop-id"  # type: ignore[union-attr]
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "MIT"
    assert root.findtext("icon") == desktop_entry()["Icon"]
    assert root.findtext("provides/binary") == "mycrm"
    assert root.find("description/p") is not None
    assert [r.get("version") for r in root.iter("release")], "at least one release"


@pytest.mark.parametrize(("tool", "args", "path"), [
    ("desktop-file-validate", [], DESKTOP),
    ("appstreamcli", ["validate", "--no-net"], METAINFO),
])
def test_freedesktop_validators_accept_the_files(tool: str, args: list[str], path: Path) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (Debian: desktop-file-utils / appstream)")
    result = subprocess.run([tool, *args, str(path)], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def visible_pixels(svg: bytes, size: int) -> int:
    """How many pixels of a ``size``² rendering differ from the (transparent) background."""
    renderer = QSvgRenderer(QByteArray(svg))
    assert renderer.isValid()
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return sum(1 for x in range(size) for y in range(size)
               if QColor.fromRgba(image.pixel(x, y)).alpha())


@pytest.mark.parametrize("name", ("mycrm", *icons.NAMES))
def test_every_svg_icon_parses_and_renders_visibly(qapp: object, name: str) -> None:
    path = ICON_DIR / f"{name}.svg"
    ET.parse(path)  # well-formed XML
    covered = visible_pixels(path.read_bytes(), 48)
    assert 48 * 48 * 0.05 < covered < 48 * 48 * (1.0 if name == "mycrm" else 0.6)


@pytest.mark.parametrize("name", icons.NAMES)
def test_ui_icons_share_one_stroke_style(name: str) -> None:
    """Same grid, stroke width and fixed grey: no other colour, nothing filled."""
    root = ET.parse(ICON_DIR / f"{name}.svg").getroot()
    assert root.get("viewBox") == "0 0 24 24"
    assert (root.get("stroke"), root.get("stroke-width"), root.get("fill")) == (
        icons.GREY, "2", "none")
    text = (ICON_DIR / f"{name}.svg").read_text()
    assert set(re.findall(r"#[0-9a-fA-F]{3,6}\b", text)) == {icons.GREY}
    assert "currentColor" not in text


def test_icon_is_grey_normally_and_white_when_selected(qapp: object) -> None:
    icon = icons.icon("add")  # a plus: the centre pixel is on the stroke
    normal = icon.pixmap(24, 24, QIcon.Mode.Normal).toImage()
    selected = icon.pixmap(24, 24, QIcon.Mode.Selected).toImage()
    assert QColor(normal.pixel(12, 12)).name() == icons.GREY
    assert QColor(selected.pixel(12, 12)).name() == "#ffffff"
    assert QColor.fromRgba(normal.pixel(2, 2)).alpha() == 0


def test_icon_is_drawn_sharp_at_the_size_and_pixel_ratio_asked_for(qapp: object) -> None:
    icon = icons.icon("add")
    for size, ratio in ((20, 1.0), (20, 2.0), (33, 1.5), (64, 1.0)):
        pixmap = icon.pixmap(QSize(size, size), ratio, QIcon.Mode.Normal)
        device = round(size * ratio)
        assert (pixmap.width(), pixmap.height()) == (device, device), "drawn at that size"
        assert pixmap.devicePixelRatio() == ratio
        centre = pixmap.toImage().pixelColor(device // 2, device // 2)
        assert centre.name() == icons.GREY and centre.alpha() > 200, (size, ratio)
    disabled = icon.pixmap(QSize(24, 24), 1.0, QIcon.Mode.Disabled).toImage()
    assert disabled.pixelColor(12, 12).name() != icons.GREY, "the style greys it out"
    assert disabled.pixelColor(12, 12).alpha() > 0
    copy = QIcon(icon)  # Qt copies share (or clone) the engine
    assert copy.pixmap(24, 24, QIcon.Mode.Selected).toImage().pixelColor(12, 12).name() \
        == "#ffffff"


def test_unknown_icon_name_is_refused() -> None:
    with pytest.raises(KeyError):
        icons.icon_path("nonexistent")


def test_app_icon_has_every_png_size_and_platform_containers(qapp: object) -> None:
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        image = QImage(str(ICON_DIR / f"mycrm-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert QColor.fromRgba(image.pixel(size // 2, size // 2)).alpha() == 255
        assert QColor.fromRgba(image.pixel(0, 0)).alpha() == 0, "rounded corners stay transparent"
    assert (ICON_DIR / "mycrm.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (ICON_DIR / "mycrm.icns").read_bytes()[:4] == b"icns"
    assert QSize(512, 512) in icons.app_icon().availableSizes()


def test_spec_names_modules_that_exist() -> None:
    """The hidden imports for plyer's backends are spelled right (a typo builds silently)."""
    spec = SPEC.read_text()
    plyer_modules = re.findall(r'"(plyer\.platforms\.[\w.]+)"', spec)
    assert {"plyer.platforms.linux.notification", "plyer.platforms.win.notification",
            "plyer.platforms.macosx.notification"} <= set(plyer_modules)
    for module in plyer_modules:
        assert find_spec(module) is not None, module
    assert '"mycrm/core/db/migrations"' in spec
