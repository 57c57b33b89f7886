"""Issue 20: a long import reports its progress as it goes, and a cancelled one (the
progress callback raises ``ImportCancelled``) writes nothing — one transaction, rolled back;
CSV rows are read as a stream (a bounded head for the encoding, delimiter and header)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from mycrm.core.data import workbook
from mycrm.core.data.importer import (
    ImportCancelled,
    apply_import,
    build_preview,
    read_table,
)
from mycrm.core.db.engine import session_scope
from mycrm.core.db.models import Contact, Customer


def big_file(tmp_path: Path, rows: int) -> Path:
    lines = ["Company,Contact,Phone,Renewal date,Amount"]
    lines += [f"Firm {i:05d},Person {i},1380000{i:04d},2026-03-01,{i}" for i in range(rows)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_progress_reaches_every_row(tmp_path: Path, engine: Engine, now: datetime) -> None:
    table = read_table(big_file(tmp_path, 230))
    with session_scope(engine) as s:
        preview = build_preview(s, table)
    seen: list[tuple[int, int]] = []
    with session_scope(engine) as s:
        apply_import(session=s, now=now, preview=preview,
                     progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 230) and seen[-1] == (230, 230)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    with session_scope(engine) as s:
        assert count(s, Customer) == 230


@pytest.mark.parametrize("stop_at", [0, 100, 230])
def test_a_cancelled_import_writes_nothing(tmp_path: Path, engine: Engine, now: datetime,
                                           stop_at: int) -> None:
    table = read_table(big_file(tmp_path, 230))
    with session_scope(engine) as s:
        preview = build_preview(s, table)

    def progress(done: int, _total: int) -> None:
        if done >= stop_at:
            raise ImportCancelled

    with pytest.raises(ImportCancelled), session_scope(engine) as s:
        apply_import(session=s, now=now, preview=preview, progress=progress)
    with session_scope(engine) as s:
        assert (count(s, Customer), count(s, Contact)) == (0, 0)


def test_csv_rows_are_streamed_not_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    """The file is never read into one bytes object: a bounded head decides the encoding
    and the delimiter, then the rows are iterated — the header found and every row read."""
    path = big_file(tmp_path, 3000)
    monkeypatch.setattr(workbook, "CSV_HEAD_BYTES", 4096)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read the whole file"))
    table = read_table(path)
    assert table.headers[0] == "Company" and len(table.rows) == 3000
    assert table.rows[-1][0] == "Firm 02999" and table.line_of(2999) == 3001


def test_a_late_byte_that_is_not_utf8_is_still_read(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A head in plain ASCII says nothing of the rest: a GBK name far down the file is read
    by the encoding the whole file needs, not refused as "not UTF-8"."""
    monkeypatch.setattr(workbook, "CSV_HEAD_BYTES", 4096)
    lines = ["Company,Contact"] + [f"Firm {i},P{i}" for i in range(2000)] + ["华为,张三"]
    path = tmp_path / "gbk.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("gb18030"))
    table = read_table(path)
    assert table.rows[-1] == ["华为", "张三"]
