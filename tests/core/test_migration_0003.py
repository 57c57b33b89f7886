"""Migration 0003: the covering indexes of Home, the calendar and the To-dos page and the
names index ``search_names`` exist after an upgrade (filled from the rows already there),
go away on a downgrade, match the declarations in models.py, and the query planner uses
them for the statements the dashboard and the calendar really run (no full table scan)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, event, text
from sqlmodel import Session, SQLModel

from db_dump import downgrade, dump_tables, engine_at
from mycrm.core.calendar.days import day_counts, items_between, month_grid
from mycrm.core.customers.services import CustomerInput, change_state, create_customer
from mycrm.core.db import engine as db
from mycrm.core.db.database_only import include_object
from mycrm.core.db.models import Contract
from mycrm.core.home.dashboard import attention, portfolio
from mycrm.core.home.progress import goal_progress
from mycrm.core.records import services as records
from mycrm.core.search import search
from mycrm.core.todos.services import TodoInput, create_todo

NEW_INDEXES = {
    "ix_customer_active_renewal": ("customer", ["archived_at", "lost_on", "renewal_date",
                                                "state", "last_visit_at", "tier", "name"]),
    "ix_customer_state_name": ("customer", ["archived_at", "lost_on", "state", "name",
                                            "renewal_date"]),
    "ix_todo_customer_open": ("todo", ["customer_id", "done_at", "remind_at"]),
    "ix_contract_end": ("contract", ["end_date", "customer_id", "amount_cents"]),
    "ix_contract_customer_kind": ("contract", ["customer_id", "kind", "signed_on"]),
    "ix_timeline_revisit": ("timelineevent", ["occurred_at", "customer_id"]),
    "ix_todo_open_when": ("todo", ["done_at", "notify_at", "remind_at"]),
}
T = "'2026-01-01 00:00:00.000000'"
ROWS = [
    "INSERT INTO customer (id, name, name_key, industry, tier, state, state_since, notes, "
    f"tags, lost_reason, created_at, updated_at, renewal_date) VALUES (1, '杭州青禾', 'k', '', "
    f"'A', 'to_contact', {T}, '', '', '', {T}, {T}, '2026-12-01')",
    "INSERT INTO contract (id, customer_id, start_date, end_date, amount_cents, currency, "
    f"kind, created_at) VALUES (1, 1, '2026-01-01', '2026-12-01', 100, 'CNY', 'new', {T})",
    "INSERT INTO todo (id, title, notes, customer_id, remind_tz, reminder_state, origin, "
    f"created_at) VALUES (1, 'T', '', 1, '', 'none', 'user', {T})",
    "INSERT INTO timelineevent (customer_id, occurred_at, kind, payload) VALUES "
    f"(1, {T}, 'state_changed', '{{\"reason\": \"revisit_due\"}}')",
]


def _index_columns(conn: sqlite3.Connection, name: str) -> list[str]:
    return [row[2] for row in conn.execute(f"PRAGMA index_info({name})")]


def _schema(path: Path) -> dict[str, tuple[str, list[str], str]]:
    """Every ``ix_`` index: table, columns, CREATE statement."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name, tbl_name, sql FROM sqlite_master "
                            "WHERE type = 'index' AND name LIKE 'ix_%'").fetchall()
        return {name: (table, _index_columns(conn, name), sql) for name, table, sql in rows}
    finally:
        conn.close()


def test_upgrade_from_0002_adds_the_indexes_and_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite"
    engine = engine_at(path, "0002")
    with engine.begin() as conn:
        for statement in ROWS:
            conn.execute(text(statement))
    engine.dispose()
    before = dump_tables(path)
    assert "ix_customer_active_renewal" not in _schema(path)

    engine_at(path, "0003").dispose()  # 0003 itself: 0005 re-keys two to-do indexes

    schema = _schema(path)
    for name, (table, columns) in NEW_INDEXES.items():
        assert schema[name][:2] == (table, columns), name
    assert schema["ix_todo_open"][1] == ["done_at", "remind_at", "customer_id"]
    revisit_sql = schema["ix_timeline_revisit"][2]
    assert "WHERE kind = 'state_changed'" in revisit_sql
    assert "json_extract(payload, '$.reason') LIKE 'revisit%'" in revisit_sql
    assert dump_tables(path, before) == before
    # the names index is filled from the rows already there, and follows new ones
    engine = db.open_database(path)
    with Session(engine) as session:
        assert [h.customer_id for h in search(session, "青禾")] == [1]
        create_customer(session=session, now=datetime(2026, 2, 1, tzinfo=UTC),
                        data=CustomerInput(name="宁波海曙"))
        assert len(search(session, "海曙")) == 1
    engine.dispose()


