"""What the user can do to a reminder from outside the window — a notification's buttons,
the tray's list of today's reminders, the pop-up, the Missed list: one home for them all.

Light on purpose (no page, no item model): the tray and the Missed list are built while
the window starts, and importing the To-dos page there would cost that turn ~30 ms."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

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


def snooze_choices() -> list[tuple[str, str]]:
    """The snooze menu's entries: (translated label, ``reminders.SnoozeChoice`` value)."""
    def t(text: str) -> str:
        return QCoreApplication.translate("reminders", text)

    return [(t("10 minutes"), reminders.SnoozeChoice.TEN_MINUTES.value),
            (t("1 hour"), reminders.SnoozeChoice.ONE_HOUR.value),
            (t("Tomorrow 9:00"), reminders.SnoozeChoice.TOMORROW_MORNING.value)]
