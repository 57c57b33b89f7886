"""Starting the GUI: QApplication, the data file, the first-run welcome, the main window.

A file that is already at the current schema (the usual morning start) is shown before
SQLAlchemy and SQLModel are imported: the window and Home are built and shown from a
read-only sqlite3 connection (``core.sqlread``) while the file's ``quick_check`` runs in the
background. Just after the first paint the check's verdict is taken and only then is the
engine opened (the ORM imported) and the tray, reminders, backups and daily rules started,
one event-loop turn each — nothing writes before the verdict. What the first frame does not
need waits for it too: the single-instance server (QtNetwork), the recovery dialogs' module;
the garbage collector is eased meanwhile (``mycrm.__main__``). Anything else — a new,
older or newer file, the first-run welcome — goes the careful way (``open_or_explain``)
with the ORM loaded first.

A file that fails its check on any of these routes — the careful open, the verdict taken
while or after the window is built, ``--screenshot`` — has one answer:
``GuiSession.after_failed_check`` drops the window built on it (unwritten) and hands the
failure to ``recovery.explain_failure`` (plain words, the file untouched, the newest good
backup offered; in ``--screenshot`` mode the words go to stderr and the exit status is 2).
An unexpected error before the window is up is logged and told in plain words, without a
traceback (``report_start_failure``).

Quitting — File ▸ Quit, the tray, a signal, the session's end — waits for the quit's backup
(``GuiSession.defer_quit``), which runs on the backup worker thread while the event loop
goes on: the window goes to the tray meanwhile (or stays, disabled, saying why), a second
request changes nothing, and the app quits once the backup is written and verified.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from mycrm.core.db import paths, sqlread
from mycrm.core.db.data_path import check_data_path, data_path_problem
from mycrm.core.db.integrity import DatabaseError, confirm_deferred_check
from mycrm.core.home.dashboard import has_any_customer
from mycrm.core.settings.keys import LANGUAGE, WELCOMED
from mycrm.core.settings.store import get_setting
from mycrm.core.settings.user_prefs import user_language
from mycrm.ui.app.actions import Action
from mycrm.ui.app.context import AppContext
from mycrm.ui.app.errors import excepthook
from mycrm.ui.app.main_window import MainWindow
from mycrm.ui.common.i18n import translator

if TYPE_CHECKING:  # imported after the first paint: the window does not need them
    from sqlalchemy import Engine

    from mycrm.ui.app.single_instance import SingleInstance
    from mycrm.ui.calendar.actions import IcsAutoExporter
    from mycrm.ui.data.backup_scheduler import BackupScheduler
    from mycrm.ui.data.checkpoints import Checkpointer

log = logging.getLogger(__name__)


def _no_feature_switches(_module: object) -> bool:
    return True


def skip_pyside_source_checks() -> None:
    """PySide6 reads the whole source of every module imported after it, to see whether it
    names PySide6 and may select ``__feature__`` switches (snake_case, true_property): a
    quarter of a second for the ORM's modules at start-up, and their text kept in
    ``linecache``. mycrm selects no switches anywhere (a test checks), so every module gets
    the answer the check gives a PySide6 user without them — the default features — without
    reading it. Where PySide6 has no such check, nothing changes."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        setattr(feature, "_mod_uses_pyside", _no_feature_switches)  # noqa: B010


skip_pyside_source_checks()

EXIT_AFTER_ENV = "MYCRM_EXIT_AFTER"  # seconds; end-to-end tests quit the app with it


_t = translator("application")


class MycrmApplication(QApplication):
    """Qt's quit event — File ▸ Quit, the tray's Quit, the last window closed, any
    ``QApplication.quit()`` — asks ``quit_guard`` first (``GuiSession.defer_quit``): True
    defers it while the quit's backup runs on its worker thread; the guard quits again once
    that is over. Only events sent to the application object itself come here."""

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.quit_guard: Callable[[], bool] | None = None

    def event(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Quit and self.quit_guard is not None
                and self.quit_guard()):
            return True
        return super().event(event)


