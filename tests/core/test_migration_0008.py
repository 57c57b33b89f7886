"""Migration 0008: the customer's goals for the year and the value delivered. A 0007 file
with a row in every table upgrades (as the app opens it) with every row and value kept and
the new columns empty; a downgrade gives back exactly the 0007 file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

from db_dump import downgrade, dump_tables, engine_at
from mycrm.core.db import engine as db

T = "'2026-01-01 00:00:00.000000'"
ROWS = [
    "INSERT INTO customer (id, name, name_key, industry, tier, state, state_since, notes, "
    "tags, lost_reason, created_at, updated_at, renewal_date, address, city, country, "
    f"website) VALUES (1, '杭州青禾', '杭州青禾', '电商', 'A', 'visited', {T}, '重点\n第二行', "
    f"'vip', '', {T}, {T}, '2027-01-31', '西湖区文三路 1 号', '杭州', '中国', 'https://q.cn')",
    "INSERT INTO customer (id, name, name_key, industry, tier, state, state_since, notes, "
    f"tags, lost_reason, created_at, updated_at) VALUES (2, 'Woodgrove', 'woodgrove', '', 'B', "
    f"'in_touch', {T}, '', '', '', {T}, {T})",
    "INSERT INTO contact (id, customer_id, name, title, phone, phone_key, phone2, email, "
    "email_key, wechat, is_primary, notes, created_at) VALUES (1, 1, '王总', 'CEO', "
    f"'138 0013 8000', '+8613800138000', '0571 8888', 'w@q.cn', 'w@q.cn', 'wang', 1, '', {T})",
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
NEW_COLUMNS = ("year_goals", "value_delivered")


def _file_at_0007(path: Path) -> Engine:
    engine = engine_at(path, "0007")
    with engine.begin() as conn:
        for statement in ROWS:
            conn.execute(text(statement))
    return engine


def test_upgrade_from_0007_keeps_every_row_and_the_new_columns_are_empty(
        tmp_path: Path) -> None:
    path = tmp_path / "crm.sqlite"
    _file_at_0007(path).dispose()
    before = dump_tables(path)
    assert all(before[t] for t in ("customer", "contact", "contract", "interaction", "need",
                                   "todo", "goal", "timelineevent", "setting", "pairedphone",
                                   "phoneentry"))
    assert not set(NEW_COLUMNS) & set(before.columns["customer"])

    engine = db.open_database(path)  # as the app opens an older file: backup, then migrate
    assert db.current_revision(engine) == db.head_revision()
    assert dump_tables(path, like=before) == before  # every row, every value kept
    with engine.connect() as conn:
        empty = conn.execute(text(
            "SELECT id, year_goals, value_delivered FROM customer ORDER BY id")).all()
    assert [tuple(r) for r in empty] == [(1, "", ""), (2, "", "")]
    with engine.begin() as conn:  # the columns are usable, several lines and all
        conn.execute(text("UPDATE customer SET year_goals = '上线移动端\n覆盖 3 个工厂', "
                          "value_delivered = 'Saved 2 FTE' WHERE id = 1"))
        assert conn.execute(text("SELECT year_goals FROM customer WHERE id = 1")).scalar() \
            == "上线移动端\n覆盖 3 个工厂"
    engine.dispose()


def test_downgrade_to_0007_gives_back_the_0007_file(tmp_path: Path) -> None:
    path = tmp_path / "crm.sqlite"
    engine = _file_at_0007(path)
    before = dump_tables(path)
    db.upgrade(engine, "0008")
    downgrade(engine, "0007")
    engine.dispose()
    after = dump_tables(path)
    assert after == before and after.columns == before.columns
