"""The Qt side of the scheduler: when to ask ``core.reminders``, and whom to tell.

A single long QTimer is wrong (its clock stops while the laptop sleeps), so the driver scans
every ~30 s, comparing the *wall clock* (``ctx.now()``) with the next due reminder, plus one
exact single-shot for a reminder due before the next scan. Qt's timers run on the monotonic
clock, which stops in suspend: so a one-second clock watch (no database) compares how far
the wall clock and the monotonic clock moved, and a difference — sleep/resume or a clock
change — scans at once; logind's ``PrepareForSleep(false)`` (``sleep.SleepWatcher``) does
too. Reminders that fell due meanwhile are "missed"; after a wake they appear within about
a second.

A claimed reminder is recorded as delivered only when a channel took it
(``Notifier.delivered``); one no channel took goes to the Missed list at once, and one whose
process died in between is listed at the next start (``core.reminders.claim``).
The pause from the tray is a setting, so it survives a restart; when it ends, the reminders
it held are notified (not "missed").
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from mycrm.core.changes import Change
from mycrm.core.todos import lists, reminders
from mycrm.ui.app.context import AppContext
from mycrm.ui.reminders.actions import apply_reminder_action
from mycrm.ui.reminders.notifier import Notifier
from mycrm.ui.reminders.sleep import SleepWatcher

log = logging.getLogger(__name__)

TICK_MS = 30_000  # the periodic scan
WATCH_MS = 1_000  # the clock watch: compares two clocks, reads nothing
JUMP_TOLERANCE = timedelta(seconds=5)
FIRST_PASS_SLICE = 1000  # reminders claimed per transaction in the first pass (~30 ms)


class ReminderDriver(QObject):
    missed_found = Signal(list)  # ids of reminders that fell due while nothing ran
    fired = Signal(list)  # ids notified in one pass
    clock_jumped = Signal()
    open_requested = Signal(int)  # a notification was clicked: show that to-do

    def __init__(self, ctx: AppContext, notifier: Notifier, *, parent: QObject | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 sleep: SleepWatcher | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.notifier = notifier
        self.paused_until: datetime | None = None
        self._monotonic = monotonic
        self._last: tuple[float, datetime] | None = None
        self._started = False
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.tick)
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_MS)
        self._watch.timeout.connect(self._watch_clock)
        self.sleep = sleep if sleep is not None else SleepWatcher(parent=self)
        self.sleep.resumed.connect(self._resumed)
        # A stand-in notifier (tests) may lack these signals: then nothing is recorded.
        for name, slot in (("delivered", self._record_delivered),
                           ("undelivered", lambda todo_id: self.missed_found.emit([todo_id])),
                           ("action_requested", self.act)):
            signal = getattr(notifier, name, None)
            if signal is not None:
                signal.connect(slot)
        self._exact = QTimer(self)
        self._exact.setSingleShot(True)
        self._exact.setTimerType(Qt.TimerType.PreciseTimer)
        self._exact.timeout.connect(self.tick)
        self._first: QObject | None = None  # the first pass, on a worker thread
        ctx.changed.connect(self._reschedule_safely)

    def start(self) -> None:
        """First pass: reminders that came due while the app was closed are "missed" (so
        are those an earlier run claimed but never delivered); ones due within the last few
        minutes (``GRACE``) are notified now, saying how late they are. A pause set before
        a restart still holds."""
        self.paused_until = self.ctx.read(reminders.paused_until, now=self.ctx.now())
        self._last = (self._monotonic(), self.ctx.now())  # the clock watch starts here
        self.run_pass()
        self._tick.start()
        self._watch.start()

    def start_in_background(self) -> None:
        """``start`` with its first claim on a worker thread (its own connection): after
        weeks away that pass claims thousands of missed reminders, which the window must
        not wait for — in slices of ``FIRST_PASS_SLICE``, each committed before the next
        (``core.reminders.ClaimPlan``), so no write waits long for the file. The timers
        start once it is over, so no other pass runs meanwhile; what it claimed is then
        notified and listed on the GUI thread as ``start`` does (also what the slices
        committed before one failed: the rest stays pending for the next tick)."""
        from mycrm.core.db.engine import session_scope
        from mycrm.ui.app.background import BackgroundCall

        now = self.ctx.now()
        self.paused_until = self.ctx.read(reminders.paused_until, now=now)
        self._last = (self._monotonic(), now)
        self._started = True
        engine, zone, paused, writers = (self.ctx.engine, self.ctx.zone, self.paused_until,
                                         self.ctx.writers)

        def first_claim() -> reminders.Claimed:
            # Read once, then claim in slices, each its own short transaction: after weeks
            # away there are thousands, and the window's writes (and the revisit
            # catch-up's) get the file in between.
            with session_scope(engine) as session:
                plan = reminders.plan_claim(session, now=now, zone=zone,
                                            paused_until=paused, at_start=True)
            claimed: list[int] = []
            try:
                for part in plan.slices(FIRST_PASS_SLICE):
                    with writers.window_writes(), \
                            session_scope(engine, immediate=True) as session:
                        got = reminders.claim_planned(session=session, now=now, plan=part)
                    claimed += got.due + got.missed
            except Exception:
                if not claimed:
                    raise
                log.exception("the first reminder pass stopped; the next tick goes on")
            return plan.result(claimed)

        def claimed(result: reminders.Claimed) -> None:
            # Two turns: the pages' reload (``changed``) and the notifications in this
            # one, the Missed list (a dialog built) in the next — each well under a frame.
            try:
                self._announce(result, now, list_missed=False)
            except Exception:  # noqa: BLE001 — slot; the next tick tries again
                log.exception("showing the first reminder pass failed")
            if result.missed:
                QTimer.singleShot(0, self, lambda: self._list_missed(result.missed))
            self._start_timers()

        def failed(error: BaseException) -> None:
            log.error("the first reminder pass failed; the next tick retries",
                      exc_info=error)
            self._start_timers()

        self._first = BackgroundCall(first_claim, name="mycrm-reminders", parent=self)
        self._first.finished.connect(claimed)
        self._first.failed.connect(failed)

    def _start_timers(self) -> None:
        self._tick.start()
        self._watch.start()

    def stop(self) -> None:
        self._tick.stop()
        self._watch.stop()
        self._exact.stop()

    def pause(self, hours: float = 1.0) -> datetime:
        """Hold reminders for ``hours``; they are notified when the pause ends. Stored in
        the data file, so a restart keeps the pause."""
        until = self.ctx.now() + timedelta(hours=hours)
        self.ctx.run(reminders.set_pause, until=until)
        self.paused_until = until
        self._reschedule_safely()
        return until

    def tick(self) -> None:
        """Timer slot: never lets an exception escape."""
        try:
            if self._jumped(self.ctx.now()):
                self._announce_jump()
            self.run_pass()
        except Exception:  # noqa: BLE001 — a failing pass is retried on the next tick
            log.exception("reminder pass failed")

    def _watch_clock(self) -> None:
        """Every second: a jump of the wall clock against the monotonic one (the machine
        slept, or the clock was set) scans at once."""
        try:
            if self._jumped(self.ctx.now()):
                self._announce_jump()
                self.run_pass()
        except Exception:  # noqa: BLE001 — slot
            log.exception("reminder pass after a clock jump failed")

    def _resumed(self) -> None:
        log.info("the machine woke up (logind): rescanning")
        self._last = None  # the next watch compares from here
        self.tick()

    def _announce_jump(self) -> None:
        log.info("wall clock jumped (sleep/resume or clock change): rescanning")
        self.clock_jumped.emit()

    def run_pass(self) -> reminders.Claimed:
        now = self.ctx.now()
        at_start, self._started = not self._started, True
        # One transaction, committed before anything is shown. ``changed`` only when
        # something changed, so a quiet tick does not make every page reload. The pause
        # takes part in this pass even when it ends now: what it held is due at its end.
        with self.ctx.session() as session:
            claimed = reminders.claim(session=session, now=now, zone=self.ctx.zone,
                                      paused_until=self.paused_until, at_start=at_start)
        self._announce(claimed, now)
        return claimed

    def _list_missed(self, todo_ids: list[int]) -> None:
        try:
            self.missed_found.emit(todo_ids)
        except Exception:  # noqa: BLE001 — slot; listed again at the next start
            log.exception("listing the missed reminders failed")

    def _announce(self, claimed: reminders.Claimed, now: datetime, *,
                  list_missed: bool = True) -> None:
        """After a committed claim: notify what is due, list what was missed (unless the
        caller does it, ``list_missed=False``), re-arm."""
        if self.paused_until is not None and self.paused_until <= now:
            self.paused_until = None
            self.ctx.run(reminders.set_pause, until=None)
        if claimed.due or claimed.missed:
            self.ctx.changed.emit(Change.TODOS)  # reminder states moved on
        for row in self.ctx.read(lists.todo_rows, todo_ids=claimed.due, now=now,
                                 zone=self.ctx.zone):
            self.notifier.notify(*notification_text(row, now, self.ctx.zone),
                                 todo_id=row.id)
        if claimed.due:
            self.fired.emit(claimed.due)
        if claimed.missed and list_missed:
            self.missed_found.emit(claimed.missed)
        self._reschedule(now)

    def _record_delivered(self, channel: str, todo_id: int) -> None:
        """A channel took the notification: record it (no ``changed``: no page shows it)."""
        try:
            with self.ctx.session() as session:
                reminders.record_delivered(session=session, now=self.ctx.now(),
                                           todo_ids=[todo_id])
        except Exception:  # noqa: BLE001 — slot; unrecorded = listed as missed at next start
            log.exception("cannot record the delivery of reminder %s via %s", todo_id, channel)

    def act(self, todo_id: int, key: str) -> None:
        """A notification's button: Done / Snooze 10 min; a click on it opens the to-do."""
        try:
            if not apply_reminder_action(self.ctx, todo_id, key):
                self.open_requested.emit(todo_id)
        except Exception:  # noqa: BLE001 — slot
            log.exception("reminder action %s on %s failed", key, todo_id)

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


