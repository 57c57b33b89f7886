"""Amounts as written in Chinese and English sheets; one bad amount never drops its row."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from mycrm.core.data.importer import RowStatus, apply_import, build_preview, read_table
from mycrm.core.data.money import AmountError, parse_money_cents
from mycrm.core.db.engine import session_scope
from mycrm.core.db.models import Contact, Contract, Customer


@pytest.mark.parametrize(("text", "cents"), [
    ("1.2万", 1_200_000), ("9万元", 9_000_000), ("RMB 8000", 800_000),
    ("人民币12000", 1_200_000), ("￥8,000.50", 800_050), ("¥8,000.50", 800_050),
    ("12k", 1_200_000), ("12K", 1_200_000), ("3千", 300_000), ("1.5亿", 15_000_000_000),
    ("２万", 2_000_000), ("8000元", 800_000), ("CNY 1,234,567", 123_456_700),
    ("$1,500", 150_000), ("0.5w", 500_000), ("", 0), ("  ", 0), ("12,000", 1_200_000),
])
def test_amounts_people_write(text: str, cents: int) -> None:
    assert parse_money_cents(text) == cents


def test_a_decimal_comma_before_wan_is_ambiguous_not_guessed() -> None:
    with pytest.raises(AmountError) as caught:
        parse_money_cents("1,2万")
    assert caught.value.ambiguous
    with pytest.raises(AmountError):
        parse_money_cents("12,5")


@pytest.mark.parametrize("bad", ["abc", "1.2.3", "万", "12 apples", "1,23,456"])
def test_not_amounts(bad: str) -> None:
    with pytest.raises(AmountError):
        parse_money_cents(bad)


def test_negative_amount_is_its_own_error() -> None:
    with pytest.raises(ArithmeticError):
        parse_money_cents("-500")


def test_row_with_an_amount_not_understood_keeps_company_and_contact(
        tmp_path: Path, engine, now) -> None:
    path = tmp_path / "m.csv"
    path.write_text("客户名称,联系人,手机,金额\n"
                    "甲公司,张三,13800000001,1.2万\n"
                    "乙公司,李四,13800000002,很多\n"
                    "丙公司,王五,13800000003,\"1,2万\"\n", encoding="utf-8")
    table = read_table(path)
    with session_scope(engine) as s:
        preview = build_preview(s, table)
        assert [r.status for r in preview.rows] == [RowStatus.NEW] * 3
        warnings = [(r.line, [(w.field, w.code.value, w.params) for w in r.parsed.warnings])
                    for r in preview.warnings()]
        assert warnings == [
            (3, [("amount", "bad_amount", {"value": "很多"})]),
            (4, [("amount", "bad_amount", {"value": "1,2万", "ambiguous": "1"})])]
        result = apply_import(session=s, now=now, preview=preview)
    assert result.created_customers == 3 and result.skipped_lines == []
    with session_scope(engine) as s:
        assert sorted(c.name for c in s.exec(select(Customer))) == ["丙公司", "乙公司", "甲公司"]
        assert len(s.exec(select(Contact)).all()) == 3
        assert [c.amount_cents for c in s.exec(select(Contract))] == [1_200_000]
