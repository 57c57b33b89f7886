"""SQLite's locks on the data file stay held while the app has it open. Closing any
descriptor of a file drops every POSIX advisory lock the process holds on it — SQLite's too
— so the app must never open the data file with plain file I/O while a connection to it is
open in the same process ("How To Corrupt An SQLite Database File", 2.2). Were the locks
dropped, another program closing its own connection (``mycrm backup`` from a terminal, a
sync tool) would believe it was the last one, fold the WAL into the file and delete it under
the app: "disk I/O error" at the next read, and a way to corrupt the file."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db import sqlread
from mycrm.core.db.backup import backup_file
from mycrm.core.db.engine import confirm_deferred_check, open_database, session_scope
from mycrm.core.db.integrity import prefetch_integrity_check

OTHER_PROGRAM = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                 "print(c.execute('SELECT count(*) FROM customer').fetchone()[0]); c.close()")


def test_a_start_before_the_orm_keeps_the_locks(tmp_path: Path, now: datetime) -> None:
    path = tmp_path / "mycrm.sqlite"
    engine = open_database(path)
    with session_scope(engine) as session:
        create_customer(session=session, now=now, data=CustomerInput(name="Acme"))
    engine.dispose()

    prefetch_integrity_check(path)  # as `mycrm` starts: the check, then the first window
    reader = sqlread.reader_if_current(path)
    assert reader is not None
    assert reader.execute("SELECT count(*) FROM customer").fetchone() == (1,)
    engine = open_database(path, defer_check=True)  # just after the first paint
    confirm_deferred_check(path)
    reader.close()
    try:
        with session_scope(engine) as session:  # the app writes: the WAL holds it
            create_customer(session=session, now=now, data=CustomerInput(name="Beta"))
        wal = path.with_name(path.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0

        other = subprocess.run([sys.executable, "-c", OTHER_PROGRAM, str(path)],
                               capture_output=True, text=True, timeout=60)
        assert other.returncode == 0 and other.stdout.strip() == "2", other.stderr
        assert wal.exists(), "the other program took itself for the last connection"
        backup_file(path, tmp_path / "backups", reason="quit")  # reads every page, no error
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM customer").scalar() == 2
    finally:
        engine.dispose()
