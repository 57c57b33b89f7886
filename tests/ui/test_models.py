"""Every item model in ``mycrm.ui`` under Qt's model tester, showing the rows it should.

As qutebrowser's completion model tests do: the ``qtmodeltester`` fixture checks the model's
contract (and keeps checking every signal until the test ends), then ``check_model`` compares
the rows with what the data built through the core services says they must be. The last
test walks ``mycrm.ui`` and fails when a model class has no test here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

import mycrm.ui
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.backup import backup_database
from mycrm.core.db.paths import backup_dir
from mycrm.core.records.needs import NeedInput, create_need
from mycrm.core.records.services import InteractionInput, log_interaction
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app.command_palette import CommandPalette, PaletteModel
from mycrm.ui.app.context import AppContext
from mycrm.ui.board.model import BoardColumnModel, CustomerIdRole
from mycrm.ui.board.page import BoardPage
from mycrm.ui.calendar.models import DateRole, DayGridModel, ItemListModel
from mycrm.ui.calendar.page import CalendarPage
from mycrm.ui.common.fmt import format_date
from mycrm.ui.customers.page import CustomerPage
from mycrm.ui.customers.table import CustomersPage, CustomersTableModel
from mycrm.ui.customers.timeline_model import RowsModel, TimelineModel
from mycrm.ui.data.backups_dialog import BackupsDialog, BackupsModel
from mycrm.ui.data.import_dialog import ImportDialog, MappingModel, PreviewModel
from mycrm.ui.home.attention_model import AttentionModel
from mycrm.ui.home.page import HomePage
from mycrm.ui.records.needs_page import NeedsPage
from mycrm.ui.reminders.missed_dialog import MissedDialog, MissedModel
from mycrm.ui.todos.model import CustomerFilterModel, TodoListModel
from mycrm.ui.todos.page import TodosPage
from qt_helpers import check_model, model_rows, on_screen

T = TypeVar("T", bound=Callable[..., None])
USER = Qt.ItemDataRole.UserRole
TESTED: dict[type[QAbstractItemModel], str] = {}


def covers(*models: type[QAbstractItemModel]) -> Callable[[T], T]:
    """Registers the test as the one that checks ``models`` (for the completeness test)."""
    def register(test: T) -> T:
        for model in models:
            TESTED[model] = test.__name__
        return test
    return register


class Portfolio:
    """Three customers (one with a visit, one with a Chinese name) and four to-dos, made
    through the core services at the fixed test clock (Sunday 2026-11-22 09:30 UTC)."""

    def __init__(self, ctx: AppContext) -> None:
        today = ctx.today()
        self.acme = self._customer(ctx, "Acme Corp", today + timedelta(days=10), "A")
        self.beta = self._customer(ctx, "Beta GmbH", None, "C")
        self.li = self._customer(ctx, "李氏贸易有限公司", today + timedelta(days=40), "B")
        ctx.run(log_interaction, data=InteractionInput(
            customer_id=self.acme, occurred_at=ctx.now() - timedelta(days=3),
            discussion="Roadmap review"))
        now = ctx.now().replace(tzinfo=None)
        self.overdue = self._todo(ctx, "Call about SSO", now - timedelta(days=1), self.acme)
        self.today = self._todo(ctx, "Send the quote", now + timedelta(hours=3), self.li)
        self.upcoming = self._todo(ctx, "Plan the QBR", now + timedelta(days=5), self.acme)
        self.someday = self._todo(ctx, "Read their annual report", None, None)

    @staticmethod
    def _customer(ctx: AppContext, name: str, renewal: date | None, tier: str) -> int:
        customer = ctx.run(create_customer, data=CustomerInput(
            name=name, renewal_date=renewal, tier=tier, industry="Retail"))
        assert customer.id is not None
        return customer.id

    @staticmethod
    def _todo(ctx: AppContext, title: str, wall: datetime | None, customer: int | None) -> int:
        todo = ctx.run(create_todo, data=TodoInput(title=title, remind_wall=wall,
                                                   remind_tz="UTC", customer_id=customer))
        assert todo.id is not None
        return todo.id


W = TypeVar("W", bound=QWidget)


def shown(qtbot: QtBot, widget: W, size: tuple[int, int] | None = None) -> W:
    """``widget`` owned by the test (closed and deleted at its end) and on screen."""
    qtbot.addWidget(widget)
    return on_screen(qtbot, widget, size)


@pytest.fixture
def portfolio(ctx: AppContext) -> Portfolio:
    return Portfolio(ctx)


# --- board, customers -------------------------------------------------------------------
@covers(BoardColumnModel)
def test_board_columns(qtbot: QtBot, qtmodeltester: ModelTester, ctx: AppContext,
                       portfolio: Portfolio) -> None:
    page = shown(qtbot, BoardPage(ctx))
    model = page.columns["to_contact"].model
    # Acme's visit moved it on; the rest by renewal date, the one without a date last.
    check_model(qtmodeltester, model, ["李氏贸易有限公司", "Beta GmbH"])
    assert model_rows(model, CustomerIdRole) == [portfolio.li, portfolio.beta]
    visited = page.columns["visited"].model
    check_model(qtmodeltester, visited, ["Acme Corp"])
    assert model_rows(visited, CustomerIdRole) == [portfolio.acme]


@covers(CustomersTableModel)
def test_customers_table(qtbot: QtBot, qtmodeltester: ModelTester, ctx: AppContext,
                         portfolio: Portfolio) -> None:
    page = shown(qtbot, CustomersPage(ctx))
    check_model(qtmodeltester, page.model, [
        ("Acme Corp", "A", "Visited", "Retail", "2026-12-02", "10", "2026-11-19", "", "Active"),
        ("李氏贸易有限公司", "B", "To contact", "Retail", "2027-01-01", "40", "never", "",
         "Active"),
        ("Beta GmbH", "C", "To contact", "Retail", "", "", "never", "", "Active"),
    ])


@covers(TimelineModel, RowsModel)
def test_customer_page_timeline_and_sections(qtbot: QtBot, qtmodeltester: ModelTester,
                                             ctx: AppContext, portfolio: Portfolio) -> None:
    page = shown(qtbot, CustomerPage(ctx))
    page.set_customer(portfolio.acme)
    check_model(qtmodeltester, page.timeline_model, [
        "2026-11-22 09:30   To-do added: Plan the QBR",
        "2026-11-22 09:30   To-do added: Call about SSO",
        "2026-11-22 09:30   To contact → Visited\nBecause a Visit was logged",
        "2026-11-22 09:30   Customer added",
        "2026-11-19 09:30   Visit\nRoadmap review",
    ])
    check_model(qtmodeltester, page.todos.model,
                [("Call about SSO", "2026-11-21 09:30"), ("Plan the QBR", "2026-11-27 09:30")])


# --- to-dos, reminders -------------------------------------------------------------------
@covers(TodoListModel, CustomerFilterModel)
def test_todo_list_and_customer_filter(qtbot: QtBot, qtmodeltester: ModelTester,
                                       ctx: AppContext, portfolio: Portfolio) -> None:
    page = shown(qtbot, TodosPage(ctx))
    check_model(qtmodeltester, page.model, [
        "Overdue (1)", "Call about SSO", "Today (1)", "Send the quote",
        "Upcoming (1)", "Plan the QBR", "No date (1)", "Read their annual report",
    ])
    check_model(qtmodeltester, page.customers,
                ["All customers", "Acme Corp", "Beta GmbH", "李氏贸易有限公司"])
    assert model_rows(page.customers, USER) == [None, portfolio.acme, portfolio.beta,
                                                portfolio.li]


@covers(MissedModel)
def test_missed_reminders(qtbot: QtBot, qtmodeltester: ModelTester, ctx: AppContext,
                          portfolio: Portfolio) -> None:
    dialog = MissedDialog(ctx, [portfolio.overdue, portfolio.today])
    qtbot.addWidget(dialog)
    check_model(qtmodeltester, dialog.model, [
        "Call about SSO — Acme Corp — 2026-11-21 09:30",
        "Send the quote — 李氏贸易有限公司 — 2026-11-22 12:30",
    ])
    assert model_rows(dialog.model, USER) == [portfolio.overdue, portfolio.today]


# --- home, calendar ----------------------------------------------------------------------
@covers(AttentionModel)
def test_home_attention(qtbot: QtBot, qtmodeltester: ModelTester, ctx: AppContext,
                        portfolio: Portfolio) -> None:
    page = shown(qtbot, HomePage(ctx), (1100, 700))
    # Today's and overdue to-dos first, then the renewals coming up.
    check_model(qtmodeltester, page.attention_model,
                ["Call about SSO", "Send the quote", "Acme Corp", "李氏贸易有限公司"])


@covers(DayGridModel, ItemListModel)
def test_calendar_grid_and_lists(qtbot: QtBot, qtmodeltester: ModelTester, ctx: AppContext,
                                 portfolio: Portfolio) -> None:
    page = shown(qtbot, CalendarPage(ctx))
    grid = page.month_model
    qtmodeltester.check(grid)
    days = [d for row in model_rows(grid, DateRole) for d in row]
    assert len(days) == 42 and days == [days[0] + timedelta(days=i) for i in range(42)]
    assert date(2026, 11, 1) in days and date(2026, 11, 30) in days
    page.select_day(ctx.today())
    check_model(qtmodeltester, page.day_model, ["12:30  To-do: Send the quote — 李氏贸易有限公司"])


# --- records, command palette ------------------------------------------------------------
def test_needs_proxy(qtbot: QtBot, qtmodeltester: ModelTester, ctx: AppContext,
                     portfolio: Portfolio) -> None:
    ctx.run(create_need, data=NeedInput(customer_id=portfolio.li, title="SSO", amount="30000"))
    page = shown(qtbot, NeedsPage(ctx))
    need = ("SSO", "李氏贸易有限公司", "¥30,000", "", "Open", "2026-11-22")
    check_model(qtmodeltester, page.model, [need])
    check_model(qtmodeltester, page.proxy, [need])


class _Window:
    """What the command palette needs of the main window: the context, nothing dispatched."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def dispatch(self, action: str, target_id: int = 0) -> object:
        raise AssertionError("the model test runs nothing")

    def show_page(self, key: str) -> QWidget:
        raise AssertionError("the model test opens no page")


