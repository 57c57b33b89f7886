"""The revisit rule: due on calendar day V + N in the user's zone, once per visit cycle."""

from datetime import UTC, datetime, timedelta
from typing import cast

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from mycrm.core.customers import revisit
from mycrm.core.customers.revisit import (
    REVISIT_ORIGIN,
    due_before,
    is_due,
    next_reminder_wall,
    run_revisit_rule,
)
from mycrm.core.customers.services import CustomerInput, change_state, create_customer
from mycrm.core.customers.timeline import payload_of
from mycrm.core.db.engine import session_scope
from mycrm.core.db.models import Customer, State, TimelineEvent, Todo
from mycrm.core.records.services import InteractionInput, delete_interaction, log_interaction
from mycrm.core.settings.keys import REVISIT_DAYS
from mycrm.core.settings.store import set_setting

VISIT = datetime(2026, 1, 10, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai, still 10 January


def visited_customer(session: Session, name: str = "Acme", at: datetime = VISIT) -> int:
    customer = create_customer(session=session, data=CustomerInput(name=name), now=at)
    assert customer.id is not None
    log_interaction(session=session, now=at, data=InteractionInput(
        customer_id=customer.id, kind="visit", occurred_at=at))
    return customer.id


def revisit_todos(session: Session) -> list[Todo]:
    return list(session.exec(select(Todo).where(Todo.origin == REVISIT_ORIGIN)))


def test_day_89_nothing_day_90_reset_with_reason_and_todo(session) -> None:
    cid = visited_customer(session)
    day89 = VISIT + timedelta(days=89)
    assert run_revisit_rule(session=session, now=day89, zone="UTC") == []
    assert session.get(Customer, cid).state == State.VISITED.value
    assert revisit_todos(session) == []
    day90 = VISIT + timedelta(days=90)
    assert run_revisit_rule(session=session, now=day90, zone="UTC") == [cid]
    assert session.get(Customer, cid).state == State.TO_CONTACT.value
    event = session.exec(select(TimelineEvent).where(
        TimelineEvent.kind == "state_changed").order_by(col(TimelineEvent.id).desc())).first()
    payload = payload_of(event)
    assert payload["reason"] == "revisit_due" and payload["visit_date"] == "2026-01-10"
    assert payload["old"] == "visited" and payload["new"] == "to_contact"
    [todo] = revisit_todos(session)
    assert todo.title == "Plan a visit to Acme" and todo.customer_id == cid
    assert todo.reminder_state == "pending"
    assert todo.remind_at is not None and todo.remind_at > day90  # next 09:00 after the rule ran


def test_day_91_also_resets(session) -> None:
    cid = visited_customer(session)
    assert run_revisit_rule(session=session, now=VISIT + timedelta(days=91), zone="UTC") == [cid]


def test_calendar_days_are_counted_in_the_users_zone(session) -> None:
    cid = visited_customer(session)  # 10 Jan 23:00 Shanghai, 10 Jan 15:00 UTC
    # 10 April 2026 is day 90. At 2026-04-09 17:00 UTC it is already 10 April 01:00 in
    # Shanghai but still 9 April in UTC.
    instant = datetime(2026, 4, 9, 17, 0, tzinfo=UTC)
    assert run_revisit_rule(session=session, now=instant, zone="UTC") == []
    assert run_revisit_rule(session=session, now=instant, zone="Asia/Shanghai") == [cid]
    [todo] = revisit_todos(session)
    assert todo.remind_wall == datetime(2026, 4, 10, 9, 0) and todo.remind_tz == "Asia/Shanghai"


ZONES = st.sampled_from(["UTC", "Asia/Shanghai", "America/New_York", "Europe/London",
                         "America/Santiago", "Pacific/Chatham", "Asia/Kolkata"])
INSTANTS = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1),
                        timezones=st.just(UTC))


@given(visit=INSTANTS, elapsed=st.integers(0, 200 * 24 * 3600), zone=ZONES,
       period=st.integers(1, 365))