def notification_text(row: lists.TodoRow, now: datetime, zone: str) -> tuple[str, str]:
    """The notification's title and body: the to-do title and its customer; one shown late
    says so ("Due 14:02, 3 min ago")."""
    from PySide6.QtCore import QCoreApplication

    title = QCoreApplication.translate("reminders", "Reminder: %1").replace("%1", row.title)
    if row.customer_name:
        body = QCoreApplication.translate("reminders", "Customer: %1").replace(
            "%1", row.customer_name)
    else:
        body = row.notes or QCoreApplication.translate("reminders", "To-do reminder")
    late = lateness_text(row.when, now, zone)
    return title, f"{late}\n{body}" if late else body


def lateness_text(due_at: datetime | None, now: datetime, zone: str) -> str:
    """"Due 14:02, 3 min ago" (local time in ``zone``); "" when on time."""
    from PySide6.QtCore import QCoreApplication

    minutes = reminders.minutes_late(due_at, now)
    if due_at is None or minutes < 1:
        return ""
    local = due_at.astimezone(ZoneInfo(zone))
    when = local.strftime("%H:%M") if local.date() == now.astimezone(ZoneInfo(zone)).date() \
        else local.strftime("%Y-%m-%d %H:%M")
    if minutes < 120:
        ago = QCoreApplication.translate("reminders", "%n min ago", "", minutes)
    else:
        ago = QCoreApplication.translate("reminders", "%n h ago", "", minutes // 60)
    return QCoreApplication.translate("reminders", "Due %1, %2").replace(
        "%1", when).replace("%2", ago)