def create_application() -> QApplication:
    app = QApplication.instance() or MycrmApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("mycrm")
    app.setApplicationDisplayName("mycrm")
    app.setOrganizationName("mycrm")
    app.setDesktopFileName("io.github.mycrm")  # matches packaging/linux/*.desktop
    from mycrm.ui.common.icons import app_icon

    app.setWindowIcon(app_icon())
    return app


def install_translations(app: QApplication, language: str) -> None:
    """Load our catalogue and Qt's own for ``language`` ("" = the system locale)."""
    from mycrm.ui.common.i18n import install

    install(app, language)


class GuiSession:
    """The open data file and its window; can switch between the user's data and the sample."""

    def __init__(self, app: QApplication, args: argparse.Namespace) -> None:
        self.app = app
        self.args = args
        self.ctx: AppContext | None = None
        self.window: MainWindow | None = None
        self.services: ReminderServices | None = None
        self.ics_exporter: IcsAutoExporter | None = None
        self.backups: BackupScheduler | None = None
        self.checkpoints: Checkpointer | None = None
        self.with_reminders = not args.screenshot
        self.quit_signal_parts: tuple[object, ...] = ()
        # answering a second launch (``SingleInstance.serve``): the start's first step once
        # the engine is open — its worker has imported QtNetwork by then (``WARM_UI_MODULES``)
        self.serve_instance: Callable[[], None] | None = None

    def open(self, data_path: Path, demo: bool, engine: Engine | None = None, *,
             before_orm: bool = False) -> bool:
        """Show ``data_path`` (or the already opened ``engine``) in a new window;
        ``before_orm``: the file is known current (``sqlread.reader_if_current``), so the
        window is built from plain SQL and the engine opened later."""
        if engine is None and not before_orm:
            engine = open_or_explain(data_path, interactive=not self.args.screenshot)
            if engine is None:
                return False
        if engine is not None:
            data_path = Path(str(engine.url.database))
            if demo:
                fill_sample_if_empty(engine)
        self._close_current(backup=True)
        self.ctx = AppContext(engine, data_path, demo=demo)
        self.window = MainWindow(self.ctx)
        self.window.switch_data.connect(self.switch)
        return True

    def _start_services(self) -> None:
        """Tray, reminders, background exports and backups of the open file (they open
        its engine: the ORM is imported here on a start before it), all at once."""
        for step in self._service_steps():
            step()

    def _service_steps(self) -> list[Callable[[], None]]:
        """``_start_services`` in the steps the start takes one event-loop turn each
        (``_run_in_turns``): the window paints and answers between them."""
        ctx, window = self.ctx, self.window
        if not self.with_reminders or ctx is None or window is None:
            return []

        def backups() -> None:
            from mycrm.ui.data.backup_scheduler import install_backup_scheduler
            from mycrm.ui.data.checkpoints import install_checkpointer

            self.backups = install_backup_scheduler(ctx)
            self.checkpoints = install_checkpointer(ctx)

        def reminders() -> None:
            self.services = ReminderServices(ctx, window)

        def start_reminders() -> None:
            if self.services is not None:
                self.services.start()

        serve = [self.serve_instance] if self.serve_instance is not None else []
        return [*serve, backups, reminders,
                lambda: self._start_background_exports(ctx, window), start_reminders]

    def _run_in_turns(self, ctx: AppContext, steps: list[Callable[[], None]]) -> None:
        """Run ``steps`` one per event-loop turn while ``ctx`` is still the open file's."""
        if self.ctx is not ctx or not steps:
            return
        first, rest = steps[0], steps[1:]
        first()
        if rest:
            QTimer.singleShot(0, lambda: self._run_in_turns(ctx, rest))

    def backup_on_quit(self) -> None:
        """A last backup of the open file if it changed since the previous one — unless the
        quit's backup was taken already (``defer_quit``): blocking, the loop is ending."""
        if self.backups is not None:
            self.backups.backup_on_quit()

    def defer_quit(self) -> bool:
        """Every request to quit passes here first (``MycrmApplication`` asks on Qt's quit
        event, ``quit`` itself too). The first one starts the quit's backup on the worker
        thread (``BackupScheduler.start_quit_backup``) and hides the window — the tray and
        the event loop go on — and, once it is written and verified, quits for real. True:
        the quit waits for that backup (a second request changes nothing); False: quit now
        (nothing to back up, or the backup is over)."""
        backups = self.backups
        if backups is None:
            return False
        if backups.quitting:
            return True
        if not backups.start_quit_backup():
            return False
        backups.quit_finished.connect(lambda _written: self.quit())
        self._show_backing_up()
        return True

    def _show_backing_up(self) -> None:
        """While the quit's backup runs: the window goes (to the tray, which says so in its
        tooltip); without a tray it stays, disabled, its status line saying why."""
        window = self.window
        if window is None:
            return
        text = _t("Backing up your data before quitting…")
        window.statusBar().showMessage(text)
        tray = self.services.tray if self.services is not None else None
        if tray is not None and tray.available and tray.icon is not None:
            tray.icon.setToolTip(text)
            window.hide()
        else:
            body = window.centralWidget()
            if body is not None:
                body.setEnabled(False)
            window.menuBar().setEnabled(False)

    def backup_before_logout(self) -> None:
        """The session manager is about to end the session (it may still be cancelled):
        back up what changed now and wait for it; automatic backups go on."""
        if self.backups is not None:
            self.backups.backup_if_changed("quit")
            self.backups.wait()

    def _start_background_exports(self, ctx: AppContext, window: MainWindow) -> None:
        """Keep a chosen calendar (ICS) file up to date after every change."""
        from mycrm.ui.calendar.actions import install_ics_autoexport

        if self.ics_exporter is not None:
            self.ics_exporter.deleteLater()
        exporter = install_ics_autoexport(ctx)
        exporter.failed.connect(lambda message: window.statusBar().showMessage(message, 15000))
        self.ics_exporter = exporter

    def start_rules(self) -> None:
        """The daily rules (they write): only once the file is confirmed sound. Once their
        catch-up is over, the pages' statements are compiled on a worker
        (``warm_first_showings``), then the pages' modules imported one turn each
        (``pages.module_imports``), so no page compiles or imports them when first shown;
        what the start built is then frozen for the collector, whose full passes would
        otherwise scan it (~25 ms each at stress)."""
        from mycrm.ui.app.background import BackgroundCall
        from mycrm.ui.app.context import warm_first_showings
        from mycrm.ui.app.pages import module_imports

        ctx = self.ctx
        if ctx is None:
            return
        warmed: list[BackgroundCall] = []

        def warm() -> None:
            if warmed or self.ctx is not ctx:
                return
            engine, now, zone = ctx.engine, ctx.now(), ctx.zone
            call = BackgroundCall(lambda: warm_first_showings(engine, now=now, zone=zone),
                                  name="mycrm-warm", parent=ctx)
            call.finished.connect(lambda _r: self._run_in_turns(
                ctx, [*module_imports(), lambda: resume_garbage_collection(started=True)]))
            warmed.append(call)

        # a moment after the catch-up: the pages it changed reload first (its reads would
        # compete with theirs for the interpreter)
        ctx.catch_up_finished.connect(lambda _reset: QTimer.singleShot(WARM_AFTER_MS, warm))
        ctx.start_daily_rules()

    def start_background(self) -> None:
        """Right after the window's first paint: the engine (the ORM imported and the file's
        check awaited on a worker thread), then backups, tray and reminders, exports and the
        daily rules, one event-loop turn each (the revisit catch-up on a worker thread too)
        — so that neither the ORM import, nor starting them all in one go, nor a long
        catch-up (weeks away: many customers due for a revisit at once) keeps the window
        blank or frozen."""
        if self.window is None or self.ctx is None:
            return
        ctx = self.ctx

        def opened(_engine: object) -> None:
            resume_garbage_collection(started=True)
            if self.ctx is not ctx:  # another file was opened meanwhile
                return
            self._run_in_turns(ctx, [*self._service_steps(), self.start_rules])

        def failed(exc: BaseException) -> None:
            resume_garbage_collection(started=True)
            if self.ctx is not ctx:
                return
            if not isinstance(exc, Exception) or not _is_database_error(exc):
                raise exc
            self._reopen_after_failed_check(exc)

        def start() -> None:
            resume_garbage_collection(started=False)
            if self.ctx is not ctx:
                return
            if ctx.engine_open:  # a write before the first paint opened it already
                opened(ctx.engine)
                return
            # The ORM import and the check's verdict on a worker thread: the window painted
            # from plain SQL keeps answering meanwhile (``AppContext.open_engine_in_background``).
            opening = ctx.open_engine_in_background()
            opening.finished.connect(opened)
            opening.failed.connect(failed)

        _AfterFirstPaint(self.window, start)

    def _reopen_after_failed_check(self, exc: Exception) -> None:
        """The file shown from plain SQL failed its check just after the first paint: show
        the file the user then chose in a new window, or quit (status 2) if they gave up."""
        assert self.ctx is not None
        data_path, demo = self.ctx.data_path, self.ctx.demo
        engine = self.after_failed_check(exc, data_path)
        if engine is None or not self.open(data_path, demo, engine) or self.window is None:
            QApplication.exit(2)
            return
        self.window.show()
        self.start_background()

    def after_failed_check(self, exc: Exception, data_path: Path) -> Engine | None:
        """The one answer when ``data_path`` failed its check after a window was (being)
        built on it: that window goes, unwritten (no backup, no geometry), and the failure
        is explained by ``recovery.explain_failure``. A driver's error before the verdict
        (``_is_database_error``) may mean damage: the file is then opened again the careful
        way, which checks it and explains a failure the same way. Returns the engine of the
        file the user then chose (None: quit, or ``--screenshot``)."""
        log.error("the data file failed its check while or after its window was built: %s",
                  exc)
        self.discard()
        interactive = not self.args.screenshot
        if isinstance(exc, DatabaseError):
            return explain_failure(exc, data_path, interactive=interactive)
        return open_or_explain(data_path, interactive=interactive)

    def discard(self) -> None:
        """Forget a window built on a file that then failed its check (never shown, nothing
        backed up from it)."""
        self._close_current(backup=False)

    def _close_current(self, *, backup: bool) -> None:
        """Stop the open file's services, close its window and engine; ``backup``: take its
        last backup first (when it changed)."""
        if self.services is not None:
            self.services.stop()
            self.services.deleteLater()
            self.services = None
        if self.window is not None:
            self.window.remember_geometry = backup  # nothing is written to a discarded file
            if self.window.isVisible():
                self.window.close()
            self.window.deleteLater()
            self.window = None
        if self.backups is not None:
            if backup:
                self.backup_on_quit()
            self.backups.timer.stop()
            self.backups = None
        if self.checkpoints is not None:
            self.checkpoints.close()
            self.checkpoints = None
        if self.ctx is not None:
            self.ctx.dispose()
            self.ctx = None

    def quit(self) -> None:
        """File ▸ Quit as the tray does it (a signal, ``MYCRM_EXIT_AFTER``, the end of the
        quit's backup): after the quit's backup (``defer_quit``)."""
        if self.defer_quit():
            return
        if self.services is not None:
            self.services.tray.quit()
        else:
            QApplication.quit()

    def raise_window(self) -> None:
        log.info("a second launch asked this instance to show its window")
        if self.services is not None:
            self.services.tray.show_window()
        elif self.window is not None:
            self.window.show()
            self.window.raise_()
            self.window.activateWindow()

    def switch(self, demo: bool) -> None:
        target = paths.demo_data_file() if demo else paths.default_data_file()
        if self.open(target, demo) and self.window is not None:
            self.window.show()
            self.start_background()


