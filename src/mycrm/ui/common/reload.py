"""Reload a page when data it shows changes — now if it is visible, else the next time it is
shown — and re-read a filtered list once the user pauses typing.

Every built page listens to ``ctx.changed(Change)`` and declares the kinds of data it shows
(``shows``); without this, saving one visit would make every page ever opened re-query the
database although only one is on screen, and a to-do ticked off in the tray would re-run
queries of pages that show no to-dos.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QLineEdit, QWidget

from mycrm.core.changes import Change
from mycrm.ui.app.context import AppContext

TYPING_PAUSE_MS = 120  # a filter re-reads once the keys stop for this long

Reload = Callable[[Change], None]  # called with the kinds that changed (those it shows)


class ReloadWhenVisible(QObject):
    """Collects the changes a hidden page missed and hands them over when it is shown."""

    def __init__(self, page: QWidget, reload: Reload, shows: Change) -> None:
        super().__init__(page)
        self._page = page
        self._reload = reload
        self.shows = shows
        self.pending = Change.NONE  # shown kinds that changed while the page was hidden
        page.installEventFilter(self)

    @property
    def dirty(self) -> bool:
        return bool(self.pending)

    def changed(self, what: Change) -> None:
        """Slot of ``ctx.changed``: reload for the shown kinds in ``what``, or remember them."""
        relevant = what & self.shows
        if not relevant:
            return
        if self._page.isVisible():
            self.pending = Change.NONE
            self._reload(relevant)
        else:
            self.pending |= relevant

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._page and event.type() == QEvent.Type.Show and self.pending:
            what, self.pending = self.pending, Change.NONE
            self._reload(what)
        return False


def reload_when_visible(page: QWidget, ctx: AppContext, reload: Reload, *,
                        shows: Change) -> ReloadWhenVisible:
    """Call ``reload(what)`` when ``ctx.changed`` names a kind in ``shows`` (``what`` is
    only those kinds); a hidden page catches up once when shown, with every kind it missed."""
    watcher = ReloadWhenVisible(page, reload, shows)
    ctx.changed.connect(watcher.changed)
    return watcher


def after_typing(edit: QLineEdit, refresh: Callable[[], None],
                 pause_ms: int = TYPING_PAUSE_MS) -> QTimer:
    """Call ``refresh`` once the text of ``edit`` stops changing for ``pause_ms``: one query
    per pause, not one per key. ``timer.isActive()`` says a refresh is still pending (flush
    it before acting on the list, e.g. on Enter)."""
    timer = QTimer(edit, singleShot=True, interval=pause_ms)
    timer.timeout.connect(refresh)
    edit.textChanged.connect(lambda _text: timer.start())
    return timer
