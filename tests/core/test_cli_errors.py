"""Command line: a file or folder out of reach is told in one plain line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from mycrm.app import main


def test_an_export_target_out_of_reach_is_one_plain_line(
        db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--data", str(db_path), "import", str(_sheet(tmp_path)), "--yes"])
    capsys.readouterr()
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("kept", encoding="utf-8")
    target = blocker / "out.json"
    assert main(["--data", str(db_path), "export", "--json", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"mycrm: {blocker}") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err and blocker.read_text(encoding="utf-8") == "kept"


def test_a_data_folder_out_of_reach_is_explained(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("kept", encoding="utf-8")
    assert main(["--data", str(blocker / "mycrm.sqlite"), "import",
                 str(_sheet(tmp_path)), "--yes"]) == 2
    err = capsys.readouterr().err
    assert "cannot be opened" in err and "has not changed this file" in err
    assert "Traceback" not in err and blocker.read_text(encoding="utf-8") == "kept"


def _sheet(tmp_path: Path) -> Path:
    path = tmp_path / "sheet.csv"
    path.write_text("客户名称,联系人\n甲公司,张三\n", encoding="utf-8")
    return path