SWITCH_INTERVAL_S = 0.001  # see run_gui
WARM_AFTER_MS = 500  # the catch-up over → the pages' statements compiled on a worker
SERVE_FALLBACK_MS = 4000  # a second launch waits 5 s for the first to serve (SingleInstance)
DEFAULT_GC_THRESHOLD = (700, 10, 10)  # CPython's own
_gc_frozen: list[bool] = []  # set once start-up's objects were frozen (a real start)


def resume_garbage_collection(*, started: bool) -> None:
    """For a start that eased the collector (``mycrm.__main__``): at the first paint
    (``started`` False) what start-up built is frozen — it lives as long as the app, and
    later passes need not scan it; once the engine is open (the ORM imported on its worker
    thread, where a full pass over the growing heap would hold the interpreter the window
    needs) or could not be, it is frozen again and the usual thresholds come back; once
    the start is over (``start_rules``), once more. A process that did not ease it (tests)
    is left alone."""
    import gc

    eased = gc.get_threshold()[0] > DEFAULT_GC_THRESHOLD[0]
    if not (eased or _gc_frozen):
        return
    gc.freeze()
    _gc_frozen.append(True)
    if started and eased:
        gc.set_threshold(*DEFAULT_GC_THRESHOLD)


class _AfterFirstPaint(QObject):
    """Calls ``callback`` once, just after ``window`` is first painted — or after
    ``FALLBACK_MS`` if it is not painted by then (e.g. kept hidden)."""

    FALLBACK_MS = 2000

    def __init__(self, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self._callback: Callable[[], None] | None = callback
        window.installEventFilter(self)
        QTimer.singleShot(self.FALLBACK_MS, self, self._call)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.UpdateRequest:  # the paint follows in this event
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._call)
        return False

    def _call(self) -> None:
        callback, self._callback = self._callback, None
        parent = self.parent()
        if parent is not None:
            parent.removeEventFilter(self)
        self.deleteLater()  # its other timer goes with it
        if callback is not None:
            callback()


