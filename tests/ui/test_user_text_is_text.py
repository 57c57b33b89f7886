"""User text is always text: a portfolio whose every text field holds markup is shown on every
page, the customer page and the dialogs that show user text, and no label or tooltip may
interpret it (a customer called ``<b>x</b>`` is not shown in bold, ``<img src=x>`` is not an
image, ``a < b & c`` keeps its characters)."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from mycrm.core.customers.services import ContactInput, CustomerInput, create_customer
from mycrm.core.records import services as records
from mycrm.core.records.needs import NeedInput, create_need
from mycrm.core.records.renewals import LostInput, mark_lost
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.app.main_window import MainWindow
from mycrm.ui.app.pages import PAGE_KEYS
from qt_helpers import on_screen

MARKUP = ("<b>x</b>", "<img src=x>", "a < b & c")
SIZE = (1280, 800)


def marked(field: str) -> str:
    """A user's text for ``field`` that holds every kind of markup."""
    return f"{field} <b>x</b> <img src=x> a < b & c"


@dataclass
class Portfolio:
    customers: list[int]
    lost: int
    todos: list[int]
    needs: list[int]
    records: list[int]


def _customer(ctx: AppContext, name: str, now: datetime) -> int:
    with ctx.session() as session:
        customer = create_customer(session=session, now=now - timedelta(days=30),
                                   data=CustomerInput(
            name=marked(name), tier="A", industry=marked("Industry"),
            renewal_date=now.date() + timedelta(days=20), amount=12_000_00,
            notes=marked("Notes"), address=marked("Address"), city=marked("City"),
            contact=ContactInput(name=marked("Contact"), title=marked("Title"),
                                 phone="13800000000", email="a@example.com",
                                 notes=marked("Contact notes"))))
        assert customer.id is not None
        return customer.id


def _extras(ctx: AppContext, customer_id: int, now: datetime, found: Portfolio) -> None:
    zone = ctx.zone
    with ctx.session() as session:
        record = records.log_interaction(session=session, now=now - timedelta(days=2),
                                         data=records.InteractionInput(
            customer_id=customer_id, occurred_at=now - timedelta(days=2),
            attendees=marked("Attendees"), discussion=marked("Discussion"),
            feedback=marked("Feedback"), next_steps=marked("Next steps")))
        need = create_need(session=session, now=now - timedelta(days=1), zone=zone,
                           data=NeedInput(customer_id=customer_id, title=marked("Need"),
                                          detail=marked("Need detail"), amount=5_000_00,
                                          follow_up_on=now.date() + timedelta(days=3)))
        due = create_todo(session=session, now=now - timedelta(days=1), data=TodoInput(
            title=marked("Due to-do"), notes=marked("To-do notes"), customer_id=customer_id,
            remind_wall=(now - timedelta(hours=1)).replace(tzinfo=None, microsecond=0),
            remind_tz=zone))
        later = create_todo(session=session, now=now - timedelta(days=1), data=TodoInput(
            title=marked("Later to-do"), notes=marked("Later notes"), customer_id=customer_id,
            remind_wall=(now + timedelta(hours=2)).replace(tzinfo=None, microsecond=0),
            remind_tz=zone))
    found.records.append(int(getattr(record, "id", 0) or 0))
    found.needs.append(int(need.id or 0))
    found.todos += [int(due.id or 0), int(later.id or 0)]


@pytest.fixture
def portfolio(ctx: AppContext, now: datetime) -> Portfolio:
    found = Portfolio([], 0, [], [], [])
    for name in ("Acme", "Birch", "Cedar"):
        customer_id = _customer(ctx, name, now)
        found.customers.append(customer_id)
        _extras(ctx, customer_id, now, found)
    found.lost = _customer(ctx, "Gone", now)
    with ctx.session() as session:
        mark_lost(session=session, now=now - timedelta(days=3), data=LostInput(
            customer_id=found.lost, reason=marked("Lost reason"),
            lost_on=now.date() - timedelta(days=3)))
    return found


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext, portfolio: Portfolio) -> MainWindow:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    return on_screen(qtbot, win, SIZE)


def _rendered(text: str, rich: bool) -> str:
    """What the user reads: ``text`` itself, or what Qt's rich text engine makes of it."""
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def misread(where: str, text: str, text_format: Qt.TextFormat) -> list[str]:
    """Why ``text`` shown in ``text_format`` does not show the user's markup as typed."""
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text))
    if not rich:
        return []
    if any(m in text for m in MARKUP):
        return [f"{where}: {text!r} is read as markup"]
    shown = _rendered(text, rich)
    lost = [m for m in MARKUP if m in html.unescape(text) and m not in shown]
    return [f"{where}: {text!r} is shown as {shown!r}"] if lost else []


def _indexes(model: QAbstractItemModel) -> Iterator[QModelIndex]:
    root = QModelIndex()
    while model.canFetchMore(root):
        model.fetchMore(root)
    # (PySide hides a list model's columnCount: a list has one column.)
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
    for row in range(model.rowCount(root)):
        for column in range(columns):
            yield model.index(row, column, root)


