"""Command line: import / export / backup / check, their output and exit codes."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mycrm.app import main
from mycrm.core.db.backup import list_backups


def customers_in(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM customer ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "sheet.csv"
    path.write_text("客户名称,联系人,手机,到期日期\n"
                    "甲公司,张三,13800000001,2026-03-01\n"
                    "甲公司,李四,13800000002,\n"
                    ",王五,13800000003,2026-01-30\n"
                    "丙公司,赵六,13800000004,01/03/2026\n", encoding="utf-8")
    return path


def test_import_yes_applies_defaults(sheet: Path, db_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(db_path), "import", str(sheet), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "4 rows: 2 new customers" in out and "1 with errors" in out
    assert "row 4: skipped — Company is missing" in out
    assert "Imported: 2 new customers, 3 contacts added, 1 rows skipped." in out
    assert customers_in(db_path) == ["甲公司", "丙公司"]
    # Again: everything is a duplicate now; nothing new.
    assert main(["--data", str(db_path), "import", str(sheet), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "2 already in mycrm" in out and "Imported: 0 new customers, 0 contacts added" in out
    assert customers_in(db_path) == ["甲公司", "丙公司"]


def test_import_without_yes_asks_and_no_stdin_means_no(
        sheet: Path, db_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["--data", str(db_path), "import", str(sheet)]) == 0
    assert "Nothing imported." in capsys.readouterr().out
    assert customers_in(db_path) == []
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    assert main(["--data", str(db_path), "import", str(sheet)]) == 0
    assert customers_in(db_path) == ["甲公司", "丙公司"]


def test_import_unreadable_or_empty_exits_non_zero(tmp_path: Path, db_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(db_path), "import", str(tmp_path / "nope.csv"), "--yes"]) == 2
    header_only = tmp_path / "h.csv"
    header_only.write_text("Company,Phone\n", encoding="utf-8")
    assert main(["--data", str(db_path), "import", str(header_only), "--yes"]) == 2
    all_bad = tmp_path / "bad.csv"
    all_bad.write_text("Company,Tier\n,A\n", encoding="utf-8")  # no company: nothing to add
    assert main(["--data", str(db_path), "import", str(all_bad), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "cannot read" in err and "no rows" in err and "no row can be imported" in err


def test_export_json_csv_and_json_reimport(sheet: Path, db_path: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    main(["--data", str(db_path), "import", str(sheet), "--yes"])
    out_json = tmp_path / "all.json"
    out_csv = tmp_path / "csv"
    assert main(["--data", str(db_path), "export", "--json", str(out_json),
                 "--csv", str(out_csv)]) == 0
    document = json.loads(out_json.read_text(encoding="utf-8"))
    assert [c["name"] for c in document["customers"]] == ["甲公司", "丙公司"]
    assert (out_csv / "customers.csv").exists() and (out_csv / "todos.csv").exists()
    fresh = tmp_path / "fresh.sqlite"
    capsys.readouterr()
    assert main(["--data", str(fresh), "import", str(out_json)]) == 0  # a preview only
    out = capsys.readouterr().out
    assert "A mycrm export: 2 customers, 3 contacts" in out and "Nothing imported." in out
    assert customers_in(fresh) == []
    assert main(["--data", str(fresh), "import", str(out_json), "--yes"]) == 0
    assert customers_in(fresh) == ["甲公司", "丙公司"]
    assert main(["--data", str(fresh), "import", str(out_json), "--yes"]) == 1  # not empty
    assert main(["--data", str(tmp_path / "missing.sqlite"), "export", "--json",
                 str(out_json)]) == 2
    assert main(["--data", str(db_path), "export"]) == 2


def test_export_ics_is_delegated_or_explained(db_path: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    main(["--data", str(db_path), "check"])
    code = main(["--data", str(db_path), "export", "--ics", str(tmp_path / "c.ics")])
    try:
        import mycrm.core.calendar.ics  # noqa: F401
    except ImportError:
        assert code == 2
        assert "calendar export is not available" in capsys.readouterr().err
    else:
        assert code == 0 and (tmp_path / "c.ics").exists()


def test_backup_and_check(sheet: Path, db_path: Path, tmp_path: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    main(["--data", str(db_path), "import", str(sheet), "--yes"])
    assert main(["--data", str(db_path), "backup"]) == 0
    assert main(["--data", str(db_path), "backup", str(tmp_path / "elsewhere")]) == 0
    default = list_backups(db_path.parent / "backups")
    other = list_backups(tmp_path / "elsewhere")
    assert len(default) == 1 and len(other) == 1
    assert default[0].counts() == {"customer": 2, "contact": 3, "contract": 2,
                                   "interaction": 0, "todo": 0, "need": 0}
    assert default[0].path.stat().st_mode & 0o777 == 0o600
    assert main(["--data", str(db_path), "check"]) == 0
    assert "OK" in capsys.readouterr().out
    assert main(["--data", str(tmp_path / "none.sqlite"), "backup"]) == 2
    junk = tmp_path / "junk.sqlite"
    junk.write_text("hello", encoding="utf-8")
    assert main(["--data", str(junk), "check"]) == 1
    assert main(["--data", str(junk), "backup"]) == 2
    assert junk.read_text(encoding="utf-8") == "hello"


def test_real_process_exit_codes(sheet: Path, tmp_path: Path) -> None:
    data = tmp_path / "proc.sqlite"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-m", "mycrm", "--data", str(data), "import", str(sheet)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 0 and "Nothing imported." in run.stdout
    run = subprocess.run(
        [sys.executable, "-m", "mycrm", "--data", str(data), "import", str(sheet), "--yes"],
        capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    assert customers_in(data) == ["甲公司", "丙公司"]
    run = subprocess.run(
        [sys.executable, "-m", "mycrm", "--data", str(data), "import",
         str(tmp_path / "missing.xlsx"), "--yes"], capture_output=True, text=True, env=env,
        timeout=60)
    assert run.returncode == 2 and "cannot read" in run.stderr