class ReminderServices(QObject):
    """Tray, notifier, scheduler driver, reminder pop-ups and the missed-reminders list for
    one open data file and its window."""

    def __init__(self, ctx: AppContext, window: MainWindow) -> None:
        super().__init__()
        from mycrm.ui.reminders.driver import ReminderDriver
        from mycrm.ui.reminders.notifier import Notifier
        from mycrm.ui.reminders.tray import TrayController

        self.ctx = ctx
        self.window = window
        self.tray = TrayController(ctx, window, parent=self)
        self.notifier = Notifier(self.tray.icon, parent=self)
        self.driver = ReminderDriver(ctx, self.notifier, parent=self)
        self.missed_dialog: QWidget | None = None
        self.popups: list[QWidget] = []
        self.tray.pause_requested.connect(self._pause)
        self.notifier.banner_requested.connect(lambda _t, _m, todo_id: self.show_popup(todo_id))
        if self.tray.icon is not None:
            self.tray.icon.messageClicked.connect(
                lambda: self.show_popup(self.notifier.last_todo_id))
        self.driver.missed_found.connect(self.show_missed)
        self.driver.open_requested.connect(self.show_popup)  # a click on the notification
        self.driver.fired.connect(self._sound)
        from mycrm.ui.companion.controller import phone_access_for

        self.phone = phone_access_for(window)
        self.phone.state_changed.connect(lambda _on: self.tray.show_phone_state(
            self.phone.status_text()))
        self.tray.phone_requested.connect(lambda: window.run_extension(
            "mycrm.ui.companion.dialog", "show_phone_access"))

    def start(self) -> None:
        self.driver.start_in_background()
        self.phone.start_if_kept_on()

    def stop(self) -> None:
        self.phone.turn_off()  # at quit, and before the window's file is closed
        self.driver.stop()
        self.window.removeEventFilter(self.tray)
        if self.tray.icon is not None:
            self.tray.icon.hide()
        for popup in list(self.popups):
            popup.close()

    def _pause(self) -> None:
        until = self.driver.pause(1.0)
        from mycrm.ui.common import fmt

        self.window.statusBar().showMessage(self.tr("Reminders paused until %1.").replace(
            "%1", fmt.format_datetime(until, self.ctx.zone)), 10000)

    def _sound(self, _ids: list[int]) -> None:
        from mycrm.core.settings.keys import REMINDER_SOUND
        from mycrm.core.settings.store import get_setting

        try:
            if self.ctx.read(get_setting, key=REMINDER_SOUND):
                QApplication.beep()
        except Exception:  # noqa: BLE001 — slot
            log.exception("reminder sound failed")

    def show_popup(self, todo_id: int) -> QWidget | None:
        """The to-do with Done / Snooze / Open customer; also the in-app banner."""
        from mycrm.ui.reminders.popup import ReminderPopup

        if not todo_id:
            return None
        try:
            popup = ReminderPopup(self.ctx, todo_id, parent=self.window)
        except Exception:  # noqa: BLE001 — the to-do may be gone; slot
            log.exception("cannot show reminder %s", todo_id)
            return None
        popup.open_customer.connect(lambda cid: self.window.dispatch(Action.OPEN_CUSTOMER, cid))
        popup.finished.connect(lambda *_: self.popups.remove(popup)
                               if popup in self.popups else None)
        self.popups.append(popup)
        popup.show()
        popup.raise_()
        return popup

    def show_missed(self, todo_ids: list[int]) -> QWidget:
        """One "Missed reminders" window; later misses are added to it while it is open."""
        from mycrm.ui.reminders.missed_dialog import MissedDialog

        dialog = self.missed_dialog
        if isinstance(dialog, MissedDialog) and dialog.isVisible():
            dialog.add(todo_ids)
        else:
            dialog = MissedDialog(self.ctx, todo_ids, parent=self.window, background=True)
            self.missed_dialog = dialog
            dialog.show()
        dialog.raise_()
        return dialog


