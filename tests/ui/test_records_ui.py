"""The record editor, to-do editor, customer page and the window's record actions."""

from datetime import UTC, datetime, timedelta

from pytestqt.modeltest import ModelTester
from sqlmodel import col, select

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.models import Customer, Interaction, Todo
from mycrm.ui.app.actions import Action
from mycrm.ui.board.page import BoardPage
from mycrm.ui.records.editor import RecordEditor
from mycrm.ui.todos.editor import TodoEditor


def add_customer(ctx, name: str = "Acme") -> int:
    return ctx.run(create_customer, data=CustomerInput(
        name=name, renewal_date=ctx.today() + timedelta(days=30))).id


def card_names(page: BoardPage, state: str) -> list[str]:
    model = page.columns[state].model
    return [model.index(r).data() for r in range(model.rowCount())]


def test_saving_a_qbr_with_two_todos_stores_three_rows_and_moves_the_card(qtbot, ctx) -> None:
    cid = add_customer(ctx)
    board = BoardPage(ctx)
    qtbot.addWidget(board)
    board.show()  # hidden pages reload only when shown (ui/common/reload.py)
    assert card_names(board, "to_contact") == ["Acme"]
    editor = RecordEditor(ctx, customer_id=cid)
    qtbot.addWidget(editor)
    editor.set_kind("qbr")
    editor.discussion.setPlainText("Quarterly review; SSO wanted")
    editor.rows[0].title.setText("Send SSO proposal")
    editor.rows[0].reminder.apply_quick_pick("tomorrow")
    second = editor.add_todo_row()
    second.title.setText("Book the training")
    second.reminder.setText("2026-12-01 14:30")
    with qtbot.waitSignal(editor.saved):
        assert editor.save()
    record = ctx.read(lambda s: s.exec(select(Interaction)).one())
    assert record.kind == "qbr" and record.occurred_at == ctx.now().replace(second=0)
    todos = ctx.read(lambda s: s.exec(select(Todo).order_by(col(Todo.id))).all())
    assert [(t.title, t.interaction_id) for t in todos] == [
        ("Send SSO proposal", record.id), ("Book the training", record.id)]
    assert todos[0].remind_wall == datetime(2026, 11, 23, 9, 0)
    assert todos[1].remind_at == datetime(2026, 12, 1, 14, 30, tzinfo=UTC)
    assert card_names(board, "visited") == ["Acme"] and card_names(board, "to_contact") == []


def test_validation_errors_block_save_and_store_nothing(qtbot, ctx) -> None:
    cid = add_customer(ctx)
    editor = RecordEditor(ctx, customer_id=cid)
    qtbot.addWidget(editor)
    editor.rows[0].reminder.setText("2026-11-25 10:00")  # a reminder without a title
    second = editor.add_todo_row()
    second.title.setText("Impossible")
    second.reminder.setText("2026-02-30 09:00")
    assert not editor.save()
    assert "required" in editor.row_error(0)
    assert "valid date" in editor.row_error(1) and "2026-02-30" in editor.row_error(1)
    assert not editor.form_error.isHidden()
    assert ctx.read(lambda s: s.exec(select(Interaction)).all()) == []
    assert ctx.read(lambda s: s.exec(select(Todo)).all()) == []
    assert ctx.read(lambda s: s.get(Customer, cid)).state == "to_contact"


def test_todo_editor_adds_and_edits(qtbot, ctx) -> None:
    cid = add_customer(ctx)
    editor = TodoEditor(ctx, customer_id=cid)
    qtbot.addWidget(editor)
    editor.reminder.setText("tomorrow-ish")
    assert not editor.save()
    assert "required" in editor.errors.text("title")
    assert "valid date" in editor.errors.text("remind_wall")
    editor.title.setText("Call Li Wei")
    editor.reminder.apply_quick_pick("next_week")
    assert editor.save()
    todo = ctx.read(lambda s: s.exec(select(Todo)).one())
    assert todo.customer_id == cid and todo.remind_wall == datetime(2026, 11, 29, 9)
    edit = TodoEditor(ctx, todo_id=todo.id)
    qtbot.addWidget(edit)
    assert edit.reminder.text() == "2026-11-29 09:00"
    edit.title.setText("Call Li Wei about SSO")
    assert edit.save()
    assert ctx.read(lambda s: s.exec(select(Todo)).one()).title == "Call Li Wei about SSO"


