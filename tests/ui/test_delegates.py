"""The board's card delegate and the calendar's day-cell delegate, painted onto a QImage.

Each test paints one item as the view would and then reads pixels back: the card or cell is
drawn at all, its text is in the palette's text colour, a selected item shows the palette's
highlight, and the dark palette paints light text on a dark surface.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, QRect, QSize
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

from mycrm.core.calendar.days import DayCounts
from mycrm.core.customers.board import BoardCard
from mycrm.ui.board.delegate import GAP, PAD, CardDelegate
from mycrm.ui.board.model import BoardColumnModel
from mycrm.ui.calendar.delegate import DayCellDelegate
from mycrm.ui.calendar.models import OVERDUE_COLOR, RENEWAL_COLOR, DayGridModel
from mycrm.ui.common.theme import dark_palette, light_palette

Role = QPalette.ColorRole
TODAY = date(2026, 11, 22)
CHINESE = "深圳前海智联物流有限公司"
LONG = "Contoso Pharmaceuticals International Holdings and Subsidiaries Ltd"


# --- pixels -------------------------------------------------------------------------------
def pixels(image: QImage, area: QRect | None = None) -> Iterator[QColor]:
    box = image.rect() if area is None else area.intersected(image.rect())
    for y in range(box.top(), box.bottom() + 1):
        for x in range(box.left(), box.right() + 1):
            yield image.pixelColor(x, y)


def near(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()),
               abs(a.blue() - b.blue())) <= tolerance


def count_near(image: QImage, color: QColor, area: QRect | None = None,
               tolerance: int = 40) -> int:
    return sum(near(p, color, tolerance) for p in pixels(image, area))


def bounds_of(image: QImage, color: QColor, tolerance: int = 12) -> QRect:
    """The smallest rectangle holding every pixel near ``color`` (empty if none)."""
    box = QRect()
    for y in range(image.height()):
        for x in range(image.width()):
            if near(image.pixelColor(x, y), color, tolerance):
                box = box.united(QRect(x, y, 1, 1))
    return box


def canvas(size: QSize, fill: QColor) -> QImage:
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(fill)
    return image


def option_for(rect: QRect, palette: QPalette, selected: bool = False) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    option.rect = rect
    option.font = QApplication.font()
    option.palette = palette
    option.state = QStyle.StateFlag.State_Enabled
    if selected:
        option.state |= QStyle.StateFlag.State_Selected
    return option


@pytest.fixture(params=["light", "dark"])
def palette(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[QPalette]:
    """Each palette in turn, also as the application's (the card reads that one)."""
    before = QApplication.palette()
    chosen = light_palette() if request.param == "light" else dark_palette()
    QApplication.setPalette(chosen)
    yield chosen
    QApplication.setPalette(before)


# --- the board's card ---------------------------------------------------------------------
def card(name: str = "Acme Corp", renewal_in: int | None = 20, tier: str = "A") -> BoardCard:
    return BoardCard(id=1, name=name, tier=tier, state="to_contact", industry="Retail",
                     renewal_date=None if renewal_in is None else TODAY + timedelta(renewal_in),
                     last_visit_at=datetime(2026, 10, 1, 9, tzinfo=UTC), open_todos=2)


def card_index(model: BoardColumnModel, shown: BoardCard) -> QModelIndex:
    model.set_cards([shown])
    return model.index(0)


@pytest.fixture
def cards(qapp: QApplication) -> Iterator[tuple[CardDelegate, BoardColumnModel]]:
    yield CardDelegate(lambda: TODAY, "UTC"), BoardColumnModel("to_contact", lambda *a: None)


def paint_card(delegate: CardDelegate, index: QModelIndex, palette: QPalette,
               selected: bool = False) -> tuple[QImage, QRect]:
    option = option_for(QRect(), palette, selected)
    size = delegate.sizeHint(option, index)
    option.rect = QRect(0, 0, size.width(), size.height())
    image = canvas(size, palette.color(Role.Window))
    painter = QPainter(image)
    delegate.paint(painter, option, index)
    painter.end()
    return image, QRect(option.rect)  # a copy: the option's own dies with it


def test_every_card_has_one_size_that_fits_three_lines_of_chinese(
        cards: tuple[CardDelegate, BoardColumnModel]) -> None:
    delegate, model = cards
    option = option_for(QRect(), QApplication.palette())
    sizes = {name: delegate.sizeHint(option, card_index(model, card(name)))
             for name in ("A", LONG, CHINESE)}
    assert len(set(sizes.values())) == 1, sizes  # the view relies on uniform item sizes
    chinese_line = QFontMetrics(option.font).boundingRect(CHINESE).height()
    assert sizes[CHINESE].height() >= 2 * PAD + GAP + 3 * chinese_line
    assert sizes[LONG].width() == sizes["A"].width()  # long names are elided, not widened


