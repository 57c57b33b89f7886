"""The performance benchmark: ``make bench`` (``QT_QPA_PLATFORM=offscreen python bench/run.py``).

For the stress portfolio (``bench/generate.py``) and for a tenth of it, measures start-up
against a bare PySide6 window (also on a copy that must catch up 120 days of revisit
resets), the interactive operations a user waits for, memory, and the event loop's stalls
through a scripted session of the real app (``session_probe.py``, ``stall_watchdog.py``);
prints ONE JSON object and writes it to ``bench/results/latest.json``.

Each scale runs its in-process measurements in a fresh child process (``--inner``) so its
memory figure is its own. Modules other engineers are still writing are imported lazily:
a missing one gives ``null`` and a note, so the same script works as features land.
Generated data files are cached in ``$TMPDIR/mycrm-bench`` keyed by the generator, the
migrations and the sizes (``--regenerate`` forces a new one).
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import importlib
import json
import math
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(BENCH))

from stall_watchdog import combined  # noqa: E402

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
SCALES = {"stress": 1.0, "tenth": 0.1}
TARGETS = {  # medians at stress scale (issue 9)
    "startup_ratio": 1.3, "dashboard_refresh_ms": 50, "board_reload_ms": 50,
    "calendar_month_ms": 30, "search_keystroke_ms": 20, "log_visit_commit_ms": 50,
    "reminder_scan_ms": 5, "rss_mb": 250,
}
COMPANION_TARGETS = {"page_bytes": 150_000, "call_ms": 30, "loop_block_ms": 16}  # issue 16
REPORT_TARGET_MS = 1000  # issue 18: each report to PDF at stress
# Issue 19 (round two): never a frozen frame, a lighter footprint — at stress.
STALL_TARGETS = {"stall_max_ms": 50, "stall_p99_ms": 16}
FRAME_MS = 16  # each interaction's p95
SCALING_LIMIT = 1.5  # each interaction's stress median <= 1.5 x its tenth median
INTERACTIONS = ("board_reload_ms", "board_filter_ms", "board_filter_short_ms",
                "dashboard_refresh_ms", "calendar_month_ms", "calendar_week_ms",
                "customers_sort_ms", "customers_filter_ms", "todos_page_ms",
                "search_keystroke_ms", "search_short_term_ms", "log_visit_commit_ms",
                "reminder_scan_ms")
FOOTPRINT_TARGETS: dict[str, float] = {
    "rss_first_paint_mb": 110, "rss_tour_mb": 140, "startup_bare_ratio": 1.5,
    "startup_ready_s": 1.5, "startup_catchup_ready_s": 1.5}
TIMED = ("dashboard_refresh_ms", "board_reload_ms", "calendar_month_ms", "search_keystroke_ms",
         "log_visit_commit_ms", "reminder_scan_ms")
SEARCHES = ["云帆信息科技", "单点登录", "Northwind", "renewal quote", "王伟", "138 00",
            "enterprise plan", "华南分公司部署"]


# --- statistics -------------------------------------------------------------------------

def summary(samples: list[float]) -> dict[str, float] | None:
    if not samples:
        return None
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": round(statistics.median(ordered), 2), "p95": round(p95, 2),
            "n": len(ordered)}


BUDGET_MS = 4000  # per figure: very slow operations get fewer repetitions (at least 3)


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def timed_ms(fn: Callable[[], object], runs: int, warmup: int = 2) -> list[float]:
    slowest = 0.0
    for _ in range(warmup):
        start = time.perf_counter()
        fn()
        slowest = max(slowest, (time.perf_counter() - start) * 1000)
        if slowest > BUDGET_MS / 4:
            break  # one warm-up is enough for an operation this slow
    if slowest * runs > BUDGET_MS:
        runs = max(3, min(runs, int(BUDGET_MS / max(slowest, 1e-3))))
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


# --- data files -------------------------------------------------------------------------

def cache_dir(args: argparse.Namespace) -> Path:
    path = Path(args.cache_dir or Path(tempfile.gettempdir()) / "mycrm-bench")
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_file(args: argparse.Namespace, scale: float) -> tuple[Path, dict[str, Any]]:
    from generate import Sizes, generate

    sizes = Sizes().scaled(scale)
    digest = hashlib.sha256(json.dumps([asdict(sizes), args.seed]).encode())
    for source in [BENCH / "generate.py",
                   *sorted((ROOT / "src/mycrm/core/db/migrations/versions").glob("*.py"))]:
        digest.update(source.read_bytes())
    path = cache_dir(args) / f"portfolio-{scale:g}-{digest.hexdigest()[:12]}.sqlite"
    info_path = path.with_suffix(".json")
    if path.exists() and info_path.exists() and not args.regenerate:
        return path, json.loads(info_path.read_text())
    for old in cache_dir(args).glob(f"portfolio-{scale:g}-*"):
        old.unlink()
    info = generate(path, sizes, seed=args.seed, now=NOW)
    info_path.write_text(json.dumps(info))
    return path, info


# --- start-up ---------------------------------------------------------------------------

def probe_env(home: Path, now: datetime = NOW) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(home / "data"),
                "XDG_CONFIG_HOME": str(home / "config"), "XDG_STATE_HOME": str(home / "state"),
                "MYCRM_NOW": now.isoformat(), "MYCRM_NO_EXCEPTHOOK": "1"})
    return env


PHASES = ("before_qt", "qt_to_loop", "first_paint")
CATCH_UP_DAYS = 120  # the catch-up start: this long after the portfolio's last visit


def one_startup(args: list[str], env: dict[str, str]) -> tuple[float, dict[str, float]]:
    """Seconds from spawn to the end of the main window's first paint, and that time split
    into ``PHASES``: spawn → PySide6's first import → the event loop entered (window built
    and shown) → painted; plus ``ready``: spawn → everything the app starts after its first
    paint has started, and ``rss_paint``: resident MiB at the end of the first paint."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, str(BENCH / "startup_probe.py"), *args], env=env,
                          capture_output=True, text=True, timeout=600)
    readings = {}
    for line in done.stdout.splitlines():
        words = line.split()
        if len(words) == 2 and words[0] in ("PAINTED", "READY", "RSS_PAINT"):
            readings[words[0].lower()] = float(words[1])
        elif len(words) == 3 and words[0] == "MARK":
            readings.setdefault(words[1], float(words[2]))
    if done.returncode != 0 or "painted" not in readings:
        raise RuntimeError(f"start-up probe {args} failed: {done.stderr[-2000:]}")
    times = [start] + [readings.get(k, math.nan) for k in ("qt", "loop", "painted")]
    phases = {name: b - a for name, a, b in zip(PHASES, times[:-1], times[1:], strict=True)}
    phases["ready"] = readings.get("ready", math.nan) - start
    phases["rss_paint"] = readings.get("rss_paint", math.nan)
    return readings["painted"] - start, phases


