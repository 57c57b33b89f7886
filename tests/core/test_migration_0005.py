"""Migration 0005: the to-do indexes keyed by the due instant (``core.rules``) replace the
ones keyed by the reminder time — after an upgrade of a 0004 file with data every row is
still there and the new columns are indexed; a downgrade restores 0004's indexes exactly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from db_dump import downgrade, dump_tables, engine_at
from mycrm.core.db import engine as db

T = "'2026-01-01 00:00:00.000000'"
LATER = "'2026-01-02 09:00:00.000000'"
ROWS = [
    "INSERT INTO customer (id, name, name_key, industry, tier, state, state_since, notes, "
    f"tags, lost_reason, created_at, updated_at) VALUES (1, '杭州青禾', 'k', '', 'A', "
    f"'to_contact', {T}, '', '', '', {T}, {T})",
    # undated; a pending reminder; one snoozed past its reminder time; one done
    "INSERT INTO todo (id, title, notes, customer_id, remind_tz, reminder_state, origin, "
    f"created_at) VALUES (1, 'No date', '', 1, '', 'none', 'user', {T})",
    "INSERT INTO todo (id, title, notes, customer_id, remind_tz, remind_at, notify_at, "
    f"reminder_state, origin, created_at) VALUES (2, 'Call', '', 1, 'UTC', {T}, {T}, "
    f"'pending', 'user', {T})",
    "INSERT INTO todo (id, title, notes, customer_id, remind_tz, remind_at, notify_at, "
    f"reminder_state, origin, created_at) VALUES (3, 'Snoozed', '', NULL, 'UTC', {T}, "
    f"{LATER}, 'pending', 'user', {T})",
    "INSERT INTO todo (id, title, notes, customer_id, remind_tz, remind_at, notify_at, "
    f"reminder_state, origin, created_at, done_at) VALUES (4, 'Done', '', 1, 'UTC', {T}, "
    f"{T}, 'dismissed', 'user', {T}, {LATER})",
]
BEFORE = {"ix_todo_open": ["done_at", "remind_at", "customer_id"],
          "ix_todo_customer_open": ["customer_id", "done_at", "remind_at"],
          "ix_todo_open_when": ["done_at", "notify_at", "remind_at"]}
AFTER = {"ix_todo_open": ["done_at", "notify_at", "remind_at", "customer_id"],
         "ix_todo_customer_open": ["customer_id", "done_at", "notify_at", "remind_at"]}


def _todo_indexes(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    try:
        names = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'todo'"
            " AND name IN ('ix_todo_open', 'ix_todo_customer_open', 'ix_todo_open_when')")]
        return {name: [row[2] for row in conn.execute(f"PRAGMA index_info({name})")]
                for name in names}
    finally:
        conn.close()


def _file_at_0004(path: Path) -> dict[str, list[tuple[object, ...]]]:
    engine = engine_at(path, "0004")
    with engine.begin() as conn:
        for statement in ROWS:
            conn.execute(text(statement))
    engine.dispose()
    assert _todo_indexes(path) == BEFORE
    return dump_tables(path)


def test_upgrade_from_0004_rekeys_the_todo_indexes_and_keeps_every_row(tmp_path: Path
                                                                        ) -> None:
    path = tmp_path / "v4.sqlite"
    before = _file_at_0004(path)
    upgraded = db.open_database(path)
    assert db.current_revision(upgraded) == db.head_revision()
    upgraded.dispose()
    assert _todo_indexes(path) == AFTER
    assert dump_tables(path, before) == before
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


def test_downgrade_to_0004_restores_its_indexes(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    before = _file_at_0004(path)
    engine = db.open_database(path)
    downgrade(engine, "0004")
    engine.dispose()
    assert _todo_indexes(path) == BEFORE
    assert dump_tables(path, before) == before
