"""The column guess: whole words, identifiers never a name, values that look like names;
every column accounted for; --map; the mapping remembered per header set."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from mycrm.core.data.columns import (
    Destination,
    Field,
    MappingSpecError,
    apply_overrides,
    guess_mapping,
    parse_mapping_spec,
)
from mycrm.core.data.importer import apply_import, build_preview, read_table
from mycrm.core.db.engine import session_scope
from mycrm.core.db.models import Contact, Customer

# The layout of a public "customers" sample list (datablist-style), written here.
SAMPLE_HEADERS = ["Index", "Customer Id", "First Name", "Last Name", "Company", "City",
                  "Country", "Phone 1", "Phone 2", "Email", "Subscription Date", "Website"]
SAMPLE_ROW = ["1", "DD37Cf93aecA6Dc", "Sheryl", "Baxter", "Rasmussen Group", "East Leonard",
              "Chile", "229.077.5154", "397.884.0519x718", "zunigavanessa@smith.info",
              "2020-08-24", "http://www.stephenson.com/"]


def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "customers-sample.csv"
    path.write_text(",".join(SAMPLE_HEADERS) + "\n" + ",".join(SAMPLE_ROW) + "\n"
                    + ",".join(["2", "1Ef7b82A4CAAD10", "Preston", "Lozano", "Vega-Gentry",
                                "East Jimmychester", "Djibouti", "5153435776",
                                "686-620-1820x944", "vmata@colon.com", "2021-04-23",
                                "http://www.hobbs.com/"]) + "\n", encoding="utf-8")
    return path


def test_an_id_column_named_customer_is_not_the_company(tmp_path: Path) -> None:
    table = read_table(sample_file(tmp_path))
    mapping = guess_mapping(table.headers, table.column_texts())
    named = {table.headers[c]: f for c, f in mapping.items()}
    assert named == {
        "Index": Field.IGNORE, "First Name": Field.FIRST_NAME, "Last Name": Field.LAST_NAME,
        "Company": Field.COMPANY, "City": Field.CITY, "Country": Field.COUNTRY,
        "Phone 1": Field.PHONE, "Phone 2": Field.PHONE2, "Email": Field.EMAIL,
        "Website": Field.WEBSITE}
    assert "Customer Id" not in named


@pytest.mark.parametrize(("headers", "expected"), [
    (["客户编号", "客户名称"], {1: Field.COMPANY}),
    (["No.", "公司", "联系人电话"], {0: Field.IGNORE, 1: Field.COMPANY, 2: Field.PHONE}),
    (["CustomerID", "Account Name"], {1: Field.COMPANY}),
    (["Customer No.", "Client"], {1: Field.COMPANY}),
])
def test_identifier_headers_never_feed_a_name(headers: list[str],
                                              expected: dict[int, Field]) -> None:
    assert guess_mapping(headers) == expected


def test_the_column_whose_values_look_like_names_wins() -> None:
    headers = ["Customer", "Company"]
    columns = [["C-00017", "C-00018", "C-00019"], ["Acme Ltd", "Globex", "Initech"]]
    assert guess_mapping(headers, columns) == {1: Field.COMPANY}


def test_every_column_is_accounted_for_and_unmapped_ones_go_to_notes(
        tmp_path: Path, engine, now) -> None:
    table = read_table(sample_file(tmp_path))
    with session_scope(engine) as s:
        preview = build_preview(s, table)
        plan = {p.header: p.destination for p in preview.plan}
        assert plan["Customer Id"] is Destination.NOTES
        assert plan["Subscription Date"] is Destination.NOTES
        assert plan["Index"] is Destination.IGNORED
        apply_import(session=s, now=now, preview=preview)
    with session_scope(engine) as s:
        customer = s.exec(select(Customer).where(Customer.name == "Rasmussen Group")).one()
        assert (customer.city, customer.country, customer.website) == (
            "East Leonard", "Chile", "http://www.stephenson.com/")
        assert customer.notes == "Customer Id: DD37Cf93aecA6Dc\nSubscription Date: 2020-08-24"
        contact = s.get(Contact, 1)
        assert contact is not None
        assert (contact.name, contact.phone, contact.phone2) == (
            "Sheryl Baxter", "229.077.5154", "397.884.0519x718")


def test_map_spec_overrides_the_guess() -> None:
    headers = ["Company", "Phone 1", "Customer Id"]
    guess = guess_mapping(headers)
    overrides = parse_mapping_spec("Customer Id=name, phone 1=phone2, 1=ignore", headers)
    assert overrides == {2: Field.COMPANY, 1: Field.PHONE2, 0: Field.IGNORE}
    assert apply_overrides(guess, overrides) == {
        0: Field.IGNORE, 1: Field.PHONE2, 2: Field.COMPANY}
    for spec, code in (("Nope=name", "unknown_column"), ("Company=wat", "unknown_field"),
                       ("Company", "bad_entry")):
        with pytest.raises(MappingSpecError) as caught:
            parse_mapping_spec(spec, headers)
        assert caught.value.code == code


def test_a_second_file_with_the_same_headers_gets_last_times_mapping(
        tmp_path: Path, engine, now) -> None:
    first = tmp_path / "jan.csv"
    first.write_text("Col A,Col B,Col C\nAlpha,Ann,1\n", encoding="utf-8")
    table = read_table(first)
    mapping = {0: Field.COMPANY, 1: Field.CONTACT, 2: Field.IGNORE}
    with session_scope(engine) as s:
        assert not build_preview(s, table).remembered
        apply_import(session=s, now=now, preview=build_preview(s, table, mapping))
    second = tmp_path / "feb.csv"
    second.write_text("col a,Col B,Col C\nBeta,Bob,2\n", encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_text("Col B,Col A,Col C\nBob,Beta,2\n", encoding="utf-8")
    with session_scope(engine) as s:
        preview = build_preview(s, read_table(second))
        assert preview.remembered and preview.mapping == mapping
        assert preview.rows[0].parsed.company == "Beta"
        assert not build_preview(s, read_table(other)).remembered