def catch_up_now(path: Path) -> datetime:
    """``CATCH_UP_DAYS`` after the portfolio's last visit: every visited customer is then
    due again, so the daily revisit rule has thousands to reset at the start."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        last = conn.execute("SELECT max(occurred_at) FROM interaction").fetchone()[0]
    latest = datetime.fromisoformat(last).replace(tzinfo=UTC) if last else NOW
    return latest + timedelta(days=CATCH_UP_DAYS)


class CatchUpCopy:
    """A fresh copy of the (never opened) portfolio in a home of its own, with the clock
    ``catch_up_now``: what the user opens after months away. Each use is a new copy, in a
    new home (the start's catch-up, backups and logs are its own), removed afterwards."""

    def __init__(self, path: Path, parent: Path) -> None:
        self.path = path
        self.parent = parent
        self.now = catch_up_now(path)

    @contextmanager
    def fresh(self) -> Iterator[tuple[Path, dict[str, str]]]:
        with tempfile.TemporaryDirectory(prefix="catch-up-", dir=self.parent) as tmp:
            home = Path(tmp)
            work = home / "data.sqlite"
            shutil.copyfile(self.path, work)
            yield work, probe_env(home, self.now)


def startup(path: Path, runs: int) -> dict[str, Any]:
    """``runs`` cold-process start-ups each of the app, of the bare PySide6 window, of
    round one's floor (that window after ``import sqlmodel``) and of the app on the
    catch-up copy, interleaved so all see the same machine state; medians (and
    ``startup_summary``: median, p95, n of each). The app opens a copy (start-up writes:
    logs, WAL); its first (warm-up) start applies the one-time catch-up, so its timed runs
    are the steady state. Then the two scripted sessions under the stall watchdog."""
    # An installed app starts from compiled bytecode (pip and PyInstaller compile it); a
    # checkout run with PYTHONDONTWRITEBYTECODE=1 would recompile every module each time.
    compileall.compile_dir(str(ROOT / "src" / "mycrm"), quiet=1)
    compileall.compile_dir(str(BENCH), quiet=1)
    with tempfile.TemporaryDirectory(prefix="mycrm-bench-") as tmp:
        home = Path(tmp)
        work = home / "data.sqlite"
        shutil.copyfile(path, work)
        env = probe_env(home)
        catch_up = CatchUpCopy(path, home)
        one_startup(["bare"], env)  # warm the page cache for Python and Qt
        one_startup(["floor"], env)
        one_startup(["app", str(work)], env)
        samples: dict[str, list[tuple[float, dict[str, float]]]] = {
            "app": [], "floor": [], "bare": [], "catch_up": []}
        for _ in range(runs):
            samples["floor"].append(one_startup(["floor"], env))
            samples["bare"].append(one_startup(["bare"], env))
            samples["app"].append(one_startup(["app", str(work)], env))
            with catch_up.fresh() as (fresh, fresh_env):
                samples["catch_up"].append(one_startup(["app", str(fresh)], fresh_env))
        result = startup_figures(samples)
        result["catch_up_now"] = catch_up.now.isoformat()
        progress("scripted sessions under the stall watchdog (steady, catch-up)")
        result.update(session_figures(work, env, catch_up))
    return result


def startup_figures(samples: dict[str, list[tuple[float, dict[str, float]]]]
                    ) -> dict[str, Any]:
    """Round one's keys (medians) and round two's, from the interleaved start-ups."""
    def totals(name: str) -> list[float]:
        return [total for total, _ in samples[name]]

    def readings(name: str, key: str) -> list[float]:
        return [phases[key] for _, phases in samples[name] if not math.isnan(phases[key])]

    app_s, floor_s = statistics.median(totals("app")), statistics.median(totals("floor"))
    bare_s = statistics.median(totals("bare"))
    ready = _phase_medians(samples["app"], ("ready",))["ready"]
    catch_up_ready = _phase_medians(samples["catch_up"], ("ready",))["ready"]
    rss_paint = readings("app", "rss_paint")
    return {"startup_s": round(app_s, 3), "startup_floor_s": round(floor_s, 3),
            "startup_ratio": round(app_s / floor_s, 2),
            "startup_samples_s": [round(total, 3) for total in totals("app")],
            "startup_floor_samples_s": [round(total, 3) for total in totals("floor")],
            "startup_phases_s": {name: _phase_medians(samples[name])
                                 for name in ("app", "floor", "bare", "catch_up")},
            "startup_ready_s": {"app": ready,
                                "floor": _phase_medians(samples["floor"], ("ready",))["ready"]},
            "startup_bare_floor_s": round(bare_s, 3),
            "startup_bare_ratio": round(app_s / bare_s, 2),
            "startup_bare_floor_samples_s": [round(total, 3) for total in totals("bare")],
            "startup_catchup_s": round(statistics.median(totals("catch_up")), 3),
            "startup_catchup_ready_s": catch_up_ready,
            "startup_catchup_ready_samples_s": [round(v, 3) for v in
                                                readings("catch_up", "ready")],
            "rss_first_paint_mb": round(statistics.median(rss_paint), 1) if rss_paint else None,
            "rss_first_paint_bare_mb": _median_or_none(readings("bare", "rss_paint")),
            "rss_first_paint_catchup_mb": _median_or_none(readings("catch_up", "rss_paint")),
            "startup_summary": {
                "startup_s": summary_s(totals("app")),
                "startup_ready_s": summary_s(readings("app", "ready")),
                "startup_floor_s": summary_s(totals("floor")),
                "startup_bare_floor_s": summary_s(totals("bare")),
                "startup_catchup_s": summary_s(totals("catch_up")),
                "startup_catchup_ready_s": summary_s(readings("catch_up", "ready")),
                "rss_first_paint_mb": summary(rss_paint)}}


def summary_s(samples: list[float]) -> dict[str, float] | None:
    """``summary`` of seconds, to the millisecond."""
    result = summary([v * 1000 for v in samples])
    if result is None:
        return None
    return {"median": round(result["median"] / 1000, 3), "p95": round(result["p95"] / 1000, 3),
            "n": result["n"]}


def _median_or_none(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def one_session(work: Path, env: dict[str, str]) -> dict[str, Any]:
    """``session_probe.py`` on ``work``: its readings, made relative to the spawn (seconds),
    its stalls (``at``: seconds since the spawn) and firings."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, str(BENCH / "session_probe.py"), str(work)],
                          env=env, capture_output=True, text=True, timeout=1800)
    lines = [line for line in done.stdout.splitlines() if line.startswith("SESSION ")]
    if not lines:
        raise RuntimeError(f"session probe failed (exit {done.returncode}): "
                           f"{done.stderr[-2000:]}")
    data = json.loads(lines[-1].removeprefix("SESSION "))
    for key in ("painted", "ready", "quit_at", "quit_done"):
        data[key] = round(data[key] - start, 3)
    data["stalls"] = [[round(at - start, 3), ms, phase] for at, ms, phase in data["stalls"]]
    data["exit_status"] = done.returncode
    return data


def session_figures(work: Path, env: dict[str, str], catch_up: CatchUpCopy) -> dict[str, Any]:
    """The scripted session (``session_probe.py``) on the steady copy and on a fresh
    catch-up copy; the stall figures over both (the ``launch`` phase, before the window is
    on screen, reported apart as ``stall_launch_max_ms``)."""
    sessions = {"steady": one_session(work, env)}
    with catch_up.fresh() as (fresh, fresh_env):
        sessions["catch_up"] = one_session(fresh, fresh_env)
    stalls = combined(sessions)
    launch = [ms for data in sessions.values() for _, ms, phase in data["stalls"]
              if phase == "launch"]
    steady = sessions["steady"]
    return {
        "stall_max_ms": stalls["stall_max_ms"], "stall_p99_ms": stalls["stall_p99_ms"],
        "stall_count": stalls["stall_count"], "stall_histogram": stalls["stall_histogram"],
        "stall_launch_max_ms": round(max(launch, default=0.0), 1),
        "stall_phases": stalls["phases"], "stall_worst": stalls["worst"],
        "stall_sessions": {name: {
            **{k: v for k, v in combined({name: data}).items()
               if k in ("stall_max_ms", "stall_p99_ms", "stall_count", "stall_histogram")},
            "painted_s": data["painted"], "ready_s": data["ready"],
            "quit_s": round(data["quit_done"] - data["quit_at"], 3),
            "rss_first_paint_mb": data["rss_first_paint_mb"], "rss_tour_mb": data["rss_tour_mb"],
            "exit_status": data["exit_status"], "notes": data["notes"]}
            for name, data in sessions.items()},
        "rss_tour_mb": steady["rss_tour_mb"],
        "quit_s": round(steady["quit_done"] - steady["quit_at"], 3),
    }


def _phase_medians(samples: list[tuple[float, dict[str, float]]],
                   names: tuple[str, ...] = PHASES) -> dict[str, float | None]:
    """Median of each phase over the runs (None when a probe did not mark it)."""
    result: dict[str, float | None] = {}
    for name in names:
        values = [phases[name] for _, phases in samples if not math.isnan(phases[name])]
        result[name] = round(statistics.median(values), 3) if values else None
    return result


# --- in-process measurements (child process) --------------------------------------------

def optional(module: str) -> Any | None:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return None


def rss_mb() -> tuple[float, float]:
    values = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return round(values["VmRSS"], 1), round(values["VmHWM"], 1)


class StubNotifier:
    """Stands in for the desktop notifier: the bench measures the scan, not D-Bus."""

    def __init__(self) -> None:
        self.shown = 0

    def notify(self, *_args: Any, **_kwargs: Any) -> None:
        self.shown += 1


def inner(path: Path, runs: int) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from mycrm.core.db.engine import open_database
    from mycrm.ui.app.application import create_application
    from mycrm.ui.app.context import AppContext
    from mycrm.ui.app.main_window import MainWindow
    from mycrm.ui.app.pages import PAGE_KEYS

    notes: list[str] = []
    result: dict[str, Any] = {"notes": notes}
    app = create_application()

    def settle() -> None:
        QApplication.processEvents()

    with tempfile.TemporaryDirectory(prefix="mycrm-bench-") as tmp:
        work = Path(tmp) / "data.sqlite"
        shutil.copyfile(path, work)
        engine = open_database(work)
        ctx = AppContext(engine, work, clock=lambda: NOW)
        window = MainWindow(ctx)
        window.show()
        settle()
        progress(f"{path.name}: window open; visiting every page")
        for key in PAGE_KEYS:  # open and visit every page, as a user would
            window.show_page(key)
            settle()
        result["rss_mb"], result["rss_peak_mb"] = rss_mb()

        def page(key: str) -> Any | None:
            widget = window.show_page(key)
            settle()
            if not hasattr(widget, "reload"):
                notes.append(f"{key}: page module missing or has no reload(); not measured")
                return None
            return widget

        def reloaded(widget: Any) -> Callable[[], None]:
            """The page's ``reload()`` and the repaint it causes — and, where the page reads
            on a worker thread (a filtered board: ``reading``), until its result is shown."""
            def call() -> None:
                widget.reload()
                settle()
                read_through(widget)
            return call

        progress("board")
        board = page("board")
        if board is not None:
            result["board_reload_ms"] = timed_ms(reloaded(board), runs)
            board.search.setText("智联")
            result["board_filter_short_ms"] = timed_ms(reloaded(board), runs)
            board.search.setText("Northwind")
            result["board_filter_ms"] = timed_ms(reloaded(board), runs)
            board.search.clear()
            board.reload()

        progress("dashboard")
        home = page("home")
        if home is not None:
            result["dashboard_refresh_ms"] = timed_ms(reloaded(home), runs)

        progress("customers, to-dos")
        result.update(measure_customers(page("customers"), settle, runs, notes))
        todos_page = page("todos")
        if todos_page is not None:
            result["todos_page_ms"] = timed_ms(reloaded(todos_page), runs)

        progress("calendar")
        result.update(measure_calendar(ctx, window, settle, runs, notes))
        progress("search")
        result.update(measure_search(ctx, runs, notes))
        window.show_page("board")
        settle()
        progress("log visit")
        result.update(measure_log_visit(ctx, settle, runs, notes))
        progress("reminders")
        result.update(measure_reminders(ctx, runs, notes))
        progress("phone companion")
        result.update(measure_companion(ctx, window, runs, notes))
        progress("reports")
        result.update(measure_reports(ctx, runs, notes))
        result["rss_end_mb"], result["rss_peak_mb"] = rss_mb()
        window.close()
        engine.dispose()
    del app
    return {k: (summary(v) if isinstance(v, list) and k != "notes" else v)
            for k, v in result.items()}


def read_through(page: Any) -> None:
    """Until ``page`` has shown what its worker thread read (``reading`` false), waiting for
    the worker's answer rather than spinning (which would take the interpreter from it)."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    while getattr(page, "reading", False):
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    QApplication.processEvents()


def measure_calendar(ctx: Any, window: Any, settle: Callable[[], None], runs: int,
                     notes: list[str]) -> dict[str, Any]:
    """The month view: the calendar page's own month switch when it exists, else the core
    queries a month view needs (per-day counts over the 6-week grid + the selected day)."""
    page = window.show_page("calendar")
    settle()
    months = [(NOW.year + (NOW.month - 1 + i) // 12, (NOW.month - 1 + i) % 12 + 1)
              for i in range(-2, 3)]
    if hasattr(page, "go_next") and hasattr(page, "go_prev"):
        steps = {"i": 0}

        def next_or_prev() -> None:  # alternate forward and back: always a month switch
            steps["i"] += 1
            (page.go_next if steps["i"] % 2 else page.go_prev)()
            settle()
        out = {"calendar_month_ms": timed_ms(next_or_prev, runs)}
        if hasattr(page, "set_view"):  # the week view: a week switch each time
            page.set_view(1)
            settle()
            out["calendar_week_ms"] = timed_ms(next_or_prev, runs)
            page.set_view(0)
            settle()
        else:
            notes.append("calendar_week_ms: CalendarPage has no set_view(); not measured")
        return out
    for name in ("show_month", "set_month", "go_to_month"):
        switch = getattr(page, name, None)
        if switch is not None:
            return {"calendar_month_ms": timed_ms(_month_stepper(switch, months, settle), runs)}
    if hasattr(page, "reload"):
        notes.append("calendar_month_ms: CalendarPage.reload() (no month-switch method found)")
        def reload() -> None:
            page.reload()
            settle()
        return {"calendar_month_ms": timed_ms(reload, runs)}
    calendar = optional("mycrm.core.calendar.days")
    if calendar is None:
        notes.append("calendar_month_ms: mycrm.core.calendar.days missing; not measured")
        return {"calendar_month_ms": None}
    notes.append("calendar_month_ms: core only (ui.calendar_page missing): day_counts over "
                 "the 42-day grid + items_between for today")
    state = {"i": 0}

    def core_month() -> None:
        year, month = months[state["i"] % len(months)]
        state["i"] += 1
        grid = calendar.month_grid(year, month)
        ctx.read(calendar.day_counts, start=grid[0], end=grid[-1], zone=ctx.zone, now=NOW)
        ctx.read(calendar.items_between, start=NOW.date(), end=NOW.date(), zone=ctx.zone,
                 now=NOW)
    return {"calendar_month_ms": timed_ms(core_month, runs)}


def _month_stepper(switch: Callable[..., object], months: list[tuple[int, int]],
                   settle: Callable[[], None]) -> Callable[[], None]:
    """Each call shows the next of ``months`` through the page's own month switch."""
    state = {"i": 0}

    def step() -> None:
        year, month = months[state["i"] % len(months)]
        state["i"] += 1
        try:
            switch(year, month)
        except TypeError:
            switch(datetime(year, month, 1).date())
        settle()
    return step


def measure_customers(page: Any | None, settle: Callable[[], None], runs: int,
                      notes: list[str]) -> dict[str, Any]:
    """The customers table: a click on a column header (``sortByColumn``, alternately by
    name and by renewal, each way), and its filter (a 2-character and a 9-letter term in
    the search box, the page's ``reload()`` as its typing pause calls it), with the
    repaint."""
    if page is None or not hasattr(page, "table") or not hasattr(page, "search"):
        notes.append("customers_sort_ms / customers_filter_ms: CustomersPage has no table "
                     "or search box; not measured")
        return {}
    from PySide6.QtCore import Qt

    orders = [(0, Qt.SortOrder.AscendingOrder), (4, Qt.SortOrder.DescendingOrder),
              (0, Qt.SortOrder.DescendingOrder), (4, Qt.SortOrder.AscendingOrder)]
    state = {"i": 0}

    def sort() -> None:
        column, order = orders[state["i"] % len(orders)]
        state["i"] += 1
        page.table.sortByColumn(column, order)
        settle()

    out = {"customers_sort_ms": timed_ms(sort, runs)}
    page.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    terms = {"i": 0}

    def filter_by() -> None:
        terms["i"] += 1
        page.search.setText("智联" if terms["i"] % 2 else "Northwind")
        page.reload()
        settle()
        read_through(page)

    out["customers_filter_ms"] = timed_ms(filter_by, runs)
    page.search.clear()
    page.reload()
    settle()
    return out


def measure_search(ctx: Any, runs: int, notes: list[str]) -> dict[str, Any]:
    """Typing each query one character at a time; every keystroke from the third character
    runs one search (names, contacts and record text)."""
    search = optional("mycrm.core.search")
    if search is None:
        notes.append("search_keystroke_ms: mycrm.core.search missing")
        return {"search_keystroke_ms": None}
    samples: list[float] = []
    short: list[float] = []
    rounds = max(1, runs // 10)
    for query in SEARCHES:
        for k in range(2, len(query) + 1):
            prefix = query[:k]
            if not prefix.strip():
                continue
            bucket = samples if len(prefix.strip()) >= search.MIN_TRIGRAM else short
            bucket += timed_ms(partial(ctx.read, search.search, text_=prefix, limit=50),
                               rounds, warmup=0)
    return {"search_keystroke_ms": samples, "search_short_term_ms": short}


def measure_log_visit(ctx: Any, settle: Callable[[], None], runs: int, notes: list[str]
                      ) -> dict[str, Any]:
    """Save a QBR with two to-dos through ``ctx.run`` (one transaction, then ``changed``
    makes every built page reload) and let the views repaint."""
    from sqlmodel import col, select

    from mycrm.core.db.models import Customer
    from mycrm.core.records import services as records
    from mycrm.core.todos.services import TodoInput, create_todo

    ids = ctx.read(lambda s: list(s.exec(select(Customer.id).where(
        col(Customer.archived_at).is_(None), col(Customer.lost_on).is_(None))
        .order_by(col(Customer.id)).limit(200))))
    fields = records.InteractionInput.__dataclass_fields__
    state = {"i": 0}

    def todos() -> list[TodoInput]:
        wall = (NOW + timedelta(days=7)).replace(tzinfo=None)
        return [TodoInput(title="发送续约报价 / send the renewal quote"),
                TodoInput(title="Book the next QBR", remind_wall=wall, remind_tz="UTC")]

    def data() -> Any:
        cid = ids[state["i"] % len(ids)]
        state["i"] += 1
        kw = dict(customer_id=cid, kind="qbr", occurred_at=NOW - timedelta(hours=1),
                  attendees="王伟、Anna", discussion="季度业务回顾：讨论续约范围与单点登录。" * 4,
                  feedback="Happy with the reporting module.", next_steps="发送报价")
        if "todos" in fields:
            kw["todos"] = todos()
        return records.InteractionInput(**kw)

    if "todos" in fields:
        def save() -> None:
            ctx.run(records.log_interaction, data=data())
            settle()
    else:
        notes.append("log_visit_commit_ms: InteractionInput has no todos; to-dos created in "
                     "the same transaction with create_todo")

        def service(*, session: Any, now: datetime) -> None:
            record = records.log_interaction(session=session, now=now, data=data())
            for todo in todos():
                todo.customer_id = record.customer_id
                create_todo(session=session, now=now, data=todo)

        def save() -> None:
            ctx.run(service)
            settle()
    return {"log_visit_commit_ms": timed_ms(save, runs)}


def measure_reminders(ctx: Any, runs: int, notes: list[str]) -> dict[str, Any]:
    """One scheduler tick: ``ReminderDriver.run_pass`` (claim due + missed, notify,
    re-arm) when the driver exists; the core ``reminders.claim`` alone as well."""
    reminders = optional("mycrm.core.todos.reminders")
    if reminders is None:
        notes.append("reminder_scan_ms: mycrm.core.todos.reminders missing")
        return {"reminder_scan_ms": None}
    out: dict[str, Any] = {}

    def claim_only() -> None:
        with ctx.session() as session:
            reminders.claim(session=session, now=NOW, zone=ctx.zone)
    out["reminder_claim_ms"] = timed_ms(claim_only, runs)
    driver_module = optional("mycrm.ui.reminders.driver")
    if driver_module is None:
        notes.append("reminder_scan_ms: ui.reminder_driver missing; core claim only")
        out["reminder_scan_ms"] = out["reminder_claim_ms"]
        return out
    driver = driver_module.ReminderDriver(ctx, StubNotifier())
    out["reminder_scan_ms"] = timed_ms(driver.tick, runs)
    return out


REPORT_RECORDS = 200  # the QBR report's customer has this many service records


def measure_reports(ctx: Any, runs: int, notes: list[str]) -> dict[str, Any]:
    """The two reports to PDF, as the dialog and ``mycrm report`` make them: the structure
    from the core, worded, rendered by Qt's PDF writer. ``qbr_report_ms``: the customer
    with the most records, topped up to ``REPORT_RECORDS``, over three years;
    ``work_report_ms``: the month of NOW across the whole portfolio."""
    try:
        from mycrm.core.reports.periods import date_range, month_of
        from mycrm.core.reports.qbr import build_qbr_report
        from mycrm.core.reports.work import build_work_report
        from mycrm.ui.reports.pdf import render_pdf
        from mycrm.ui.reports.qbr_text import qbr_document
        from mycrm.ui.reports.work_text import work_document
    except ImportError as error:
        notes.append(f"reports: {error}; not measured")
        return {}
    from sqlalchemy import text

    from mycrm.core.records.services import InteractionInput, log_interaction

    with ctx.engine.connect() as conn:
        customer_id, count = conn.execute(text(
            "SELECT customer_id, count(*) FROM interaction GROUP BY customer_id "
            "ORDER BY 2 DESC LIMIT 1")).one()
    for n in range(max(0, REPORT_RECORDS - count)):
        ctx.run(log_interaction, data=InteractionInput(
            customer_id=customer_id, kind="visit", occurred_at=NOW - timedelta(days=3 * n + 1),
            attendees="王伟, Li Na", discussion="续约范围、单点登录与数据导出。" * 6,
            feedback="满意", next_steps="发送报价"))
    today = NOW.date()
    period = date_range(today - timedelta(days=3 * 365), today)

    def qbr() -> bytes:
        report = ctx.read(build_qbr_report, customer_id=customer_id, now=NOW, zone=ctx.zone,
                          period=period)
        return render_pdf(qbr_document(report))

    def work() -> bytes:
        report = ctx.read(build_work_report, period=month_of(today), now=NOW, zone=ctx.zone)
        return render_pdf(work_document(report))

    return {"qbr_report_ms": timed_ms(qbr, max(3, runs // 4)),
            "work_report_ms": timed_ms(work, max(3, runs // 4))}


def measure_companion(ctx: Any, window: Any, runs: int, notes: list[str]) -> dict[str, Any]:
    """The phone companion as the app runs it (``PhoneAccess`` on 127.0.0.1, HTTPS) against
    this data file: the page's bytes (the HTML and every file it loads, before gzip), the
    median and p95 of each API call as the phone makes it (a client thread; the server on
    its own), and the longest the Qt event loop went without running while they ran — a
    2 ms heartbeat timer's largest gap. That gap is measured twice: with the window hidden
    (what the server's handlers cost the GUI thread) and with the board on screen (the board
    also reloads what the phone changed, as it does after a desktop edit, sharing the
    interpreter with the server meanwhile)."""
    import re

    try:
        from mycrm.ui.companion.controller import PhoneAccess
    except ImportError as error:
        notes.append(f"companion: {error}; not measured")
        return {}
    sys.path.insert(0, str(ROOT / "tests"))
    from phone_client import Phone, phone_for

    access = PhoneAccess(ctx)
    if not access.turn_on("127.0.0.1") or access.server is None:
        notes.append("companion: phone access did not start; not measured")
        return {}
    out: dict[str, Any] = {}
    try:
        phone: Phone = phone_for(access.server, keep_alive=True)  # as a browser keeps it
        phone.pair(access.pairing_link())
        page = phone.load_page()
        assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
        out["companion_page_bytes"] = len(page.body) + sum(
            len(phone.get(a).body) for a in assets)
        window.hide()
        timings, out["companion_loop_max_gap_ms"] = _companion_calls(phone, runs)
        for name, samples in timings.items():
            out[f"companion_{name}_ms"] = samples
        window.show()
        window.show_page("board")
        _, out["companion_loop_max_gap_board_ms"] = _companion_calls(phone, max(3, runs // 3))
        phone.close()
    finally:
        access.turn_off()
    return out


def _companion_calls(phone: Any, runs: int) -> tuple[dict[str, list[float]], int]:
    """Each API call ``runs`` times from a client thread while the GUI thread runs its event
    loop; the calls' timings and the heartbeat's largest gap (ms)."""
    import threading

    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QTimer

    from phone_client import entry_id

    customers = [c["id"] for c in phone.get("/api/customers").json()["items"]]
    todo_ids = [t["id"] for t in phone.get("/api/today").json()["items"]] or [0]
    state = {"i": 0}

    def nth(values: list[int]) -> int:
        state["i"] += 1
        return values[state["i"] % len(values)]

    calls: dict[str, Callable[[], object]] = {
        "page": lambda: phone.get("/"),
        "today": lambda: phone.get("/api/today"),
        "search": lambda: phone.get("/api/customers?q=%E4%BA%91%E5%B8%86"),  # 云帆
        "summary": lambda: phone.get(f"/api/customers/{nth(customers)}"),
        "log_visit": lambda: phone.post("/api/records", {
            "entry_id": entry_id(), "customer_id": nth(customers), "kind": "qbr",
            "occurred_wall": "2026-11-22T15:00", "tz": "Asia/Shanghai",
            "discussion": "季度业务回顾：讨论续约范围与单点登录。" * 4,
            "todos": [{"title": "发送续约报价", "remind_wall": "2026-11-29T09:00"},
                      {"title": "Book the next QBR", "remind_wall": None}]}),
        "add_todo": lambda: phone.post("/api/todos", {
            "entry_id": entry_id(), "customer_id": nth(customers), "title": "回电话",
            "remind_wall": "2026-11-30T10:00", "tz": "Asia/Shanghai"}),
        "snooze": lambda: phone.post(f"/api/todos/{nth(todo_ids)}/snooze",
                                     {"entry_id": entry_id(), "choice": "1h"}),
    }
    timings: dict[str, list[float]] = {}
    finished = threading.Event()

    def client() -> None:
        try:
            for name, call in calls.items():
                timings[name] = timed_ms(call, runs)
        finally:
            finished.set()

    clock = QElapsedTimer()
    clock.start()
    gaps = {"last": 0, "max": 0}

    def beat() -> None:
        now = clock.elapsed()
        gaps["max"] = max(gaps["max"], now - gaps["last"])
        gaps["last"] = now

    heartbeat = QTimer()
    heartbeat.setInterval(2)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    gaps["last"] = clock.elapsed()
    worker = threading.Thread(target=client)
    worker.start()
    while not finished.is_set():
        QCoreApplication.processEvents()
        time.sleep(0.001)
    worker.join()
    QCoreApplication.processEvents()  # the last coalesced change, inside the measurement
    heartbeat.stop()
    return timings, gaps["max"]


# --- main -------------------------------------------------------------------------------

def run_inner(path: Path, runs: int) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MYCRM_NO_EXCEPTHOOK="1")
    with tempfile.TemporaryDirectory(prefix="mycrm-bench-home-") as home:
        env.update(XDG_DATA_HOME=f"{home}/data", XDG_CONFIG_HOME=f"{home}/config",
                   XDG_STATE_HOME=f"{home}/state")
        done = subprocess.run([sys.executable, __file__, "--inner", str(path), "--runs",
                               str(runs)], env=env, stdout=subprocess.PIPE, text=True,
                              timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"inner run failed (exit {done.returncode}); see its stderr above")
    return json.loads(done.stdout.strip().splitlines()[-1])


def verdict(results: dict[str, Any]) -> dict[str, Any]:
    """Each target: the stress median, the limit, and whether it is met; plus the scaling
    rule (stress <= 2x tenth)."""
    stress, tenth = results.get("stress", {}), results.get("tenth", {})
    checks: dict[str, Any] = {}
    for key, limit in TARGETS.items():
        value = stress.get(key)
        median = value["median"] if isinstance(value, dict) else value
        small = tenth.get(key)
        small_median = small["median"] if isinstance(small, dict) else small
        check: dict[str, Any] = {"stress": median, "limit": limit,
                                 "ok": None if median is None else median <= limit}
        if (key in TIMED or key in ("startup_ratio", "rss_mb")) and median is not None \
                and small_median:
            check["tenth"] = small_median
            check["scale_factor"] = round(median / small_median, 2)
            check["scales_ok"] = median <= 2 * small_median
        checks[key] = check
    checks.update(phone_and_report_verdict(stress))
    checks["issue19"] = round_two_verdict(stress, tenth)
    return checks


def _median(value: Any) -> float | None:
    return value.get("median") if isinstance(value, dict) else value


def round_two_verdict(stress: dict[str, Any], tenth: dict[str, Any]) -> dict[str, Any]:
    """Issue 19's numbers: the stalls (stress and tenth), each interaction's p95 within a
    frame and its stress median within ``SCALING_LIMIT`` x tenth, memory and start-up.
    ``ok`` is None where a figure is missing (that scale not run, a page not there)."""
    checks: dict[str, Any] = {}
    for key, limit in STALL_TARGETS.items():
        checks[key] = {"stress": stress.get(key), "tenth": tenth.get(key), "limit": limit,
                       "ok": None if stress.get(key) is None else stress[key] <= limit}
    for key in INTERACTIONS:
        big, small = stress.get(key), tenth.get(key)
        p95 = big.get("p95") if isinstance(big, dict) else None
        check: dict[str, Any] = {"stress_p95": p95, "limit": FRAME_MS,
                                 "ok": None if p95 is None else p95 <= FRAME_MS}
        if isinstance(small, dict):
            check["tenth_p95"] = small.get("p95")
        big_median, small_median = _median(big), _median(small)
        if big_median is not None and small_median:
            check["scale_factor"] = round(big_median / small_median, 2)
            check["scales_ok"] = check["scale_factor"] <= SCALING_LIMIT
        checks[key] = check
    for key, bound in FOOTPRINT_TARGETS.items():
        value: Any = stress.get(key)
        if key == "startup_ready_s" and isinstance(value, dict):
            value = value.get("app")
        checks[key] = {"stress": value, "limit": bound,
                       "ok": None if value is None else value <= bound}
    return checks


def phone_and_report_verdict(stress: dict[str, Any]) -> dict[str, Any]:
    """Issues 16 and 18: the page's bytes, every API call's p95, the Qt loop's gap; each
    report to PDF."""
    checks: dict[str, Any] = {}
    size = stress.get("companion_page_bytes")
    if size is not None:
        limit = COMPANION_TARGETS["page_bytes"]
        checks["companion_page_bytes"] = {"stress": size, "limit": limit, "ok": size <= limit}
    for key, value in stress.items():
        if key.startswith("companion_") and key.endswith("_ms") and isinstance(value, dict):
            limit = COMPANION_TARGETS["call_ms"]
            checks[key] = {"stress": value["median"], "p95": value["p95"], "limit": limit,
                           "ok": value["p95"] <= limit}
    for key in ("qbr_report_ms", "work_report_ms"):
        value = stress.get(key)
        if isinstance(value, dict):
            checks[key] = {"stress": value["median"], "p95": value["p95"],
                           "limit": REPORT_TARGET_MS, "ok": value["p95"] <= REPORT_TARGET_MS}
    gap = stress.get("companion_loop_max_gap_ms")
    if gap is not None:
        limit = COMPANION_TARGETS["loop_block_ms"]
        checks["companion_loop_max_gap_ms"] = {"stress": gap, "limit": limit, "ok": gap <= limit}
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="mycrm performance benchmark")
    parser.add_argument("--scales", default="stress,tenth",
                        help="comma-separated: stress (1.0), tenth (0.1)")
    parser.add_argument("--runs", type=int, default=30, help="timed repetitions per figure")
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--cache-dir", type=Path)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--output", type=Path, default=BENCH / "results" / "latest.json")
    parser.add_argument("--inner", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:
        print(json.dumps(inner(args.inner, args.runs), ensure_ascii=False), flush=True)
        sys.stderr.flush()
        os._exit(0)  # skip interpreter teardown: PySide6 can crash while finalising
    started = time.perf_counter()
    report: dict[str, Any] = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "runs": args.runs, "startup_runs": args.startup_runs,
    }
    results: dict[str, Any] = {}
    for name in args.scales.split(","):
        progress(f"{name}: data file")
        path, info = data_file(args, SCALES[name])
        scale: dict[str, Any] = {"portfolio": info}
        progress(f"{name}: start-up x{args.startup_runs}")
        scale.update(startup(path, args.startup_runs))
        progress(f"{name}: in-process measurements")
        scale.update(run_inner(path, args.runs))
        results[name] = scale
        partial = args.output.with_name(args.output.stem + ".partial.json")
        partial.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n",
                           encoding="utf-8")
    report.update(results)
    report["targets"] = verdict(results)
    report["seconds"] = round(time.perf_counter() - started, 1)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, ensure_ascii=False, indent=1)
    args.output.write_text(text + "\n", encoding="utf-8")
    args.output.with_name(args.output.stem + ".partial.json").unlink(missing_ok=True)
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
