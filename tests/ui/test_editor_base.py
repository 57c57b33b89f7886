"""The editor base (ui/common/editor.py): collect → one service call → field errors and
"Nothing was saved", or saved + close; and the confirm-and-undoable delete. A minimal
subclass over the real to-do services, and the real editors that use the other branches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QMessageBox, QWidget
from sqlmodel import select

from mycrm.core.customers.services import ContactInput, CustomerInput, add_contact, create_customer
from mycrm.core.db.models import Contact, Need, Todo
from mycrm.core.records.needs import NeedInput, create_need
from mycrm.core.todos.services import TodoInput, create_todo, delete_todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.editor import EditorDialog, ServiceCall


class TitleEditor(EditorDialog[TodoInput]):
    """The smallest editor: a title field over ``create_todo``; Delete over ``delete_todo``
    once it has saved. Its form has no row for the reminder (``remind_wall``): an error
    there has no field to sit beside."""

    def __init__(self, ctx: AppContext, todo_id: int | None = None) -> None:
        super().__init__(ctx)
        self.todo_id = todo_id
        self.reminder: datetime | None = None
        self.title = QLineEdit()
        form = QFormLayout()
        self.errors.add_row(form, "Title", "title", self.title)
        if todo_id is not None:
            self.add_delete_button("Delete", "deleteTodo")
        self.set_body(form)

    def collect(self) -> TodoInput:
        return TodoInput(title=self.title.text(), remind_wall=self.reminder, remind_tz="UTC")

    def save_call(self, data: TodoInput) -> ServiceCall:
        return ServiceCall(create_todo, data=data)

    def delete_call(self) -> ServiceCall | None:
        return None if self.todo_id is None else ServiceCall(delete_todo, todo_id=self.todo_id)

    def delete_question(self) -> str:
        return "Delete this to-do?"


def todos(ctx: AppContext) -> list[Todo]:
    return list(ctx.read(lambda s: s.exec(select(Todo)).all()))


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answers every delete question Yes and records it."""
    questions: list[str] = []

    def answer(parent: QWidget, title: str, text: str, *args: object) -> object:
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    return questions


def test_a_field_error_is_shown_beside_its_field_and_nothing_is_saved(qtbot, ctx) -> None:
    editor = TitleEditor(ctx)
    qtbot.addWidget(editor)
    editor.show()
    with qtbot.assertNotEmitted(editor.saved), qtbot.assertNotEmitted(ctx.changed):
        assert not editor.save()
    label = editor.findChild(QLabel, "error_title")
    assert label is not None
    assert "required" in editor.errors.text("title") and label.isVisible()
    assert label.parentWidget() is editor.title.parentWidget()  # beside its field
    assert "Nothing was saved" in editor.form_error.text() and editor.form_error.isVisible()
    assert editor.isVisible() and editor.result() != QDialog.DialogCode.Accepted
    assert todos(ctx) == []


def test_an_error_without_a_field_is_listed_under_nothing_was_saved(qtbot, ctx) -> None:
    editor = TitleEditor(ctx)
    qtbot.addWidget(editor)
    editor.title.setText("Call")
    editor.reminder = datetime(2026, 12, 1, 9, tzinfo=UTC)  # a wall time must be naive
    assert not editor.save()
    lines = editor.form_error.text().splitlines()
    assert "Nothing was saved" in lines[0] and len(lines) == 2 and "date" in lines[1]
    assert todos(ctx) == []


def test_success_writes_emits_the_id_and_closes(qtbot, ctx) -> None:
    editor = TitleEditor(ctx)
    qtbot.addWidget(editor)
    editor.show()
    assert not editor.save()  # a failure first: its messages must go
    editor.title.setText("Send the quote")
    with qtbot.waitSignal(editor.saved) as signal:
        assert editor.save()
    [todo] = todos(ctx)
    assert todo.title == "Send the quote" and signal.args == [todo.id]
    assert editor.result() == QDialog.DialogCode.Accepted and not editor.isVisible()
    assert editor.errors.text("title") == "" and editor.form_error.isHidden()


