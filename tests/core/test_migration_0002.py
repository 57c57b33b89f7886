"""A database made at revision 0001, with rows in every table, upgrades to head keeping
every row, and the new search index finds the rows that existed before it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session

from db_dump import downgrade, dump_tables, engine_at
from mycrm.core.db import engine as db
from mycrm.core.search import HitKind, search

T = "'2026-01-01 00:00:00.000000'"
ROWS = [
    "INSERT INTO customer (id, name, name_key, industry, tier, state, state_since, notes, "
    f"tags, lost_reason, created_at, updated_at) VALUES (1, '杭州青禾电子商务有限公司', "
    f"'杭州青禾电子商务', '电商', 'A', 'to_contact', {T}, '', '', '', {T}, {T})",
    "INSERT INTO customer (id, name, name_key, industry, tier, state, state_since, notes, "
    f"tags, lost_reason, created_at, updated_at) VALUES (2, 'Woodgrove Bank', 'woodgrovebank', "
    f"'Finance', 'B', 'in_touch', {T}, '', '', '', {T}, {T})",
    "INSERT INTO contact (id, customer_id, name, title, phone, phone_key, email, email_key, "
    "wechat, is_primary, notes, created_at) VALUES (1, 2, 'Olivia Brown', '', "
    f"'138 0013 8000', '+8613800138000', 'olivia@woodgrove.example', "
    f"'olivia@woodgrove.example', '', 1, '', {T})",
    "INSERT INTO contract (id, customer_id, start_date, end_date, amount_cents, currency, "
    f"kind, created_at) VALUES (1, 1, '2026-01-01', '2026-12-31', 100, 'CNY', 'new', {T})",
    "INSERT INTO interaction (id, customer_id, kind, occurred_at, attendees, discussion, "
    f"feedback, next_steps, created_at, updated_at) VALUES (1, 1, 'qbr', {T}, '', "
    f"'讨论了数据迁移方案', 'Customer liked the dashboard', '安排现场培训', {T}, {T})",
    "INSERT INTO need (id, customer_id, title, detail, amount_cents, status, created_at) "
    f"VALUES (1, 2, 'Mobile pilot', '移动端试用一个月', 0, 'open', {T})",
    "INSERT INTO todo (id, title, notes, customer_id, interaction_id, remind_tz, "
    f"reminder_state, origin, created_at) VALUES (1, '发送报价单给青禾', '', 1, 1, '', 'none', "
    f"'user', {T})",
    "INSERT INTO goal (metric, period, period_start, target) VALUES ('visits', 'month', "
    "'2026-11-01', 8)",
    f"INSERT INTO timelineevent (customer_id, occurred_at, kind, payload) VALUES (1, {T}, "
    "'created', '{}')",
    "INSERT INTO setting (key, value) VALUES ('language', '\"zh_CN\"')",
]
def test_upgrade_from_0001_keeps_rows_and_indexes_them(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    engine = engine_at(path, "0001")
    with engine.begin() as conn:
        for statement in ROWS:
            conn.execute(text(statement))
    engine.dispose()
    before = dump_tables(path)
    assert all(before.values()), "every table has a row before the upgrade"

    upgraded = db.open_database(path)
    try:
        assert db.current_revision(upgraded) == db.head_revision()
        assert dump_tables(path, before) == before
        with upgraded.connect() as conn:
            indexes = {r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'todo'")}
        assert {"ix_todo_interaction_id", "ix_todo_need_id"} <= indexes
        with Session(upgraded) as session:
            def kinds(query: str) -> set[tuple[HitKind, int]]:
                return {(h.kind, h.ref_id) for h in search(session, query)}

            assert (HitKind.CUSTOMER, 1) in kinds("青禾电子")
            assert (HitKind.CUSTOMER, 2) in kinds("woodg")
            assert (HitKind.CONTACT, 1) in kinds("olivia")
            assert (HitKind.CONTACT, 1) in kinds("13800138000")
            assert kinds("数据迁移") == {(HitKind.INTERACTION, 1)}
            assert kinds("dashboard") == {(HitKind.INTERACTION, 1)}
            assert kinds("移动端") == {(HitKind.NEED, 1)}
            assert kinds("报价单") == {(HitKind.TODO, 1)}
            hit = search(session, "报价单")[0]
            assert hit.customer_id == 1
    finally:
        upgraded.dispose()
    assert list((tmp_path / "backups").glob("*.sqlite")), "a backup was made before migrating"


def test_downgrade_to_0001_removes_the_index_and_keeps_rows(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    engine = db.open_database(path)
    with engine.begin() as conn:
        for statement in ROWS:
            conn.execute(text(statement))
    before = dump_tables(path)
    downgrade(engine, "0001")
    engine.dispose()
    raw = sqlite3.connect(path)
    try:
        names = {r[0] for r in raw.execute(
            "SELECT name FROM sqlite_master WHERE name LIKE 'search%' OR name LIKE 'ix_todo_%_id'"
            " AND name IN ('ix_todo_interaction_id', 'ix_todo_need_id')")}
    finally:
        raw.close()
    assert names == set()
    after = dump_tables(path)  # the tables of later revisions (empty here) are gone
    assert after == before.only(after.columns)
    assert all(not rows for t, rows in before.items() if t not in after)
