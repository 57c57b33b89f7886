"""Migration 0007: customer address / city / country / website and a contact's second phone.
A 0006 file with a row in every table upgrades with every row and value kept, the new
columns empty; a downgrade gives back exactly the 0006 file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, text

from db_dump import downgrade, engine_at
from mycrm.core.db import engine as db

T = "'2026-01-01 00:00:00.000000'"
ROWS = [
    "INSERT INTO customer (id, name, name_key, industry, tier, state, state_since, notes, "
    f"tags, lost_reason, created_at, updated_at, renewal_date) VALUES (1, '杭州青禾', '杭州青禾', "
    f"'电商', 'A', 'visited', {T}, '重点', 'vip', '', {T}, {T}, '2027-01-31')",
    "INSERT INTO customer (id, name, name_key, industry, tier, state, state_since, notes, "
    f"tags, lost_reason, created_at, updated_at) VALUES (2, 'Woodgrove', 'woodgrove', '', 'B', "
    f"'in_touch', {T}, '', '', '', {T}, {T})",
    "INSERT INTO contact (id, customer_id, name, title, phone, phone_key, email, email_key, "
    f"wechat, is_primary, notes, created_at) VALUES (1, 1, '王总', 'CEO', '138 0013 8000', "
    f"'+8613800138000', 'w@q.cn', 'w@q.cn', 'wang', 1, '', {T})",
    "INSERT INTO contract (id, customer_id, start_date, end_date, amount_cents, currency, "
    f"kind, created_at) VALUES (1, 1, '2026-02-01', '2027-01-31', 1200000, 'CNY', 'new', {T})",
    "INSERT INTO interaction (id, customer_id, kind, occurred_at, attendees, discussion, "
    f"feedback, next_steps, created_at, updated_at) VALUES (1, 1, 'qbr', {T}, '王总', '续约', "
    f"'', '', {T}, {T})",
    "INSERT INTO need (id, customer_id, title, detail, amount_cents, status, created_at) "
    f"VALUES (1, 2, 'Mobile pilot', '', 0, 'open', {T})",
    "INSERT INTO todo (id, title, notes, customer_id, interaction_id, need_id, remind_tz, "
    f"reminder_state, origin, created_at) VALUES (1, 'Send the quote', '', 1, 1, 1, '', "
    f"'none', 'user', {T})",
    "INSERT INTO goal (id, metric, period, period_start, target) VALUES (1, 'visits', "
    "'month', '2026-11-01', 8)",
    "INSERT INTO timelineevent (id, customer_id, occurred_at, kind, payload) VALUES "
    f"(1, 1, {T}, 'created', '{{}}')",
    "INSERT INTO setting (key, value) VALUES ('language', '\"zh_CN\"')",
    "INSERT INTO pairedphone (id, name, secret_hash, paired_at) VALUES (1, 'Android', 'ab', "
    f"{T})",
    "INSERT INTO phoneentry (entry_id, phone_id, kind, ref_id, created_at, response) VALUES "
    f"('e1', 1, 'record', 1, {T}, '{{}}')",
]
NEW_COLUMNS = {"customer": ("address", "city", "country", "website"), "contact": ("phone2",)}


def _snapshot(path: Path) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    """Every table (search index included) with its column names and rows, read with
    sqlite3: the file as a 0006 mycrm would see it."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version' ORDER BY name")]
        result = {}
        for table in tables:
            cursor = conn.execute(f"SELECT * FROM {table}")
            rows = sorted(cursor.fetchall(), key=repr)
            result[table] = ([d[0] for d in cursor.description], rows)
        return result
    finally:
        conn.close()


def _without_new_columns(snapshot: dict[str, tuple[list[str], list[tuple[object, ...]]]]
                         ) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    out = {}
    for table, (names, rows) in snapshot.items():
        keep = [i for i, n in enumerate(names) if n not in NEW_COLUMNS.get(table, ())]
        out[table] = ([names[i] for i in keep], [tuple(r[i] for i in keep) for r in rows])
    return out


def _file_at_0006(path: Path) -> Engine:
    engine = engine_at(path, "0006")
    with engine.begin() as conn:
        for statement in ROWS:
            conn.execute(text(statement))
    return engine


def test_upgrade_from_0006_keeps_every_row_and_the_new_columns_are_empty(
        tmp_path: Path) -> None:
    path = tmp_path / "crm.sqlite"
    _file_at_0006(path).dispose()
    before = _snapshot(path)
    assert all(rows for table, (_n, rows) in before.items()
               if table in {"customer", "contact", "contract", "interaction", "need", "todo",
                            "goal", "timelineevent", "setting", "pairedphone", "phoneentry"})

    engine = db.make_engine(path)
    db.upgrade(engine, "0007")  # this migration alone: the later ones have their own tests
    assert db.current_revision(engine) == "0007"
    after = _snapshot(path)
    assert _without_new_columns(after) == before
    for table, columns in NEW_COLUMNS.items():
        names, rows = after[table]
        assert set(columns) <= set(names)
        assert {row[names.index(c)] for row in rows for c in columns} == {""}
    with engine.begin() as conn:  # the columns are usable
        conn.execute(text("UPDATE customer SET city = '杭州', website = 'https://q.cn' "
                          "WHERE id = 1"))
        conn.execute(text("UPDATE contact SET phone2 = '0571 8888 0000' WHERE id = 1"))
        assert conn.execute(text("SELECT count(*) FROM contact")).scalar() == 1
    engine.dispose()


def test_downgrade_to_0006_gives_back_the_0006_file(tmp_path: Path) -> None:
    path = tmp_path / "crm.sqlite"
    engine = _file_at_0006(path)
    before = _snapshot(path)
    db.upgrade(engine, "0007")
    downgrade(engine, "0006")
    engine.dispose()
    assert _snapshot(path) == before