def test_downgrade_to_0002_restores_the_previous_indexes(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    engine = db.open_database(path)
    with engine.begin() as conn:
        for statement in ROWS:
            conn.execute(text(statement))
    before = dump_tables(path)
    downgrade(engine, "0002")
    engine.dispose()
    schema = _schema(path)
    assert not set(NEW_INDEXES) & set(schema)
    raw = sqlite3.connect(path)
    assert not raw.execute("SELECT name FROM sqlite_master WHERE name LIKE 'search_names%'"
                           ).fetchall()  # the table and its triggers
    raw.close()
    assert schema["ix_todo_open"][1] == ["done_at", "remind_at"]
    after = dump_tables(path)  # the tables of later revisions (empty here) are gone
    assert after == before.only(after.columns)
    assert all(not rows for t, rows in before.items() if t not in after)
    again = db.open_database(path)  # and up again
    assert db.current_revision(again) == db.head_revision()
    again.dispose()
    # 0005 folds ix_todo_open_when into ix_todo_open (test_migration_0005)
    assert set(NEW_INDEXES) - {"ix_todo_open_when"} <= set(_schema(path))


def test_models_declare_exactly_the_migrated_indexes(engine: Engine) -> None:
    """Autogenerate sees no difference: models.py and the migrations agree (including the
    partial index's WHERE clause), and reflecting the schema raises no warning."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        assert compare_metadata(context, SQLModel.metadata) == []


# --- the planner uses them -----------------------------------------------------------

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=__import__("datetime").UTC)
TODAY = NOW.date()


def _seed(session: Session) -> None:
    """A little of everything the queries look at (the plans do not depend on the amount
    of data: the database has no ANALYZE statistics, at any size)."""
    for n in range(6):
        c = create_customer(session=session, now=NOW, data=CustomerInput(
            name=f"客户 {n}", renewal_date=TODAY + timedelta(days=10 * n), amount="1000"))
        assert c.id is not None
        if n % 2:
            change_state(session=session, customer_id=c.id, state="visited",
                         now=NOW - timedelta(days=200))
            change_state(session=session, customer_id=c.id, state="to_contact",
                         now=NOW - timedelta(days=1), reason="revisit_due")
        record = records.log_interaction(session=session, now=NOW, data=records.InteractionInput(
            customer_id=c.id, kind="visit", occurred_at=NOW - timedelta(days=n),
            feedback="slow" if n == 2 else ""))
        create_todo(session=session, now=NOW, data=TodoInput(
            title=f"to-do {n}", customer_id=c.id, interaction_id=record.id,
            remind_wall=datetime(2026, 11, 15 + n, 9), remind_tz="UTC"))
        session.add(Contract(customer_id=c.id, kind="renewal", created_at=NOW,
                             signed_on=TODAY - timedelta(days=100),
                             end_date=TODAY - timedelta(days=30)))
    session.flush()


class _Recording:
    """A DB-API connection for the plain-SQL queries (``core.sqlread``) that notes what
    they run."""

    def __init__(self, conn: Any, seen: list[tuple[str, Any]]) -> None:
        self.conn = conn
        self.seen = seen

    def execute(self, statement: str, parameters: Any = ()) -> Any:
        self.seen.append((statement, parameters))
        return self.conn.execute(statement, parameters)


@pytest.fixture
def plans(session: Session) -> Iterator[Callable[[Callable[[Any], Any]], list[str]]]:
    """``plans(fn)`` runs ``fn(db)`` and returns the EXPLAIN QUERY PLAN lines of every
    SELECT it ran: through the session (ORM queries) or through ``db``, the session's
    DB-API connection, for the plain-SQL ones."""
    _seed(session)
    conn = session.connection()
    raw = conn.connection.dbapi_connection
    assert raw is not None
    seen: list[tuple[str, Any]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))

    def run(fn: Callable[[Any], Any]) -> list[str]:
        seen.clear()
        event.listen(conn, "before_cursor_execute", capture)
        try:
            fn(_Recording(raw, seen))
        finally:
            event.remove(conn, "before_cursor_execute", capture)
        selects = [(statement, parameters) for statement, parameters in seen
                   if statement.lstrip().upper().startswith(("SELECT", "WITH"))]
        assert selects, "the function ran no query"
        return [row[3] for statement, parameters in selects
                for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters)]

    yield run


FULL_SCAN = re.compile(r"^SCAN (customer|todo|contract|contract_\d|interaction|timelineevent|"
                       r"need)\b")


def _uses(lines: list[str], *indexes: str) -> None:
    assert not [line for line in lines if FULL_SCAN.match(line)], lines
    text_ = "\n".join(lines)
    for index in indexes:
        assert f"COVERING INDEX {index} " in text_ or f"INDEX {index} " in text_, (index, lines)


def test_home_queries_use_the_indexes(session: Session, plans) -> None:
    lines = plans(lambda db: attention(db, now=NOW, zone="UTC"))
    _uses(lines, "ix_customer_active_renewal", "ix_todo_customer_open",
          "ix_customer_state_name", "ix_timeline_revisit", "ix_todo_open")
    assert any("COVERING INDEX ix_customer_active_renewal" in line for line in lines)
    assert any("COVERING INDEX ix_todo_customer_open" in line for line in lines)
    lines = plans(lambda db: portfolio(db, today=TODAY))  # the totals of migration 0004
    _uses(lines, "ix_contract_end_renewed")
    assert "SEARCH portfolio_renewal USING PRIMARY KEY (renewal_date>? AND renewal_date<?)" \
        in lines
    lines = plans(lambda db: goal_progress(db, period="month", today=TODAY, zone="UTC"))
    assert not [line for line in lines if FULL_SCAN.match(line)], lines
    assert any("COVERING INDEX ix_contract_kind_signed" in line for line in lines), lines  # 0004


def test_calendar_queries_use_the_indexes(session: Session, plans) -> None:
    grid = month_grid(2026, 11)
    lines = plans(lambda _db: day_counts(session, start=grid[0], end=grid[-1],
                                         zone="Asia/Shanghai", now=NOW))
    _uses(lines, "ix_customer_active_renewal", "ix_todo_open", "ix_interaction_kind_time")
    # counting reads index entries only
    assert all("COVERING" in line for line in lines if line.startswith("SEARCH"))
    day = date(2026, 11, 20)
    lines = plans(lambda _db: items_between(session, start=day, end=day, zone="UTC", now=NOW,
                                            limit=30))
    _uses(lines, "ix_customer_active_renewal", "ix_todo_open", "ix_interaction_kind_time")
