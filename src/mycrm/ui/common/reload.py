"""Reload a page when data changes — now if it is visible, else the next time it is shown —
and re-read a filtered list once the user pauses typing.

Every built page listens to ``ctx.changed``; without this, saving one visit would make every
page ever opened re-query the database although only one is on screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QLineEdit, QWidget

from mycrm.ui.app.context import AppContext

TYPING_PAUSE_MS = 120  # a filter re-reads once the keys stop for this long


class _ReloadWhenVisible(QObject):
    def __init__(self, page: QWidget, reload: Callable[[], None]) -> None:
        super().__init__(page)
        self._page = page
        self._reload = reload
        self.dirty = False
        page.installEventFilter(self)

    def changed(self) -> None:
        if self._page.isVisible():
            self.dirty = False
            self._reload()
        else:
            self.dirty = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self._page and event.type() == QEvent.Type.Show and self.dirty:
            self.dirty = False
            self._reload()
        return False


def reload_when_visible(page: QWidget, ctx: AppContext, reload: Callable[[], None]) -> QObject:
    """Connect ``ctx.changed`` to ``reload`` so that hidden pages catch up when shown."""
    watcher = _ReloadWhenVisible(page, reload)
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
