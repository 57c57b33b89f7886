"""The To-dos page's queries: each group counted and paged in SQL, in exactly the order and
with exactly the members that ``todo_reference.list_todos`` (which builds every row) gives."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session, col, select

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.engine import session_scope
from mycrm.core.db.models import Todo
from mycrm.core.todos.lists import (
    GROUP_ORDER,
    TODO_PAGE,
    Group,
    TodoFilter,
    filter_customer_count,
    filter_customer_index,
    filter_customers,
    next_group_change,
    todo_group_counts,
    todo_group_page,
    todo_position,
    todo_sections,
)
from mycrm.core.todos.reminders import snooze
from mycrm.core.todos.services import TodoInput, complete_todo, create_todo
from todo_reference import list_todos

NOW = datetime(2026, 6, 10, 23, 0, tzinfo=UTC)  # already 11 June in Shanghai
TITLES = ["Call back", "send QUOTE", "回访客户", "renewal call", "Prepare 报价", "visit",
          "Visit ÉCOLE Müller", "Lieferung Hauptstraße"]


def portfolio(engine: Engine, n: int = 90, seed: int = 7) -> dict[str, int]:
    """``n`` to-dos spread over every group, some sharing a reminder instant (ties), some
    snoozed, some done recently and some done long ago; two customers."""
    rng = random.Random(seed)
    with session_scope(engine) as s:
        acme = create_customer(session=s, now=NOW, data=CustomerInput(name="Acme 有限公司")).id
        beta = create_customer(session=s, now=NOW, data=CustomerInput(name="Beta Call Ltd")).id
        for i in range(n):
            hours = rng.choice([None, -300, -30, -2, -2, 0, 1, 1, 2, 5, 12, 30, 30, 200])
            wall = None if hours is None else (NOW + timedelta(hours=hours)).replace(
                tzinfo=None, minute=0)
            todo = create_todo(session=s, now=NOW - timedelta(days=1), data=TodoInput(
                title=f"{rng.choice(TITLES)} {i}", notes=rng.choice(["", "bring the QUOTE"]),
                customer_id=rng.choice([None, acme, beta]), remind_wall=wall,
                remind_tz="UTC"))
            assert todo.id is not None
            roll = rng.random()
            if roll < 0.15:
                complete_todo(session=s, todo_id=todo.id,
                              now=NOW - timedelta(days=rng.choice([0, 1, 3, 6, 9, 30])))
            elif roll < 0.3:  # snoozed, with or without a reminder of its own
                snooze(session=s, now=NOW, todo_id=todo.id,
                       until=NOW + timedelta(hours=rng.choice([1, 20, 48])))
            elif roll < 0.4 and wall is not None:
                todo.notify_at = None  # older data: a reminder time and no notification
                s.add(todo)
    assert acme is not None and beta is not None
    return {"acme": acme, "beta": beta}


FILTERS = [TodoFilter(), TodoFilter(text="call"), TodoFilter(text="  QUOTE "),
           TodoFilter(text="报价"), TodoFilter(text="beta"), TodoFilter(text="100%_x"),
           TodoFilter(text="école"), TodoFilter(text="STRASSE"), TodoFilter(done_days=2)]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai", "America/New_York"])
def test_pages_and_counts_match_the_full_list(engine: Engine, zone: str) -> None:
    ids = portfolio(engine)
    filters = [*FILTERS, TodoFilter(customer_id=ids["acme"]),
               TodoFilter(customer_id=ids["beta"], text="call")]
    with Session(engine) as s:
        for flt in filters:
            full = list_todos(s, now=NOW, zone=zone, customer_id=flt.customer_id,
                              text=flt.text, done_days=flt.done_days)
            counts = todo_group_counts(s, now=NOW, zone=zone, flt=flt)
            paged = []
            for group in GROUP_ORDER:
                members = [r for r in full if r.group is group]
                assert counts[group] == len(members), (flt, group)
                pages = [todo_group_page(s, group=group, now=NOW, zone=zone, flt=flt,
                                         limit=4, offset=offset)
                         for offset in range(0, len(members) + 4, 4)]
                assert all(len(p) <= 4 for p in pages)
                paged += [row for page in pages for row in page]
            assert paged == full, flt  # same rows, same order, same groups and fields


def test_the_portfolio_reaches_every_group_and_kind_of_row(engine: Engine) -> None:
    portfolio(engine)
    with Session(engine) as s:
        counts = todo_group_counts(s, now=NOW, zone="Asia/Shanghai")  # 07:00 local
        rows = s.exec(select(Todo).where(col(Todo.done_at).is_(None))).all()
    assert all(counts[g] > 0 for g in GROUP_ORDER), counts  # the test above is not vacuous
    assert any(t.notify_at is None and t.remind_at is not None for t in rows)
    assert any(t.notify_at is not None and t.remind_at is None for t in rows)
    assert any(t.notify_at is not None and t.remind_at is not None
               and t.notify_at != t.remind_at for t in rows)


def test_sections_read_one_page_per_group_or_what_was_shown(engine: Engine) -> None:
    with session_scope(engine) as s:
        for i in range(TODO_PAGE + 20):
            create_todo(session=s, now=NOW, data=TodoInput(title=f"someday {i}"))
        create_todo(session=s, now=NOW, data=TodoInput(
            title="late", remind_wall=datetime(2026, 6, 1, 9, 0), remind_tz="UTC"))
    with Session(engine) as s:
        sections = todo_sections(s, now=NOW)
        assert [(x.group, x.count, len(x.rows)) for x in sections] == [
            (Group.OVERDUE, 1, 1), (Group.NO_DATE, TODO_PAGE + 20, TODO_PAGE)]
        assert sections[1].rows[0].title == f"someday {TODO_PAGE + 19}"  # newest first
        kept = todo_sections(s, now=NOW, shown={Group.NO_DATE: TODO_PAGE + 5})
        assert len(kept[1].rows) == TODO_PAGE + 5


def test_counts_are_one_statement_that_reads_no_rows(engine: Engine) -> None:
    portfolio(engine, n=30)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, _params, _context, _many):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        with Session(engine) as s:
            todo_group_counts(s, now=NOW, zone="UTC", flt=TodoFilter(text="call"))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert len(statements) == 1  # every group's count at once
    assert statements[0].count("count(todo.id)") >= len(GROUP_ORDER)
    assert "LIMIT" not in statements[0]


def test_position_finds_where_a_todo_is_shown(engine: Engine) -> None:
    ids = portfolio(engine, n=60, seed=3)
    with Session(engine) as s:
        for flt in (TodoFilter(), TodoFilter(text="call"), TodoFilter(customer_id=ids["acme"])):
            full = list_todos(s, now=NOW, zone="Asia/Shanghai", customer_id=flt.customer_id,
                              text=flt.text)
            for row in full:
                group, at = todo_position(s, todo_id=row.id, now=NOW, zone="Asia/Shanghai",
                                          flt=flt) or (None, -1)
                assert group is row.group
                assert [r for r in full if r.group is group][at].id == row.id
        hidden = list_todos(s, now=NOW, zone="UTC")
        shown_ids = {r.id for r in list_todos(s, now=NOW, zone="UTC", text="visit")}
        outside = next(r for r in hidden if r.id not in shown_ids)
        assert todo_position(s, todo_id=outside.id, now=NOW, flt=TodoFilter(text="visit")) \
            is None
        assert todo_position(s, todo_id=10_000, now=NOW) is None


def test_filter_customers_are_paged_by_name(engine: Engine) -> None:
    names = ["Zeta", "alpha", "Mid", "Mid", "北京"]
    with session_scope(engine) as s:
        made = [create_customer(session=s, now=NOW, data=CustomerInput(name=n)).id
                for n in names]
    with Session(engine) as s:
        everything = filter_customers(s, limit=100)
        assert [n for _i, n in everything] == sorted(names)  # SQLite's binary order
        assert filter_customers(s, limit=2, offset=1) == everything[1:3]
        assert filter_customer_count(s) == len(names)
        for i, (cid, _name) in enumerate(everything):
            assert filter_customer_index(s, customer_id=cid) == i
        assert filter_customer_index(s, customer_id=max(c for c in made if c) + 1) is None


@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai", "America/New_York"])
def test_next_group_change_is_the_first_instant_a_todo_changes_group(engine: Engine,
                                                                    zone: str) -> None:
    """The page reloads at ``next_group_change``: nothing may change group before it, and at
    it a to-do does (or the local day ends). Walked through several changes."""
    portfolio(engine)
    with Session(engine) as s:
        def groups(at: datetime) -> dict[int, Group]:
            return {row.id: row.group for row in list_todos(s, now=at, zone=zone)}

        now = NOW
        for _ in range(8):
            change = next_group_change(s, now=now, zone=zone)
            assert change > now
            assert groups(change - timedelta(microseconds=1)) == groups(now)
            local_midnight = change.astimezone(ZoneInfo(zone)).time() == time(0)
            assert groups(change) != groups(now) or local_midnight
            now = change
