"""The revisit rule's set-based catch-up equals the per-row rule it replaced.

``run_revisit_batch`` moves customers with ``change_states`` and creates the to-dos with
``create_todos`` (chunked UPDATEs, executemany). The reference here is the rule as it was,
one customer at a time through ``change_state`` and ``create_todo``; on varied portfolios
(zones, periods, archived/lost/never visited customers, cycles already fired, to-dos
already planned, batch sizes) both must leave the same rows: states and their instants,
every timeline event with its payload, every to-do column (reminder columns as
``apply_reminder`` sets them), the same ids returned.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from mycrm.core.changes import Change, changes_of
from mycrm.core.common.timeutil import local_today
from mycrm.core.common.validation import ValidationError, clean_text, has_bad_characters
from mycrm.core.customers import revisit, services
from mycrm.core.customers.revisit import (
    REVISIT_ORIGIN,
    REVISIT_REASON,
    cycle_key,
    due_before,
    is_due,
    next_reminder_wall,
    run_revisit_batch,
)
from mycrm.core.customers.services import (
    CustomerInput,
    NotFoundError,
    change_state,
    change_states,
    create_customer,
)
from mycrm.core.customers.timeline import EventKind, record_event
from mycrm.core.db.engine import session_scope
from mycrm.core.db.models import Customer, State
from mycrm.core.settings.keys import REVISIT_DAYS
from mycrm.core.settings.store import get_setting, set_setting
from mycrm.core.todos.services import TodoInput, create_todo, create_todos

BASE = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
TITLE = "Plan a visit to %1"


def per_row_rule(session: Session, *, now: datetime, zone: str,
                 todo_title: str = TITLE) -> list[int]:
    """The reference: the rule as it ran before the catch-up went set-based — every due
    customer through ``change_state`` and ``create_todo``, one at a time."""
    period = max(1, int(get_setting(session, REVISIT_DAYS)))
    rows = list(session.exec(
        select(Customer).where(rules_active(), Customer.state == State.VISITED.value,
                               col(Customer.last_visit_at) < due_before(
                                   now=now, zone=zone, period_days=period))
        .order_by(col(Customer.id))))
    candidates = [c for c in rows if c.last_visit_at is not None
                  and is_due(c.last_visit_at, now=now, zone=zone, period_days=period)]
    keys = {c.id: cycle_key(c.id, c.last_visit_at) for c in candidates
            if c.id is not None and c.last_visit_at is not None}
    fired = revisit._fired_cycles(session, list(keys))
    planned = revisit._planned_cycles(session, list(keys.values()))
    reset = []
    for customer in candidates:
        assert customer.id is not None and customer.last_visit_at is not None
        key = keys[customer.id]
        if key in fired:
            continue
        change_state(session=session, customer_id=customer.id, state=State.TO_CONTACT.value,
                     now=now, reason=REVISIT_REASON, cycle=key,
                     visit_date=local_today(customer.last_visit_at, zone).isoformat(),
                     period_days=str(period))
        if key not in planned:
            create_todo(session=session, now=now, origin=REVISIT_ORIGIN, origin_key=key,
                        data=TodoInput(title=todo_title.replace("%1", customer.name)[:300],
                                       customer_id=customer.id,
                                       remind_wall=next_reminder_wall(now, zone),
                                       remind_tz=zone))
        reset.append(customer.id)
    session.flush()
    return reset


def rules_active() -> Any:
    from mycrm.core.rules import active_customer_clause

    return active_customer_clause()


def bulk_rule(session: Session, *, now: datetime, zone: str, limit: int | None,
              todo_title: str = TITLE) -> list[int]:
    """The set-based rule in batches of ``limit`` (as the app's catch-up runs it)."""
    reset: list[int] = []
    after, done = 0, False
    while not done:
        batch = run_revisit_batch(session=session, now=now, zone=zone, todo_title=todo_title,
                                  after_id=after, limit=limit)
        reset += batch.reset
        after, done = batch.last_id, batch.done
    return reset


def dump(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the rule writes, as stored: customers' state columns, the events per
    customer in their order (ids apart: the per-row rule interleaves two kinds), every
    to-do column, and the derived search rows and portfolio counts."""
    def rows(sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in session.execute(text(sql))]

    return {
        "customer": rows("SELECT id, state, state_since, updated_at, last_visit_at "
                         "FROM customer ORDER BY id"),
        "event": rows("SELECT customer_id, occurred_at, kind, payload FROM timelineevent "
                      "ORDER BY customer_id, id"),
        "todo": rows("SELECT * FROM todo ORDER BY id"),
        "search": rows("SELECT rowid, kind, customer_id, body FROM search_index "
                       "WHERE kind = 5 ORDER BY rowid"),
        "portfolio": rows("SELECT * FROM portfolio_state ORDER BY 1"),
    }


def run_both(engine: Engine, *, now: datetime, zone: str, limit: int | None,
             todo_title: str = TITLE) -> tuple[Any, Any]:
    """(reset ids, dump) of the reference and of the bulk rule, each from the same
    committed state (each run rolled back)."""
    outcomes = []
    for run in ("reference", "bulk"):
        with Session(engine) as session:
            if run == "reference":
                reset = per_row_rule(session, now=now, zone=zone, todo_title=todo_title)
            else:
                reset = bulk_rule(session, now=now, zone=zone, limit=limit,
                                  todo_title=todo_title)
            outcomes.append((reset, dump(session)))
            session.rollback()
    return outcomes[0], outcomes[1]


ZONES = st.sampled_from(["UTC", "Asia/Shanghai", "America/New_York", "Europe/London",
                         "Pacific/Chatham", "Asia/Kolkata"])
NAMES = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
                min_size=1, max_size=200).filter(
    lambda s: clean_text(s) != "" and not has_bad_characters(clean_text(s)))
CUSTOMER = st.fixed_dictionaries({
    "name": NAMES,
    "state": st.sampled_from(["visited", "visited", "visited", "in_touch", "to_contact"]),
    "visit_back_s": st.one_of(st.none(), st.integers(0, 400 * 86400)),
    "archived": st.sampled_from([False, False, False, True]),
    "lost": st.sampled_from([False, False, False, True]),
    "fired": st.sampled_from([False, False, True]),  # this cycle fired before (dragged back)
    "planned": st.sampled_from([False, False, True]),  # its to-do exists already
})


def build(engine: Engine, customers: list[dict[str, Any]], now: datetime,
          period: int) -> None:
    with session_scope(engine) as session:
        for table in ("todo", "timelineevent", "interaction", "contract", "contact",
                      "customer"):
            session.execute(text(f"DELETE FROM {table}"))
        set_setting(session, REVISIT_DAYS, period)
    with session_scope(engine) as session:
        for spec in customers:
            customer = create_customer(session=session, data=CustomerInput(name=spec["name"]),
                                       now=BASE)
            assert customer.id is not None
            visit = (None if spec["visit_back_s"] is None
                     else now - timedelta(seconds=spec["visit_back_s"]))
            customer.state = spec["state"]
            customer.last_visit_at = visit
            customer.archived_at = BASE if spec["archived"] else None
            customer.lost_on = BASE.date() if spec["lost"] else None
            session.add(customer)
            if visit is None:
                continue
            key = cycle_key(customer.id, visit)
            if spec["fired"]:
                record_event(session, customer_id=customer.id, kind=EventKind.STATE_CHANGED,
                             now=BASE, old="visited", new="to_contact",
                             reason=REVISIT_REASON, cycle=key)
            if spec["planned"]:
                create_todo(session=session, now=BASE, origin=REVISIT_ORIGIN, origin_key=key,
                            data=TodoInput(title="planned before", customer_id=customer.id))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(customers=st.lists(CUSTOMER, min_size=1, max_size=9), zone=ZONES,
       period=st.integers(1, 200), limit=st.one_of(st.none(), st.integers(1, 4)),
       now_offset=st.integers(0, 3 * 365 * 86400),
       title=st.sampled_from([TITLE, "计划拜访 %1", "x" * 150 + " %1 " + "y" * 100,
                              "  %1  "]))
def test_the_bulk_rule_equals_the_per_row_rule(engine: Engine, customers, zone, period,
                                               limit, now_offset, title) -> None:
    now = BASE + timedelta(seconds=now_offset)
    surely_due = dict(name="Due", state="visited", visit_back_s=(period + 2) * 86400,
                      archived=False, lost=False, fired=False, planned=False)
    build(engine, [*customers, surely_due], now, period)
    (ref_reset, ref_rows), (bulk_reset, bulk_rows) = run_both(
        engine, now=now, zone=zone, limit=limit, todo_title=title)
    assert ref_reset, "every example resets someone"
    assert bulk_reset == ref_reset
    assert bulk_rows == ref_rows


def test_the_comparison_sees_real_resets(engine: Engine) -> None:
    """The property above is not vacuous: a portfolio with every kind of customer resets
    some, skips the fired cycle and adds no second to-do to the planned one."""
    now = BASE + timedelta(days=200)
    specs = [dict(name=f"C{i}", state="visited", visit_back_s=100 * 86400, archived=False,
                  lost=False, fired=i == 1, planned=i == 2) for i in range(6)]
    specs[3]["archived"] = True
    specs[4]["visit_back_s"] = 10 * 86400  # not due yet
    build(engine, specs, now, 90)
    (ref_reset, ref_rows), (bulk_reset, bulk_rows) = run_both(
        engine, now=now, zone="Asia/Shanghai", limit=2)
    assert len(bulk_reset) == 3 and bulk_reset == ref_reset  # C0, C2 (no new to-do), C5
    assert bulk_rows == ref_rows
    titles = [value for row in bulk_rows["todo"] for value in row
              if isinstance(value, str) and value.startswith("Plan a visit")]
    assert titles == ["Plan a visit to C0", "Plan a visit to C5"]


def test_running_twice_or_after_a_kill_between_batches_does_not_double(
        engine: Engine) -> None:
    """Batches committed one by one, then a "restart" from the first id (a process killed
    between two batches): the result is the uninterrupted run's, and a further run
    changes nothing."""
    now = BASE + timedelta(days=200)
    specs = [dict(name=f"C{i}", state="visited", visit_back_s=(100 + i) * 86400,
                  archived=False, lost=False, fired=False, planned=False) for i in range(7)]
    build(engine, specs, now, 90)
    with Session(engine) as session:
        bulk_rule(session, now=now, zone="UTC", limit=None)
        uninterrupted = dump(session)
        session.rollback()
    after = 0
    for _ in range(2):  # two batches committed, then the process dies
        with session_scope(engine, immediate=True) as session:
            after = run_revisit_batch(session=session, now=now, zone="UTC", after_id=after,
                                      limit=3).last_id
    for _ in range(2):  # the next start, then another
        with session_scope(engine, immediate=True) as session:
            reset = bulk_rule(session, now=now, zone="UTC", limit=3)
        assert len(reset) == (1 if _ == 0 else 0)
    with Session(engine) as session:
        assert dump(session) == uninterrupted


def test_the_rule_still_says_what_it_changes() -> None:
    assert changes_of(run_revisit_batch) == Change.CUSTOMERS | Change.TODOS
    assert changes_of(change_states) == Change.CUSTOMERS
    assert changes_of(create_todos) == Change.TODOS


# --- change_states / create_todos against their per-row twins ---------------------------
def _customers(session: Session, n: int) -> list[int]:
    ids = []
    for i in range(n):
        customer = create_customer(session=session, data=CustomerInput(name=f"K{i}"),
                                   now=BASE)
        assert customer.id is not None
        ids.append(customer.id)
    return ids


def test_change_states_equals_change_state_one_by_one(engine: Engine,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "_CHUNK", 2)  # several chunks
    with session_scope(engine) as session:
        ids = _customers(session, 5)
        change_state(session=session, customer_id=ids[1], state="in_touch", now=BASE)
    now = BASE + timedelta(hours=3)
    moves = [(ids[0], {"why": "a"}), (ids[1], {}), (ids[2], {"why": "c"}),
             (ids[0], {"why": "again"}), (ids[3], {}), (ids[4], {"x": "1"})]
    results = []
    for bulk in (False, True):
        with Session(engine) as session:
            held = session.get(Customer, ids[0])  # loaded before: must read the move
            if bulk:
                moved = change_states(session=session, moves=moves, state="in_touch",
                                      now=now, reason="board")
            else:
                moved = [cid for cid, details in moves if change_state(
                    session=session, customer_id=cid, state="in_touch", now=now,
                    reason="board", **details) is not None]
                session.flush()
            assert held is not None and held.state == "in_touch"
            results.append((moved, dump(session)))
            session.rollback()
    assert results[0] == results[1]
    assert results[1][0] == [ids[0], ids[2], ids[3], ids[4]]


def test_change_states_refuses_unknown_states_and_customers_writing_nothing(
        engine: Engine) -> None:
    with session_scope(engine) as session:
        ids = _customers(session, 2)
    with Session(engine) as session:
        before = dump(session)
        with pytest.raises(ValueError):
            change_states(session=session, moves=[(ids[0], {})], state="gone", now=BASE)
        with pytest.raises(NotFoundError):
            change_states(session=session, moves=[(ids[0], {}), (999_999, {})],
                          state="visited", now=BASE)
        assert dump(session) == before


TODO_INPUTS = [
    TodoInput(title="  call back \u200b", notes=" note ",  # a wall time in the DST gap
              remind_wall=datetime(2026, 3, 29, 2, 30), remind_tz="Europe/Berlin"),
    TodoInput(title="no reminder"),
    TodoInput(title="empty zone", remind_wall=datetime(2026, 5, 1, 9), remind_tz=""),
    TodoInput(title="Shanghai", remind_wall=datetime(2026, 5, 1, 9), remind_tz="Asia/Shanghai"),
]


def test_create_todos_equals_create_todo_one_by_one(engine: Engine) -> None:
    with session_scope(engine) as session:
        [cid] = _customers(session, 1)
    items = []
    for index, data in enumerate(TODO_INPUTS * 2):
        linked = TodoInput(**{**data.__dict__, "customer_id": cid if index % 2 else None})
        items.append((linked, f"k{index}" if index % 3 else None))
    now = BASE + timedelta(minutes=5)
    results = []
    for bulk in (False, True):
        with Session(engine) as session:
            if bulk:
                ids = create_todos(session=session, items=items, now=now, origin="import")
            else:
                ids = [cast(int, create_todo(session=session, data=data, now=now,
                                             origin="import", origin_key=key).id)
                       for data, key in items]
                session.flush()
            results.append((ids, dump(session)))
            session.rollback()
    assert results[0] == results[1]


def test_create_todos_validates_everything_before_writing(engine: Engine) -> None:
    items = [(TodoInput(title="fine"), None), (TodoInput(title="   "), None),
             (TodoInput(title="bad time", remind_wall=datetime(2026, 5, 1, 9, tzinfo=UTC)),
              None)]
    with Session(engine) as session:
        before = dump(session)
        with pytest.raises(ValidationError) as raised:
            create_todos(session=session, items=items, now=BASE)
        fields = {error.field for error in raised.value.errors}
        assert fields == {"todo1_title", "todo2_remind_wall"}
        assert dump(session) == before
        assert create_todos(session=session, items=[], now=BASE) == []
