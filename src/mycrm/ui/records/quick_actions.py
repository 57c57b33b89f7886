"""The quick-entry actions shared by Home's buttons, the command palette and the window's
shortcuts: one table, so a label or shortcut is the same everywhere."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from mycrm.ui.common.i18n import translator

_t = translator("quick_actions")


@dataclass(frozen=True)
class QuickAction:
    name: str  # the main window's dispatch name
    label: Callable[[], str]
    shortcut: str  # portable text, e.g. "Ctrl+L"


QUICK_ACTIONS = (
    QuickAction("new_customer", lambda: _t("New customer"), "Ctrl+N"),
    QuickAction("log_visit", lambda: _t("Log visit"), "Ctrl+L"),
    QuickAction("new_todo", lambda: _t("New to-do"), "Ctrl+T"),
    QuickAction("capture_need", lambda: _t("Capture need"), "Ctrl+Shift+N"),
    QuickAction("record_renewal", lambda: _t("Record renewal"), "Ctrl+R"),
)

PALETTE_SHORTCUT = "Ctrl+K"


def native_shortcut(shortcut: str) -> str:
    """The shortcut as this platform writes it (e.g. ⌘L on macOS)."""
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)


def with_shortcut(label: str, shortcut: str) -> str:
    return f"{label} ({native_shortcut(shortcut)})"


def install_quick_actions(window: QWidget, dispatch: Callable[[str, int], object]) -> list[QAction]:
    """Add a window-wide QAction per quick action whose shortcut is still free.

    A shortcut already taken by another action of the window (e.g. File ▸ New customer's
    Ctrl+N) is left to that action, so no shortcut is ever ambiguous.
    """
    taken = {a.shortcut().toString() for a in window.findChildren(QAction)
             if not a.shortcut().isEmpty()}
    added = []
    for quick in QUICK_ACTIONS:
        if QKeySequence(quick.shortcut).toString() in taken:
            continue
        action = QAction(quick.label(), window)
        action.setObjectName(f"quick_{quick.name}")
        action.setShortcut(QKeySequence(quick.shortcut))
        action.triggered.connect(lambda _c=False, n=quick.name: dispatch(n, 0))
        window.addAction(action)
        added.append(action)
    return added


def install_command_palette(window: Any) -> QAction:
    """Add Ctrl+K (the palette) and the quick-entry shortcuts still free to ``window``.
    Installing twice returns the action already there. The palette's module is imported
    when it is first opened, not at start-up."""
    existing = window.findChild(QAction, "commandPalette")
    if existing is not None:
        return existing
    action = QAction(QCoreApplication.translate("CommandPalette", "Command palette…"), window)
    action.setObjectName("commandPalette")
    action.setShortcut(QKeySequence(PALETTE_SHORTCUT))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda: _open_command_palette(window))
    window.addAction(action)
    install_quick_actions(window, window.dispatch)
    return action


def _open_command_palette(window: Any) -> QWidget:
    from mycrm.ui.app.command_palette import open_command_palette

    return open_command_palette(window)
