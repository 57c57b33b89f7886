"""The event-loop stall watchdog: how long the GUI thread's event loop went without running.

A precise 1 ms repeating ``QTimer`` on the GUI thread notes the time at every firing. When
the loop runs freely it fires about every millisecond; while a slot, a paint or a query holds
the thread, it cannot fire, and the next firing comes late. The lateness of each firing
(gap since the previous one minus the 1 ms asked for) is what the user felt: for that long
the window neither painted nor answered a key. Firings later than ``STALL_FLOOR_MS`` count
as stalls — below it the loop is answering within a fraction of a frame.

Why a 1 ms timer and not a 0 ms one: a 0 ms timer keeps the GUI thread spinning in Python,
which takes the interpreter away from the worker threads the app moves its long work to, so
the watchdog would slow down what it measures. At 1 ms its own cost is a few microseconds
per firing.

``stall_stats`` is the arithmetic alone (plain numbers in, a summary out), so it is tested
without Qt; ``StallWatchdog`` imports Qt only when started, so a probe can load this module
before the app has chosen its own import order.
"""

from __future__ import annotations

import math
import time
from typing import Any

INTERVAL_MS = 1  # the watchdog timer's period
STALL_FLOOR_MS = 4.0  # a firing later than this is a stall (a quarter of a 60 Hz frame)
# Histogram buckets (ms of lateness): [low, high) — the last one is open-ended.
BUCKETS: tuple[tuple[str, float, float], ...] = (
    ("4-16", STALL_FLOOR_MS, 16.0), ("16-33", 16.0, 33.0), ("33-50", 33.0, 50.0),
    ("50-100", 50.0, 100.0), (">=100", 100.0, math.inf),
)


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` in 0..1) of ``values``; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def stall_stats(lateness_ms: list[float], floor_ms: float = STALL_FLOOR_MS) -> dict[str, Any]:
    """Summary of a watchdog's firings, given how late each fired (ms).

    ``stall_max_ms``: the longest stall; ``stall_p99_ms``: the 99th percentile over the
    stalls (firings at least ``floor_ms`` late), 0 when there were none — over stalls, not
    over all firings, so that idle time (thousands of punctual firings) cannot hide them;
    ``stall_count``; ``stall_histogram``: the stalls per bucket of ``BUCKETS``."""
    stalls = [value for value in lateness_ms if value >= floor_ms]
    histogram = {name: sum(1 for value in stalls if low <= value < high)
                 for name, low, high in BUCKETS}
    return {"stall_max_ms": round(max(stalls, default=0.0), 1),
            "stall_p99_ms": round(percentile(stalls, 0.99), 1),
            "stall_count": len(stalls),
            "stall_histogram": histogram,
            "firings": len(lateness_ms)}


def combined(sessions: dict[str, dict[str, Any]], exclude: tuple[str, ...] = ("launch",),
             worst: int = 10) -> dict[str, Any]:
    """``stall_stats`` over the stalls of several sessions (``StallWatchdog.to_json`` of
    each, by name), leaving out the phases in ``exclude``; per phase too (a phase
    ``"tour:board"`` counts under ``"tour"`` and under itself), and the ``worst`` stalls
    with their session, phase and ``at`` as the sessions gave it."""
    kept = [(name, stall) for name, data in sessions.items() for stall in data["stalls"]
            if stall[2].split(":")[0] not in exclude]
    result = stall_stats([ms for _, (_, ms, _) in kept])
    result["firings"] = sum(count for data in sessions.values()
                            for phase, count in data["firings"].items()
                            if phase.split(":")[0] not in exclude)
    by_phase: dict[str, list[float]] = {}
    for data in sessions.values():
        for _, ms, phase in data["stalls"]:
            for key in {phase.split(":")[0], phase}:
                by_phase.setdefault(key, []).append(ms)
    result["phases"] = {phase: {k: v for k, v in stall_stats(values).items()
                                if k in ("stall_max_ms", "stall_p99_ms", "stall_count")}
                        for phase, values in sorted(by_phase.items())}
    ordered = sorted(kept, key=lambda item: item[1][1], reverse=True)[:worst]
    result["worst"] = [{"session": name, "at": at, "ms": ms, "phase": phase}
                       for name, (at, ms, phase) in ordered]
    return result


class StallWatchdog:
    """Runs a 1 ms timer on the GUI thread from ``start()`` until ``stop()``. ``enter(phase)``
    names what the session does from then on; each stall (a firing ``STALL_FLOOR_MS`` or
    more late) is kept with its time and phase, and the firings are counted per phase (the
    punctual ones need no more: ``stall_stats`` looks at stalls only)."""

    def __init__(self) -> None:
        self.phase = "launch"
        self.stalls: list[tuple[float, float, str]] = []  # (time.monotonic(), ms, phase)
        self.firings: dict[str, int] = {}
        self._last: float | None = None
        self._timer: Any = None

    def start(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._fired)
        self._last = time.monotonic()
        self._timer.start()

    def stop(self) -> None:
        """Stop the timer; the time since its last firing counts as one more firing, so
        that work which held the thread until the loop ended (a backup on quit) is a stall
        too, not lost because no firing came after it."""
        if self._timer is not None:
            self._fired()
            self._timer.stop()
            self._timer = None

    def enter(self, phase: str) -> None:
        """From now on, stalls belong to ``phase`` (a stall spanning the switch belongs to
        the phase in which it ends: the work that delayed the firing ran then)."""
        self.phase = phase

    def _fired(self) -> None:
        now = time.monotonic()
        if self._last is not None:
            late = (now - self._last) * 1000 - INTERVAL_MS
            self.firings[self.phase] = self.firings.get(self.phase, 0) + 1
            if late >= STALL_FLOOR_MS:
                self.stalls.append((round(now, 4), round(late, 1), self.phase))
        self._last = now

    def to_json(self) -> dict[str, Any]:
        return {"firings": self.firings, "stalls": self.stalls}