@pytest.mark.parametrize("name", ["Acme Corp", CHINESE, LONG])
def test_a_card_paints_its_text_in_the_text_colour(
        cards: tuple[CardDelegate, BoardColumnModel], palette: QPalette, name: str) -> None:
    delegate, model = cards
    image, rect = paint_card(delegate, card_index(model, card(name)), palette)
    window = palette.color(Role.Window)
    assert count_near(image, window, tolerance=0) < image.width() * image.height() // 2
    name_area = QRect(PAD + 8, PAD, rect.width() // 2, rect.height() // 3)
    assert count_near(image, palette.color(Role.Text), name_area) >= 10


def test_the_card_surface_follows_the_palette(
        cards: tuple[CardDelegate, BoardColumnModel], palette: QPalette) -> None:
    delegate, model = cards
    image, rect = paint_card(delegate, card_index(model, card(renewal_in=None)), palette)
    surface = image.pixelColor(rect.right() - 12, rect.bottom() - PAD)
    assert near(surface, palette.color(Role.Base), tolerance=2)
    text_lightness = palette.color(Role.Text).lightness()
    if palette.color(Role.Window).lightness() < 128:  # dark: light on dark
        assert surface.lightness() < 80 and text_lightness > 180
    else:
        assert surface.lightness() > 200 and text_lightness < 80


def test_a_selected_card_is_framed_and_tinted_in_the_highlight(
        cards: tuple[CardDelegate, BoardColumnModel], palette: QPalette) -> None:
    delegate, model = cards
    index = card_index(model, card(renewal_in=None))
    plain, rect = paint_card(delegate, index, palette)
    selected, _rect = paint_card(delegate, index, palette, selected=True)
    highlight = palette.color(Role.Highlight)
    top_edge = QRect(20, 0, rect.width() - 40, GAP)
    assert count_near(selected, highlight, top_edge, 12) > rect.width() // 2
    assert count_near(plain, highlight, top_edge, 12) == 0
    spot = (rect.right() - 12, rect.bottom() - PAD)
    assert selected.pixelColor(*spot) != plain.pixelColor(*spot)  # the tint
    assert near(selected.pixelColor(*spot), palette.color(Role.Base), tolerance=60)


def test_the_tier_badge_text_reads_on_the_badge(
        cards: tuple[CardDelegate, BoardColumnModel], palette: QPalette) -> None:
    delegate, model = cards
    image, rect = paint_card(delegate, card_index(model, card(tier="S")), palette)
    badge = QRect(rect.width() // 2, 0, rect.width() // 2, rect.height() // 3)
    assert count_near(image, palette.color(Role.BrightText), badge, 30) >= 5


# --- the calendar's day cell --------------------------------------------------------------
def month_grid(counts: DayCounts) -> DayGridModel:
    """November 2026 (six weeks from Monday 26 October) with ``counts`` on the 20th."""
    model = DayGridModel(lambda ids, day: None)
    start = date(2026, 10, 26)
    model.set_days([start + timedelta(days=i) for i in range(42)], 11, TODAY)
    model.set_content({date(2026, 11, 20): counts})
    return model


def paint_cell(model: DayGridModel, day: date, palette: QPalette,
               selected: bool = False) -> tuple[QImage, QRect]:
    delegate = DayCellDelegate("UTC")
    option = option_for(QRect(), palette, selected)
    index = model.index_of(day)
    size = delegate.sizeHint(option, index)
    size.setWidth(140)
    option.rect = QRect(0, 0, size.width(), size.height())
    image = canvas(size, palette.color(Role.Window))
    painter = QPainter(image)
    delegate.paint(painter, option, index)
    painter.end()
    return image, QRect(option.rect)  # a copy: the option's own dies with it


BUSY = DayCounts(renewals=1, todos=3, overdue=1, visits=1, renewal_name=CHINESE)


def test_a_cell_has_one_size_that_fits_the_day_and_four_chinese_chips(qapp: QApplication
                                                                      ) -> None:
    delegate = DayCellDelegate("UTC")
    option = option_for(QRect(), QApplication.palette())
    busy, empty = month_grid(BUSY), month_grid(DayCounts())
    hints = {delegate.sizeHint(option, model.index_of(date(2026, 11, 20)))
             for model in (busy, empty)}
    assert len(hints) == 1
    line = QFontMetrics(option.font).boundingRect(CHINESE).height()
    assert hints.pop().height() >= 5 * line  # the day number and four chips


def test_a_busy_day_paints_its_chips(palette: QPalette) -> None:
    image, rect = paint_cell(month_grid(BUSY), date(2026, 11, 20), palette)
    renewal = bounds_of(image, RENEWAL_COLOR)
    assert renewal.width() > rect.width() // 2, "the renewal chip"
    assert count_near(image, palette.color(Role.BrightText), renewal, 30) >= 5, "its name"
    assert bounds_of(image, OVERDUE_COLOR).top() > renewal.bottom(), "the overdue chip below"
    day_number = QRect(0, 0, rect.width() // 3, renewal.top())
    assert count_near(image, palette.color(Role.Text), day_number) >= 5


def test_the_cell_surface_follows_the_palette(palette: QPalette) -> None:
    image, rect = paint_cell(month_grid(BUSY), date(2026, 11, 18), palette)  # a quiet Wednesday
    surface = image.pixelColor(rect.right() - 6, rect.bottom() - 6)
    assert near(surface, palette.color(Role.Base), tolerance=2)
    dark = palette.color(Role.Window).lightness() < 128
    assert (surface.lightness() < 80) if dark else (surface.lightness() > 200)
    weekend, _rect = paint_cell(month_grid(BUSY), date(2026, 11, 21), palette)
    assert weekend.pixelColor(rect.right() - 6, rect.bottom() - 6) != surface  # tinted


def test_today_and_a_selected_day_show_the_highlight(palette: QPalette) -> None:
    highlight = palette.color(Role.Highlight)
    grid = month_grid(BUSY)
    plain, rect = paint_cell(grid, date(2026, 11, 18), palette)
    selected, _rect = paint_cell(grid, date(2026, 11, 18), palette, selected=True)
    left_edge = QRect(0, 0, 4, rect.height())
    assert count_near(plain, highlight, left_edge, 12) == 0
    assert count_near(selected, highlight, left_edge, 12) > rect.height() // 2
    today, _rect = paint_cell(grid, TODAY, palette)
    circle = bounds_of(today, highlight)
    assert not circle.isEmpty() and circle.top() < rect.height() // 3
    assert count_near(today, palette.color(Role.HighlightedText), circle, 40) >= 3
