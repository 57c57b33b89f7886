import os
import sqlite3
import stat
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from mycrm.core.common.timeutil import NaiveDatetimeError, wall_to_utc
from mycrm.core.db.engine import (
    DamagedDatabaseError,
    FutureSchemaError,
    NotADatabaseError,
    confirm_deferred_check,
    open_database,
    session_scope,
)
from mycrm.core.db.models import Setting


def test_every_connection_has_the_safety_pragmas(engine) -> None:
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_data_file_is_private(engine, db_path) -> None:
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600


def test_naive_datetimes_are_refused(engine, now) -> None:
    from mycrm.core.customers.services import CustomerInput, create_customer

    with pytest.raises(NaiveDatetimeError), session_scope(engine) as session:
        create_customer(session=session, data=CustomerInput(name="X"), now=datetime(2026, 1, 1))


def test_instants_round_trip_as_aware_utc(engine, now) -> None:
    from zoneinfo import ZoneInfo

    from mycrm.core.customers.services import CustomerInput, create_customer
    from mycrm.core.db.models import Customer

    shanghai = now.astimezone(ZoneInfo("Asia/Shanghai"))
    with session_scope(engine) as session:
        cid = create_customer(session=session, data=CustomerInput(name="X"), now=shanghai).id
    with session_scope(engine) as session:
        customer = session.get(Customer, cid)
        assert customer is not None
        assert customer.created_at == now and customer.created_at.utcoffset() == timedelta(0)


def test_wall_time_in_dst_zones() -> None:
    # 09:00 Berlin is 08:00 UTC in winter and 07:00 UTC in summer.
    assert wall_to_utc(datetime(2026, 1, 15, 9), "Europe/Berlin").hour == 8
    assert wall_to_utc(datetime(2026, 7, 15, 9), "Europe/Berlin").hour == 7


def test_text_file_is_not_a_database_and_stays_untouched(tmp_path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("just some notes\n")
    with pytest.raises(NotADatabaseError):
        open_database(path)
    assert path.read_text() == "just some notes\n"


def damage_a_page(path) -> bytes:
    """Fill ``path`` (a data file) with rows, then overwrite its third page with noise."""
    open_database(path).dispose()
    return damage_a_page_of(path)


def damage_a_page_of(path) -> bytes:
    """Fill the existing data file ``path`` (any schema) with rows, then overwrite its third
    page with noise."""
    from mycrm.core.db.engine import make_engine

    engine = make_engine(path)
    with session_scope(engine) as session:
        for i in range(400):
            session.add(Setting(key=f"k{i}", value="x" * 200))
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    data = bytearray(path.read_bytes())
    data[4096 * 2: 4096 * 3] = os.urandom(4096)
    path.write_bytes(bytes(data))
    return bytes(data)


def test_damaged_file_is_refused_and_untouched(tmp_path, now) -> None:
    path = tmp_path / "data.sqlite"
    data = damage_a_page(path)
    with pytest.raises((DamagedDatabaseError, NotADatabaseError)):
        open_database(path)
    assert path.read_bytes() == data


def test_future_schema_is_refused(tmp_path) -> None:
    path = tmp_path / "future.sqlite"
    open_database(path).dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(FutureSchemaError, match="newer version"):
        open_database(path)
    assert path.read_bytes() == before


def test_prefetched_check_is_used_and_catches_damage(tmp_path) -> None:
    from mycrm.core.db import integrity as db

    path = tmp_path / "data.sqlite"
    open_database(path).dispose()
    db.prefetch_integrity_check(path)
    assert path.resolve() in db._prefetched
    open_database(path).dispose()  # a healthy file opens with the prefetched result
    assert path.resolve() not in db._prefetched

    data = damage_a_page(path)
    db.prefetch_integrity_check(path)
    with pytest.raises((DamagedDatabaseError, NotADatabaseError)):
        open_database(path)
    assert path.read_bytes() == data


def test_deferred_check_lets_a_current_file_be_read_then_gives_the_verdict(tmp_path) -> None:
    """``defer_check``: a file at the current schema opens without waiting for the
    background quick_check; ``confirm_deferred_check`` then delivers the verdict — and a
    damaged file is refused there, with not a byte written."""
    from mycrm.core.db import integrity

    path = tmp_path / "data.sqlite"
    open_database(path).dispose()
    integrity.prefetch_integrity_check(path)
    engine = open_database(path, defer_check=True)
    assert integrity.is_prefetched(path)  # the verdict is still to be taken
    confirm_deferred_check(path)
    assert not integrity.is_prefetched(path)
    confirm_deferred_check(path)  # idempotent, no second check
    engine.dispose()

    data = damage_a_page(path)
    integrity.prefetch_integrity_check(path)
    try:
        engine = open_database(path, defer_check=True)
    except (DamagedDatabaseError, NotADatabaseError):
        pass  # the damage already broke reading the schema version: the verdict explains it
    else:
        with pytest.raises(DamagedDatabaseError):
            confirm_deferred_check(path)
        engine.dispose()
    assert path.read_bytes() == data


def test_deferred_check_still_comes_first_when_a_migration_would_write(tmp_path) -> None:
    from mycrm.core.db import integrity
    from mycrm.core.db.engine import make_engine, upgrade

    path = tmp_path / "old.sqlite"
    engine = make_engine(path)
    upgrade(engine, "0002")
    engine.dispose()
    data = damage_a_page_of(path)
    integrity.prefetch_integrity_check(path)
    with pytest.raises((DamagedDatabaseError, NotADatabaseError)):
        open_database(path, defer_check=True)
    assert path.read_bytes() == data
    assert not (tmp_path / "backups").exists()  # no pre-migration backup of a bad file