def test_delete_asks_deletes_and_undo_brings_it_back(qtbot, ctx, asked) -> None:
    todo = ctx.run(create_todo, data=TodoInput(title="Call Li Wei"))
    editor = TitleEditor(ctx, todo_id=todo.id)
    qtbot.addWidget(editor)
    assert editor.delete_button is not None and editor.delete_button.objectName() == "deleteTodo"
    with qtbot.waitSignal(ctx.undo_changed) as signal:
        editor.delete_button.click()
    assert asked == ["Delete this to-do?\nYou can undo with Ctrl+Z."]
    assert signal.args == ["todo"] and todos(ctx) == []
    assert editor.result() == QDialog.DialogCode.Accepted
    assert ctx.undo() == "todo"
    assert [(t.id, t.title) for t in todos(ctx)] == [(todo.id, "Call Li Wei")]


def test_declining_the_delete_changes_nothing(qtbot, ctx, monkeypatch) -> None:
    todo = ctx.run(create_todo, data=TodoInput(title="Keep me"))
    editor = TitleEditor(ctx, todo_id=todo.id)
    qtbot.addWidget(editor)
    editor.show()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    with qtbot.assertNotEmitted(ctx.changed):
        assert not editor.delete()
    assert [t.title for t in todos(ctx)] == ["Keep me"] and editor.isVisible()
    assert ctx.undo() == ""


def test_a_new_item_has_no_delete(qtbot, ctx) -> None:
    editor = TitleEditor(ctx)
    qtbot.addWidget(editor)
    assert editor.delete_button is None and not editor.delete()


def test_the_need_editor_deletes_undoably(qtbot, ctx, asked) -> None:
    cid = ctx.run(create_customer, data=CustomerInput(name="Acme")).id
    need = ctx.run(create_need, data=NeedInput(customer_id=cid, title="SSO"))
    from mycrm.ui.records.need_editor import NeedEditor

    editor = NeedEditor(ctx, need_id=need.id)
    qtbot.addWidget(editor)
    assert editor.title.text() == "SSO"
    assert editor.delete()
    assert "You can undo with Ctrl+Z." in asked[0]
    assert ctx.read(lambda s: s.exec(select(Need)).all()) == []
    assert ctx.undo() == "need"
    assert ctx.read(lambda s: s.exec(select(Need)).one()).title == "SSO"


def test_the_contact_editor_deletes_undoably(qtbot, ctx, asked) -> None:
    from mycrm.ui.customers.contact_editor import ContactEditor

    cid = ctx.run(create_customer, data=CustomerInput(name="Acme")).id
    contact = ctx.run(add_contact, customer_id=cid, data=ContactInput(name="李雷"))
    editor = ContactEditor(ctx, cid, contact.id)
    qtbot.addWidget(editor)
    assert editor.name.text() == "李雷"
    assert editor.delete()
    assert "Delete this contact?" in asked[0] and "You can undo with Ctrl+Z." in asked[0]
    assert ctx.read(lambda s: s.exec(select(Contact)).all()) == []
    assert ctx.undo() == "contact"
    back = ctx.read(lambda s: s.exec(select(Contact)).one())
    assert (back.id, back.name, back.customer_id) == (contact.id, "李雷", cid)


def test_messages_quoting_user_text_are_plain_text(qtbot, ctx) -> None:
    from mycrm.ui.records.renewal_dialog import RenewalDialog

    cid = ctx.run(create_customer, data=CustomerInput(
        name="<b>Bold</b> Ltd", renewal_date=ctx.today() + timedelta(days=30))).id
    dialog = RenewalDialog(ctx, cid)
    qtbot.addWidget(dialog)
    dialog.amount.setText("<i>lots</i>")
    assert not dialog.save()
    label = dialog.findChild(QLabel, "error_amount")
    assert label is not None
    assert "<i>lots</i>" in label.text() and label.textFormat() == Qt.TextFormat.PlainText
    assert dialog.form_error.textFormat() == Qt.TextFormat.PlainText
