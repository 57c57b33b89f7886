"""``mycrm --demo --screenshot F --page customer [--customer NAME]`` renders a customer page."""

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


@pytest.mark.parametrize("customer", [None, "Northwind"])
def test_customer_page_screenshot(tmp_path: Path, customer: str | None) -> None:
    out = tmp_path / "customer.png"
    extra = ["--customer", customer] if customer else []
    result = run_mycrm("--demo", "--screenshot", str(out), "--page", "customer", *extra,
                       tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_not_blank(out)


def test_unknown_customer_is_an_error(tmp_path: Path) -> None:
    result = run_mycrm("--demo", "--screenshot", str(tmp_path / "x.png"), "--page", "customer",
                       "--customer", "No Such Company", tmp_path=tmp_path)
    assert result.returncode == 2 and "No Such Company" in result.stderr
