"""The command palette (Ctrl+K): type to find customers, actions (from the table in
``ui.app.actions``) and pages; Enter runs the selected entry. An action that needs a
customer acts on the one the window's page points at, else asks.
``ui.app.actions.install_command_palette`` adds the shortcut to the main window."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QFrame, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from mycrm.core.search import find_customers
from mycrm.ui.app.actions import PALETTE_ACTIONS, Action, native_shortcut
from mycrm.ui.app.context import AppContext
from mycrm.ui.app.pages import PAGES
from mycrm.ui.common.i18n import translator
from mycrm.ui.common.plain import literal_text
from mycrm.ui.common.reload import after_typing

CUSTOMER_LIMIT = 30
EntryRole = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex


class PaletteWindow(Protocol):
    """What the palette needs from the main window."""

    ctx: AppContext

    def dispatch(self, action: Action, target_id: int = 0) -> object: ...
    def show_page(self, key: str) -> QWidget: ...


_t = translator("CommandPalette")


@dataclass(frozen=True)
class Entry:
    """One line: ``kind`` is "customer", "action" or "page"; ``key`` the action's value
    (``Action``) or the page's key."""

    kind: str
    text: str
    detail: str
    key: str = ""
    customer_id: int = 0


def static_entries() -> list[Entry]:
    actions = [Entry("action", a.label(), native_shortcut(a.shortcut) if a.shortcut else "",
                     a.value) for a in PALETTE_ACTIONS]
    pages = [Entry("page", _t("Go to %1").replace("%1", p.title()),
                   native_shortcut(f"Ctrl+{i + 1}"), p.key) for i, p in enumerate(PAGES)]
    return actions + pages


def matches(entry: Entry, text: str) -> bool:
    """Every word typed appears in the label or the internal name (case-insensitive)."""
    haystack = f"{entry.text} {entry.key}".casefold()
    return all(word in haystack for word in text.casefold().split())


class PaletteModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._entries: list[Entry] = []

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{entry.text}    {entry.detail}" if entry.detail else entry.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return entry.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal_text(entry.text)
        if role == EntryRole:
            return entry
        return None

    def entry(self, row: int) -> Entry:
        return self._entries[row]

    def set_entries(self, entries: Sequence[Entry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()


class _ArrowKeys(QObject):
    """Up/Down in the search field move the list's selection."""

    def __init__(self, move: Callable[[int], None]) -> None:
        super().__init__()
        self._move = move

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)):
            self._move(1 if event.key() == Qt.Key.Key_Down else -1)
            return True
        return False


class CommandPalette(QDialog):
    def __init__(self, window: PaletteWindow) -> None:
        super().__init__(window if isinstance(window, QWidget) else None)
        self.window_ = window
        self.ctx = window.ctx
        self.setWindowTitle(self.tr("Command palette"))
        self.setMinimumSize(520, 380)
        self.search = QLineEdit()
        self.search.setObjectName("paletteSearch")
        self.search.setPlaceholderText(self.tr("Type a customer's name, an action or a page…"))
        self.search.setAccessibleName(self.tr("Search customers and actions"))
        self.model = PaletteModel()
        self.list = QListView()
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setObjectName("paletteResults")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.activated.connect(lambda index: self.run_row(index.row()))
        self.hint = QLabel(self.tr("↑↓ to choose · Enter to run · Esc to close"))
        self.hint.setObjectName("emptyState")
        self._arrows = _ArrowKeys(self.move_selection)
        self.search.installEventFilter(self._arrows)
        self._debounce = after_typing(self.search, self.refresh, pause_ms=80)
        self.search.returnPressed.connect(self.run_current)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        self.refresh()

    def refresh(self) -> None:
        """Actions and pages whose label starts with the text, then customers whose name,
        contact or industry contains it, then the other matching actions and pages (all
        actions and pages when nothing is typed)."""
        text = self.search.text().strip()
        commands = [e for e in static_entries() if not text or matches(e, text)]
        first = [e for e in commands if text and e.text.casefold().startswith(text.casefold())]
        customers: list[Entry] = []
        if text:
            found = self.ctx.read(find_customers, text_=text, limit=CUSTOMER_LIMIT,
                                  include_inactive=False)
            customers = [Entry("customer", c.name, c.industry, customer_id=c.id)
                         for c in found]
        entries = first + customers + [e for e in commands if e not in first]
        self.model.set_entries(entries)
        if entries:
            self.list.setCurrentIndex(self.model.index(0))
        self.hint.setText(self.tr("↑↓ to choose · Enter to run · Esc to close") if entries
                          else self.tr("Nothing matches “%1”.").replace("%1", text))

    def move_selection(self, step: int) -> None:
        """Move the current row by ``step``, wrapping at either end (Up/Down keys)."""
        count = self.model.rowCount()
        if not count:
            return
        row = (self.list.currentIndex().row() + step) % count
        self.list.setCurrentIndex(self.model.index(row))

    def run_current(self) -> None:
        if self._debounce.isActive():
            self._debounce.stop()
            self.refresh()
        index = self.list.currentIndex()
        if index.isValid():
            self.run_row(index.row())

    def run_row(self, row: int) -> None:
        entry = self.model.entry(row)
        self.accept()
        if entry.kind == "customer":
            self.window_.dispatch(Action.OPEN_CUSTOMER, entry.customer_id)
        elif entry.kind == "action":
            self.window_.dispatch(Action(entry.key), 0)
        else:
            self.window_.show_page(entry.key)


def open_command_palette(window: PaletteWindow) -> CommandPalette:
    palette = CommandPalette(window)
    palette.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    palette.open()
    palette.search.setFocus()
    return palette
