"""The real entry point renders pages to PNG; the image is not blank."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.e2e


def run_mycrm(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "xdg"),
               MYCRM_NO_EXCEPTHOOK="1", MYCRM_NOW="2026-11-22T09:30:00+00:00")
    return subprocess.run([sys.executable, "-m", "mycrm", *args], env=env, text=True,
                          capture_output=True, timeout=120, check=False)


def assert_not_blank(path: Path) -> None:
    image = QImage(str(path))
    assert not image.isNull() and (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert len(colours) > 20, "screenshot looks blank"


@pytest.mark.parametrize("page", ["board", "customers"])
def test_demo_screenshot(tmp_path: Path, page: str) -> None:
    out = tmp_path / f"{page}.png"
    result = run_mycrm("--demo", "--screenshot", str(out), "--page", page, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_not_blank(out)
    assert (tmp_path / "xdg" / "mycrm" / "mycrm-demo.sqlite").exists()
    assert not (tmp_path / "xdg" / "mycrm" / "mycrm.sqlite").exists()


def test_help_explains_the_options(tmp_path: Path) -> None:
    result = run_mycrm("--help", tmp_path=tmp_path)
    assert result.returncode == 0
    for option in ("--data", "--demo", "--screenshot", "--page"):
        assert option in result.stdout
