"""A simulated day in the tray: the app lives there for weeks, so what a day of reminder ticks,
page visits and changes costs must not grow. 2,880 ticks of 30 s on a fake clock, a tour of
every page and a change each simulated hour; every reminder is delivered exactly once and
memory, Python objects and the interpreter's own bookkeeping stay flat."""

from __future__ import annotations

import gc
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import pytest
from pytestqt.qtbot import QtBot

from mycrm.core.changes import Change
from mycrm.core.data.sample import build_sample_portfolio
from mycrm.core.db.engine import open_database, session_scope
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.app.main_window import MainWindow
from mycrm.ui.app.pages import PAGE_KEYS
from mycrm.ui.reminders.driver import TICK_MS, ReminderDriver

START = datetime(2026, 11, 22, 0, 0, tzinfo=UTC)
REMINDERS = 200  # one every 7 minutes, all within the day
TICKS = 24 * 3600 * 1000 // TICK_MS
HOURLY = 3600 * 1000 // TICK_MS


class _Recorder:
    def __init__(self) -> None:
        self.todo_ids: list[int] = []

    def notify(self, _title: str, _message: str, todo_id: int = 0) -> str:
        self.todo_ids.append(todo_id)
        return "desktop"


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.slow
def test_a_day_of_ticks_delivers_each_reminder_once_and_nothing_grows(
        qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "day.sqlite"
    engine = open_database(path)
    clock = [START]
    with session_scope(engine) as session:
        build_sample_portfolio(session, now=START, zone="UTC")
        ours = [cast(int, create_todo(session=session, now=START, data=TodoInput(
            title=f"Reminder {i}", remind_tz="UTC",
            remind_wall=(START + timedelta(minutes=7 * i + 3)).replace(tzinfo=None))).id)
            for i in range(REMINDERS)]
    ctx = AppContext(engine, path, clock=lambda: clock[0])
    ctx.zone = "UTC"
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    monotonic = [1000.0]
    recorder = _Recorder()
    driver = ReminderDriver(ctx, recorder, monotonic=lambda: monotonic[0])  # type: ignore[arg-type]
    driver.start()
    samples: list[tuple[float, int, int]] = []
    for tick in range(1, TICKS + 1):
        clock[0] += timedelta(milliseconds=TICK_MS)
        monotonic[0] += TICK_MS / 1000
        driver.tick()
        if tick % HOURLY == 0:
            ctx.changed.emit(Change.ALL)
            for key in PAGE_KEYS:
                window.show_page(key)
                qtbot.wait(1)
            ctx.run_daily_rules()
        if tick % (6 * HOURLY) == 0:
            gc.collect()
            samples.append((_rss_mb(), len(gc.get_objects()), sys.getrefcount(None)))
    driver.stop()
    assert sorted(i for i in recorder.todo_ids if i in set(ours)) == sorted(ours), \
        "every reminder of the day delivered, none twice"
    assert len(recorder.todo_ids) == len(set(recorder.todo_ids)), "nothing delivered twice"
    (rss_6h, objects_6h, none_6h), (rss_24h, objects_24h, none_24h) = samples[0], samples[-1]
    assert rss_24h - rss_6h < 15, f"memory grew {rss_24h - rss_6h:.0f} MB in 18 hours"
    assert objects_24h - objects_6h < objects_6h // 50, "Python objects keep piling up"
    assert none_24h > none_6h - 500, "references to None are being lost (a binding fault)"
    engine.dispose()
