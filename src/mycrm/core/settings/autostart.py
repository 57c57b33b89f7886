"""Start at login.

Linux: an XDG autostart entry, ``$XDG_CONFIG_HOME/autostart/mycrm.desktop`` (the freedesktop
Desktop Application Autostart spec), written or removed here. Windows (a shortcut in
``shell:startup``) and macOS (a LaunchAgent plist or Login Items) are documented for the
installers and not written by the app: ``supported()`` is False there.
Qt-free; the target directory is a parameter so tests never touch the real one.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

FILE_NAME = "mycrm.desktop"


class AutostartUnsupportedError(RuntimeError):
    """This platform's start-at-login is set up by the installer, not by the app."""


def supported() -> bool:
    return sys.platform.startswith("linux") or "bsd" in sys.platform


def autostart_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "autostart"


def launch_command() -> list[str]:
    """How to start this very installation (a frozen bundle, or ``python -m mycrm``)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "mycrm"]


def _quote(arg: str) -> str:
    """Quote one Exec argument per the Desktop Entry spec."""
    if arg and not any(ch in arg for ch in ' \t\n"\'\\><~|&;$*?#()`%'):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace(
        "$", "\\$")
    return f'"{escaped}"'.replace("%", "%%")


def desktop_entry(command: list[str]) -> str:
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=mycrm",
        "Comment=Private CRM — reminders for renewals and after-sales service",
        "Exec=" + " ".join(_quote(a) for a in command),
        "Icon=mycrm",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        "",
    ])


def set_autostart(enabled: bool, *, directory: Path | None = None,
                  command: list[str] | None = None) -> Path:
    """Write (or remove) the autostart entry; returns its path."""
    if not supported():
        raise AutostartUnsupportedError(sys.platform)
    target = (directory or autostart_dir()) / FILE_NAME
    if enabled:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(desktop_entry(command or launch_command()), encoding="utf-8")
        tmp.replace(target)
    else:
        target.unlink(missing_ok=True)
    return target


def is_enabled(directory: Path | None = None) -> bool:
    return ((directory or autostart_dir()) / FILE_NAME).exists()


def parse_exec(entry_text: str) -> list[str]:
    """The Exec command of an entry (for tests and diagnostics)."""
    for line in entry_text.splitlines():
        if line.startswith("Exec="):
            return shlex.split(line[len("Exec="):].replace("%%", "%"))
    return []
