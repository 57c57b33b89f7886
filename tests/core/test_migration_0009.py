"""Migration 0009: the indexes the customers table and the Needs page page from. A 0008 file
with rows upgrades (as the app opens it) with every row kept and the indexes made, a
downgrade gives back exactly the 0008 file, and the pages' queries read one page off them:
EXPLAIN QUERY PLAN shows the index and no sort of every row."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlmodel import Session

from db_dump import downgrade, dump_tables, engine_at
from mycrm.core.customers.services import CustomerInput, create_customer, set_archived
from mycrm.core.customers.table import customer_table
from mycrm.core.db import engine as db
from mycrm.core.records.needs import NEED_SORTS, NeedInput, create_need, list_needs

T = "'2026-01-01 00:00:00.000000'"
ROWS = [
    "INSERT INTO customer (id, name, name_key, industry, tier, state, state_since, notes, "
    "tags, lost_reason, created_at, updated_at, renewal_date) VALUES (1, '杭州青禾', "
    f"'杭州青禾', '电商', 'A', 'visited', {T}, '', '', '', {T}, {T}, '2027-01-31')",
    "INSERT INTO customer (id, name, name_key, industry, tier, state, state_since, notes, "
    f"tags, lost_reason, created_at, updated_at) VALUES (2, 'woodgrove', 'woodgrove', '', "
    f"'B', 'in_touch', {T}, '', '', '', {T}, {T})",
    "INSERT INTO customer (id, name, name_key, industry, tier, state, state_since, notes, "
    "tags, lost_reason, created_at, updated_at, archived_at) VALUES (3, 'Adatum', 'adatum', "
    f"'', 'C', 'to_contact', {T}, '', '', '', {T}, {T}, {T})",
    "INSERT INTO contact (id, customer_id, name, title, phone, phone_key, email, email_key, "
    f"wechat, is_primary, notes, created_at) VALUES (1, 1, '王总', '', '', '', '', '', '', 1, "
    f"'', {T})",
    "INSERT INTO need (id, customer_id, title, detail, amount_cents, status, follow_up_on, "
    f"created_at) VALUES (1, 2, 'Mobile pilot', '', 0, 'open', '2026-12-01', {T})",
    "INSERT INTO need (id, customer_id, title, detail, amount_cents, status, created_at) "
    f"VALUES (2, 1, 'BI add-on', '报表', 300000, 'won', {T})",
    "INSERT INTO todo (id, title, notes, customer_id, need_id, remind_tz, reminder_state, "
    f"origin, created_at) VALUES (1, 'Send the quote', '', 1, 1, '', 'none', 'user', {T})",
]
NEW_INDEXES = {
    "ix_customer_active_name": ("customer", ["archived_at", "lost_on", "name"]),
    "ix_customer_name": ("customer", ["name"]),
    "ix_customer_active_undated_name": ("customer", ["archived_at", "lost_on", "name"]),
    "ix_need_status_follow_up": ("need", ["status", "follow_up_on", "created_at"]),
    "ix_need_follow_up": ("need", ["follow_up_on", "created_at"]),
    "ix_need_status_title": ("need", ["status", "title"]),
    "ix_need_title": ("need", ["title"]),
    "ix_need_status_amount": ("need", ["status", "amount_cents"]),
    "ix_need_amount": ("need", ["amount_cents"]),
    "ix_need_status_created": ("need", ["status", "created_at"]),
}


def _file_at_0008(path: Path) -> Engine:
    engine = engine_at(path, "0008")
    with engine.begin() as conn:
        for statement in ROWS:
            conn.execute(text(statement))
    return engine


def _indexes(path: Path) -> dict[str, tuple[str, list[str]]]:
    conn = sqlite3.connect(path)
    try:
        names = conn.execute("SELECT name, tbl_name FROM sqlite_master "
                             "WHERE type = 'index' AND name LIKE 'ix_%'").fetchall()
        return {name: (table, [r[2] for r in conn.execute(f"PRAGMA index_info({name})")])
                for name, table in names}
    finally:
        conn.close()


def test_upgrade_from_0008_keeps_every_row_and_adds_the_indexes(tmp_path: Path) -> None:
    path = tmp_path / "crm.sqlite"
    _file_at_0008(path).dispose()
    before = dump_tables(path)
    assert all(before[t] for t in ("customer", "contact", "need", "todo"))
    assert not set(NEW_INDEXES) & set(_indexes(path))

    engine = db.open_database(path)  # as the app opens an older file: backup, then migrate
    assert db.current_revision(engine) == db.head_revision()
    assert dump_tables(path, like=before) == before  # every row, every value kept
    indexes = _indexes(path)
    assert {name: indexes.get(name) for name in NEW_INDEXES} == NEW_INDEXES
    with Session(engine) as session:  # the pages read the upgraded file
        assert [r.id for r in customer_table(session, sort="name")] == [3, 2, 1]
        assert [r.id for r in customer_table(session, include_inactive=False)] == [1, 2]
        assert [n.id for n in list_needs(session)] == [1, 2]
    engine.dispose()


def test_downgrade_to_0008_gives_back_the_0008_file(tmp_path: Path) -> None:
    path = tmp_path / "crm.sqlite"
    engine = _file_at_0008(path)
    before, schema = dump_tables(path), _indexes(path)
    db.upgrade(engine, "0009")
    downgrade(engine, "0008")
    engine.dispose()
    after = dump_tables(path)
    assert after == before and after.columns == before.columns
    assert _indexes(path) == schema


# --- the pages' queries read one page off the indexes ------------------------------------

@pytest.fixture
def plans(session: Session, now: Any) -> Iterator[Callable[[Callable[[], Any]], list[str]]]:
    """``plans(fn)`` runs ``fn()`` and returns the EXPLAIN QUERY PLAN lines of every SELECT
    it ran through the session. A few rows of each kind: without ANALYZE statistics the
    plans do not depend on the amount of data."""
    for n in range(6):
        customer = create_customer(session=session, now=now, data=CustomerInput(
            name=f"Customer {n}", renewal_date=date(2027, 1, 1) + timedelta(days=n % 3)
            if n % 2 else None))
        assert customer.id is not None
        create_need(session=session, now=now, data=NeedInput(
            customer_id=customer.id, title=f"Need {n}", amount=str(100 * n),
            follow_up_on=date(2026, 12, 1) if n % 2 else None,
            status="open" if n % 3 else "won"))
        if n == 5:
            set_archived(session=session, customer_id=customer.id, archived=True, now=now)
    conn = session.connection()
    raw = conn.connection.dbapi_connection
    assert raw is not None
    seen: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    def run(fn: Callable[[], Any]) -> list[str]:
        seen.clear()
        event.listen(conn, "before_cursor_execute", capture)
        try:
            fn()
        finally:
            event.remove(conn, "before_cursor_execute", capture)
        assert seen, "the function ran no query"
        return [row[3] for statement, parameters in seen
                for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters)]

    yield run


def _reads_one_page(lines: list[str], *indexes: str) -> None:
    """Every table is read through an index (no full scan), none of the listed is missing,
    and no query sorts all its rows first (only, at most, the rows of one key: "RIGHT PART
    OF ORDER BY")."""
    assert not [line for line in lines if line.startswith("SCAN ") and "INDEX" not in line]
    assert "USE TEMP B-TREE FOR ORDER BY" not in lines, lines
    for index in indexes:
        assert any(f"INDEX {index} " in line or line.endswith(f"INDEX {index}")
                   for line in lines), (index, lines)


@pytest.mark.parametrize("descending", [False, True])
def test_the_customers_table_reads_a_page_off_an_index(
        session: Session, plans: Callable[[Callable[[], Any]], list[str]],
        descending: bool) -> None:
    def page(sort: str, include_inactive: bool, limit: int = 2) -> Callable[[], Any]:
        return lambda: customer_table(session, sort=sort, descending=descending, limit=limit,
                                      include_inactive=include_inactive)

    _reads_one_page(plans(page("name", False)), "ix_customer_active_name")
    _reads_one_page(plans(page("status", False)), "ix_customer_active_name")
    _reads_one_page(plans(page("name", True)), "ix_customer_name")
    # Renewal: the dated customers, then (the page not full) the undated ones.
    lines = plans(page("renewal", False, limit=10))
    _reads_one_page(lines, "ix_customer_active_renewal", "ix_customer_active_undated_name")
    lines = plans(page("renewal", True, limit=10))
    # Of all customers, those without a date (a few hundred at stress) are sorted by name:
    # the rows of one key of ix_customer_renewal, which the plan shows as its own search.
    undated = "SEARCH customer USING INDEX ix_customer_renewal (renewal_date=?)"
    assert undated in lines and "SEARCH customer USING INDEX ix_customer_renewal " \
        "(renewal_date>?)" in lines
    at = lines.index(undated)
    _reads_one_page(lines[:at] + lines[at + 2:], "ix_customer_renewal")
    assert lines[at + 1] == "USE TEMP B-TREE FOR ORDER BY"


@pytest.mark.parametrize("status", ["open", "won", None])
@pytest.mark.parametrize("descending", [False, True])
def test_the_needs_page_reads_a_page_off_an_index(
        session: Session, plans: Callable[[Callable[[], Any]], list[str]],
        status: str | None, descending: bool) -> None:
    prefix = "ix_need_status" if status else "ix_need"
    expected = {"follow_up": f"{prefix}_follow_up", "title": f"{prefix}_title",
                "amount": f"{prefix}_amount",
                "created": "ix_need_status_created" if status else "ix_need_created_at",
                "status": "ix_need_status", "customer": "ix_customer_name"}
    for sort in NEED_SORTS:
        def page(sort: str = sort) -> Any:
            return list_needs(session, status=status, sort=sort, descending=descending,
                              limit=2)

        _reads_one_page(plans(page), expected[sort])
    # by customer: the customers in name order, each one's needs after it
    lines = plans(lambda: list_needs(session, status=status, sort="customer", limit=2))
    assert lines[1] == "SEARCH need USING INDEX ix_need_customer_id (customer_id=?)", lines


def test_the_reminder_timer_reads_only_pending_reminders(
        plans: Callable[[Callable[[], Any]], list[str]], session: Session, now: Any) -> None:
    """Every tick asks when the next reminder is due: through the pending reminders' index,
    not every open to-do due before now (~5 ms a tick at stress when it did)."""
    from mycrm.core.todos import reminders

    lines = plans(lambda: reminders.next_due_at(session, now=now, zone="UTC"))
    todo_lines = [line for line in lines if "todo" in line]
    assert todo_lines and all("INDEX ix_todo_due " in line for line in todo_lines), lines


def test_one_customers_open_needs_come_off_that_customers_index(
        plans: Callable[[Callable[[], Any]], list[str]], session: Session) -> None:
    """The customer page, the phone's summary and the QBR list one customer's open needs:
    through that customer's rows (then sorts those few), not every open need of the
    portfolio off the status index that would skip the sort."""
    from mycrm.core.customers.page import open_needs

    for read in (lambda: open_needs(session, 1), lambda: list_needs(session, customer_id=1),
                 lambda: list_needs(session, customer_id=1, status="open")):
        lines = plans(read)
        need_lines = [line for line in lines if " need " in f" {line} "]
        assert need_lines == ["SEARCH need USING INDEX ix_need_customer_id (customer_id=?)"], \
            lines
