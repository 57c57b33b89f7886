"""The reminders' first pass, set-based: one read and chunked UPDATEs (``claim``), or the
same plan claimed in slices of bounded transactions (``ClaimPlan.slices``), equals the
per-row pass it replaced — the same ids, in the same order, the same rows written — and a
process killed between two slices lists the rest at the next start, each exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text, update
from sqlmodel import Session, col, select

from mycrm.core.db.engine import session_scope
from mycrm.core.db.models import ReminderState, Todo
from mycrm.core.settings.keys import DND_END, DND_START
from mycrm.core.settings.store import set_setting
from mycrm.core.todos import reminders as r
from mycrm.core.todos.services import TodoInput, create_todo

NOW = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
PENDING, FIRED = ReminderState.PENDING.value, ReminderState.FIRED.value


def per_row_claim(session: Session, *, now: datetime, zone: str,
                  paused_until: datetime | None, grace: timedelta,
                  at_start: bool) -> r.Claimed:
    """The reference: the pass as it was — ORM rows, one conditional UPDATE per id."""
    lost = [t.id for t in session.exec(
        select(Todo).where(Todo.reminder_state == FIRED, col(Todo.fired_at).is_(None),
                           col(Todo.done_at).is_(None))
        .order_by(col(Todo.notify_at), col(Todo.id)))] if at_start else []
    hold = r.Hold.from_settings(session, zone, paused_until)
    rows = []
    for todo in session.exec(
            select(Todo).where(Todo.reminder_state == PENDING, col(Todo.done_at).is_(None),
                               col(Todo.notify_at).is_not(None), col(Todo.notify_at) <= now)
            .order_by(col(Todo.notify_at), col(Todo.id))):
        assert todo.notify_at is not None
        at = hold.deliver_at(todo.notify_at)
        if at <= now:
            rows.append((at, todo.id))
    missed = [i for at, i in rows if at <= now - grace]
    due = [i for at, i in rows if at > now - grace]

    def mark(ids: list[Any]) -> list[int]:
        claimed = []
        for todo_id in ids:
            result = session.execute(
                update(Todo).where(col(Todo.id) == todo_id, col(Todo.reminder_state) == PENDING,
                                   col(Todo.done_at).is_(None))
                .values(reminder_state=FIRED, fired_at=None)
                .execution_options(synchronize_session=False))
            if result.rowcount == 1:  # type: ignore[attr-defined]
                claimed.append(todo_id)
        return claimed

    return r.Claimed(due=mark(due), missed=[*lost, *mark(missed)])  # type: ignore[list-item]


def todo_rows(session: Session) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in session.execute(text("SELECT * FROM todo ORDER BY id"))]


TODO = st.fixed_dictionaries({
    "state": st.sampled_from([PENDING, PENDING, PENDING, FIRED, "none", "dismissed"]),
    "done": st.sampled_from([False, False, False, True]),
    "notify_min": st.one_of(st.none(), st.integers(-3000, 600)),
    "delivered": st.booleans(),
})


def build(engine: Engine, todos: list[dict[str, Any]], dnd: tuple[str, str]) -> list[int]:
    with session_scope(engine) as session:
        session.execute(text("DELETE FROM todo"))
        set_setting(session, DND_START, dnd[0])
        set_setting(session, DND_END, dnd[1])
    ids = []
    with session_scope(engine) as session:
        for n, spec in enumerate(todos):
            todo = create_todo(session=session, now=NOW - timedelta(days=60),
                               data=TodoInput(title=f"T{n}"))
            notify = (None if spec["notify_min"] is None
                      else NOW + timedelta(minutes=spec["notify_min"]))
            todo.reminder_state, todo.notify_at, todo.remind_at = spec["state"], notify, notify
            todo.done_at = NOW - timedelta(days=1) if spec["done"] else None
            todo.fired_at = notify if spec["delivered"] and spec["state"] == FIRED else None
            session.add(todo)
            session.flush()
            assert todo.id is not None
            ids.append(todo.id)
    return ids


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(todos=st.lists(TODO, max_size=25),
       zone=st.sampled_from(["UTC", "Asia/Shanghai", "America/New_York"]),
       dnd=st.sampled_from([("", ""), ("22:00", "07:00"), ("09:00", "09:45")]),
       pause_min=st.one_of(st.none(), st.integers(-30, 30)),
       grace_min=st.sampled_from([0, 5, 90]), at_start=st.booleans(),
       slice_size=st.integers(1, 6), chunk=st.integers(1, 4))
def test_the_set_based_pass_and_its_slices_equal_the_per_row_pass(
        engine: Engine, monkeypatch: pytest.MonkeyPatch, todos, zone, dnd, pause_min,
        grace_min, at_start, slice_size, chunk) -> None:
    monkeypatch.setattr(r, "_CHUNK", chunk)  # several statements per call
    build(engine, todos, dnd)
    paused = None if pause_min is None else NOW + timedelta(minutes=pause_min)
    kw: dict[str, Any] = dict(now=NOW, zone=zone, paused_until=paused,
                              grace=timedelta(minutes=grace_min), at_start=at_start)
    outcomes = []
    for run in (per_row_claim, r.claim):
        with Session(engine) as session:
            claimed = (per_row_claim(session, **kw) if run is per_row_claim
                       else r.claim(session=session, **kw))
            outcomes.append((claimed, todo_rows(session)))
            session.rollback()
    assert outcomes[1] == outcomes[0]
    # The driver's first pass: read once, then each slice in a transaction of its own.
    with Session(engine) as session:
        plan = r.plan_claim(session, **kw)
    got: list[int] = []
    for part in plan.slices(slice_size):
        assert len(part.due) + len(part.missed) <= slice_size
        with session_scope(engine, immediate=True) as session:
            step = r.claim_planned(session=session, now=NOW, plan=part)
        got += step.due + step.missed
    with Session(engine) as session:
        assert (plan.result(got), todo_rows(session)) == outcomes[0]


def test_a_first_pass_killed_between_slices_is_listed_once_at_the_next_start(
        engine: Engine) -> None:
    ids = build(engine, [dict(state=PENDING, done=False, notify_min=-600 - n, delivered=False)
                         for n in range(9)], ("", ""))
    with Session(engine) as session:
        plan = r.plan_claim(session, now=NOW, zone="UTC", at_start=True)
    assert sorted(plan.missed) == sorted(ids) and plan.due == []
    slices = list(plan.slices(4))
    assert [len(s.missed) for s in slices] == [4, 4, 1]
    with session_scope(engine, immediate=True) as session:  # one slice committed, then killed
        first = r.claim_planned(session=session, now=NOW, plan=slices[0]).missed
    later = NOW + timedelta(hours=1)
    with session_scope(engine) as session:  # the next start
        again = r.claim(session=session, now=later, zone="UTC", at_start=True)
    assert sorted(again.missed) == sorted(ids)
    assert len(again.missed) == len(set(again.missed)), "each listed once"
    assert set(again.missed[:len(first)]) == set(first)  # claimed, never delivered: lost
    with Session(engine) as session:
        states = {t.id: (t.reminder_state, t.fired_at) for t in session.exec(select(Todo))}
    assert all(states[i] == (FIRED, None) for i in ids)
    with session_scope(engine) as session:  # the Missed list shows them: delivered
        assert r.record_delivered(session=session, now=later, todo_ids=again.missed) \
            == again.missed
        assert r.claim(session=session, now=later, zone="UTC", at_start=True) == r.Claimed()


def test_chunked_transitions_keep_the_order_and_change_each_row_once(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(r, "_CHUNK", 2)
    a, b, c, d, e = build(engine, [
        dict(state=PENDING, done=False, notify_min=-10, delivered=False),
        dict(state=PENDING, done=False, notify_min=-20, delivered=False),
        dict(state=PENDING, done=True, notify_min=-30, delivered=False),  # done: never
        dict(state="none", done=False, notify_min=None, delivered=False),
        dict(state=PENDING, done=False, notify_min=-40, delivered=False),
    ], ("", ""))
    with session_scope(engine) as session:
        held = session.get(Todo, e)  # loaded before the set-based UPDATE: read afresh
        assert r.mark_fired(session=session, now=NOW, todo_ids=[e, a, c, a, d, b]) == [e, a, b]
        assert held is not None and held.reminder_state == FIRED
        assert r.mark_fired(session=session, now=NOW, todo_ids=[a, b, e]) == []
        assert r.record_delivered(session=session, now=NOW, todo_ids=[b, c, b, e]) == [b, e]
        assert r.record_delivered(session=session, now=NOW, todo_ids=[b, e]) == []
        assert r.seen_versions(session, todo_ids=[d, 999_999, b]) == [
            (d, None), (b, NOW - timedelta(minutes=20))]
        assert [t.id for t in r.undelivered(session)] == [a]


def test_dismissing_what_a_dialog_saw_reads_in_chunks(engine: Engine,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(r, "_CHUNK", 2)
    ids = build(engine, [dict(state=PENDING, done=False, notify_min=-60 - n, delivered=False)
                         for n in range(5)], ("", ""))
    with session_scope(engine) as session:
        claimed = r.claim(session=session, now=NOW, at_start=True).missed
        seen = r.seen_versions(session, todo_ids=claimed)
    assert [i for i, _ in seen] == claimed and sorted(claimed) == sorted(ids)
    with session_scope(engine) as session:  # meanwhile one is done, one snoozed
        r.done(session=session, now=NOW, todo_id=claimed[0])
        r.snooze(session=session, now=NOW, todo_id=claimed[1], until=NOW + timedelta(hours=1))
    with session_scope(engine) as session:
        assert r.dismiss_seen(session=session, now=NOW, seen=seen) == claimed[2:]


def per_row_snooze_or_dismiss(session: Session, what: str, todo_ids: list[int],
                              until: datetime) -> None:
    """The reference: the Missed list's "Snooze all" / "Dismiss all" as they were, a row at
    a time through the ORM."""
    for todo_id in todo_ids:
        todo = session.get(Todo, todo_id)
        assert todo is not None
        if what == "snooze" and todo.done_at is None:
            todo.notify_at, todo.reminder_state = until, PENDING
        elif what == "dismiss" and todo.reminder_state != "none":
            todo.reminder_state = ReminderState.DISMISSED.value
        session.add(todo)
    session.flush()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(todos=st.lists(TODO, min_size=1, max_size=15), what=st.sampled_from(["snooze",
                                                                             "dismiss"]),
       pick=st.lists(st.integers(0, 14), max_size=20), chunk=st.integers(1, 3))
def test_snooze_and_dismiss_all_equal_the_per_row_actions(
        engine: Engine, monkeypatch: pytest.MonkeyPatch, todos, what, pick, chunk) -> None:
    monkeypatch.setattr(r, "_CHUNK", chunk)
    ids = build(engine, todos, ("", ""))
    chosen = [ids[i % len(ids)] for i in pick]  # any order, repeats included
    until = NOW + timedelta(hours=2)
    outcomes = []
    for bulk in (False, True):
        with Session(engine) as session:
            if not bulk:
                per_row_snooze_or_dismiss(session, what, chosen, until)
            elif what == "snooze":
                r.snooze_many(session=session, now=NOW, todo_ids=chosen, until=until)
            else:
                r.dismiss_many(session=session, now=NOW, todo_ids=chosen)
            outcomes.append(todo_rows(session))
            session.rollback()
    assert outcomes[1] == outcomes[0]


def test_snooze_and_dismiss_all_refuse_an_unknown_id_writing_nothing(engine: Engine) -> None:
    from mycrm.core.todos.services import TodoNotFoundError

    [known] = build(engine, [dict(state=PENDING, done=False, notify_min=-5, delivered=False)],
                    ("", ""))
    with Session(engine) as session:
        before = todo_rows(session)
        with pytest.raises(TodoNotFoundError):
            r.dismiss_many(session=session, now=NOW, todo_ids=[known, 999_999])
        with pytest.raises(TodoNotFoundError):
            r.snooze_many(session=session, now=NOW, todo_ids=[999_999, known],
                          until=NOW + timedelta(hours=1))
        assert todo_rows(session) == before


def per_row_complete(session: Session, todo_ids: list[int], now: datetime) -> None:
    """The reference: ``complete_todo`` as it was, a row at a time through the ORM."""
    from mycrm.core.customers.timeline import EventKind, record_event

    for todo_id in todo_ids:
        todo = session.get(Todo, todo_id)
        assert todo is not None
        if todo.done_at is not None:
            continue
        todo.done_at = now
        if todo.reminder_state != "none":
            todo.reminder_state = ReminderState.DISMISSED.value
        session.add(todo)
        if todo.customer_id is not None:
            record_event(session, customer_id=todo.customer_id, kind=EventKind.TODO_DONE,
                         now=now, todo_id=todo.id, title=todo.title)
    session.flush()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(todos=st.lists(TODO, min_size=1, max_size=15),
       linked=st.lists(st.booleans(), min_size=15, max_size=15),
       pick=st.lists(st.integers(0, 14), max_size=20), chunk=st.integers(1, 3))
def test_done_all_equals_completing_one_by_one(engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                               todos, linked, pick, chunk) -> None:
    from mycrm.core.customers.services import CustomerInput, create_customer
    from mycrm.core.todos import services

    monkeypatch.setattr(services, "_CHUNK", chunk)
    ids = build(engine, todos, ("", ""))
    with session_scope(engine) as session:
        session.execute(text("DELETE FROM timelineevent"))
        session.execute(text("DELETE FROM customer"))
        customer = create_customer(session=session, data=CustomerInput(name="Acme"), now=NOW)
        for todo_id, link in zip(ids, linked, strict=False):
            if link:
                session.execute(update(Todo).where(col(Todo.id) == todo_id)
                                .values(customer_id=customer.id))
    chosen = [ids[i % len(ids)] for i in pick]
    outcomes = []
    for bulk in (False, True):
        with Session(engine) as session:
            if bulk:
                r.done_many(session=session, now=NOW, todo_ids=chosen)
            else:
                per_row_complete(session, chosen, NOW)
            events = [tuple(row) for row in session.execute(text(
                "SELECT customer_id, occurred_at, kind, payload FROM timelineevent "
                "ORDER BY id"))]
            outcomes.append((todo_rows(session), events))
            session.rollback()
    assert outcomes[1] == outcomes[0]
