#!/usr/bin/env python3
"""The phone page for the README, as a phone shows it: the sample portfolio behind a real
companion server, Debian's chromium at 360×740 (tests/browser.py), English and Chinese,
light and dark. Writes docs/screenshots/phone-*.png. Run by scripts/screenshots.sh."""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
NOW = datetime(2026, 11, 22, 1, 30, tzinfo=UTC)
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    from PySide6.QtCore import QCoreApplication

    from browser import phone_browser
    from mycrm.companion.server import CompanionServer, ServerConfig
    from mycrm.core.data.sample import build_sample_portfolio
    from mycrm.core.db.engine import open_database, session_scope
    from mycrm.ui.companion.page_text import page_texts

    app = QCoreApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sample.sqlite"
        engine = open_database(path)
        with session_scope(engine) as session:
            build_sample_portfolio(session, now=NOW)
        engine.dispose()
        server = CompanionServer(ServerConfig(
            data_path=path, host="127.0.0.1", cert_dir=Path(folder), zone="Asia/Shanghai",
            clock=lambda: NOW, texts=page_texts()))
        server.start()
        try:
            for lang, dark in (("en-US", False), ("zh-CN", False), ("zh-CN", True),
                               ("en-US", True)):
                name = f"{'zh_CN' if lang.startswith('zh') else 'en'}-{'dark' if dark else 'light'}"
                with phone_browser(lang, dark=dark) as driver:
                    driver.get(server.pairing_link())
                    wait_ready(driver)
                    driver.save_screenshot(str(OUT / f"phone-today-{name}.png"))
                    driver.find_element("id", "tab-customers").click()
                    time.sleep(0.6)
                    driver.find_elements("css selector", ".customer-item")[0].click()
                    time.sleep(0.6)
                    driver.save_screenshot(str(OUT / f"phone-customer-{name}.png"))
                    driver.find_element("id", "log-visit").click()
                    time.sleep(0.4)
                    driver.save_screenshot(str(OUT / f"phone-visit-{name}.png"))
        finally:
            server.stop()
    del app
    print("\n".join(sorted(str(p.relative_to(ROOT)) for p in OUT.glob("phone-*.png"))))
    return 0


def wait_ready(driver: object) -> None:
    for _ in range(100):
        if driver.execute_script("return document.body.dataset.ready") == "1":  # type: ignore[attr-defined]
            return
        time.sleep(0.1)
    raise RuntimeError("the phone page did not load")


if __name__ == "__main__":
    raise SystemExit(main())
