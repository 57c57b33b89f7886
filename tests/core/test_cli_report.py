"""``mycrm report qbr`` and ``mycrm report work``: they write the PDF, Word and Markdown
files in the language asked for; a customer name that finds nobody or several, or a period
that is not one, is said plainly with exit status 2 and writes nothing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import docx
import pytest
from sqlalchemy import Engine

from mycrm.app import main
from mycrm.core.data.sample import build_sample_portfolio
from mycrm.core.db.engine import session_scope

# The renderers lay text out with Qt: in this process, on the test session's QApplication
# (the command line makes its own QGuiApplication only when there is none).
pytestmark = pytest.mark.usefixtures("qapp")
NAME = "杭州青禾电子商务有限公司"
NOW_TEXT = "2026-11-22T09:30:00+00:00"


@pytest.fixture
def data(engine: Engine, db_path: Path, now: datetime,
         monkeypatch: pytest.MonkeyPatch) -> Path:
    with session_scope(engine) as session:
        build_sample_portfolio(session, now=now)
    engine.dispose()
    monkeypatch.setenv("MYCRM_NOW", NOW_TEXT)
    return db_path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def report(data: Path, *args: str) -> int:
    return main(["--data", str(data), "--language", "en", "report", *args])


def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", text)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_qbr_to_pdf_finds_the_customer_by_part_of_its_name(
        data: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = out / "qbr.pdf"
    assert report(data, "qbr", "--customer", "杭州青禾", "--pdf", str(target)) == 0
    assert f"Wrote {target}" in capsys.readouterr().out
    text = pdf_text(target)
    assert NAME in text and "QBRreport" in text and "Servicehistory" in text
    assert os.listdir(out) == ["qbr.pdf"]


def test_qbr_with_a_period_to_docx_and_markdown_in_chinese(data: Path, out: Path) -> None:
    target = out / "qbr.docx"
    assert main(["--data", str(data), "--language", "zh_CN", "report", "qbr", "--customer",
                 NAME, "--from", "2026-01-01", "--to", "2026-11-22", "--docx",
                 str(target)]) == 0
    paragraphs = [p.text for p in docx.Document(str(target)).paragraphs]
    assert NAME in paragraphs and "服务记录" in paragraphs
    assert any("2026/1/1" in p or "2026-01-01" in p for p in paragraphs), paragraphs[:4]
    md = out / "qbr.md"
    assert report(data, "qbr", "--customer", NAME, "--markdown", str(md)) == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith(f"# {NAME}\n") and "## Service history" in text


def test_work_report_of_a_week_a_month_and_chosen_days(data: Path, out: Path) -> None:
    week = out / "week.md"
    assert report(data, "work", "--week", "2026-W47", "--markdown", str(week)) == 0
    text = week.read_text(encoding="utf-8")
    assert text.startswith("# Weekly report\n") and "2026\\-W47" in text
    assert "## Visits and QBRs" in text
    month = out / "month.docx"
    assert report(data, "work", "--month", "2026-11", "--docx", str(month)) == 0
    paragraphs = [p.text for p in docx.Document(str(month)).paragraphs]
    assert "Monthly report" in paragraphs and "Renewals signed" in paragraphs
    days = out / "days.pdf"
    assert report(data, "work", "--from", "2026-11-01", "--to", "2026-11-15",
                  "--pdf", str(days)) == 0
    assert days.read_bytes().startswith(b"%PDF")
    default = out / "this week.md"
    assert report(data, "work", "--markdown", str(default)) == 0
    assert "2026\\-W47" in default.read_text(encoding="utf-8")  # 2026-11-22 is a Sunday


def test_an_unknown_customer_exits_2_and_writes_nothing(
        data: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report(data, "qbr", "--customer", "没有这家公司", "--pdf", str(out / "x.pdf")) == 2
    assert "no customer matches “没有这家公司”" in capsys.readouterr().err
    assert os.listdir(out) == []


def test_a_name_of_several_customers_lists_them_and_exits_2(
        data: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report(data, "qbr", "--customer", "有限公司", "--pdf", str(out / "x.pdf")) == 2
    err = capsys.readouterr().err
    assert "“有限公司” matches several customers" in err
    candidates = [line.strip() for line in err.splitlines() if line.startswith("  ")]
    assert len(candidates) >= 2 and all("有限公司" in c or c == "…" for c in candidates)
    assert os.listdir(out) == []


@pytest.mark.parametrize("args", [
    ("--week", "2026-48"), ("--week", "2026-W54"), ("--month", "2026-13"),
    ("--week", "2026-W47", "--month", "2026-11"), ("--from", "2026-11-10"),
    ("--from", "2026-11-10", "--to", "2026-11-01"),
])
def test_a_period_that_is_not_one_exits_2(data: Path, out: Path, args: tuple[str, ...],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert report(data, "work", *args, "--markdown", str(out / "x.md")) == 2
    assert capsys.readouterr().err.startswith("mycrm: ")
    assert os.listdir(out) == []


def test_a_folder_that_does_not_exist_is_said_in_one_line(
        data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing" / "w.md"
    assert report(data, "work", "--markdown", str(target)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"mycrm: {target}: ") and "Traceback" not in err


def test_the_command_makes_its_own_qt_application(data: Path, out: Path) -> None:
    """The real composition root: no application yet, no display."""
    env = {**os.environ, "MYCRM_NOW": NOW_TEXT, "QT_QPA_PLATFORM": ""}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("QT_QPA_PLATFORM")
    target = out / "w.pdf"
    done = subprocess.run([sys.executable, "-m", "mycrm", "--data", str(data), "report",
                           "work", "--month", "2026-11", "--pdf", str(target)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"%PDF")