def open_or_explain(data_path: Path, *, interactive: bool = True,
                    defer_check: bool = False) -> Engine | None:
    """Open the data file the careful way; a damaged, foreign, too-new or unreachable file
    goes to ``recovery.explain_failure`` and is never modified."""
    return open_with_recovery(data_path, interactive=interactive, defer_check=defer_check)


def explain_failure(exc: DatabaseError, data_path: Path, *,
                    interactive: bool = True) -> Engine | None:
    """``recovery.explain_failure`` (its module, the plain words, is loaded when needed)."""
    from mycrm.ui.app import recovery

    return recovery.explain_failure(exc, data_path, interactive=interactive)


def open_with_recovery(data_path: Path, *, interactive: bool = True,
                       defer_check: bool = False) -> Engine | None:
    """``recovery.open_with_recovery`` (its module is loaded when needed)."""
    from mycrm.ui.app import recovery

    return recovery.open_with_recovery(data_path, interactive=interactive,
                                       defer_check=defer_check)


def fill_sample_if_empty(engine: Engine) -> None:
    from mycrm.core.common.timeutil import local_zone_name
    from mycrm.core.data import sample
    from mycrm.core.db.engine import session_scope
    from mycrm.ui.app.context import _default_clock

    with session_scope(engine) as session:
        sample.fill_sample_if_empty(session, now=_default_clock()(), zone=local_zone_name())


