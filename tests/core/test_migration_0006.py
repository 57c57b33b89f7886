"""Migration 0006: the phone companion's tables. A 0005 file with data upgrades with every
row kept and the two new tables empty and usable; a downgrade drops exactly them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from db_dump import downgrade, dump_tables, engine_at
from mycrm.core.db import engine as db

T = "'2026-01-01 00:00:00.000000'"
ROWS = [
    "INSERT INTO customer (id, name, name_key, industry, tier, state, state_since, notes, "
    f"tags, lost_reason, created_at, updated_at) VALUES (1, '杭州青禾', 'k', '', 'A', "
    f"'visited', {T}, '', '', '', {T}, {T})",
    "INSERT INTO interaction (id, customer_id, kind, occurred_at, attendees, discussion, "
    f"feedback, next_steps, created_at, updated_at) VALUES (1, 1, 'qbr', {T}, '王总', '续约', "
    f"'', '', {T}, {T})",
    "INSERT INTO todo (id, title, notes, customer_id, remind_tz, reminder_state, origin, "
    f"created_at) VALUES (1, 'Send the quote', '', 1, '', 'none', 'user', {T})",
]


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def test_upgrade_from_0005_keeps_every_row_and_adds_the_phone_tables(tmp_path: Path) -> None:
    path = tmp_path / "crm.sqlite"
    engine = engine_at(path, "0005")
    with engine.begin() as conn:
        for statement in ROWS:
            conn.execute(text(statement))
    engine.dispose()
    before = dump_tables(path)
    assert "pairedphone" not in before

    engine = db.open_database(path)
    after = dump_tables(path)
    assert after.only(before.columns) == before
    assert after["pairedphone"] == [] and after["phoneentry"] == []
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO pairedphone (id, name, secret_hash, paired_at) "
                          f"VALUES (1, 'Android', 'ab', {T})"))
        conn.execute(text("INSERT INTO phoneentry (entry_id, phone_id, kind, ref_id, "
                          f"created_at, response) VALUES ('e1', 1, 'record', 1, {T}, '{{}}')"))
        conn.execute(text("DELETE FROM pairedphone"))  # a removed phone keeps its entries
        assert conn.execute(text("SELECT phone_id FROM phoneentry")).all() == [(None,)]
    engine.dispose()


def test_downgrade_to_0005_drops_only_the_phone_tables(tmp_path: Path) -> None:
    path = tmp_path / "crm.sqlite"
    engine = engine_at(path, "0005")
    with engine.begin() as conn:
        for statement in ROWS:
            conn.execute(text(statement))
    before_tables = _tables(path)
    before = dump_tables(path)
    db.upgrade(engine, "0006")
    downgrade(engine, "0005")
    engine.dispose()
    assert _tables(path) == before_tables
    assert dump_tables(path) == before
