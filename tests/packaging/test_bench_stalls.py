"""The benchmark's arithmetic (bench/): the stall watchdog's summary of late timer firings
and issue 19's verdict. Plain numbers in, figures out — nothing here is timed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load(name: str) -> ModuleType:
    """A bench script as a module (bench/ is not a package; run.py imports its siblings)."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


stalls = _load("stall_watchdog")


def test_stall_stats_counts_only_firings_past_the_floor() -> None:
    # 1,000 punctual firings (idle time) must not dilute the stalls' p99.
    lateness = [0.2] * 1000 + [3.9, 4.0, 15.9, 16.0, 40.0, 75.5, 250.0]
    result = stalls.stall_stats(lateness)
    assert result["stall_count"] == 6  # 3.9 ms is under the 4 ms floor
    assert result["stall_max_ms"] == 250.0
    assert result["stall_p99_ms"] == 250.0  # nearest rank of 6 stalls: the 6th
    assert result["stall_histogram"] == {"4-16": 2, "16-33": 1, "33-50": 1, "50-100": 1,
                                         ">=100": 1}
    assert result["firings"] == 1007


def test_stall_p99_is_the_nearest_rank_over_the_stalls() -> None:
    lateness = [5.0] * 99 + [60.0] * 2  # 101 stalls: rank ceil(0.99 * 101) = 100
    result = stalls.stall_stats(lateness)
    assert result["stall_p99_ms"] == 60.0
    assert stalls.stall_stats([5.0] * 100 + [60.0])["stall_p99_ms"] == 5.0


def test_no_stall_gives_zeros() -> None:
    result = stalls.stall_stats([0.0, 1.2, 3.0])
    assert (result["stall_max_ms"], result["stall_p99_ms"], result["stall_count"]) == (0, 0, 0)
    assert set(result["stall_histogram"].values()) == {0}
    assert stalls.stall_stats([])["firings"] == 0


def test_combined_leaves_launch_out_and_groups_phases() -> None:
    sessions: dict[str, Any] = {
        "steady": {"firings": {"launch": 3, "tour:board": 500, "quit": 10},
                   "stalls": [[0.5, 900.0, "launch"], [2.0, 30.0, "tour:board"],
                              [2.5, 8.0, "tour:board"]]},
        "catch_up": {"firings": {"start": 800},
                     "stalls": [[1.0, 70.0, "start"]]},
    }
    result = stalls.combined(sessions)
    assert result["stall_max_ms"] == 70.0  # the 900 ms before the window was on screen: out
    assert result["stall_count"] == 3
    assert result["firings"] == 1310
    assert result["phases"]["tour"]["stall_count"] == 2
    assert result["phases"]["tour:board"]["stall_max_ms"] == 30.0
    assert result["phases"]["launch"]["stall_max_ms"] == 900.0  # still reported per phase
    assert [(w["session"], w["ms"]) for w in result["worst"]] == [
        ("catch_up", 70.0), ("steady", 30.0), ("steady", 8.0)]


def test_round_two_verdict_checks_frame_scaling_and_footprint() -> None:
    run = _load("run")
    stress = {"stall_max_ms": 49.0, "stall_p99_ms": 17.0,
              "board_reload_ms": {"median": 12.0, "p95": 15.0, "n": 30},
              "todos_page_ms": {"median": 9.0, "p95": 20.0, "n": 30},
              "rss_first_paint_mb": 109.0, "rss_tour_mb": 150.0,
              "startup_ready_s": {"app": 1.4, "floor": 0.3}}
    tenth = {"board_reload_ms": {"median": 6.0, "p95": 7.0, "n": 30},
             "todos_page_ms": {"median": 8.0, "p95": 9.0, "n": 30}}
    checks = run.verdict({"stress": stress, "tenth": tenth})["issue19"]
    assert checks["stall_max_ms"]["ok"] is True
    assert checks["stall_p99_ms"]["ok"] is False
    assert checks["board_reload_ms"]["ok"] is True  # p95 15 within a frame…
    assert checks["board_reload_ms"]["scales_ok"] is False  # …but 2x its tenth
    assert checks["todos_page_ms"]["ok"] is False
    assert checks["todos_page_ms"]["scales_ok"] is True
    assert checks["rss_first_paint_mb"]["ok"] is True
    assert checks["rss_tour_mb"]["ok"] is False
    assert checks["startup_ready_s"] == {"stress": 1.4, "limit": 1.5, "ok": True}
    assert checks["startup_catchup_ready_s"]["ok"] is None  # not measured: no verdict
    assert checks["calendar_week_ms"]["ok"] is None


def test_work_holding_the_thread_until_stop_is_a_stall(monkeypatch: Any) -> None:
    """A backup on quit blocks the thread until the loop ends: no firing comes after it,
    so ``stop()`` counts the time since the last firing (it was lost before)."""
    clock = iter([10.0, 10.5])
    monkeypatch.setattr(stalls.time, "monotonic", lambda: next(clock))

    class Timer:
        stopped = False

        def stop(self) -> None:
            self.stopped = True

    watchdog = stalls.StallWatchdog()
    timer = Timer()
    watchdog._timer, watchdog._last = timer, 10.0
    watchdog.enter("quit")
    watchdog._fired()  # punctual: the clock still reads 10.0
    watchdog.stop()
    assert timer.stopped
    assert watchdog.stalls == [(10.5, 499.0, "quit")]
