"""A companion server in a process of its own, for the crash tests: it serves the data file
given, writes its address and a pairing link to ``INFO`` once listening, and — with
``--hold`` — after each commit touches ``MARKER`` and waits before answering, so the test can
kill it between the entry's commit and the phone's confirmation.

    python crash_server.py DATA CERT_DIR INFO MARKER [--hold SECONDS]
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from pathlib import Path

from mycrm.companion.guard import Throttle
from mycrm.companion.server import CompanionServer, ServerConfig
from mycrm.core.changes import Change

NOW = datetime.fromisoformat("2026-11-22T10:00:00+00:00")


def main(argv: list[str]) -> None:
    data, cert_dir, info, marker = (Path(a) for a in argv[:4])
    hold = float(argv[argv.index("--hold") + 1]) if "--hold" in argv else 0.0

    def committed(change: Change) -> None:
        if change & (Change.RECORDS | Change.TODOS):  # an entry, not the pairing
            marker.touch()
            time.sleep(hold)

    server = CompanionServer(ServerConfig(
        data_path=data, host="127.0.0.1", port=0, https=True, cert_dir=cert_dir,
        zone="Asia/Shanghai", clock=lambda: NOW, on_change=committed,
        throttle=Throttle(free=10_000, limit=100_000),
        in_process=True))  # ``committed`` holds the answer: it must run in the server
    server.start()
    partial = info.with_suffix(".tmp")
    partial.write_text(json.dumps({"url": server.url, "link": server.pairing_link()}))
    partial.replace(info)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main(sys.argv[1:])
