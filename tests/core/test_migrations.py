"""A database made at the first revision upgrades to head without losing a row."""

import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from db_dump import engine_at
from mycrm.core.db import engine as db

ROWS = {
    "customer": "INSERT INTO customer (id, name, name_key, industry, tier, state, state_since, "
    "notes, tags, lost_reason, created_at, updated_at, renewal_date) VALUES "
    "({i}, '客户{i}', 'k{i}', '', 'A', 'to_contact', '2026-01-01 00:00:00.000000', '', '', '', "
    "'2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', '2027-01-0{d}')",
    "contact": "INSERT INTO contact (customer_id, name, title, phone, phone_key, email, "
    "email_key, wechat, is_primary, notes, created_at) VALUES ({i}, 'P{i}', '', '', '', '', "
    "'', '', 1, '', '2026-01-01 00:00:00.000000')",
    "interaction": "INSERT INTO interaction (customer_id, kind, occurred_at, attendees, "
    "discussion, feedback, next_steps, created_at, updated_at) VALUES ({i}, 'visit', "
    "'2026-01-0{d} 00:00:00.000000', '', '讨论', '', '', '2026-01-01 00:00:00.000000', "
    "'2026-01-01 00:00:00.000000')",
    "todo": "INSERT INTO todo (title, notes, customer_id, remind_tz, reminder_state, origin, "
    "created_at) VALUES ('T{i}', '', {i}, '', 'none', 'user', '2026-01-01 00:00:00.000000')",
}


@pytest.mark.parametrize("old_revision", db.KNOWN_REVISIONS[:-1])
def test_every_earlier_revision_upgrades_to_head_keeping_every_row(
        tmp_path: Path, old_revision: str) -> None:
    """A database made by any earlier version — the first and the previous one included —
    upgrades at start, after a backup, without losing a row."""
    path = tmp_path / "old.sqlite"
    engine = engine_at(path, old_revision)
    with engine.begin() as conn:
        for i in range(1, 6):
            for statement in ROWS.values():
                conn.execute(text(statement.format(i=i, d=i)))
    engine.dispose()
    counts_before = _counts(path)
    upgraded = db.open_database(path)
    assert db.current_revision(upgraded) == db.head_revision()
    upgraded.dispose()
    assert _counts(path) == counts_before == {t: 5 for t in ROWS}
    assert [p.name for p in (tmp_path / "backups").glob("*.sqlite")], "no pre-migration backup"


def test_the_caller_is_told_before_an_older_file_is_backed_up_and_migrated(
        tmp_path: Path) -> None:
    """``before_migration`` lets the window say why the wait: called once, with the file's
    revision, before the backup — and never for a new or an up-to-date file."""
    told: list[tuple[str, list[str]]] = []

    def before(revision: str) -> None:
        told.append((revision, [p.name for p in (tmp_path / "backups").glob("*.sqlite")]))

    path = tmp_path / "old.sqlite"
    engine_at(path, db.KNOWN_REVISIONS[-2]).dispose()
    db.open_database(path, before_migration=before).dispose()
    assert told == [(db.KNOWN_REVISIONS[-2], [])], "once, before the backup"
    db.open_database(path, before_migration=before).dispose()
    db.open_database(tmp_path / "new.sqlite", before_migration=before).dispose()
    assert len(told) == 1, "not for a current or a new file"


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ROWS}
    finally:
        conn.close()


def test_known_revisions_match_the_shipped_migration_scripts() -> None:
    """db.KNOWN_REVISIONS lets start-up skip Alembic; it must list every script, in order."""
    config, _ = db._alembic_config()
    scripts = ScriptDirectory.from_config(config)
    in_order = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert tuple(in_order) == db.KNOWN_REVISIONS
    assert scripts.get_current_head() == db.HEAD_REVISION


def test_opening_a_current_database_does_not_load_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "current.sqlite"
    db.open_database(path).dispose()
    code = ("import sys; from pathlib import Path; from mycrm.core.db.engine import open_database; "
            f"open_database(Path({str(path)!r})).dispose(); "
            "print('alembic' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"
