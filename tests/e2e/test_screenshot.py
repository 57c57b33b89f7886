"""The real entry point renders pages to PNG; the image is not blank."""

from pathlib import Path

import pytest

from screenshots import assert_not_blank, run_mycrm

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("page", ["home", "board", "calendar", "customers", "todos", "needs"])
def test_demo_screenshot(tmp_path: Path, page: str) -> None:
    out = tmp_path / f"{page}.png"
    result = run_mycrm("--demo", "--screenshot", str(out), "--page", page, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_not_blank(out)
    assert (tmp_path / "xdg" / "mycrm" / "mycrm-demo.sqlite").exists()
    assert not (tmp_path / "xdg" / "mycrm" / "mycrm.sqlite").exists()


def test_help_explains_the_options(tmp_path: Path) -> None:
    result = run_mycrm("--help", tmp_path=tmp_path)
    assert result.returncode == 0
    for option in ("--data", "--demo", "--screenshot", "--page"):
        assert option in result.stdout


@pytest.mark.parametrize("customer", [None, "Northwind"])
def test_customer_page_screenshot(tmp_path: Path, customer: str | None) -> None:
    out = tmp_path / "customer.png"
    extra = ["--customer", customer] if customer else []
    result = run_mycrm("--demo", "--screenshot", str(out), "--page", "customer", *extra,
                       tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_not_blank(out)


def test_unknown_customer_is_an_error(tmp_path: Path) -> None:
    result = run_mycrm("--demo", "--screenshot", str(tmp_path / "x.png"), "--page", "customer",
                       "--customer", "No Such Company", tmp_path=tmp_path)
    assert result.returncode == 2 and "No Such Company" in result.stderr
