"""Issue 17: a "Dismiss all" clicked in a Missed dialog opened long ago never dismisses a
reminder whose time was changed since the dialog listed it."""

from __future__ import annotations

from datetime import datetime, timedelta

from pytestqt.qtbot import QtBot

from mycrm.core.db.models import ReminderState, Todo
from mycrm.core.todos import reminders
from mycrm.core.todos.services import TodoInput, create_todo, update_todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.reminders.missed_dialog import MissedDialog


def test_a_stale_dismiss_all_leaves_a_rescheduled_reminder(qtbot: QtBot, ctx: AppContext,
                                                           now: datetime) -> None:
    earlier = (now - timedelta(hours=2)).replace(tzinfo=None)
    moved = ctx.run(create_todo, data=TodoInput(title="moved", remind_wall=earlier,
                                                remind_tz="UTC"))
    kept = ctx.run(create_todo, data=TodoInput(title="kept", remind_wall=earlier,
                                               remind_tz="UTC"))
    with ctx.session() as s:
        claimed = reminders.claim(session=s, now=now)
    assert claimed.missed == [moved.id, kept.id]
    dialog = MissedDialog(ctx, claimed.missed)
    qtbot.addWidget(dialog)
    # Meanwhile the user gives "moved" a new time in the editor.
    ctx.run(update_todo, todo_id=moved.id, data=TodoInput(
        title="moved", remind_wall=(now + timedelta(hours=3)).replace(tzinfo=None),
        remind_tz="UTC"))
    dialog.act("dismiss", list(dialog.ids))  # what "Dismiss all" does
    with ctx.session() as s:
        first, second = s.get(Todo, moved.id), s.get(Todo, kept.id)
        assert first is not None and first.reminder_state == ReminderState.PENDING.value
        assert first.notify_at == now + timedelta(hours=3)
        assert second is not None and second.reminder_state == ReminderState.DISMISSED.value
    assert dialog.note.isVisibleTo(dialog)  # the user is told one was left alone
