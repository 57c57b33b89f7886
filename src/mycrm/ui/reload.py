"""Reload a page when data changes — now if it is visible, else the next time it is shown.

Every built page listens to ``ctx.changed``; without this, saving one visit would make every
page ever opened re-query the database although only one is on screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from mycrm.ui.context import AppContext


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
