"""The navigation's pages. Each is built the first time it is shown (lazy pages keep start-up
fast): its module is imported then, too."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from mycrm.ui.app.context import AppContext
from mycrm.ui.common.i18n import translator

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


def build_page(spec: PageSpec, ctx: AppContext) -> QWidget:
    module = importlib.import_module(spec.module)
    page: QWidget = getattr(module, spec.class_name)(ctx)
    page.setObjectName(f"page_{spec.key}")
    return page
