"""The navigation's pages. Each is built the first time it is shown (lazy pages keep start-up
fast): its module is imported then, too."""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from mycrm.ui.app.context import AppContext
from mycrm.ui.common.i18n import translator

log = logging.getLogger(__name__)
_t = translator("pages")


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: Callable[[], str]
    module: str
    class_name: str


PAGES = (
    PageSpec("home", lambda: _t("Home"), "mycrm.ui.home.page", "HomePage"),
    PageSpec("board", lambda: _t("Board"), "mycrm.ui.board.page", "BoardPage"),
    PageSpec("calendar", lambda: _t("Calendar"), "mycrm.ui.calendar.page", "CalendarPage"),
    PageSpec("customers", lambda: _t("Customers"), "mycrm.ui.customers.table", "CustomersPage"),
    PageSpec("todos", lambda: _t("To-dos"), "mycrm.ui.todos.page", "TodosPage"),
    PageSpec("needs", lambda: _t("Needs"), "mycrm.ui.records.needs_page", "NeedsPage"),
)
PAGE_KEYS = tuple(p.key for p in PAGES)


def module_imports() -> list[Callable[[], None]]:
    """One step per page whose module is not imported yet, importing it: the start runs
    them one event-loop turn each once it is idle (3–15 ms a module), so a page's first
    showing finds its module loaded. On the GUI thread rather than a worker's: the window
    importing anything a worker is importing would wait for that whole import. A module
    that fails here is only logged — the page imports it again when shown."""
    def importer(module: str) -> Callable[[], None]:
        def step() -> None:
            try:
                importlib.import_module(module)
            except Exception:  # noqa: BLE001 — a warm-up only; the page imports for itself
                log.debug("importing %s ahead failed", module, exc_info=True)
        return step

    return [importer(spec.module) for spec in PAGES if spec.module not in sys.modules]


def build_page(spec: PageSpec, ctx: AppContext) -> QWidget:
    module = importlib.import_module(spec.module)
    page: QWidget = getattr(module, spec.class_name)(ctx)
    page.setObjectName(f"page_{spec.key}")
    return page
