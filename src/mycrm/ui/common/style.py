"""A small, palette-aware style: spacing, type sizes and the urgency/state accents.

Colours come from the active palette (light or dark, following the system) so the app
looks native in both; only accents are fixed colours readable on either background.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from mycrm.ui.common.theme import is_dark


def apply_style(window: QWidget) -> None:
    palette = QApplication.palette()
    dark = is_dark(palette)
    nav_bg = "#20242b" if dark else "#f0f2f5"
    nav_sel = "#2f6fde"
    banner = "#4a3b00" if dark else "#fff4c2"
    window.setStyleSheet(f"""
        QListWidget#navigation {{
            background: {nav_bg}; border: none; padding-top: 12px; font-size: 11pt;
            outline: 0;  /* no focus box inside the selected row: the row is the focus */
        }}
        QListWidget#navigation::item {{ padding: 9px 16px; border-radius: 6px; margin: 1px 8px; }}
        QListWidget#navigation::item:selected {{ background: {nav_sel}; color: white; }}
        QLabel#columnTitle {{ font-weight: bold; font-size: 11pt; padding: 4px 2px; }}
        QLabel#emptyState {{ color: palette(placeholder-text); font-size: 11pt; padding: 24px; }}
        QWidget#demoBanner {{ background: {banner}; border-radius: 6px; }}
        QListView {{ border: none; }}
    """)
