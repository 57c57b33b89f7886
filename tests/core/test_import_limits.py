"""Imports have limits a user never meets by accident; beyond them a clear refusal."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from mycrm.core.data import workbook
from mycrm.core.data.workbook import ImportFileError, read_table


def zip_bomb(path: Path, megabytes: int) -> None:
    """An .xlsx whose sheet XML is small compressed and ``megabytes`` uncompressed."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b"<row><c><v>1</v></c></row>" * 40_000  # ~1 MB
            for _ in range(megabytes):
                sheet.write(chunk)


def test_a_zip_bomb_is_refused_before_openpyxl_reads_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    path = tmp_path / "bomb.xlsx"
    zip_bomb(path, 40)
    assert path.stat().st_size < 2_000_000
    monkeypatch.setattr(workbook, "MAX_UNCOMPRESSED_BYTES", 20_000_000)

    def must_not_load(*_a: object, **_k: object) -> None:
        raise AssertionError("openpyxl was asked to read the bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_load)
    with pytest.raises(ImportFileError) as raised:
        read_table(path)
    assert raised.value.code == "too_large"


def test_too_many_rows_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_ROWS", 50)
    path = tmp_path / "many.csv"
    path.write_text("Company,Phone\n" + "".join(f"C{i},{i}\n" for i in range(51)),
                    encoding="utf-8")
    with pytest.raises(ImportFileError) as raised:
        read_table(path)
    assert raised.value.code == "too_many_rows" and raised.value.params["max"] == "50"
    path.write_text("Company,Phone\n" + "".join(f"C{i},{i}\n" for i in range(49)),
                    encoding="utf-8")
    assert len(read_table(path).rows) == 49


def test_a_huge_csv_is_refused_by_its_size(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_TEXT_BYTES", 1000)
    path = tmp_path / "big.csv"
    path.write_text("Company\n" + "x\n" * 600, encoding="utf-8")
    with pytest.raises(ImportFileError) as raised:
        read_table(path)
    assert raised.value.code == "too_large"


def test_the_command_line_words_the_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from mycrm.app import main

    monkeypatch.setattr(workbook, "MAX_ROWS", 5)
    path = tmp_path / "many.csv"
    path.write_text("Company\n" + "".join(f"C{i}\n" for i in range(9)), encoding="utf-8")
    data = tmp_path / "mycrm.sqlite"
    assert main(["--data", str(data), "import", str(path), "--yes"]) == 2
    err = capsys.readouterr().err
    assert "more than 5 rows" in err and "Traceback" not in err
    assert not data.exists()  # nothing written, not even a new data file


def test_a_json_export_with_a_missing_field_names_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import hashlib
    import json

    from mycrm.app import main

    source = tmp_path / "demo.json"
    assert main(["--demo", "export", "--json", str(source)]) == 0
    document = json.loads(source.read_text(encoding="utf-8"))
    del document["customers"][0]["name"]
    source.write_text(json.dumps(document), encoding="utf-8")
    data = tmp_path / "new.sqlite"
    capsys.readouterr()
    assert main(["--data", str(data), "import", str(source), "--yes"]) == 2
    err = capsys.readouterr().err
    assert "customers: row 1 has no “name” field" in err and "Traceback" not in err
    before = hashlib.sha256(data.read_bytes()).hexdigest()
    assert main(["--data", str(data), "check"]) == 0
    from mycrm.core.db.engine import open_database

    engine = open_database(data)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM customer").scalar() == 0
    engine.dispose()
    assert before
