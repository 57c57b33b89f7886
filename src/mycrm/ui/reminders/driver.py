"""The Qt side of the scheduler: when to ask ``core.reminders``, and whom to tell.

A single long QTimer is wrong (its clock stops while the laptop sleeps), so the driver ticks
every ~30 s and compares the *wall clock* (``ctx.now()``) with the next due reminder, plus one
exact single-shot for a reminder due before the next tick. Each tick also compares how far
the wall clock and the monotonic clock moved: a difference means sleep/resume or a clock
change, which triggers an immediate rescan (reminders that fell due meanwhile are "missed").
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from mycrm.core.changes import Change
from mycrm.core.todos import lists, reminders
from mycrm.ui.app.context import AppContext
from mycrm.ui.reminders.notifier import Notifier

log = logging.getLogger(__name__)

TICK_MS = 30_000
JUMP_TOLERANCE = timedelta(seconds=60)


class ReminderDriver(QObject):
    missed_found = Signal(list)  # ids of reminders that fell due while nothing ran
    fired = Signal(list)  # ids notified in one pass
    clock_jumped = Signal()

    def __init__(self, ctx: AppContext, notifier: Notifier, *, parent: QObject | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.notifier = notifier
        self.paused_until: datetime | None = None
        self._monotonic = monotonic
        self._last: tuple[float, datetime] | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.tick)
        self._exact = QTimer(self)
        self._exact.setSingleShot(True)
        self._exact.setTimerType(Qt.TimerType.PreciseTimer)
        self._exact.timeout.connect(self.tick)
        ctx.changed.connect(self._reschedule_safely)

    def start(self) -> None:
        """First pass: reminders that came due while the app was closed are "missed"; ones
        due within the last few minutes (``GRACE``) are simply notified now."""
        self.run_pass()
        self._tick.start()

    def stop(self) -> None:
        self._tick.stop()
        self._exact.stop()

    def pause(self, hours: float = 1.0) -> datetime:
        """Hold reminders for ``hours`` (they are shown when the pause ends)."""
        self.paused_until = self.ctx.now() + timedelta(hours=hours)
        self._reschedule_safely()
        return self.paused_until

    def tick(self) -> None:
        """Timer slot: never lets an exception escape."""
        try:
            self.run_pass()
        except Exception:  # noqa: BLE001 — a failing pass is retried on the next tick
            log.exception("reminder pass failed")

    def run_pass(self) -> reminders.Claimed:
        now = self.ctx.now()
        if self._jumped(now):
            log.info("wall clock jumped (sleep/resume or clock change): rescanning")
            self.clock_jumped.emit()
        if self.paused_until is not None and self.paused_until <= now:
            self.paused_until = None
        # One transaction, committed before anything is shown. ``changed`` only when
        # something changed, so a quiet tick does not make every page reload.
        with self.ctx.session() as session:
            claimed = reminders.claim(session=session, now=now, zone=self.ctx.zone,
                                      paused_until=self.paused_until)
        if claimed.due or claimed.missed:
            self.ctx.changed.emit(Change.TODOS)  # reminder states moved on
        for row in self.ctx.read(lists.todo_rows, todo_ids=claimed.due, now=now,
                                 zone=self.ctx.zone):
            self.notifier.notify(*notification_text(row), todo_id=row.id)
        if claimed.due:
            self.fired.emit(claimed.due)
        if claimed.missed:
            self.missed_found.emit(claimed.missed)
        self._reschedule(now)
        return claimed

    def _jumped(self, now: datetime) -> bool:
        mono = self._monotonic()
        last, self._last = self._last, (mono, now)
        if last is None:
            return False
        wall_delta = now - last[1]
        mono_delta = timedelta(seconds=mono - last[0])
        return abs(wall_delta - mono_delta) > JUMP_TOLERANCE

    def _reschedule_safely(self) -> None:
        try:
            self._reschedule(self.ctx.now())
        except Exception:  # noqa: BLE001 — slot
            log.exception("rescheduling reminders failed")

    def _reschedule(self, now: datetime) -> None:
        """Arm the exact single-shot when the next reminder is due before the next tick."""
        upcoming = self.ctx.read(reminders.next_due_at, now=now, zone=self.ctx.zone,
                                 paused_until=self.paused_until)
        self._exact.stop()
        if upcoming is None:
            return
        ms = int((upcoming - now).total_seconds() * 1000) + 50
        if ms <= TICK_MS:
            self._exact.start(max(ms, 0))

    @property
    def exact_interval_ms(self) -> int | None:
        """The armed single-shot's interval (for tests), or None."""
        return self._exact.interval() if self._exact.isActive() else None


def notification_text(row: lists.TodoRow) -> tuple[str, str]:
    """The notification's title and body: the to-do title and its customer."""
    from PySide6.QtCore import QCoreApplication

    title = QCoreApplication.translate("reminders", "Reminder: %1").replace("%1", row.title)
    if row.customer_name:
        body = QCoreApplication.translate("reminders", "Customer: %1").replace(
            "%1", row.customer_name)
    else:
        body = row.notes or QCoreApplication.translate("reminders", "To-do reminder")
    return title, body
