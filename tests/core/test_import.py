"""Importer: reading dialects and encodings, mapping, preview classification, apply."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import event, func
from sqlmodel import Session, col, select

from mycrm.core.customers.services import ContactInput, CustomerInput, create_customer
from mycrm.core.data.importer import (
    Field,
    ImportFileError,
    RowAction,
    RowStatus,
    apply_import,
    build_preview,
    guess_mapping,
    parse_import_date,
    read_table,
)
from mycrm.core.db.engine import session_scope
from mycrm.core.db.models import Contact, Contract, Customer


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def run_import(engine, path: Path, now: datetime, **kw):
    table = read_table(path)
    with session_scope(engine) as s:
        preview = build_preview(s, table, **kw)
        return preview, apply_import(session=s, now=now, preview=preview)


CHINESE = (
    "客户名称,联系人,手机,邮箱,到期日期,金额,级别,状态,备注\n"
    "华为技术有限公司,张三,138 0013 8000,zhang@hw.com,2026-03-01,\"¥12,000.50\",A,已联系,重点\n"
    "腾讯,李四,+86-139-0000-1111,li@qq.com,2026年3月1日,3000,b,,\n"
)
ENGLISH = (
    "Company,First Name,Last Name,Phone,Email,Renewal date,Amount,Tier,State,Notes\n"
    "Acme Ltd,Jane,Doe,(020) 8765-4321,jane@acme.com,2026/3/1,\"$1,500\",S,in touch,hi\n"
)


def test_chinese_headers_mapped_and_imported(tmp_path: Path, engine, now) -> None:
    path = write(tmp_path / "a.csv", CHINESE)
    table = read_table(path)
    mapping = guess_mapping(table.headers)
    assert list(mapping.values()) == [
        Field.COMPANY, Field.CONTACT, Field.PHONE, Field.EMAIL, Field.RENEWAL_DATE,
        Field.AMOUNT, Field.TIER, Field.STATE, Field.NOTES]
    preview, result = run_import(engine, path, now)
    assert [r.status for r in preview.rows] == [RowStatus.NEW, RowStatus.NEW]
    assert result.created_customers == 2
    with session_scope(engine) as s:
        hw = s.exec(select(Customer).where(Customer.name == "华为技术有限公司")).one()
        assert (hw.tier, hw.state, hw.notes, hw.renewal_date) == (
            "A", "in_touch", "重点", date(2026, 3, 1))
        contract = s.exec(select(Contract).where(Contract.customer_id == hw.id)).one()
        assert contract.amount_cents == 1_200_050
        phones = sorted(c.phone for c in s.exec(select(Contact)))
        assert phones == ["+86-139-0000-1111", "138 0013 8000"]  # kept as typed text
        tx = s.exec(select(Customer).where(Customer.name == "腾讯")).one()
        assert tx.tier == "B" and tx.renewal_date == date(2026, 3, 1)


def test_english_headers_first_and_last_name(tmp_path: Path, engine, now) -> None:
    path = write(tmp_path / "e.csv", ENGLISH)
    _preview, result = run_import(engine, path, now)
    assert result.created_customers == 1
    with session_scope(engine) as s:
        contact = s.exec(select(Contact)).one()
        assert (contact.name, contact.phone, contact.email) == (
            "Jane Doe", "(020) 8765-4321", "jane@acme.com")
        assert s.exec(select(Customer)).one().tier == "S"


def test_bom_and_gbk_files_are_not_garbled(tmp_path: Path, engine) -> None:
    bom = write(tmp_path / "bom.csv", "\ufeff" + CHINESE)
    gbk = write(tmp_path / "gbk.csv", CHINESE.replace("¥", "￥"), "gbk")
    for path in (bom, gbk):
        table = read_table(path)
        assert table.headers[0] == "客户名称"
        assert table.rows[0][0] == "华为技术有限公司"
    assert read_table(gbk).encoding in {"gb18030", "gbk", "gb2312"}
    chosen = read_table(gbk, encoding="gbk")
    assert chosen.rows[1][0] == "腾讯"
    with pytest.raises(ImportFileError):
        read_table(gbk, encoding="utf-8")


def test_quoted_commas_and_newlines_in_cells(tmp_path: Path, engine, now) -> None:
    path = write(tmp_path / "q.csv", (
        'Company,Contact,Notes\n'
        '"Foo, Bar Inc","Wang, Wu","line one\nline two, with comma"\n'
        'Baz,Zhao,plain\n'))
    preview, result = run_import(engine, path, now)
    assert [r.parsed.company for r in preview.rows] == ["Foo, Bar Inc", "Baz"]
    assert preview.rows[1].line == 4  # file line numbers count the embedded newline
    with session_scope(engine) as s:
        foo = s.exec(select(Customer).where(Customer.name == "Foo, Bar Inc")).one()
        assert foo.notes == "line one\nline two, with comma"
        assert s.exec(select(Contact).where(Contact.customer_id == foo.id)).one().name == \
            "Wang, Wu"


@pytest.mark.parametrize(("text", "day_first", "expected"), [
    ("2026-03-01", True, date(2026, 3, 1)),
    ("2026/3/1", True, date(2026, 3, 1)),
    ("2026年3月1日", True, date(2026, 3, 1)),
    ("01/03/2026", True, date(2026, 3, 1)),
    ("01/03/2026", False, date(2026, 1, 3)),
    ("46082", True, date(2026, 3, 1)),
    (46082, True, date(2026, 3, 1)),
    (46082.0, True, date(2026, 3, 1)),
    (datetime(2026, 3, 1, 0, 0), True, date(2026, 3, 1)),
    ("2026-03-01 00:00:00", True, date(2026, 3, 1)),
    ("", True, None),
])
def test_date_forms(text, day_first, expected) -> None:
    assert parse_import_date(text, day_first=day_first) == expected


@pytest.mark.parametrize("bad", ["2026-02-30", "soon", "13/13/2026", "99999999"])
def test_bad_dates_raise_value_error(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_import_date(bad)


def test_day_month_choice_applies_to_preview(tmp_path: Path, engine) -> None:
    path = write(tmp_path / "d.csv", "Company,End date\nA,01/03/2026\n")
    table = read_table(path)
    with session_scope(engine) as s:
        dmy = build_preview(s, table, day_first=True).rows[0].parsed.customer
        mdy = build_preview(s, table, day_first=False).rows[0].parsed.customer
    assert dmy is not None and mdy is not None
    assert (dmy.renewal_date, mdy.renewal_date) == (date(2026, 3, 1), date(2026, 1, 3))


def test_a_field_not_understood_is_reported_and_the_rest_of_the_row_imported(
        tmp_path: Path, engine, now) -> None:
    path = write(tmp_path / "b.csv", (
        "公司,联系人,到期日期,金额,级别,邮箱\n"
        "好公司,甲,2026-05-01,100,A,\n"
        "坏日期,乙,2026-02-30,100,A,\n"
        "坏级别,丙,2026-05-01,100,Z,\n"
        "坏金额,丁,2026-05-01,abc,A,\n"
        ",无名,2026-05-01,100,A,\n"
        "坏邮箱,戊,,,,not-an-email\n"
        "另一个好公司,己,,,,\n"))
    preview, result = run_import(engine, path, now)
    statuses = [r.status for r in preview.rows]
    assert statuses == [RowStatus.NEW] * 4 + [RowStatus.ERROR] + [RowStatus.NEW] * 2
    warned = [(r.line, {e.field: e.code.value for e in r.parsed.warnings})
              for r in preview.warnings()]
    assert warned == [(3, {"renewal_date": "bad_date"}), (4, {"tier": "bad_choice"}),
                      (5, {"amount": "bad_amount"}), (7, {"contact_email": "bad_email"})]
    assert [{e.field: e.code.value for e in r.parsed.errors} for r in preview.errors()] == [
        {"name": "required"}]
    assert result.created_customers == 6
    assert result.skipped_lines == [6]
    with session_scope(engine) as s:
        customers = {c.name: c for c in s.exec(select(Customer))}
        assert customers["坏日期"].renewal_date is None
        assert customers["坏级别"].tier == "C"
        contacts = {c.name: c for c in s.exec(select(Contact))}
        assert contacts["丁"].customer_id == customers["坏金额"].id  # company and contact kept
        assert contacts["戊"].email == ""
        amounts = {c.customer_id: c.amount_cents for c in s.exec(select(Contract))}
        assert amounts.get(customers["坏金额"].id or 0, 0) == 0
        assert amounts[customers["坏日期"].id or 0] == 10_000


def test_reimport_same_file_creates_nothing(tmp_path: Path, engine, now) -> None:
    path = write(tmp_path / "a.csv", CHINESE + "华为技术,王五,13700000000,,,,,,\n")
    run_import(engine, path, now)
    with session_scope(engine) as s:
        before = (count(s, Customer), count(s, Contact), count(s, Contract))
    preview, result = run_import(engine, path, now)
    assert {r.status for r in preview.rows} == {RowStatus.DUPLICATE, RowStatus.SAME_COMPANY}
    assert (result.created_customers, result.added_contacts) == (0, 0)
    with session_scope(engine) as s:
        assert (count(s, Customer), count(s, Contact), count(s, Contract)) == before == (2, 3, 2)


def test_same_company_rows_become_one_customer(tmp_path: Path, engine, now) -> None:
    path = write(tmp_path / "s.csv", (
        "客户名称,联系人,电话\n"
        "\"ABC Co., Ltd.\",张三,13800000001\n"
        "ＡＢＣ 有限公司,李四,13800000002\n"
        "abc,王五,13800000003\n"
        "abc ltd,张三,13800000001\n"))
    preview, result = run_import(engine, path, now)
    assert [r.status for r in preview.rows] == [RowStatus.NEW] + [RowStatus.SAME_COMPANY] * 3
    assert result.created_customers == 1
    with session_scope(engine) as s:
        customer = s.exec(select(Customer)).one()
        assert customer.name == "ABC Co., Ltd."  # the first row's spelling
        contacts = s.exec(select(Contact).where(Contact.customer_id == customer.id)).all()
        assert sorted(c.name for c in contacts) == ["张三", "李四", "王五"]
        assert [c.name for c in contacts if c.is_primary] == ["张三"]


def test_duplicate_of_existing_only_adds_missing_contacts(tmp_path: Path, engine, now) -> None:
    with session_scope(engine) as s:
        create_customer(session=s, now=now, data=CustomerInput(
            name="星河科技有限公司", contact=ContactInput(name="赵六", phone="13900000000")))
    path = write(tmp_path / "x.csv",
                 "公司,联系人,手机\n星河科技,赵六,139-0000-0000\n星河科技,孙七,13911111111\n")
    preview, result = run_import(engine, path, now)
    assert preview.rows[0].status is RowStatus.DUPLICATE
    assert preview.rows[0].match is not None and preview.rows[0].match.name == "星河科技有限公司"
    assert (result.created_customers, result.added_contacts) == (0, 1)
    with session_scope(engine) as s:
        assert count(s, Customer) == 1
        assert sorted(c.name for c in s.exec(select(Contact))) == ["孙七", "赵六"]


def test_user_can_override_actions_and_mapping(tmp_path: Path, engine, now) -> None:
    path = write(tmp_path / "o.csv", "Col A,Col B\nAlpha,Ann\nBeta,Bob\n")
    table = read_table(path)
    assert guess_mapping(table.headers) == {}
    with session_scope(engine) as s:
        preview = build_preview(s, table, {0: Field.COMPANY, 1: Field.CONTACT})
        result = apply_import(session=s, now=now, preview=preview,
                              actions={1: RowAction.SKIP})
    assert result.created_customers == 1 and result.skipped_lines == [3]
    with session_scope(engine) as s:
        assert [c.name for c in s.exec(select(Customer))] == ["Alpha"]


def test_xlsx_with_serial_dates_and_numeric_phones(tmp_path: Path, engine, now) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["客户名称", "手机", "续费日期", "合同金额"])
    ws.append(["一号店", 13800138000, datetime(2026, 3, 1), 12000.5])
    ws.append(["二号店", "+86 138 0013 8001", 46082, "¥8,000"])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    _preview, result = run_import(engine, path, now)
    assert result.created_customers == 2
    with session_scope(engine) as s:
        rows = s.exec(select(Customer).order_by(col(Customer.id))).all()
        assert [c.renewal_date for c in rows] == [date(2026, 3, 1)] * 2
        assert sorted(c.phone for c in s.exec(select(Contact))) == [
            "+86 138 0013 8001", "13800138000"]
        assert sorted(c.amount_cents for c in s.exec(select(Contract))) == [800_000, 1_200_050]


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError):
        read_table(tmp_path / "missing.csv")
    with pytest.raises(ImportFileError):
        read_table(write(tmp_path / "empty.csv", ""))
    bad_xlsx = tmp_path / "bad.xlsx"
    bad_xlsx.write_bytes(b"not a zip")
    with pytest.raises(ImportFileError):
        read_table(bad_xlsx)


def big_file(tmp_path: Path, rows: int) -> Path:
    lines = ["Company,Contact,Phone,Renewal date,Amount"]
    lines += [f"Firm {i:05d},Person {i},1380000{i:04d},2026-03-01,{i}" for i in range(rows)]
    return write(tmp_path / "big.csv", "\n".join(lines) + "\n")


def test_failure_late_in_apply_leaves_nothing(tmp_path: Path, engine, now) -> None:
    table = read_table(big_file(tmp_path, 300))
    with session_scope(engine) as s:
        preview = build_preview(s, table)
    preview.rows[-1].parsed.customer.tier = "Z"  # type: ignore[union-attr]
    with pytest.raises(ValueError), session_scope(engine) as s:
        apply_import(session=s, now=now, preview=preview)
    with session_scope(engine) as s:
        assert (count(s, Customer), count(s, Contact), count(s, Contract)) == (0, 0, 0)


@pytest.mark.parametrize("rows", [
    300, pytest.param(5000, marks=pytest.mark.slow)])  # 5,000 take ~30 s: the long suite
def test_thousands_of_rows_in_one_transaction(tmp_path: Path, engine, now, rows: int) -> None:
    table = read_table(big_file(tmp_path, rows))
    with session_scope(engine) as s:
        preview = build_preview(s, table)
    assert preview.count(RowStatus.NEW) == rows
    commits: list[object] = []

    def on_commit(conn: object) -> None:
        commits.append(conn)

    event.listen(engine, "commit", on_commit)
    try:
        with session_scope(engine) as s:
            result = apply_import(session=s, now=now, preview=preview)
    finally:
        event.remove(engine, "commit", on_commit)
    assert len(commits) == 1
    assert result.created_customers == rows
    with session_scope(engine) as s:
        assert (count(s, Customer), count(s, Contact), count(s, Contract)) == (rows, rows, rows)