def welcomed(engine: Engine) -> bool:
    from mycrm.core.db.engine import session_scope

    with session_scope(engine) as session:
        return bool(get_setting(session, WELCOMED))


def wants_welcome(engine: Engine) -> bool:
    from mycrm.core.db.engine import session_scope
    from mycrm.core.settings.store import set_setting

    with session_scope(engine) as session:
        if get_setting(session, WELCOMED):
            return False
        empty = not has_any_customer(session)
        set_setting(session, WELCOMED, True)
        return empty


def stored_language(engine: Engine) -> str:
    """The user's language (``core.settings.user_prefs``); a data file of an older version
    that stored one lends it while the user has none of their own."""
    from mycrm.core.db.engine import session_scope

    with session_scope(engine) as session:
        return user_language(get_setting(session, LANGUAGE))


def run_gui(args: argparse.Namespace, data_path: Path) -> int:
    from mycrm.ui.common.theme import apply_theme

    app = create_application()
    apply_theme(app, args.theme)
    sys.excepthook = excepthook
    # A worker running Python (the catch-up, a filter's scan, the Missed list) hands the
    # interpreter back every SWITCH_INTERVAL_S instead of CPython's 5 ms: the window takes
    # it back at each row SQLite steps and each Python slot it calls, so a page reading
    # 200 rows meanwhile would otherwise wait up to 5 ms per row.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    session = GuiSession(app, args)
    instance = None if args.screenshot else _single_instance(data_path)
    if instance is not None and not instance.acquire(serve=False):  # served after the paint
        log.info("mycrm already runs on %s: asked it to show its window", data_path)
        return 0
    try:
        opened = _open_first_window(session, args, data_path)
    except Exception as exc:  # noqa: BLE001 — told plainly below; the traceback is logged
        return report_start_failure(exc, screenshot=bool(args.screenshot))
    if not opened:
        return 2
    window = session.window
    assert window is not None
    if args.screenshot:
        session.start_rules()
        return screenshot(window, args)
    if instance is not None:
        instance.activate_requested.connect(session.raise_window)
        session.serve_instance = instance.serve
        QTimer.singleShot(SERVE_FALLBACK_MS, instance.serve)  # the engine did not open
    window.restore_geometry()
    _forget_start_up_sources()
    window.show()
    session.start_background()
    exit_after = os.environ.get(EXIT_AFTER_ENV)
    if exit_after:
        QTimer.singleShot(int(float(exit_after) * 1000), session.quit)
    if isinstance(app, MycrmApplication):
        app.quit_guard = session.defer_quit
    app.aboutToQuit.connect(session.backup_on_quit)
    quit_on_end_of_session(app, session)
    code = app.exec()
    if instance is not None:
        instance.release()
    return code