def markup_faults(root: QWidget) -> list[str]:
    """Every visible label and every tooltip (a widget's, an item's) under ``root`` that
    would interpret a user's markup; tooltips are always in Qt's auto-detected mode."""
    faults: list[str] = []
    for label in root.findChildren(QLabel):
        if label.isVisibleTo(root):
            faults += misread(f"label {label.objectName()!r}", label.text(),
                              label.textFormat())
    for widget in [root, *root.findChildren(QWidget)]:
        faults += misread(f"tooltip of {widget.objectName()!r}", widget.toolTip(),
                          Qt.TextFormat.AutoText)
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        for index in _indexes(model):
            tip = index.data(Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str):
                faults += misread(f"item tooltip in {view.objectName()!r}", tip,
                                  Qt.TextFormat.AutoText)
    return faults


def assert_shown_as_text(root: QWidget) -> None:
    faults = markup_faults(root)
    assert not faults, "\n".join(faults)


def test_the_portfolio_holds_markup_everywhere(window: MainWindow, portfolio: Portfolio
                                              ) -> None:
    """The walk below sees the users' text (a check that finds nothing proves nothing)."""
    page = window.open_customer(portfolio.customers[0])
    QApplication.processEvents()
    name = page.findChild(QLabel, "customerName")
    assert name is not None and marked("Acme") in name.text()


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_no_page_reads_user_text_as_markup(window: MainWindow, key: str) -> None:
    page = window.show_page(key)
    QApplication.processEvents()
    assert_shown_as_text(page)


@pytest.mark.parametrize("which", ["live", "lost"])
def test_the_customer_page_shows_user_text_as_text(window: MainWindow, portfolio: Portfolio,
                                                   which: str) -> None:
    customer_id = portfolio.customers[0] if which == "live" else portfolio.lost
    page = window.open_customer(customer_id)
    QApplication.processEvents()
    assert_shown_as_text(page)
    if which == "lost":
        lost = [label.text() for label in page.findChildren(QLabel)
                if label.isVisibleTo(page) and marked("Lost reason") in label.text()]
        assert lost, "the lost reason is shown"


def _dialogs() -> dict[str, Callable[[MainWindow, AppContext, Portfolio], QWidget]]:
    from mycrm.ui.common.customer_picker import CustomerPicker
    from mycrm.ui.customers.contact_editor import ContactEditor
    from mycrm.ui.customers.editor import CustomerEditor
    from mycrm.ui.customers.lost_dialog import LostDialog
    from mycrm.ui.records.editor import RecordEditor
    from mycrm.ui.records.need_editor import NeedEditor
    from mycrm.ui.records.renewal_dialog import RenewalDialog
    from mycrm.ui.reminders.missed_dialog import MissedDialog
    from mycrm.ui.reminders.popup import ReminderPopup
    from mycrm.ui.todos.editor import TodoEditor

    return {
        "reminder popup": lambda w, c, p: ReminderPopup(c, p.todos[0], parent=w),
        "missed": lambda w, c, p: MissedDialog(c, p.todos[::2], parent=w),
        "new need": lambda w, c, p: NeedEditor(c, customer_id=p.customers[0], parent=w),
        "edit need": lambda w, c, p: NeedEditor(c, need_id=p.needs[0], parent=w),
        "new record": lambda w, c, p: RecordEditor(c, customer_id=p.customers[0], parent=w),
        "edit record": lambda w, c, p: RecordEditor(c, record_id=p.records[0], parent=w),
        "new todo": lambda w, c, p: TodoEditor(c, customer_id=p.customers[0], parent=w),
        "edit todo": lambda w, c, p: TodoEditor(c, todo_id=p.todos[0], parent=w),
        "lost": lambda w, c, p: LostDialog(c, p.customers[1], parent=w),
        "renewal": lambda w, c, p: RenewalDialog(c, p.customers[1], parent=w),
        "edit customer": lambda w, c, p: CustomerEditor(c, p.customers[0], parent=w),
        "contact": lambda w, c, p: ContactEditor(c, p.customers[0], parent=w),
        "picker": lambda w, c, p: CustomerPicker(c, parent=w),
    }


@pytest.mark.parametrize("name", list(_dialogs()))
def test_no_dialog_reads_user_text_as_markup(qtbot: QtBot, window: MainWindow, ctx: AppContext,
                                             portfolio: Portfolio, name: str) -> None:
    dialog = _dialogs()[name](window, ctx, portfolio)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert_shown_as_text(dialog)


def test_the_reminder_popup_shows_the_title_as_typed(qtbot: QtBot, window: MainWindow,
                                                     ctx: AppContext, portfolio: Portfolio
                                                     ) -> None:
    from mycrm.ui.reminders.popup import ReminderPopup

    popup = ReminderPopup(ctx, portfolio.todos[0], parent=window)
    qtbot.addWidget(popup)
    texts = [label.text() for label in popup.findChildren(QLabel)]
    assert marked("Due to-do") in texts
    assert marked("To-do notes") in texts


@pytest.mark.parametrize("text", [marked("Path"), "a < b & c", "C:\\<odd>\\file.sqlite\nline 2"])
def test_literal_text_reads_back_as_typed(text: str) -> None:
    """What tooltips and message boxes get for a user's text shows exactly that text."""
    from mycrm.ui.common.plain import literal_text

    shown = literal_text(text)
    rich = bool(QtGui.Qt.mightBeRichText(shown))
    assert _rendered(shown, rich).replace("\u2028", "\n") == text
