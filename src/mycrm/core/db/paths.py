"""Where the user's data lives (platformdirs), and the sample portfolio's separate file."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "mycrm"
DATA_FILE = "mycrm.sqlite"
DEMO_FILE = "mycrm-demo.sqlite"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_data_file() -> Path:
    return data_dir() / DATA_FILE


def demo_data_file() -> Path:
    """The sample portfolio lives in its own file, never mixed with the user's data."""
    return data_dir() / DEMO_FILE


def backup_dir(data_file: Path) -> Path:
    return data_file.parent / "backups"