def _forget_start_up_sources() -> None:
    """PySide6 reads the source of every module imported after it (to see whether it uses
    its ``__feature__`` switches) and ``linecache`` keeps it all: megabytes nobody reads
    again. A traceback reads its lines afresh."""
    import linecache

    linecache.clearcache()


QUIT_SIGNALS = ("SIGTERM", "SIGHUP", "SIGINT")  # a logout, a shutdown, `kill`, Ctrl+C


def quit_on_end_of_session(app: QApplication, session: GuiSession) -> None:
    """A logout, a shutdown or ``kill`` ends mycrm the way File ▸ Quit does: pending writes,
    the quit backup, the lock released. The signal only wakes the event loop (a C-level
    handler writes to a socket Qt watches, ``signal.set_wakeup_fd``), and the quit runs
    there — never inside the signal handler. The session manager's ``commitDataRequest``
    (sent before a logout) takes the quit backup at once, in case the logout is quick."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    try:
        signal.set_wakeup_fd(writer.fileno())
    except ValueError:  # not the main thread (tests that run the app in a worker)
        reader.close()
        writer.close()
        return
    for name in QUIT_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda _number, _frame: None)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def woken() -> None:
        try:
            numbers = reader.recv(64)
        except OSError:
            return
        log.info("signal %s: quitting as File > Quit does", ", ".join(
            signal.Signals(n).name for n in numbers if n in signal.valid_signals()))
        session.quit()

    notifier.activated.connect(woken)
    app.commitDataRequest.connect(lambda _manager: session.backup_before_logout())
    session.quit_signal_parts = (reader, writer, notifier)  # kept alive with the session


def _single_instance(data_path: Path) -> SingleInstance | None:
    """The file's lock and raise server; None when its folder is out of reach — run anyway,
    as ``SingleInstance.acquire`` does without a lock: opening the file explains the folder."""
    from mycrm.ui.app.single_instance import SingleInstance

    if data_path_problem(data_path) is not None:
        return None  # nothing is created beside a path that is refused
    try:
        return SingleInstance(data_path)
    except OSError as exc:
        log.warning("cannot create the instance lock beside %s: %s", data_path, exc)
        return None


def _open_first_window(session: GuiSession, args: argparse.Namespace, data_path: Path) -> bool:
    """Build the first window — before the ORM when the file allows it, else the careful
    way — confirmed sound before it is shown or written (the window is built while the
    file's quick_check, started before Qt loaded, runs). A file failing its check on either
    way goes to ``session.after_failed_check``; False: nothing to show (exit status 2)."""
    engine: Engine | None = None
    try:
        check_data_path(data_path)  # a folder, a read-only file…: before any route reads it
        if _open_before_orm(session, args, data_path):
            return True
        engine = open_or_explain(data_path, interactive=not args.screenshot, defer_check=True)
        if engine is None:
            return False
        return _open_window(session, args, engine, confirm=_confirm_deferred)
    except Exception as exc:
        if not _is_database_error(exc):
            raise
        if engine is not None:
            engine.dispose()
            data_path = Path(str(engine.url.database))  # recovery may have opened another
        engine = session.after_failed_check(exc, data_path)
    return engine is not None and _open_window(session, args, engine, confirm=lambda _e: None)


def _confirm_deferred(engine: Engine) -> None:
    confirm_deferred_check(Path(str(engine.url.database)))


def report_start_failure(exc: Exception, *, screenshot: bool) -> int:
    """An unexpected error before the window is up: logged with its traceback, told to the
    user in plain words (a modal box — no event loop runs yet to show the excepthook's —
    or stderr with ``--screenshot``), never as a traceback. Exit status 1. With
    ``MYCRM_NO_EXCEPTHOOK`` (tests, CI) it is raised instead, as the excepthook does."""
    log.error("mycrm could not start", exc_info=exc)
    if os.environ.get("MYCRM_NO_EXCEPTHOOK"):
        raise exc
    title = QApplication.translate("errors", "Something went wrong")
    text = QApplication.translate(
        "errors", "mycrm hit an unexpected problem. Your saved data is safe; the last action "
        "may not have been completed. The details were written to the log file.")
    if screenshot:
        print(f"mycrm: {text}", file=sys.stderr)
    else:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, title, text)
    return 1


def _is_database_error(exc: BaseException) -> bool:
    """Whether ``exc`` says the file is unusable (ours, sqlite3's or SQLAlchemy's)."""
    if isinstance(exc, DatabaseError | sqlite3.DatabaseError):
        return True
    if "sqlalchemy" not in sys.modules:  # it cannot have raised; do not load it for this
        return False
    from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError

    return isinstance(exc, SQLAlchemyDatabaseError)


def _open_before_orm(session: GuiSession, args: argparse.Namespace, data_path: Path) -> bool:
    """Build and confirm the window of a current, already welcomed file from plain SQL (see
    the module doc); False — nothing kept — when the file needs the careful way, which a
    driver's error while the window was built also sends it (the careful open checks the
    file). Raises the check's verdict (``DatabaseError``) when the file failed it."""
    reader = sqlread.reader_if_current(data_path)
    if reader is None:
        return False
    try:
        first_run = not (args.demo or args.screenshot or args.data
                         or get_setting(reader, WELCOMED))
        if first_run or (args.demo and not has_any_customer(reader)):
            return False  # the welcome or the sample portfolio writes first
        language = args.language or user_language(get_setting(reader, LANGUAGE))
    except sqlite3.DatabaseError:
        return False
    finally:
        reader.close()
    install_translations(session.app, language)
    try:
        session.open(data_path, bool(args.demo), before_orm=True)
        if args.screenshot:  # no window on screen to keep: the verdict first
            confirm_deferred_check(data_path)
    except Exception as exc:
        if isinstance(exc, DatabaseError) or not _is_database_error(exc):
            raise
        log.warning("reading the data file failed while its window was built: %s", exc)
        session.discard()
        return False
    return True


