"""A month repaints about a hundred chips: their colours are worked out once per palette and
kind, and a new palette (light ↔ dark) gets its own answer, never the old one."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from mycrm.ui.calendar import delegate
from mycrm.ui.calendar.models import OVERDUE_COLOR, RENEWAL_COLOR, TODO_COLOR, VISIT_COLOR
from mycrm.ui.common.theme import dark_palette, light_palette

KINDS = [(RENEWAL_COLOR, True), (OVERDUE_COLOR, True), (TODO_COLOR, False),
         (VISIT_COLOR, False)]


def rgba(pair: tuple[QColor, QColor]) -> tuple[int, int]:
    return pair[0].rgba(), pair[1].rgba()


def test_chip_colours_equal_the_worked_out_ones_in_either_palette(qapp) -> None:
    light, dark = light_palette(), dark_palette()
    for palette in (light, dark, light):  # back and forth: each palette its own colours
        for color, solid in KINDS:
            assert rgba(delegate.chip_colors(palette, color, solid)) == rgba(
                delegate._chip_colors(palette, color, solid))


def test_a_changed_palette_is_not_answered_from_the_old_one(qapp) -> None:
    palette = dark_palette()
    before = rgba(delegate.chip_colors(palette, TODO_COLOR, False))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))  # now a light ground
    palette.setColor(QPalette.ColorRole.Text, QColor("#000000"))
    after = rgba(delegate.chip_colors(palette, TODO_COLOR, False))
    assert after == rgba(delegate._chip_colors(palette, TODO_COLOR, False))
    assert after != before
