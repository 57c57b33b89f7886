"""Command-line import: the preview shows the mapping and every column not imported,
--map / --sheet / --header-row, warnings name the sheet and row, --language; --demo export
on a fresh profile."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook

from mycrm.app import main


def names_in(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return [(r[0], r[1]) for r in conn.execute("SELECT name, notes FROM customer ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "list.csv"
    path.write_text("Index,Customer Id,Company,Phone 1,Phone 2,Fax,Amount\n"
                    "1,DD37Cf93aecA6Dc,Rasmussen Group,229.077.5154,397.884.0519,,1.2亿x\n"
                    "2,1Ef7b82A4CAAD10,Vega-Gentry,5153435776,,,12k\n", encoding="utf-8")
    return path


def test_preview_prints_the_mapping_and_what_is_not_imported(
        sample: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(db_path), "import", str(sample)]) == 0  # no stdin: a preview
    out = capsys.readouterr().out
    for line in ("Columns (guessed):", "  Company → Company", "  Phone 1 → Phone",
                 "  Phone 2 → Second phone", "  Customer Id → kept in the notes as "
                 "“Customer Id: value”", "  Index → not imported", "  Fax → not imported "
                 "(empty)", "Not imported: Index, Fax", 'Change it with --map "COLUMN=FIELD,...".',
                 "row 2: Amount “1.2亿x” is not understood — imported without an amount",
                 "Nothing imported."):
        assert line in out, line
    assert names_in(db_path) == []


def test_map_changes_the_guess_and_a_bad_map_changes_nothing(
        sample: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(db_path), "import", str(sample), "--yes",
                 "--map", "Customer Id=name,Company=notes"]) == 0
    assert names_in(db_path) == [("DD37Cf93aecA6Dc", "Rasmussen Group"),
                                 ("1Ef7b82A4CAAD10", "Vega-Gentry")]
    capsys.readouterr()
    other = db_path.with_name("other.sqlite")
    assert main(["--data", str(other), "import", str(sample), "--yes",
                 "--map", "Nope=name"]) == 2
    assert "--map: the file has no column “Nope”" in capsys.readouterr().err
    assert main(["--data", str(other), "import", str(sample), "--yes",
                 "--map", "Company=firm"]) == 2
    assert "“firm” is not a field" in capsys.readouterr().err
    assert names_in(other) == []


def test_the_second_import_proposes_last_times_mapping(
        sample: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--data", str(db_path), "import", str(sample), "--yes", "--map", "Fax=ignore"])
    capsys.readouterr()
    main(["--data", str(db_path), "import", str(sample)])
    assert "Columns (the mapping used last time for these headers):" in \
        capsys.readouterr().out


def test_sheet_and_header_row_options_and_errors_name_the_sheet(
        tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "old"
    ws.append(["Company"])
    ws.append(["Old Corp"])
    ws.sheet_state = "hidden"
    ws = wb.create_sheet("Accounts")
    ws.append(["Accounts 2026"])
    ws.append(["Company", "Renewal date"])
    ws.append(["Acme", "2026-02-30"])
    path = tmp_path / "b.xlsx"
    wb.save(path)
    assert main(["--data", str(db_path), "import", str(path), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Sheet “Accounts”, column names on row 2." in out
    assert "Hidden sheets not read: old (choose one with --sheet)." in out
    assert ("sheet “Accounts”, row 3: Renewal date “2026-02-30” is not understood — "
            "imported without a renewal date") in out
    assert main(["--data", str(db_path), "import", str(path), "--yes", "--sheet", "old"]) == 0
    assert [n for n, _ in names_in(db_path)] == ["Acme", "Old Corp"]
    assert main(["--data", str(db_path), "import", str(path), "--sheet", "x"]) == 2
    assert "there is no sheet “x” (sheets: old, Accounts)" in capsys.readouterr().err
    assert main(["--data", str(db_path), "import", str(path), "--header-row", "9"]) == 2


def test_the_command_line_follows_language(sample: Path, db_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    main(["--language", "zh_CN", "--data", str(db_path), "import", str(sample)])
    out = capsys.readouterr().out
    assert "  Company → 公司" in out and "  Phone 1 → 电话" in out
    main(["--language", "en", "--data", str(db_path), "import", str(sample)])
    assert "  Company → Company" in capsys.readouterr().out


def test_without_language_the_command_line_speaks_the_language_chosen_in_the_window(
        sample: Path, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mycrm.core.settings.user_prefs import save_language

    save_language("zh_CN")
    main(["--data", str(db_path), "import", str(sample)])
    assert "  Company → 公司" in capsys.readouterr().out
    save_language("en")
    main(["--data", str(db_path), "import", str(sample)])
    assert "  Company → Company" in capsys.readouterr().out


def test_demo_export_works_on_a_fresh_profile(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "demo.json"
    assert main(["--demo", "export", "--json", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert len(document["customers"]) > 10
    assert main(["--demo", "export", "--json", str(out)]) == 0  # made once, not twice
    assert len(json.loads(out.read_text(encoding="utf-8"))["customers"]) == len(
        document["customers"])


def test_a_long_import_prints_its_progress(tmp_path: Path, db_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 20: more than ~2,000 rows print a progress line on stderr (not a TTY here: a
    line per tenth), ending at 100 %; a small file prints none."""
    big = tmp_path / "big.csv"
    big.write_text("Company,Phone\n" + "".join(f"Firm {i:05d},1380000{i:04d}\n"
                                               for i in range(2500)), encoding="utf-8")
    assert main(["--data", str(db_path), "import", str(big), "--yes"]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("Importing")]
    assert lines[-1] == "Importing: 2500 of 2500 rows (100 %)"
    assert 2 <= len(lines) <= 12
    small = tmp_path / "small.csv"
    small.write_text("Company\nAcme\n", encoding="utf-8")
    assert main(["--data", str(db_path), "import", str(small), "--yes"]) == 0
    assert "Importing" not in capsys.readouterr().err
