"""Export: the JSON round trip is lossless; CSV cells never run as spreadsheet formulas."""

from __future__ import annotations

import csv
import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from mycrm.core.customers.services import ContactInput, CustomerInput, create_customer
from mycrm.core.data.exporter import (
    TABLES,
    ExportFormatError,
    ImportTargetNotEmptyError,
    dump_all,
    export_csv,
    export_json,
    import_json,
    neutralise_cell,
)
from mycrm.core.data.sample import build_sample_portfolio
from mycrm.core.db.engine import open_database, session_scope
from mycrm.core.db.models import Goal, Need
from mycrm.core.settings.keys import LANGUAGE, REVISIT_DAYS
from mycrm.core.settings.store import set_setting
from mycrm.core.todos.services import TodoInput, create_todo


def fill(session: Session, now: datetime) -> None:
    build_sample_portfolio(session, now=now)
    customer = create_customer(session=session, now=now, data=CustomerInput(
        name="=HYPERLINK(\"http://x\")", notes="多行\n备注, with comma", amount="1,234.56",
        renewal_date=date(2027, 1, 31),
        contact=ContactInput(name="@admin", phone="+86 138 0000 0000", email="a@b.cn")))
    assert customer.id is not None
    create_todo(session=session, now=now, data=TodoInput(
        title="-call back", customer_id=customer.id, remind_wall=datetime(2026, 12, 1, 9, 0),
        remind_tz="Asia/Shanghai"))
    session.add(Need(customer_id=customer.id, title="扩容", amount_cents=500_00,
                     follow_up_on=date(2026, 12, 24), created_at=now))
    session.add(Goal(metric="new_needs", period="year", period_start=date(2031, 1, 1),
                     target=12))
    set_setting(session, LANGUAGE, "zh_CN")
    set_setting(session, REVISIT_DAYS, 60)


def test_json_round_trip_is_identical(engine, now, tmp_path: Path) -> None:
    with session_scope(engine) as s:
        fill(s, now)
    out = tmp_path / "export.json"
    with session_scope(engine) as s:
        counts = export_json(session=s, path=out, now=now)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert set(TABLES) <= set(document)
    assert document["schema"]["name"] == "mycrm-export" and document["schema"]["version"] == 1
    assert all(counts[k] > 0 for k in ("customers", "contacts", "contracts", "interactions",
                                       "todos", "needs", "goals", "timeline_events",
                                       "settings"))
    assert out.stat().st_mode & 0o777 == 0o600

    other = open_database(tmp_path / "empty.sqlite")
    try:
        with session_scope(other) as s:
            loaded = import_json(session=s, path=out)
        assert loaded == counts
        assert dump_all(other) == dump_all(engine)
        with session_scope(other) as s, pytest.raises(ImportTargetNotEmptyError):
            import_json(session=s, path=out)
    finally:
        other.dispose()


def test_import_json_refuses_foreign_documents(engine, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    for text in ("[]", '{"customers": []}', "not json",
                 '{"schema": {"name": "mycrm-export", "version": 99}}'):
        bad.write_text(text, encoding="utf-8")
        with session_scope(engine) as s, pytest.raises(ExportFormatError):
            import_json(session=s, path=bad)


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+SUM(A1)", "'+SUM(A1)"), ("+1+1", "'+1+1"), ("-5", "'-5"),
    ("@SUM(A1)", "'@SUM(A1)"), ("+86 138 0013 8000", "+86 138 0013 8000"),
    ("+86-139-0000-1111", "+86-139-0000-1111"), ("+1 (555) 010-9999", "+1 (555) 010-9999"),
    ("+8613800138000", "+8613800138000"), ("+86 138|cmd", "'+86 138|cmd"),
    ("\t=x", "'\t=x"), ("plain", "plain"), ("a=b", "a=b"), (None, ""), (True, "1"), (42, "42"),
])
def test_neutralise_cell(value: object, expected: str) -> None:
    assert neutralise_cell(value) == expected


def test_csv_per_table_neutralised(engine, now, tmp_path: Path) -> None:
    with session_scope(engine) as s:
        fill(s, now)
        written = export_csv(session=s, directory=tmp_path / "csv")
    assert sorted(p.name for p in written) == sorted(f"{k}.csv" for k in TABLES)
    with (tmp_path / "csv" / "customers.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    names = [r["name"] for r in rows]
    assert "'=HYPERLINK(\"http://x\")" in names
    assert "多行\n备注, with comma" in [r["notes"] for r in rows]
    with (tmp_path / "csv" / "contacts.csv").open(encoding="utf-8-sig", newline="") as f:
        contacts = list(csv.DictReader(f))
    assert "'@admin" in {c["name"] for c in contacts}
    # A phone number stays dialable: no apostrophe, in the number and in its key.
    assert ("+86 138 0000 0000", "+8613800000000") in {
        (c["phone"], c["phone_key"]) for c in contacts}
    with (tmp_path / "csv" / "todos.csv").open(encoding="utf-8-sig", newline="") as f:
        assert "'-call back" in [t["title"] for t in csv.DictReader(f)]
    for path in written:
        text = path.read_text(encoding="utf-8-sig")
        for row in csv.reader(text.splitlines()):
            assert not any(cell.startswith(("=", "+", "-", "@"))
                           and not re.fullmatch(r"\+[\d ()./-]+", cell) for cell in row)