@covers(PaletteModel)
def test_command_palette(qtbot: QtBot, qtmodeltester: ModelTester, ctx: AppContext,
                         portfolio: Portfolio) -> None:
    palette = CommandPalette(_Window(ctx))
    qtbot.addWidget(palette)
    qtmodeltester.check(palette.model)
    palette.search.setText("corp")
    palette.refresh()
    assert model_rows(palette.model) == ["Acme Corp    Retail"]


# --- data: backups, import ---------------------------------------------------------------
@covers(BackupsModel)
def test_backups(qtbot: QtBot, qtmodeltester: ModelTester, ctx: AppContext,
                 portfolio: Portfolio) -> None:
    backup_database(ctx.engine, backup_dir(ctx.data_path), reason="manual", now=ctx.now())
    dialog = BackupsDialog(ctx)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    rows = model_rows(dialog.model)
    assert [row[:2] + row[3:] for row in rows] == [("2026-11-22 09:30", "By hand", "3", "0", "4")]
    assert rows[0][2].endswith("KiB")  # the size, as the locale writes it


def statuses(preview: PreviewModel) -> list[str]:
    return [row[0] for row in model_rows(preview, USER)]


@covers(MappingModel, PreviewModel)
def test_import_mapping_and_preview(qtbot: QtBot, qtmodeltester: ModelTester,
                                    ctx: AppContext, portfolio: Portfolio,
                                    tmp_path: Path) -> None:
    sheet = tmp_path / "customers.csv"
    sheet.write_text("Company,Contact,Renewal date\nAcme Corp,Ann Lee,2027-01-31\n"
                     "Gamma Ltd,Bo Chen,2027-02-30\nDelta AG,,\n", encoding="utf-8")
    dialog = ImportDialog(ctx, sheet)
    qtbot.addWidget(dialog)
    check_model(qtmodeltester, dialog.mapping_model, [
        ("Company", "Acme Corp", "Company"),
        ("Contact", "Ann Lee", "Contact name"),
        ("Renewal date", "2027-01-31", "Renewal date"),
    ])
    check_model(qtmodeltester, dialog.preview_model, [
        ("2", "Already in mycrm", "Acme Corp", "Ann Lee", format_date(date(2027, 1, 31)), "",
         "Same as “Acme Corp” — only new contacts are added"),
        ("3", "New customer", "Gamma Ltd", "Bo Chen", "", "",
         "Renewal date “2027-02-30” is not understood — imported without a renewal date"),
        ("4", "New customer", "Delta AG", "", "", "", ""),
    ])
    assert statuses(dialog.preview_model) == ["duplicate", "new", "new"]
    # Ignoring the date column: the preview follows (no warning, no parsed date).
    dialog.mapping_model.setData(dialog.mapping_model.index(2, 2), "ignore")
    assert model_rows(dialog.preview_model)[1][4:] == ("", "", "")
    assert model_rows(dialog.mapping_model)[2] == ("Renewal date", "2027-01-31", "(ignore)")


# --- completeness ------------------------------------------------------------------------
def ui_model_classes() -> set[type[QAbstractItemModel]]:
    """Every item model class defined in a ``mycrm.ui`` module."""
    found: set[type[QAbstractItemModel]] = set()
    for info in pkgutil.walk_packages(mycrm.ui.__path__, "mycrm.ui."):
        module = importlib.import_module(info.name)
        found |= {cls for _name, cls in inspect.getmembers(module, inspect.isclass)
                  if issubclass(cls, QAbstractItemModel) and cls.__module__ == module.__name__}
    return found


def test_every_item_model_in_the_ui_has_a_model_test() -> None:
    found = ui_model_classes()
    assert len(found) >= 14  # the walk really found the models
    missing = sorted(cls.__qualname__ for cls in found - set(TESTED))
    assert not missing, f"item models without a test in {__name__}: {missing}"


def test_the_walk_finds_the_models_no_test_checked_before() -> None:
    never_checked = {BackupsModel, MappingModel, PreviewModel, CustomerFilterModel}
    assert never_checked <= ui_model_classes()
    assert QSortFilterProxyModel not in ui_model_classes()  # Qt's own classes are not ours
