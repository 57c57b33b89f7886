"""Change flags (core/changes.py): every core service declares what it changes, ``ctx.run``
/ ``undo`` / the daily rules announce it, and a page reloads only for kinds it shows — a
to-do ticked off in the tray does not re-run Home's portfolio or goal queries."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

import mycrm.core
from mycrm.core.changes import Change, changes, changes_of, is_declared
from mycrm.core.customers.services import (
    ContactInput,
    CustomerInput,
    add_contact,
    create_customer,
    move_customers,
)
from mycrm.core.home.goals import set_goals
from mycrm.core.records.needs import NeedInput, create_need, delete_need
from mycrm.core.records.services import InteractionInput, log_interaction
from mycrm.core.settings.preferences import ReminderSettings, save_settings
from mycrm.core.todos import reminders
from mycrm.core.todos.services import TodoInput, create_todo, delete_todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.board.page import BoardPage
from mycrm.ui.calendar.page import CalendarPage
from mycrm.ui.common.reload import ReloadWhenVisible
from mycrm.ui.customers.page import CustomerPage
from mycrm.ui.customers.table import CustomersPage
from mycrm.ui.home import page as home_module
from mycrm.ui.home.page import HomePage
from mycrm.ui.records.needs_page import NeedsPage
from mycrm.ui.todos.page import TodosPage


# --- declarations ---------------------------------------------------------------------
def core_modules() -> Iterator[Any]:
    for info in pkgutil.walk_packages(mycrm.core.__path__, "mycrm.core."):
        if ".migrations" not in info.name:  # Alembic scripts run on import
            yield importlib.import_module(info.name)


def is_service(function: Callable[..., Any]) -> bool:
    """A function ``ctx.run`` can call: keyword-only ``session``, and ``now``."""
    parameters = inspect.signature(function).parameters
    session = parameters.get("session")
    return (session is not None and session.kind is inspect.Parameter.KEYWORD_ONLY
            and "now" in parameters)


def test_every_public_core_service_declares_what_it_changes() -> None:
    services = [(module.__name__, name) for module in core_modules()
                for name, function in vars(module).items()
                if inspect.isfunction(function) and function.__module__ == module.__name__
                and not name.startswith("_") and is_service(function)]
    assert len(services) > 30  # the walk really found the services
    undeclared = [f"{m}.{n}" for m, n in services
                  if not is_declared(getattr(importlib.import_module(m), n))]
    assert not undeclared, "add @changes(Change.…) to: " + ", ".join(undeclared)


def test_an_undeclared_service_changes_everything() -> None:
    def anything(**_kwargs: Any) -> None: ...

    assert changes_of(anything) is Change.ALL
    assert changes_of(changes(Change.TODOS)(anything)) is Change.TODOS


# --- what the context announces -------------------------------------------------------
def add_customer(ctx: AppContext, name: str = "Acme") -> int:
    customer = ctx.run(create_customer, data=CustomerInput(name=name))
    assert customer.id is not None
    return customer.id


def test_run_undo_and_daily_rules_emit_the_declared_kinds(qtbot: QtBot, ctx: AppContext,
                                                          now: datetime) -> None:
    cid = add_customer(ctx)
    with qtbot.waitSignal(ctx.changed) as signal:
        todo = ctx.run(create_todo, data=TodoInput(title="Call", customer_id=cid))
    assert signal.args == [Change.TODOS]
    with qtbot.waitSignal(ctx.changed) as signal:
        ctx.undoable(delete_todo, todo_id=todo.id)
    assert signal.args == [Change.TODOS]
    with qtbot.waitSignal(ctx.changed) as signal:
        assert ctx.undo() == "todo"
    assert signal.args == [Change.TODOS]  # undoing a delete changes what the delete did
    ctx.run(log_interaction, data=InteractionInput(
        customer_id=cid, kind="visit", occurred_at=now - timedelta(days=120)))
    with qtbot.waitSignal(ctx.changed) as signal:
        assert ctx.run_daily_rules() == [cid]
    assert signal.args == [Change.CUSTOMERS | Change.TODOS]


# --- what pages reload ----------------------------------------------------------------
PAGES: dict[str, Callable[[AppContext], QWidget]] = {
    "home": HomePage, "board": BoardPage, "customers": CustomersPage, "todos": TodosPage,
    "needs": NeedsPage, "calendar": CalendarPage, "customer": CustomerPage,
}


@pytest.fixture
def portfolio(ctx: AppContext, now: datetime) -> dict[str, int]:
    cid = add_customer(ctx)
    todo = ctx.run(create_todo, data=TodoInput(
        title="Call back", customer_id=cid, remind_tz="UTC",
        remind_wall=(now + timedelta(hours=1)).replace(tzinfo=None)))
    need = ctx.run(create_need, data=NeedInput(customer_id=cid, title="SSO"))
    assert todo.id is not None and need.id is not None
    return {"customer": cid, "todo": todo.id, "need": need.id}


@pytest.fixture
def reloads(qtbot: QtBot, ctx: AppContext, portfolio: dict[str, int]) -> dict[str, list]:
    """Every page shown, each with its reloads recorded (the kinds it was given)."""
    seen: dict[str, list] = {}
    for key, page_class in PAGES.items():
        page = page_class(ctx)
        qtbot.addWidget(page)
        if isinstance(page, CustomerPage):
            page.set_customer(portfolio["customer"])
        page.show()
        watcher = page.findChild(ReloadWhenVisible)
        assert watcher is not None, key
        seen[key] = []
        watcher._reload = recording(watcher._reload, seen[key])
    return seen


def recording(function: Callable[..., Any], calls: list, label: Any = None
              ) -> Callable[..., Any]:
    """``function``, noting each call in ``calls`` (``label``, or the first argument)."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(label if label is not None else args[0])
        return function(*args, **kwargs)

    return wrapper


