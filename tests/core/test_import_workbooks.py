"""Real workbooks and files: title rows above the header, hidden sheets, a company merged
down over its contacts, the sheet and header row chosen, each encoding, and near-duplicate
companies inside one file."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import col, select

from mycrm.core.data.importer import (
    ImportFileError,
    RowStatus,
    apply_import,
    build_preview,
    list_sheets,
    read_table,
)
from mycrm.core.db.engine import session_scope
from mycrm.core.db.models import Contact, Customer

HEADER = ["客户名称", "联系人", "手机", "金额"]


def workbook(tmp_path: Path) -> Path:
    """A hidden helper sheet first, then the real one: two merged title rows, the header on
    row 4, a company merged down over three contact rows."""
    wb = Workbook()
    hidden = wb.active
    hidden.title = "lists"
    hidden.append(["Company", "Phone"])
    hidden.append(["Hidden Corp", "1"])
    hidden.sheet_state = "hidden"
    ws = wb.create_sheet("客户")
    ws.append(["2026 年客户名单"])
    ws.merge_cells("A1:D1")
    ws.append(["导出日期：2026-11-30"])
    ws.merge_cells("A2:D2")
    ws.append([])
    ws.append(HEADER)
    ws.append(["深圳华讯科技", "张三", "13800000001", "1.2万"])
    ws.append([None, "李四", "13800000002", None])
    ws.append([None, "王五", "13800000003", None])
    ws.merge_cells("A5:A7")
    ws.append(["杭州青禾", "赵六", "13800000004", "8000"])
    ws.append(["深圳市华讯科技有限公司", "孙七", "13800000005", "很多"])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    return path


def test_title_rows_hidden_sheet_and_merged_company(tmp_path: Path, engine, now) -> None:
    path = workbook(tmp_path)
    table = read_table(path)
    assert (table.sheet, table.header_line, table.headers) == ("客户", 4, HEADER)
    assert table.skipped_sheets == ["lists"]
    assert [r[0] for r in table.rows] == (
        ["深圳华讯科技"] * 3 + ["杭州青禾", "深圳市华讯科技有限公司"])
    assert table.lines == [5, 6, 7, 8, 9]
    with session_scope(engine) as s:
        preview = build_preview(s, table)
        assert [r.status for r in preview.rows] == [
            RowStatus.NEW, RowStatus.SAME_COMPANY, RowStatus.SAME_COMPANY, RowStatus.NEW,
            RowStatus.SAME_COMPANY]
        near = preview.rows[4]
        assert near.similar and near.group_first == 0  # 深圳市华讯科技有限公司 ≈ 深圳华讯科技
        assert not preview.rows[1].similar
        assert [(r.line, w.field) for r in preview.warnings() for w in r.parsed.warnings] == [
            (9, "amount")]
        apply_import(session=s, now=now, preview=preview)
    with session_scope(engine) as s:
        customers = s.exec(select(Customer).order_by(col(Customer.id))).all()
        assert [c.name for c in customers] == ["深圳华讯科技", "杭州青禾"]
        people = s.exec(select(Contact).where(Contact.customer_id == customers[0].id)).all()
        assert sorted(p.name for p in people) == ["孙七", "张三", "李四", "王五"]


def test_sheet_and_header_row_can_be_chosen(tmp_path: Path) -> None:
    path = workbook(tmp_path)
    assert [(s.name, s.hidden) for s in list_sheets(path)] == [("lists", True), ("客户", False)]
    hidden = read_table(path, sheet="lists")
    assert hidden.headers == ["Company", "Phone"] and hidden.rows == [["Hidden Corp", "1"]]
    forced = read_table(path, sheet="客户", header_row=5)
    assert forced.headers[0] == "深圳华讯科技" and forced.lines[0] == 6
    with pytest.raises(ImportFileError) as caught:
        read_table(path, sheet="nope")
    assert caught.value.code == "no_such_sheet" and "lists" in caught.value.params["sheets"]
    with pytest.raises(ImportFileError) as caught:
        read_table(path, header_row=3)  # the empty row
    assert caught.value.code == "no_such_row"


CSV_TEXT = ("客户名单（内部）\n"
            "客户名称,联系人,手机,到期日期\n"
            "华为技术有限公司,张三,138 0013 8000,2026-03-01\n"
            "腾讯,李四,+86-139-0000-1111,2026年3月1日\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_csv_in_each_encoding_with_a_title_line(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    table = read_table(path)
    assert table.headers == ["客户名称", "联系人", "手机", "到期日期"]
    assert table.header_line == 2 and table.lines == [3, 4]
    assert [r[0] for r in table.rows] == ["华为技术有限公司", "腾讯"]
    assert table.rows[1][2] == "+86-139-0000-1111"
