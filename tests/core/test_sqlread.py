"""The plain-SQL reads Home starts with: the same answers through a bare read-only sqlite3
connection as through an ORM session, values in the formats the ORM stores, a session's
pending changes seen, and no write possible through the reader."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.data.sample import build_sample_portfolio
from mycrm.core.db import sqlread
from mycrm.core.db.engine import session_scope
from mycrm.core.db.models import Customer
from mycrm.core.home.dashboard import attention, has_any_customer, portfolio
from mycrm.core.home.progress import goal_progress
from mycrm.core.settings.keys import REVISIT_DAYS
from mycrm.core.settings.store import get_setting, set_setting

ZONE = "Asia/Shanghai"


def test_instants_and_dates_are_written_as_the_orm_stores_them(session: Session) -> None:
    at = datetime(2026, 3, 29, 1, 30, 5, 7, tzinfo=UTC)
    cid = create_customer(session=session, now=at, data=CustomerInput(
        name="Acme", renewal_date=date(2027, 1, 31))).id
    stored = session.execute(text("SELECT created_at, renewal_date FROM customer WHERE id = :i"),
                             {"i": cid}).one()
    assert tuple(stored) == (sqlread.instant(at), sqlread.day(date(2027, 1, 31)))
    assert sqlread.to_instant(stored[0]) == at
    assert sqlread.to_day(stored[1]) == date(2027, 1, 31)
    # another zone, same instant, same text; a naive datetime is refused
    shanghai = at.astimezone(ZoneInfo(ZONE))
    assert sqlread.instant(shanghai) == stored[0]
    with pytest.raises(ValueError, match="naive"):
        sqlread.instant(datetime(2026, 3, 29, 1, 30))


def test_home_reads_the_same_through_a_bare_connection(engine: Engine, db_path: Path,
                                                       now: datetime) -> None:
    with session_scope(engine) as session:
        build_sample_portfolio(session, now=now, zone=ZONE)
    reader = sqlread.open_reader(db_path)
    try:
        for day_offset in (0, 17, 45, 200):
            at = now + timedelta(days=day_offset)
            today = at.astimezone(ZoneInfo(ZONE)).date()
            with Session(engine) as session:
                through_orm = (attention(session, now=at, zone=ZONE, limit=5),
                               portfolio(session, today=today),
                               goal_progress(session, period="quarter", today=today, zone=ZONE))
            bare = (attention(reader, now=at, zone=ZONE, limit=5), portfolio(reader, today=today),
                    goal_progress(reader, period="quarter", today=today, zone=ZONE))
            assert bare == through_orm
        assert through_orm[0].items and through_orm[1].total > 0  # not equal by being empty
        assert sqlread.schema_revision(reader) == sqlread.HEAD_REVISION
    finally:
        reader.close()


def test_the_reader_cannot_write(engine: Engine, db_path: Path, now: datetime) -> None:
    with session_scope(engine) as session:
        create_customer(session=session, now=now, data=CustomerInput(name="Acme"))
    reader = sqlread.open_reader(db_path)
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.execute("DELETE FROM customer")
        assert has_any_customer(reader)
    finally:
        reader.close()


def test_a_session_s_pending_changes_are_read(session: Session, now: datetime) -> None:
    assert not has_any_customer(session)
    session.add(Customer(name="Pending", state_since=now, created_at=now, updated_at=now))
    assert has_any_customer(session)  # flushed first, as an ORM query would autoflush
    set_setting(session, REVISIT_DAYS, 30)
    assert get_setting(session, REVISIT_DAYS) == 30


def test_no_schema_revision_in_a_file_without_one(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "empty.sqlite")
    try:
        assert sqlread.schema_revision(conn) is None
    finally:
        conn.close()
