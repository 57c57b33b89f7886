"""The card delegate lays a card's text out once and reuses it: a repaint of the same card
is the same picture, and a card whose text changed (another name, another day, more
to-dos) is painted with its new text, never an old layout."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from mycrm.core.customers.board import BoardCard
from mycrm.ui.board.delegate import CardDelegate
from mycrm.ui.board.model import BoardColumnModel

TODAY = date(2026, 11, 22)
CARD = BoardCard(id=1, name="深圳前海智联物流有限公司", tier="A", state="to_contact",
                 industry="物流", renewal_date=TODAY + timedelta(days=20),
                 last_visit_at=datetime(2026, 10, 1, 9, tzinfo=UTC), open_todos=2)


def painted(delegate: CardDelegate, card: BoardCard) -> QImage:
    model = BoardColumnModel("to_contact", lambda *_args: None)
    model.set_cards([card])
    option = QStyleOptionViewItem()
    option.font = QApplication.font()
    size = delegate.sizeHint(option, model.index(0))
    option.rect = QRect(0, 0, size.width(), size.height())
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    delegate.paint(painter, option, model.index(0))
    painter.end()
    return image


def test_a_repaint_is_the_same_card_and_a_changed_card_is_painted_anew(qapp) -> None:
    day = {"today": TODAY}
    delegate = CardDelegate(lambda: day["today"], "UTC")
    first = painted(delegate, CARD)
    assert painted(delegate, CARD) == first  # the layout reused: the same picture
    for changed in (replace(CARD, name="Fabrikam GmbH"), replace(CARD, open_todos=7),
                    replace(CARD, renewal_date=None), replace(CARD, last_visit_at=None)):
        assert painted(delegate, changed) != first, changed
        assert painted(delegate, changed) == painted(CardDelegate(lambda: TODAY, "UTC"),
                                                     changed)  # as a fresh delegate paints
    day["today"] = TODAY + timedelta(days=1)  # one day less left: a new renewal line
    next_day = painted(delegate, CARD)
    assert next_day != first
    assert next_day == painted(CardDelegate(lambda: day["today"], "UTC"), CARD)
    day["today"] = TODAY
    assert painted(delegate, CARD) == first


def test_the_layouts_kept_are_bounded(qapp, monkeypatch) -> None:
    monkeypatch.setattr(CardDelegate, "LAYOUTS", 5)
    delegate = CardDelegate(lambda: TODAY, "UTC")
    for i in range(12):
        painted(delegate, replace(CARD, id=i, name=f"Customer {i}"))
        assert len(delegate._layouts) <= 5
    assert painted(delegate, CARD) == painted(CardDelegate(lambda: TODAY, "UTC"), CARD)
