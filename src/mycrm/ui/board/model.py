"""One board column as a list model: cards of one state, in the board query's order.

A column can hold thousands of customers; the model shows one page (``PAGE_SIZE`` cards) and
reads the next when the view scrolls to the end (Qt's ``canFetchMore``/``fetchMore``), so the
cost of a reload follows what is on screen, not the size of the portfolio. ``total`` is the
count of the whole column, for its title.

Cards are dragged between columns as ``application/x-mycrm-customer-ids`` MIME data; a drop
asks the core to change the state, and the resulting data-changed signal reloads every
column. The model never keeps its own copy of the truth beyond the rows it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from mycrm.core.customers.board import BoardCard
from mycrm.ui.common.plain import literal_text

MIME_TYPE = "application/x-mycrm-customer-ids"
CardRole = Qt.ItemDataRole.UserRole + 1
CustomerIdRole = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


Fetch = Callable[[int, int], Sequence[BoardCard]]  # (offset, limit) -> cards of that page


class BoardColumnModel(QAbstractListModel):
    # Cards read at a time: a card is about 85 px high, so a column on a tall screen shows
    # some 15; the view asks for the next page as it scrolls (or while it is not full).
    PAGE_SIZE = 30

    def __init__(self, state: str, on_drop: Callable[[list[int], str], None],
                 fetch: Fetch | None = None, page_size: int | None = None) -> None:
        """``fetch(offset, limit)`` reads further cards of the column in the board order;
        without it the model shows exactly what ``set_cards`` gives it."""
        super().__init__()
        self.state = state
        self.page_size = page_size or self.PAGE_SIZE
        self._cards: list[BoardCard] = []
        self._total = 0
        self._on_drop = on_drop
        self._fetch = fetch

    # --- data -------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cards):
            return None
        card = self._cards[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return card.name
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = card.name if not card.industry else f"{card.name}\n{card.industry}"
            return literal_text(tip)
        if role == CardRole:
            return card
        if role == CustomerIdRole:
            return card.id
        return None

    def card(self, row: int) -> BoardCard:
        return self._cards[row]

    def row_of(self, customer_id: int) -> int:
        return next((i for i, c in enumerate(self._cards) if c.id == customer_id), -1)

    def total(self) -> int:
        """Cards in the whole column (loaded or not)."""
        return self._total

    def set_cards(self, cards: Sequence[BoardCard], total: int | None = None) -> None:
        """Show ``cards``, the first of ``total`` (default: all of them). Same rows in the same
        order → ``dataChanged`` (selection and scroll position stay); otherwise a reset."""
        new = list(cards)
        self._total = max(len(new), total if total is not None else len(new))
        if new == self._cards:
            return
        if [c.id for c in new] == [c.id for c in self._cards] and new:
            self._cards = new
            self.dataChanged.emit(self.index(0), self.index(len(new) - 1))
            return
        self.beginResetModel()
        self._cards = new
        self.endResetModel()

    # --- paging -----------------------------------------------------------------------
    def canFetchMore(self, parent: AnyIndex) -> bool:  # noqa: N802
        return (not parent.isValid() and self._fetch is not None
                and len(self._cards) < self._total)

    def fetchMore(self, parent: AnyIndex) -> None:  # noqa: N802
        if not self.canFetchMore(parent):
            return
        assert self._fetch is not None
        shown = {card.id for card in self._cards}
        # Data may have changed since the last page; never show a card twice.
        more = [c for c in self._fetch(len(self._cards), self.page_size) if c.id not in shown]
        if not more:
            self._total = len(self._cards)  # the column shrank; the next reload recounts
            return
        first = len(self._cards)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._cards.extend(more)
        self.endInsertRows()

    # --- drag and drop ----------------------------------------------------------------
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | (
            Qt.ItemFlag.ItemIsDragEnabled
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = sorted({self._cards[i.row()].id for i in indexes if i.isValid()})
        mime = QMimeData()
        mime.setData(MIME_TYPE, QByteArray(",".join(map(str, ids)).encode()))
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: AnyIndex) -> bool:
        return data.hasFormat(MIME_TYPE) and action == Qt.DropAction.MoveAction

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: AnyIndex) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        ids = decode_ids(data)
        moving = [i for i in ids if self.row_of(i) < 0]
        if moving:
            self._on_drop(moving, self.state)
        # False: the source view must not remove rows itself; the reload does it.
        return False


def decode_ids(data: QMimeData) -> list[int]:
    raw = bytes(data.data(MIME_TYPE).data()).decode(errors="ignore")
    return [int(part) for part in raw.split(",") if part.strip().isdigit()]
