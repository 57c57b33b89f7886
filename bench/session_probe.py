"""Session probe, run as a child process by ``bench/run.py``: a whole scripted session of the
real app under the event-loop stall watchdog (``stall_watchdog.StallWatchdog``).

``session_probe.py FILE`` runs ``python -m mycrm --data FILE`` exactly as
``startup_probe.py app`` does (same hooks, the app's own import order) and starts the
watchdog just after the app has constructed its ``QApplication``. Then, on the app's real
event loop, as a user would (each step names the watchdog's phase):

- ``launch``: ``QApplication`` → the end of the main window's first paint (no window on
  screen yet: this phase is reported apart, its time is ``startup_s``);
- ``start``: the first paint → everything the app starts after it has started (engine,
  tray, reminders, backups, daily rules — the revisit catch-up finished) and a repaint;
- ``tour``: every page shown in turn, each given ``PAGE_DWELL_MS`` (pages build and load
  lazily; the calendar also steps a month forward and back, and shows its week view);
- ``filters``: typing a Chinese and an English term into the board's, the customers' and
  the to-dos' filter and the command palette's search (Ctrl+K), one character every
  ``KEY_INTERVAL_MS`` (a brisk typist), then clearing each;
- ``log_visit``: a visit logged through ``ctx.run`` (as the dialog saves it) with the board
  on screen, and the views' reloads;
- ``quit``: File ▸ Quit, until the event loop ends.

It prints ``SESSION {json}``: the readings (``time.monotonic()``: the parent subtracts its
spawn time), the resident memory at the first paint and after the tour, and the watchdog's
stalls and firings per phase (``StallWatchdog.to_json``; the parent sums them up with
``stall_watchdog.combined``, every phase but ``launch`` in the headline figures).
"""

from __future__ import annotations

import json
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import startup_probe  # noqa: E402,I001
from startup_probe import HookQtWidgets, StartWatch, app, main_window, rss_mb, wait_first_paint  # noqa: E402,I001
from stall_watchdog import StallWatchdog  # noqa: E402

PAGE_DWELL_MS = 400
KEY_INTERVAL_MS = 150
SETTLE_MS = 600  # after a term is typed: the filter's pause, its reload, the repaint
TERMS = ("智联", "Northwind")


