"""The navigation's pages. Each is built the first time it is shown (lazy pages keep start-up
fast); a page whose module does not exist yet shows an honest "coming next" note."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from mycrm.ui.context import AppContext


def _t(text: str) -> str:
    return QCoreApplication.translate("pages", text)


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: Callable[[], str]
    module: str
    class_name: str
    coming: Callable[[], str]


PAGES = (
    PageSpec("home", lambda: _t("Home"), "mycrm.ui.home_page", "HomePage",
             lambda: _t("The dashboard — goals and who needs contact now — is coming next.")),
    PageSpec("board", lambda: _t("Board"), "mycrm.ui.board_page", "BoardPage", lambda: ""),
    PageSpec("calendar", lambda: _t("Calendar"), "mycrm.ui.calendar_page", "CalendarPage",
             lambda: _t("The calendar of renewals, reminders and visits is coming next.")),
    PageSpec("customers", lambda: _t("Customers"), "mycrm.ui.customers_page", "CustomersPage",
             lambda: ""),
    PageSpec("todos", lambda: _t("To-dos"), "mycrm.ui.todos_page", "TodosPage",
             lambda: _t("To-dos with reminders are coming next.")),
    PageSpec("needs", lambda: _t("Needs"), "mycrm.ui.needs_page", "NeedsPage",
             lambda: _t("Potential needs across customers are coming next.")),
)
PAGE_KEYS = tuple(p.key for p in PAGES)


def build_page(spec: PageSpec, ctx: AppContext) -> QWidget:
    try:
        module = importlib.import_module(spec.module)
    except ModuleNotFoundError as exc:
        if exc.name != spec.module:
            raise
        label = QLabel(spec.coming())
        label.setObjectName("emptyState")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        return label
    page: QWidget = getattr(module, spec.class_name)(ctx)
    page.setObjectName(f"page_{spec.key}")
    return page
