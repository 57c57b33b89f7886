"""Migration 0004: the portfolio totals the database keeps by trigger always equal what the
rows say — through random inserts, edits and deletes of customers and contracts (cascades
and moves between customers included), through the app's own services, after an upgrade
of a file with data, and again after a downgrade and re-upgrade."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import cast

from sqlalchemy import Engine, text
from sqlmodel import Session

from db_dump import downgrade, dump_tables, engine_at
from mycrm.core.customers.services import CustomerInput, change_state, create_customer, set_archived
from mycrm.core.db import engine as db
from mycrm.core.home.dashboard import customers_per_state, renewal_rate, renewals_by_month
from mycrm.core.records.renewals import (
    LostInput,
    RenewalInput,
    mark_lost,
    reactivate,
    record_renewal,
)

ACTIVE = "customer.archived_at IS NULL AND customer.lost_on IS NULL"
T = "'2026-01-01 00:00:00.000000'"


def counted(conn: sqlite3.Connection) -> dict[str, object]:
    """The totals as the database keeps them."""
    return {
        "state": sorted(conn.execute(
            "SELECT state, customers FROM portfolio_state WHERE customers != 0")),
        "renewal": sorted(conn.execute(
            "SELECT renewal_date, customers, amount_cents FROM portfolio_renewal "
            "WHERE customers != 0 OR amount_cents != 0")),
        "renewed": sorted(conn.execute("SELECT id, renewed FROM contract")),
    }


def recounted(conn: sqlite3.Connection) -> dict[str, object]:
    """The same totals counted from the rows, as the dashboard did before 0004."""
    return {
        "state": sorted(conn.execute(
            f"SELECT state, count(*) FROM customer WHERE {ACTIVE} GROUP BY state")),
        "renewal": sorted(conn.execute(
            "SELECT customer.renewal_date, count(DISTINCT customer.id), "
            "coalesce(sum(contract.amount_cents), 0) FROM customer LEFT JOIN contract "
            "ON contract.end_date = customer.renewal_date AND contract.customer_id = customer.id "
            f"WHERE {ACTIVE} AND customer.renewal_date IS NOT NULL "
            "GROUP BY customer.renewal_date")),
        "renewed": sorted(conn.execute(
            "SELECT due.id, EXISTS (SELECT 1 FROM contract AS r WHERE "
            "r.customer_id = due.customer_id AND r.id != due.id AND r.kind = 'renewal' AND "
            "r.signed_on IS NOT NULL AND r.signed_on >= date(due.end_date, '-180 days')) "
            "FROM contract AS due")),
    }


def _day(rng: random.Random) -> str | None:
    if rng.random() < 0.1:
        return None
    return (date(2026, 1, 1) + timedelta(days=rng.randrange(40))).isoformat()


def _random_change(conn: sqlite3.Connection, rng: random.Random, next_id: list[int]) -> None:
    customers = [r[0] for r in conn.execute("SELECT id FROM customer")]
    contracts = [r[0] for r in conn.execute("SELECT id FROM contract")]
    q = (lambda v: "NULL" if v is None else f"'{v}'")  # noqa: E731
    choice = rng.randrange(10)
    if choice == 0 or not customers:
        next_id[0] += 1
        conn.execute(
            "INSERT INTO customer (id, name, name_key, industry, tier, state, state_since, "
            "notes, tags, lost_reason, created_at, updated_at, renewal_date, archived_at, "
            f"lost_on) VALUES ({next_id[0]}, 'C', 'c', '', 'A', "
            f"'{rng.choice(['to_contact', 'in_touch', 'visited'])}', {T}, '', '', '', {T}, "
            f"{T}, {q(_day(rng))}, {T if rng.random() < 0.1 else 'NULL'}, NULL)")
    elif choice == 1:
        conn.execute(f"UPDATE customer SET state = '{rng.choice(['to_contact', 'visited'])}' "
                     f"WHERE id = {rng.choice(customers)}")
    elif choice == 2:
        conn.execute(f"UPDATE customer SET renewal_date = {q(_day(rng))} "
                     f"WHERE id = {rng.choice(customers)}")
    elif choice == 3:
        column = rng.choice(["archived_at", "lost_on"])
        value = rng.choice(["NULL", T if column == "archived_at" else "'2026-01-05'"])
        conn.execute(f"UPDATE customer SET {column} = {value} WHERE id = {rng.choice(customers)}")
    elif choice == 4 and rng.random() < 0.3:
        conn.execute(f"DELETE FROM customer WHERE id = {rng.choice(customers)}")  # cascades
    elif choice in (5, 6) or not contracts:
        conn.execute(
            "INSERT INTO contract (customer_id, start_date, end_date, amount_cents, currency, "
            f"signed_on, kind, created_at) VALUES ({rng.choice(customers)}, "
            f"'2025-01-01', {q(_day(rng))}, {rng.randrange(1, 500) * 100}, 'CNY', "
            f"{q(_day(rng))}, '{rng.choice(['new', 'renewal'])}', {T})")
    elif choice == 7:
        column, value = rng.choice([
            ("end_date", q(_day(rng))), ("signed_on", q(_day(rng))),
            ("amount_cents", str(rng.randrange(1, 500) * 100)),
            ("kind", rng.choice(["'new'", "'renewal'"])),
            ("customer_id", str(rng.choice(customers)))])
        conn.execute(f"UPDATE contract SET {column} = {value} WHERE id = {rng.choice(contracts)}")
    elif choice == 8:
        conn.execute(f"DELETE FROM contract WHERE id = {rng.choice(contracts)}")


def test_the_totals_follow_every_change_to_the_rows(engine: Engine, db_path: Path) -> None:
    engine.dispose()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = ON")
    rng = random.Random(20261122)
    next_id = [0]
    try:
        for step in range(600):
            _random_change(conn, rng, next_id)
            if step % 20 == 0:
                assert counted(conn) == recounted(conn), f"after step {step}"
        conn.commit()
        assert counted(conn) == recounted(conn)
        totals = counted(conn)
        assert totals["state"] and totals["renewal"], "the run exercised the totals"
        assert any(flag for _id, flag in totals["renewed"])  # type: ignore[attr-defined]
    finally:
        conn.close()


def test_the_services_keep_the_totals(session: Session, db_path: Path, now) -> None:
    today = now.date()
    ids = [cast(int, create_customer(session=session, now=now, data=CustomerInput(
        name=name, renewal_date=today + timedelta(days=days))).id)
        for name, days in (("Acme", 10), ("Beta", 40), ("Gamma", 40))]
    record_renewal(session=session, now=now, data=RenewalInput(
        customer_id=ids[0], signed_on=today, end_date=today + timedelta(days=300),
        amount="1200"))
    change_state(session=session, customer_id=ids[1], state="visited", now=now)
    set_archived(session=session, customer_id=ids[2], archived=True, now=now)
    mark_lost(session=session, data=LostInput(customer_id=ids[1], reason="price"), now=now)
    reactivate(session=session, customer_id=ids[1], now=now)
    session.flush()
    raw = cast(sqlite3.Connection, session.connection().connection.driver_connection)
    assert counted(raw) == recounted(raw)
    assert customers_per_state(session) == {"to_contact": 1, "in_touch": 0, "visited": 1}
    months = {m.month: (m.count, m.amount_cents) for m in renewals_by_month(session, today=today)
              if m.count}
    assert sum(count for count, _ in months.values()) == 2
    assert 1200_00 in {cents for _, cents in months.values()}


def test_upgrade_from_0003_fills_the_totals_and_downgrade_removes_them(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite"
    engine = engine_at(path, "0003")
    conn = engine.raw_connection()
    rng = random.Random(4)
    next_id = [0]
    for _ in range(300):  # rows written by the previous version: no triggers yet
        _random_change(conn.driver_connection, rng, next_id)  # type: ignore[arg-type]
    conn.commit()
    conn.close()
    engine.dispose()
    before = dump_tables(path)

    upgraded = db.open_database(path)
    assert db.current_revision(upgraded) == db.head_revision()  # through 0004 (and on)
    check = sqlite3.connect(path)
    try:
        assert counted(check) == recounted(check)
        assert dump_tables(path, before) == before  # every row kept
    finally:
        check.close()
    with Session(upgraded) as session:
        rate = renewal_rate(session, today=date(2026, 2, 1))
        due = session.execute(text(
            "SELECT count(*) FROM contract WHERE end_date >= '2025-02-01' "
            "AND end_date < '2026-02-01'")).scalar()
        assert rate.due == due and rate.due > 0

    downgrade(upgraded, "0003")
    check = sqlite3.connect(path)
    try:
        names = {r[0] for r in check.execute("SELECT name FROM sqlite_master")}
        assert not {n for n in names if n.startswith("portfolio_")}
        assert "ix_contract_end_renewed" not in names
        columns = {r[1] for r in check.execute("PRAGMA table_info(customer)")}
        assert "renewal_amount_cents" not in columns
    finally:
        check.close()
    assert dump_tables(path, before) == before
    db.upgrade(upgraded)  # and back up again: the totals are filled afresh
    check = sqlite3.connect(path)
    try:
        assert counted(check) == recounted(check)
    finally:
        check.close()
    upgraded.dispose()