def test_the_sql_cutoff_selects_exactly_the_due_visits(visit, elapsed, zone, period) -> None:
    """The rule reads only visits before ``due_before`` from the database; that must be
    the same set ``is_due`` accepts, across zones with DST changes at midnight."""
    now = visit + timedelta(seconds=elapsed)
    cutoff = due_before(now=now, zone=zone, period_days=period)
    assert (visit < cutoff) == is_due(visit, now=now, zone=zone, period_days=period)


def test_next_reminder_wall() -> None:
    assert next_reminder_wall(datetime(2026, 5, 1, 0, 30, tzinfo=UTC), "UTC") == datetime(
        2026, 5, 1, 9)
    assert next_reminder_wall(datetime(2026, 5, 1, 9, 0, tzinfo=UTC), "UTC") == datetime(
        2026, 5, 2, 9)


def test_idempotent_across_runs_restarts_and_manual_moves(engine: Engine) -> None:
    with session_scope(engine) as session:
        cid = visited_customer(session)
    later = VISIT + timedelta(days=100)
    for day in range(5):  # each run is a fresh session, like a restart
        with session_scope(engine) as session:
            run_revisit_rule(session=session, now=later + timedelta(days=day), zone="UTC")
    with session_scope(engine) as session:
        # the user drags the card back to Visited without a new visit: not reset again
        change_state(session=session, customer_id=cid, state="visited", now=later)
    with session_scope(engine) as session:
        assert run_revisit_rule(session=session, now=later + timedelta(days=9), zone="UTC") == []
        assert len(revisit_todos(session)) == 1
        resets = [e for e in session.exec(select(TimelineEvent))
                  if payload_of(e).get("reason") == "revisit_due"]
        assert len(resets) == 1


def test_a_catch_up_of_many_customers_reads_in_chunks_and_fires_each_cycle_once(
        engine: Engine, monkeypatch) -> None:
    """The fired cycles and existing to-dos are read for all candidates at once, in chunks
    of ids: a cycle fired before (card dragged back to Visited) stays quiet, a cycle whose
    to-do exists gets no second one, and every other due customer is reset."""
    monkeypatch.setattr(revisit, "_CHUNK", 2)
    with session_scope(engine) as session:
        ids = [visited_customer(session, name=f"C{i}") for i in range(7)]
    later = VISIT + timedelta(days=100)
    with session_scope(engine) as session:  # C0's cycle fires, then C0 is moved back
        assert run_revisit_rule(session=session, now=later, zone="UTC") == ids
        change_state(session=session, customer_id=ids[0], state="visited", now=later)
        for cid in ids[1:]:
            change_state(session=session, customer_id=cid, state="visited", now=later)
        # C1..C6 look as if they never fired (their events are gone), C1's to-do remains
        for event in session.exec(select(TimelineEvent)):
            if payload_of(event).get("reason") == "revisit_due" and event.customer_id != ids[0]:
                session.delete(event)
        for todo in revisit_todos(session):
            if todo.customer_id not in (ids[0], ids[1]):
                session.delete(todo)
    with session_scope(engine) as session:
        assert run_revisit_rule(session=session, now=later, zone="UTC") == ids[1:]
        todos = revisit_todos(session)
        assert sorted(cast(int, t.customer_id) for t in todos) == ids, "one to-do per cycle"
        first = session.get(Customer, ids[0])
        assert first is not None and first.state == State.VISITED.value


def test_a_new_visit_starts_a_new_cycle(session) -> None:
    cid = visited_customer(session)
    run_revisit_rule(session=session, now=VISIT + timedelta(days=95), zone="UTC")
    second = VISIT + timedelta(days=96)
    log_interaction(session=session, now=second, data=InteractionInput(
        customer_id=cid, kind="qbr", occurred_at=second))
    assert session.get(Customer, cid).state == State.VISITED.value
    assert run_revisit_rule(session=session, now=second + timedelta(days=90), zone="UTC") == [cid]
    assert len(revisit_todos(session)) == 2


def test_changed_period_setting(session) -> None:
    cid = visited_customer(session)
    set_setting(session, REVISIT_DAYS, 30)
    assert run_revisit_rule(session=session, now=VISIT + timedelta(days=29), zone="UTC") == []
    assert run_revisit_rule(session=session, now=VISIT + timedelta(days=30), zone="UTC") == [cid]
    event = [e for e in session.exec(select(TimelineEvent))
             if payload_of(e).get("reason") == "revisit_due"][0]
    assert payload_of(event)["period_days"] == "30"