def reloaded(seen: dict[str, list]) -> set[str]:
    return {key for key, calls in seen.items() if calls}


@pytest.mark.parametrize(("change", "expected"), [
    ("todo_done", {"home", "board", "todos", "calendar", "customer"}),
    ("need_deleted", {"home", "needs", "customer"}),
    ("contact_added", {"board", "customers", "customer"}),
    ("settings_saved", {"home"}),
    ("goals_set", {"home"}),
])
def test_a_change_reloads_the_pages_showing_it_and_no_other(
        ctx: AppContext, portfolio: dict[str, int], reloads: dict[str, list], change: str,
        expected: set[str]) -> None:
    cid = portfolio["customer"]
    {"todo_done": lambda: ctx.run(reminders.done, todo_id=portfolio["todo"]),
     "need_deleted": lambda: ctx.undoable(delete_need, need_id=portfolio["need"]),
     "contact_added": lambda: ctx.run(add_contact, customer_id=cid,
                                      data=ContactInput(name="Li Lei")),
     "settings_saved": lambda: ctx.run(save_settings, values=ReminderSettings(revisit_days=60)),
     "goals_set": lambda: ctx.run(set_goals, period="month", day=ctx.today(),
                                  targets={"visits": 4}),
     }[change]()
    assert reloaded(reloads) == expected


def test_a_to_do_done_in_the_tray_rereads_homes_attention_list_only(
        ctx: AppContext, portfolio: dict[str, int], reloads: dict[str, list],
        monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []
    for name in ("attention", "portfolio", "goal_progress", "has_any_customer"):
        monkeypatch.setattr(home_module, name,
                            recording(getattr(home_module, name), ran, label=name))
    ctx.run(reminders.done, todo_id=portfolio["todo"])
    assert ran == ["attention"]
    ran.clear()
    ctx.run(move_customers, customer_ids=[portfolio["customer"]], state="in_touch")
    assert set(ran) == {"has_any_customer", "attention", "portfolio"}  # not the goals


def test_a_hidden_page_catches_up_once_with_every_kind_it_missed(
        qtbot: QtBot, ctx: AppContext, portfolio: dict[str, int]) -> None:
    page = HomePage(ctx)
    qtbot.addWidget(page)
    watcher = page.findChild(ReloadWhenVisible)
    assert watcher is not None
    calls: list = []
    watcher._reload = calls.append
    ctx.run(reminders.done, todo_id=portfolio["todo"])
    ctx.run(set_goals, period="month", day=ctx.today(), targets={"visits": 4})
    ctx.run(add_contact, customer_id=portfolio["customer"], data=ContactInput(name="Li"))
    assert calls == []  # hidden; contacts are not shown on Home
    page.show()
    assert calls == [Change.TODOS | Change.GOALS]