def test_timeline_and_rows_models_pass_the_model_tester(qtbot, ctx) -> None:
    from mycrm.core.customers.page import timeline
    from mycrm.ui.customers.timeline_model import Row, RowsModel, TimelineModel

    cid = add_customer(ctx)
    model = TimelineModel("UTC")
    model.set_items(ctx.read(timeline, customer_id=cid))
    ModelTester(None).check(model)
    rows = RowsModel(["A", "B"])
    rows.set_rows([Row(1, ("x", "y")), Row(2, ("z", ""))])
    ModelTester(None).check(rows)


def test_window_opens_customer_page_logs_visit_deletes_and_undoes(qtbot, ctx, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from mycrm.ui.app.main_window import MainWindow
    from mycrm.ui.customers.page import CustomerPage
    from mycrm.ui.records.editor import RecordEditor as Editor

    cid = add_customer(ctx)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()  # hidden pages reload only when shown (ui/common/reload.py)
    page = window.open_customer(cid)
    assert isinstance(page, CustomerPage) and window.stack.currentWidget() is page
    assert page.name.text() == "Acme"
    editor = window.dispatch(Action.LOG_VISIT)  # no id: the open customer page's customer
    assert isinstance(editor, Editor) and editor.customer_id == cid
    editor.discussion.setPlainText("Met the CTO")
    editor.rows[0].title.setText("Send minutes")
    assert editor.save()
    texts = [page.timeline_model.index(r).data() for r in range(page.timeline_model.rowCount())]
    assert any("Met the CTO" in t for t in texts)
    assert page.todos.model.rowCount() == 1
    # delete the record from the timeline, then undo with the window's action
    row = next(r for r in range(page.timeline_model.rowCount())
               if page.timeline_model.item(r).kind == "record")
    page.timeline_view.setCurrentIndex(page.timeline_model.index(row))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.delete_selected()
    assert ctx.read(lambda s: s.exec(select(Interaction)).all()) == []
    assert ctx.read(lambda s: s.get(Customer, cid)).last_visit_at is None
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert ctx.read(lambda s: s.exec(select(Interaction)).one()).discussion == "Met the CTO"
    assert ctx.read(lambda s: s.get(Customer, cid)).last_visit_at is not None
    window.go_back()
    assert window.stack.currentWidget() is window.page("home")  # where the window started


def test_action_without_customer_opens_the_picker(qtbot, ctx) -> None:
    from mycrm.ui.app.main_window import MainWindow
    from mycrm.ui.common.customer_picker import CustomerPicker
    from mycrm.ui.todos.editor import TodoEditor as Editor

    add_customer(ctx, "Acme")
    other = add_customer(ctx, "Beta Logistics")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    picker = window.dispatch(Action.NEW_TODO, 0)
    assert isinstance(picker, CustomerPicker)
    picker.search.setText("beta")
    picker.refresh()
    assert picker.model.stringList() == ["Beta Logistics"]
    opened: list[object] = []
    monkey = window.open_dialog
    window.open_dialog = lambda d: opened.append(d) or monkey(d)  # type: ignore[method-assign,assignment,func-returns-value]
    picker.accept_current()
    assert isinstance(opened[0], Editor) and opened[0].customer_id == other


def test_daily_rules_reset_overdue_visits_and_emit_changed(qtbot, ctx, now) -> None:
    from mycrm.core.records.services import InteractionInput, log_interaction

    cid = add_customer(ctx)
    ctx.run(log_interaction, data=InteractionInput(
        customer_id=cid, kind="visit", occurred_at=now - timedelta(days=120)))
    with qtbot.waitSignal(ctx.changed):
        assert ctx.run_daily_rules() == [cid]
    with qtbot.assertNotEmitted(ctx.changed):
        assert ctx.run_daily_rules() == []
    todo = ctx.read(lambda s: s.exec(select(Todo)).one())
    assert todo.title == "Plan a visit to Acme" and todo.origin == "revisit"


def test_needs_page_lists_and_filters(qtbot, ctx) -> None:
    from mycrm.core.records.needs import NeedInput, create_need
    from mycrm.ui.records.need_editor import NeedEditor
    from mycrm.ui.records.needs_page import NeedsPage

    cid = add_customer(ctx)
    ctx.run(create_need, data=NeedInput(customer_id=cid, title="SSO", amount="30000"))
    page = NeedsPage(ctx)
    qtbot.addWidget(page)
    ModelTester(None).check(page.model)
    assert page.proxy.rowCount() == 1 and page.proxy.index(0, 1).data() == "Acme"
    editor = NeedEditor(ctx, customer_id=cid)
    qtbot.addWidget(editor)
    assert not editor.save()
    assert "required" in editor.errors.text("title")
    editor.title.setText("BI add-on")
    editor.status.setCurrentIndex(editor.status.findData("won"))
    assert editor.save()
    assert page.proxy.rowCount() == 1  # the won need is not in the Open filter
    page.status.setCurrentIndex(page.status.findData(""))
    assert page.proxy.rowCount() == 2


def test_renewal_and_lost_dialogs(qtbot, ctx) -> None:
    from mycrm.ui.customers.lost_dialog import LostDialog
    from mycrm.ui.records.renewal_dialog import RenewalDialog

    cid = add_customer(ctx)
    dialog = RenewalDialog(ctx, cid)
    qtbot.addWidget(dialog)
    due = ctx.today() + timedelta(days=30)
    assert dialog.end.text() == due.replace(year=due.year + 1).isoformat()
    dialog.amount.setText("abc")
    assert not dialog.save()
    assert "abc" in dialog.errors.text("amount")
    dialog.amount.setText("88000")
    assert dialog.save()
    assert ctx.read(lambda s: s.get(Customer, cid)).renewal_date == due.replace(year=due.year + 1)
    lost = LostDialog(ctx, cid)
    qtbot.addWidget(lost)
    assert not lost.save()
    lost.reason.setPlainText("Budget cut")
    assert lost.save()
    assert ctx.read(lambda s: s.get(Customer, cid)).lost_reason == "Budget cut"


def test_board_card_menu_offers_record_actions(qtbot, ctx, monkeypatch) -> None:
    from PySide6.QtWidgets import QMenu

    cid = add_customer(ctx)
    board = BoardPage(ctx)
    qtbot.addWidget(board)
    menu = QMenu()
    menu.addAction("Open")
    board.extend_context_menu(menu, cid)
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[:5] == ["Log visit…", "New to-do…", "Capture need…", "Record renewal…",
                         "Mark lost…"]
    with qtbot.waitSignal(board.action_requested) as signal:
        menu.actions()[0].trigger()
    assert signal.args == ["log_visit", cid]


def test_editing_a_record_changes_kind_and_last_visit(qtbot, ctx, now) -> None:
    from mycrm.core.records.services import InteractionInput, log_interaction

    cid = add_customer(ctx)
    record = ctx.run(log_interaction, data=InteractionInput(
        customer_id=cid, kind="call", occurred_at=now - timedelta(days=3)))
    assert ctx.read(lambda s: s.get(Customer, cid)).state == "in_touch"
    editor = RecordEditor(ctx, record_id=record.id)
    qtbot.addWidget(editor)
    assert editor.rows == [] and editor.kind.currentData() == "call"
    editor.set_kind("visit")
    assert editor.save()
    customer = ctx.read(lambda s: s.get(Customer, cid))
    assert customer.state == "visited" and customer.last_visit_at == now - timedelta(days=3)


def test_contact_editor_validates_and_adds(qtbot, ctx) -> None:
    from mycrm.core.db.models import Contact
    from mycrm.ui.customers.contact_editor import ContactEditor

    cid = add_customer(ctx)
    editor = ContactEditor(ctx, cid)
    qtbot.addWidget(editor)
    editor.email.setText("not-an-email")
    assert not editor.save()
    assert "required" in editor.errors.text("name")
    assert "not-an-email" in editor.errors.text("email")
    editor.name.setText("李雷")
    editor.email.setText("lilei@example.com")
    assert editor.save()
    assert ctx.read(lambda s: s.exec(select(Contact)).one()).name == "李雷"


def test_deleted_todo_comes_back_with_undo(qtbot, ctx, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from mycrm.core.todos.services import TodoInput, create_todo

    cid = add_customer(ctx)
    todo = ctx.run(create_todo, data=TodoInput(title="Call", customer_id=cid))
    editor = TodoEditor(ctx, todo_id=todo.id)
    qtbot.addWidget(editor)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(ctx.undo_changed):
        assert editor.delete()
    assert ctx.read(lambda s: s.exec(select(Todo)).all()) == []
    assert ctx.undo() == "todo"
    assert ctx.read(lambda s: s.exec(select(Todo)).one()).title == "Call"
    assert ctx.undo() == ""  # only the last delete, once


def test_rules_run_again_when_the_local_day_changes(qtbot, ctx, now) -> None:
    from mycrm.core.records.services import InteractionInput, log_interaction

    cid = add_customer(ctx)
    ctx.run(log_interaction, data=InteractionInput(
        customer_id=cid, kind="visit", occurred_at=now - timedelta(days=89)))
    ctx.start_daily_rules(interval_ms=10)
    assert ctx.read(lambda s: s.get(Customer, cid)).state == "visited"
    ctx.set_clock(lambda: now + timedelta(days=1))
    qtbot.waitUntil(lambda: ctx.read(lambda s: s.get(Customer, cid)).state == "to_contact")
    ctx.stop_daily_rules()
