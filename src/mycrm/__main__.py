"""``python -m mycrm``.

Start-up allocates much and frees almost nothing, so the cyclic garbage collector's young
generation is made large for it: its passes over the growing heap would otherwise cost
more than a bare Qt window takes to appear, and, once the window is up, stall it while the
ORM is imported on a worker thread. The window's first paint freezes what start-up built
(never scanned again: later passes stay short); once the engine is open, that is frozen
too and the usual thresholds come back (``ui.app.application.resume_garbage_collection``).
A command of the command line keeps the large young generation (it still collects, just
less often)."""

import gc
import sys

START_GC_THRESHOLD = 200_000  # container allocations between young passes (default 700)

gc.set_threshold(START_GC_THRESHOLD, *gc.get_threshold()[1:])

from mycrm.app import main  # noqa: E402 — after the collector is set

sys.exit(main())
