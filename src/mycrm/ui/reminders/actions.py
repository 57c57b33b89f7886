"""What the user can do to a reminder from outside the window — a notification's buttons,
the tray's list of today's reminders: one home for both."""

from __future__ import annotations

from mycrm.core.todos import reminders
from mycrm.ui.app.context import AppContext

DONE, SNOOZE = "done", "snooze"  # the notification's action keys (notifier.DONE / SNOOZE)


def apply_reminder_action(ctx: AppContext, todo_id: int, key: str,
                          choice: str = reminders.SnoozeChoice.TEN_MINUTES) -> bool:
    """Done, or snooze by ``choice``; returns False for a key this function does not handle
    (e.g. "default": open the reminder, which the window does)."""
    if key == DONE:
        ctx.run(reminders.done, todo_id=todo_id)
        return True
    if key == SNOOZE:
        until = reminders.snooze_target(ctx.now(), ctx.zone, choice)
        ctx.run(reminders.snooze, todo_id=todo_id, until=until)
        return True
    return False
