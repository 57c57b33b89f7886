"""The Calendar page: markers on days, the day list, drag-reschedule, filters and views."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor
from pytestqt.modeltest import ModelTester

from mycrm.core.calendar.days import DayCounts, ItemKind
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.models import Todo
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.calendar.models import RENEWAL_COLOR, CountsRole, ItemRole
from mycrm.ui.calendar.page import AGENDA, WEEK, CalendarPage
from qt_helpers import on_screen

RENEWAL_DAY = date(2026, 11, 26)


@pytest.fixture
def data(ctx) -> dict[str, int]:
    big = ctx.run(create_customer, data=CustomerInput(name="上海云帆信息科技有限公司", tier="S",
                                                      renewal_date=RENEWAL_DAY))
    small = ctx.run(create_customer, data=CustomerInput(name="Northwind", tier="C",
                                                        renewal_date=date(2026, 12, 3)))
    todo = ctx.run(create_todo, data=TodoInput(
        title="Call about renewal", customer_id=big.id,
        remind_wall=datetime(2026, 11, 24, 9, 15), remind_tz="Europe/Berlin"))
    return {"big": big.id, "small": small.id, "todo": todo.id}


@pytest.fixture
def page(qtbot, ctx, data) -> CalendarPage:
    widget = CalendarPage(ctx)
    qtbot.addWidget(widget)
    on_screen(qtbot, widget, (1100, 760))
    return widget


def day_texts(page: CalendarPage) -> list[str]:
    model = page.day_model
    return [model.index(r).data() for r in range(model.rowCount())]


def test_models_pass_the_model_tester(page: CalendarPage) -> None:
    page.select_day(RENEWAL_DAY)
    for model in (page.month_model, page.day_model):
        ModelTester(None).check(model)
    page.set_view(WEEK)
    ModelTester(None).check(page.week_model)
    page.set_view(AGENDA)
    ModelTester(None).check(page.agenda_model)


def test_month_shows_a_renewal_marker_on_its_date(page: CalendarPage) -> None:
    index = page.month_model.index_of(RENEWAL_DAY)
    assert index.isValid()
    counts: DayCounts = index.data(CountsRole)
    assert counts.renewals == 1 and counts.renewal_name == "上海云帆信息科技有限公司"
    assert page.month_model.index_of(date(2026, 11, 24)).data(CountsRole).todos == 1
    # the painted cell carries the renewal colour; a day without items does not
    image = page.month_view.viewport().grab().toImage()

    def has_renewal_colour(day: date) -> bool:
        rect = page.month_view.visualRect(page.month_model.index_of(day))
        return any(QColor(image.pixel(x, y)) == RENEWAL_COLOR
                   for x in range(rect.left(), rect.right(), 2)
                   for y in range(rect.top(), rect.bottom(), 2))

    assert has_renewal_colour(RENEWAL_DAY)
    assert not has_renewal_colour(date(2026, 11, 25))


def test_clicking_the_day_lists_the_customer(qtbot, page: CalendarPage,
                                             data: dict[str, int]) -> None:
    assert day_texts(page) == []  # today (22 Nov) has nothing
    assert page.day_empty.isVisibleTo(page)
    rect = page.month_view.visualRect(page.month_model.index_of(RENEWAL_DAY))
    qtbot.mouseClick(page.month_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected_day == RENEWAL_DAY
    assert len(day_texts(page)) == 1 and "上海云帆信息科技有限公司" in day_texts(page)[0]
    with qtbot.waitSignal(page.open_customer) as opened:
        page.day_view.activated.emit(page.day_model.index(0))
    assert opened.args == [data["big"]]


def test_drag_reschedule_updates_the_database(qtbot, ctx, page: CalendarPage,
                                              data: dict[str, int]) -> None:
    page.select_day(date(2026, 11, 24))
    assert page.day_model.item(0).kind is ItemKind.TODO
    mime = page.day_model.mimeData([page.day_model.index(0)])
    target = page.month_model.index_of(date(2026, 11, 27))
    assert page.month_model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    page.month_model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    todo = ctx.read(lambda s: s.get(Todo, data["todo"]))
    assert todo.remind_wall == datetime(2026, 11, 27, 9, 15)
    assert todo.remind_tz == "Europe/Berlin"
    assert page.month_model.index_of(date(2026, 11, 27)).data(CountsRole).todos == 1
    assert page.month_model.index_of(date(2026, 11, 24)).data(CountsRole).todos == 0
    assert page.message.text() == ""


def test_opening_a_todo_and_planning_on_a_day(qtbot, page: CalendarPage,
                                              data: dict[str, int]) -> None:
    page.select_day(date(2026, 11, 24))
    with qtbot.waitSignal(page.action_requested) as requested:
        page.day_view.doubleClicked.emit(page.day_model.index(0))
    assert requested.args == ["open_todo", data["todo"]]
    page.day_view.setCurrentIndex(page.day_model.index(0))
    with qtbot.waitSignal(page.action_requested) as requested:
        qtbot.mouseClick(page.log_visit_button, Qt.MouseButton.LeftButton)
    assert requested.args == ["log_visit", data["big"]]
    page.select_day(date(2026, 11, 25))
    planned: list[object] = []
    page.action_requested.connect(lambda *_a: planned.append(page.plan_day))
    with qtbot.waitSignal(page.action_requested) as requested:
        qtbot.mouseClick(page.new_todo_button, Qt.MouseButton.LeftButton)
    assert requested.args == ["new_todo", 0]
    assert planned == [date(2026, 11, 25)] and page.plan_day is None


def test_kind_and_tier_filters(page: CalendarPage) -> None:
    page.kind_buttons[ItemKind.RENEWAL.value].setChecked(False)
    assert page.month_model.index_of(RENEWAL_DAY).data(CountsRole).renewals == 0
    assert page.month_model.index_of(date(2026, 11, 24)).data(CountsRole).todos == 1
    page.kind_buttons[ItemKind.RENEWAL.value].setChecked(True)
    page.tier_box.setCurrentIndex(page.tier_box.findData("C"))
    assert page.month_model.index_of(RENEWAL_DAY).data(CountsRole).renewals == 0
    assert page.month_model.index_of(date(2026, 11, 24)).data(CountsRole).todos == 0
    page.tier_box.setCurrentIndex(page.tier_box.findData("S"))
    assert page.month_model.index_of(RENEWAL_DAY).data(CountsRole).renewals == 1


def test_expiring_this_month_lists_and_highlights(page: CalendarPage) -> None:
    page.go_next()
    assert page.month_model.index_of(date(2026, 12, 3)).data(CountsRole).renewals == 1
    page.expiring_button.setChecked(True)
    assert page.anchor.month == 11  # jumped back to this month
    items = [page.day_model.item(r) for r in range(page.day_model.rowCount())]
    assert [i.customer_name for i in items] == ["上海云帆信息科技有限公司"]
    from mycrm.ui.calendar.models import HighlightRole
    assert page.month_model.index_of(RENEWAL_DAY).data(HighlightRole)
    assert not page.kind_buttons[ItemKind.TODO.value].isChecked()
    page.select_day(date(2026, 11, 24))
    assert not page.expiring_button.isChecked()
    assert page.kind_buttons[ItemKind.TODO.value].isChecked()


def test_week_and_agenda_views(page: CalendarPage) -> None:
    page.set_view(WEEK)
    days = page.week_model.days()
    assert days[0] <= date(2026, 11, 22) <= days[-1] and len(days) == 7
    page.go_next()
    week_items = {i.title for d in page.week_model.days()
                  for i in page.week_model.index_of(d).data(Qt.ItemDataRole.UserRole + 6)}
    assert "Call about renewal" in week_items and "上海云帆信息科技有限公司" in week_items
    page.set_view(AGENDA)
    page.go_today()
    page.agenda_days.setValue(14)
    kinds = [page.agenda_model.index(r).data(ItemRole).kind
             for r in range(page.agenda_model.rowCount())]
    assert kinds == [ItemKind.TODO, ItemKind.RENEWAL, ItemKind.RENEWAL]
    assert not page.agenda_empty.isVisibleTo(page)


def test_navigation(page: CalendarPage) -> None:
    page.go_prev()
    assert page.month_model.days()[10].month == 10
    page.go_today()
    assert page.month_model.index_of(date(2026, 11, 22)).isValid()
    assert page.month_view.currentIndex() == page.month_model.index_of(date(2026, 11, 22))
    assert isinstance(page.month_view.indexAt(QPoint(-5, -5)), QModelIndex)


# --- calendar export actions ----------------------------------------------------------

@pytest.fixture
def window(qtbot, ctx):
    from PySide6.QtWidgets import QMainWindow

    win = QMainWindow()
    win.ctx = ctx  # type: ignore[attr-defined]
    qtbot.addWidget(win)
    return win


def test_export_action_writes_file_and_remembers_it(ctx, window, data, tmp_path) -> None:
    from icalendar import Calendar

    from mycrm.core.settings.keys import ICS_AUTOEXPORT_PATH
    from mycrm.core.settings.store import get_setting
    from mycrm.ui.calendar.actions import export_ics

    path = tmp_path / "phone.ics"
    assert export_ics(window, path=path, keep_updated=True) == 3
    summaries = {str(e["SUMMARY"]) for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    assert "Call about renewal" in summaries
    assert ctx.read(get_setting, key=ICS_AUTOEXPORT_PATH) == str(path)
    export_ics(window, path=path, keep_updated=False)
    assert ctx.read(get_setting, key=ICS_AUTOEXPORT_PATH) == ""


def test_export_action_failure_is_told_and_stores_nothing(ctx, window, tmp_path,
                                                          monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from mycrm.core.settings.keys import ICS_AUTOEXPORT_PATH
    from mycrm.core.settings.store import get_setting
    from mycrm.ui.calendar.actions import export_ics

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _w, _t, text: shown.append(text))
    bad = tmp_path / "no such folder" / "x.ics"
    assert export_ics(window, path=bad, keep_updated=True) is None
    assert shown and str(bad) in shown[0]
    assert ctx.read(get_setting, key=ICS_AUTOEXPORT_PATH) == ""


def test_autoexport_rewrites_the_file_after_a_change(qtbot, ctx, data, tmp_path) -> None:
    from mycrm.core.settings.keys import ICS_AUTOEXPORT_PATH
    from mycrm.core.settings.store import set_setting
    from mycrm.ui.calendar.actions import install_ics_autoexport

    exporter = install_ics_autoexport(ctx)
    exporter.timer.setInterval(10)
    path = tmp_path / "auto.ics"
    with qtbot.waitSignal(exporter.exported, timeout=3000):
        ctx.run(lambda *, session, now: set_setting(session, ICS_AUTOEXPORT_PATH, str(path)))
    with qtbot.waitSignal(exporter.exported, timeout=3000):
        ctx.run(create_customer, data=CustomerInput(name="Brand, New; 客户",
                                                    renewal_date=date(2027, 2, 1)))
    assert "Brand\\, New\\; 客户" in path.read_text(encoding="utf-8")
    with qtbot.waitSignal(exporter.failed, timeout=3000):
        ctx.run(lambda *, session, now: set_setting(session, ICS_AUTOEXPORT_PATH,
                                                    str(tmp_path / "gone" / "x.ics")))


def test_planning_from_a_day_opens_editors_on_that_day(qtbot, ctx) -> None:
    from datetime import date

    from mycrm.core.customers.services import CustomerInput, create_customer
    from mycrm.ui.app.actions import Action
    from mycrm.ui.app.main_window import MainWindow
    from mycrm.ui.records.editor import RecordEditor
    from mycrm.ui.todos.editor import TodoEditor

    customer = ctx.run(create_customer, data=CustomerInput(name="Plan Co"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    page = window.show_page("calendar")
    assert isinstance(page, CalendarPage)
    page.plan_day = date(2026, 12, 3)
    todo_editor = window.dispatch(Action.NEW_TODO, customer.id)
    visit_editor = window.dispatch(Action.LOG_VISIT, customer.id)
    page.plan_day = None
    assert isinstance(todo_editor, TodoEditor) and todo_editor.reminder.text().startswith(
        "2026-12-03 09:00")
    assert isinstance(visit_editor, RecordEditor)
    assert visit_editor.when.date().toPython() == date(2026, 12, 3)
