"""A phone's browser for tests: Debian's chromium through chromium-driver and Selenium, in
mobile emulation (360×740, touch, a phone's User-Agent and language). It accepts the
companion's self-signed certificate as a user does after the one-time warning."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ANDROID_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/126.0 Mobile Safari/537.36")


def require_browser() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing or shutil.which("zbarimg") is None:
        pytest.skip("needs Debian's chromium, chromium-driver and zbar-tools "
                    "(make test installs them as root: apt-get install chromium "
                    "chromium-driver zbar-tools)")


def decode_qr(image: Path) -> str:
    """The text of the QR code in ``image``, read back with zbarimg."""
    done = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True,
                          text=True, timeout=30)
    assert done.returncode == 0, f"no QR code found in {image}: {done.stderr}"
    return done.stdout.strip()


@contextmanager
def phone_browser(language: str = "en-US", dark: bool = False) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--lang={language}", "--window-size=360,740"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    options.add_experimental_option("mobileEmulation", {
        "deviceMetrics": {"width": 360, "height": 740, "pixelRatio": 2, "touch": True},
        "userAgent": ANDROID_UA})
    options.accept_insecure_certs = True  # the user's "Advanced → Proceed", once
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    if dark:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        yield driver
    finally:
        driver.quit()