def pump(ms: int) -> None:
    """Run the real event loop for ``ms`` (timers, posted events, paints — as when idle)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def type_into(edit: Any, text: str) -> None:
    """Type ``text`` into the line edit one character at a time (``insert`` emits the same
    ``textEdited``/``textChanged`` as a key press), let the filter settle, then clear it."""
    edit.setFocus()
    for char in text:
        edit.insert(char)
        pump(KEY_INTERVAL_MS)
    pump(SETTLE_MS)
    edit.clear()
    pump(SETTLE_MS)


class Session:
    """The scripted session of the module doc, driven from the app's ``exec``."""

    def __init__(self, hooks: HookQtWidgets, watchdog: StallWatchdog) -> None:
        self.hooks = hooks
        self.watchdog = watchdog
        self.readings: dict[str, Any] = {}
        self.notes: list[str] = []

    def run(self, *_args: object) -> int:
        """In place of the app's ``QApplication.exec()``: the session, then Qt's own loop
        until File ▸ Quit ends it; the app's exit status."""
        from PySide6.QtWidgets import QApplication

        application = QApplication.instance()
        window = main_window()
        if window is None:
            print("no main window is shown", file=sys.stderr)
            return 3
        watch = StartWatch(window)
        painted = wait_first_paint()
        if painted is None:
            print("no main window was painted", file=sys.stderr)
            return 3
        self.readings.update(painted=painted, rss_first_paint_mb=startup_probe.PAINT_RSS_MB)
        self.watchdog.enter("start")
        if not watch.wait():
            print("the app did not finish starting in time", file=sys.stderr)
            return 3
        self.readings["ready"] = time.monotonic()
        self.tour(window)
        self.readings["rss_tour_mb"] = rss_mb()
        self.filters(window)
        self.watchdog.enter("log_visit")
        self.log_visit(window)
        self.watchdog.enter("quit")
        code = self.quit(application, window)
        self.watchdog.stop()
        print("SESSION " + json.dumps({**self.readings, **self.watchdog.to_json(),
                                       "notes": self.notes}, ensure_ascii=False), flush=True)
        return code

    def tour(self, window: Any) -> None:
        from mycrm.ui.app.pages import PAGE_KEYS

        for key in PAGE_KEYS:
            self.watchdog.enter(f"tour:{key}")
            page = window.show_page(key)
            pump(PAGE_DWELL_MS)
            if key == "calendar":
                self.calendar(page)

    def calendar(self, page: Any) -> None:
        """A month forward and back, the week view and back to the month."""
        for step in ("go_next", "go_prev"):
            if hasattr(page, step):
                getattr(page, step)()
                pump(PAGE_DWELL_MS)
        if hasattr(page, "set_view"):
            page.set_view(1)
            pump(PAGE_DWELL_MS)
            page.set_view(0)
            pump(PAGE_DWELL_MS)

    def filters(self, window: Any) -> None:
        from PySide6.QtWidgets import QLineEdit

        for key, name in (("board", "boardSearch"), ("customers", "customersSearch"),
                          ("todos", "text_filter")):
            self.watchdog.enter(f"filters:{key}")
            page = window.show_page(key)
            pump(PAGE_DWELL_MS)
            edit = getattr(page, name, None) or page.findChild(QLineEdit, name)
            if not isinstance(edit, QLineEdit):
                self.notes.append(f"{key}: no filter box {name!r}; not typed into")
                continue
            for term in TERMS:
                type_into(edit, term)
        if not hasattr(window, "open_command_palette"):
            self.notes.append("search: no command palette; not typed into")
            return
        self.watchdog.enter("filters:search")
        palette = window.open_command_palette()
        pump(PAGE_DWELL_MS)
        for term in TERMS:
            type_into(palette.search, term)
        palette.close()
        pump(PAGE_DWELL_MS)

    def log_visit(self, window: Any) -> None:
        """A visit saved as the dialog saves it (``ctx.run``), the board on screen."""
        from sqlalchemy import text

        from mycrm.core.records.services import InteractionInput, log_interaction

        window.show_page("board")
        pump(PAGE_DWELL_MS)
        ctx = window.ctx
        with ctx.engine.connect() as conn:
            customer_id = conn.execute(text(
                "SELECT id FROM customer WHERE archived_at IS NULL AND lost_on IS NULL "
                "ORDER BY id LIMIT 1")).scalar_one()
        ctx.run(log_interaction, data=InteractionInput(
            customer_id=customer_id, kind="visit", occurred_at=ctx.now() - timedelta(hours=1),
            attendees="王伟、Anna", discussion="季度业务回顾：讨论续约范围与单点登录。" * 4,
            feedback="Happy with the reporting module.", next_steps="发送报价"))
        pump(SETTLE_MS * 2)

    def quit(self, application: Any, window: Any) -> int:
        """File ▸ Quit on the app's own event loop (Qt's ``exec``, the hook aside), so what
        the app does on quitting runs as it always does."""
        from PySide6.QtCore import QTimer
        from PySide6.QtGui import QKeySequence

        menu = getattr(window, "file_menu", None)
        actions = [a for a in (menu.actions() if menu is not None else [])
                   if a.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)]
        if actions:
            QTimer.singleShot(0, actions[0].trigger)
        else:
            self.notes.append("quit: no File > Quit action; QApplication.quit()")
            QTimer.singleShot(0, application.quit)
        self.readings["quit_at"] = time.monotonic()
        assert self.hooks.original_exec is not None
        code = int(self.hooks.original_exec())  # static in Qt
        self.readings["quit_done"] = time.monotonic()
        return code


def main(data_file: str) -> int:
    watchdog = StallWatchdog()
    hooks = HookQtWidgets(lambda *_: 0, on_application=watchdog.start)
    hooks.exec_hook = Session(hooks, watchdog).run  # read when the app imports QtWidgets
    return app(data_file, hooks)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: session_probe.py FILE", file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(main(sys.argv[1]))