def test_never_visited_customers_are_not_reset(session) -> None:
    customer = create_customer(session=session, data=CustomerInput(name="Manual"), now=VISIT)
    assert customer.id is not None
    change_state(session=session, customer_id=customer.id, state="visited", now=VISIT)
    other = create_customer(session=session, data=CustomerInput(name="Fresh"), now=VISIT)
    far = VISIT + timedelta(days=400)
    assert run_revisit_rule(session=session, now=far, zone="UTC") == []
    assert session.get(Customer, customer.id).state == "visited"
    assert session.get(Customer, other.id).state == "to_contact"
    assert revisit_todos(session) == []


# --- property: random records and rule runs over simulated time ------------------------
ACTIONS = st.lists(st.one_of(
    st.tuples(st.just("record"), st.integers(0, 2),
              st.sampled_from(["visit", "qbr", "call", "message", "meeting"])),
    st.tuples(st.just("rule"), st.just(0), st.just("")),
    st.tuples(st.just("delete"), st.integers(0, 2), st.just("")),
    st.tuples(st.just("drag"), st.integers(0, 2), st.sampled_from(
        ["to_contact", "in_touch", "visited"])),
), max_size=25)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS, steps=st.lists(st.integers(0, 60), min_size=25, max_size=25))
def test_state_and_timeline_stay_consistent(engine: Engine, actions, steps) -> None:
    with session_scope(engine) as session:
        for table in ("todo", "timelineevent", "interaction", "contract", "contact", "customer"):
            session.execute(text(f"DELETE FROM {table}"))
        ids = [cast(int, create_customer(session=session, data=CustomerInput(name=f"C{i}"),
                                         now=VISIT).id) for i in range(3)]
    clock = VISIT
    for (action, who, arg), step in zip(actions, steps, strict=False):
        clock += timedelta(days=step)
        with session_scope(engine) as session:
            cid = ids[who]
            if action == "record":
                log_interaction(session=session, now=clock, data=InteractionInput(
                    customer_id=cid, kind=arg, occurred_at=clock))
            elif action == "rule":
                run_revisit_rule(session=session, now=clock, zone="Asia/Shanghai")
            elif action == "drag":
                change_state(session=session, customer_id=cid, state=arg, now=clock)
            else:
                from mycrm.core.db.models import Interaction

                latest = session.exec(select(Interaction).where(
                    Interaction.customer_id == cid).order_by(col(Interaction.id).desc())).first()
                if latest is not None and latest.id is not None:
                    delete_interaction(session=session, now=clock, record_id=latest.id)
    with session_scope(engine) as session:
        from mycrm.core.db.models import Interaction

        keys = [t.origin_key for t in revisit_todos(session)]
        assert len(keys) == len(set(keys))
        resets = [payload_of(e)["cycle"] for e in session.exec(select(TimelineEvent))
                  if payload_of(e).get("reason") == "revisit_due"]
        assert len(resets) == len(set(resets))  # at most one reset per cycle
        # each reset made exactly its to-do
        assert sorted(cast(list[str], resets)) == sorted(cast(list[str], keys))
        for cid in ids:
            customer = session.get(Customer, cid)
            assert customer is not None
            assert customer.state in {"to_contact", "in_touch", "visited"}
            visits = [r.occurred_at for r in session.exec(select(Interaction).where(
                Interaction.customer_id == cid)) if r.kind in ("visit", "qbr")]
            assert customer.last_visit_at == (max(visits) if visits else None)
            # the latest state-change event names the customer's current state
            events = session.exec(select(TimelineEvent).where(
                TimelineEvent.customer_id == cid, TimelineEvent.kind == "state_changed")
                .order_by(col(TimelineEvent.id))).all()
            if events:
                assert payload_of(events[-1])["new"] == customer.state
                for before, after in zip(events, events[1:], strict=False):
                    assert payload_of(before)["new"] == payload_of(after)["old"]
            else:
                assert customer.state == "to_contact"