def _open_window(session: GuiSession, args: argparse.Namespace, engine: Engine,
                 confirm: Callable[[Engine], None]) -> bool:
    """Language, first-run welcome and the window for ``engine``; ``confirm(engine)`` runs
    before the first write and again before returning (the window is shown only then)."""
    app = session.app
    data_path = Path(str(engine.url.database))  # recovery may have opened another file
    install_translations(app, args.language or stored_language(engine))
    demo = bool(args.demo)
    if not demo and not args.screenshot and not args.data and not welcomed(engine):
        from mycrm.ui.app.welcome import WelcomeDialog

        confirm(engine)  # the welcome writes that it was shown
        if wants_welcome(engine) and WelcomeDialog().exec() == WelcomeDialog.EXPLORE_SAMPLE:
            data_path, demo = paths.demo_data_file(), True
            engine.dispose()
            return session.open(data_path, demo)
    # The file was opened once; the window keeps that engine.
    if not session.open(data_path, demo, engine):
        return False
    confirm(engine)
    return True


def screenshot(window: MainWindow, args: argparse.Namespace) -> int:
    page = args.page
    if page == "customer":
        opened = window.open_customer_by_name(args.customer)
        if not opened:
            print(f"mycrm: no customer matches {args.customer!r}", file=sys.stderr)
            return 2
    ok = window.save_screenshot(Path(args.screenshot), page)
    if not ok:
        print(f"mycrm: could not write {args.screenshot}", file=sys.stderr)
        return 1
    return 0

