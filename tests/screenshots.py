"""Shared by the tests that render the real app to PNG."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

FIXED_NOW = "2026-11-22T09:30:00+00:00"


def run_mycrm(*args: str, tmp_path: Path,
              command: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run mycrm (or ``command``, e.g. a built bundle) offscreen with its own data folder."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "xdg"),
               MYCRM_NO_EXCEPTHOOK="1", MYCRM_NOW=FIXED_NOW)
    return subprocess.run([*(command or [sys.executable, "-m", "mycrm"]), *args], env=env,
                          text=True, capture_output=True, timeout=120, check=False)


def assert_not_blank(path: Path) -> None:
    """A 1280x800 PNG with real content (many distinct colours), not an empty window."""
    image = QImage(str(path))
    assert not image.isNull() and (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert len(colours) > 20, "screenshot looks blank"
