"""The capped, index-driven Home queries give the same answers as the rules say: the
revisit-reset list and its total, the risk / unvisited totals computed in one pass, and the
renewals per month (one customer, every contract ending on its renewal date)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlmodel import Session

from dashboard_data import TODAY, customer, log, todo
from mycrm.core.customers.services import change_state, set_archived
from mycrm.core.db.models import Contract, Customer
from mycrm.core.home.dashboard import AttentionKind, attention, renewals_by_month
from mycrm.core.records.renewals import LostInput, mark_lost
from mycrm.core.todos.services import TodoInput, complete_todo, create_todo


def lose(session: Session, now: datetime, cid: int) -> None:
    mark_lost(session=session, data=LostInput(customer_id=cid, reason="price"), now=now)


def reset(session: Session, now: datetime, cid: int, at: datetime,
          reason: str = "revisit_due") -> None:
    change_state(session=session, customer_id=cid, state="visited", now=at - timedelta(days=1))
    change_state(session=session, customer_id=cid, state="to_contact", now=at, reason=reason)


def test_revisit_resets_capped_by_name_with_their_true_total(session: Session,
                                                            now: datetime) -> None:
    names = ["Delta", "Alpha", "Charlie", "Bravo"]
    ids = {name: customer(session, now, name) for name in names}
    for name in names:
        reset(session, now, ids[name], now - timedelta(hours=len(name)))
    reset(session, now, ids["Alpha"], now - timedelta(days=2))  # an older reset as well
    # Not counted: renewing within 90 days (listed as a renewal instead), archived, lost,
    # moved on since, reset for another reason, reset too long ago.
    reset(session, now, customer(session, now, "Renewing", 40), now)
    gone = customer(session, now, "Archived")
    reset(session, now, gone, now)
    set_archived(session=session, customer_id=gone, archived=True, now=now)
    lost = customer(session, now, "Lost")
    reset(session, now, lost, now)
    lose(session, now, lost)
    moved = customer(session, now, "Moved on")
    reset(session, now, moved, now)
    change_state(session=session, customer_id=moved, state="in_touch", now=now)
    reset(session, now, customer(session, now, "Manual"), now, reason="manual")
    reset(session, now, customer(session, now, "Long ago"), now - timedelta(days=31))

    capped = attention(session, now=now, zone="UTC", limit=2)
    rows = [i for i in capped.items if i.kind == AttentionKind.REVISIT_RESET]
    assert [(i.customer_name, i.when) for i in rows] == [
        ("Alpha", now - timedelta(hours=5)), ("Bravo", now - timedelta(hours=5))]
    assert capped.totals[AttentionKind.REVISIT_RESET] == 4
    assert capped.hidden(AttentionKind.REVISIT_RESET) == 2
    every = attention(session, now=now, zone="UTC", limit=None)
    assert [i.customer_name for i in every.items if i.kind == AttentionKind.REVISIT_RESET] \
        == ["Alpha", "Bravo", "Charlie", "Delta"]


def test_risk_and_unvisited_totals_with_every_factor(session: Session, now: datetime) -> None:
    """Recently visited customers are at risk only through an overdue to-do or an open
    complaint (the probes behind the first factor); the totals stay exact when capped."""
    never = customer(session, now, "Never visited", 10)
    late = customer(session, now, "Overdue to-do", 11)
    log(session, late, now - timedelta(days=2))
    todo(session, now, late, datetime(2026, 11, 20, 9))
    complaint = customer(session, now, "Complaint", 12)
    record = log(session, complaint, now - timedelta(days=2), feedback="Slow support")
    todo(session, now, complaint, datetime(2026, 12, 20, 9), interaction_id=record.id)
    done_late = customer(session, now, "Overdue but done", 13)
    log(session, done_late, now - timedelta(days=2))
    change_state(session=session, customer_id=done_late, state="in_touch", now=now)
    complete_todo(session=session, todo_id=todo(session, now, done_late,
                                                datetime(2026, 11, 19, 9)), now=now)
    for n in range(3):  # visited lately, nothing pending: unvisited renewals only
        cid = customer(session, now, f"Fine {n}", 20 + n)
        log(session, cid, now - timedelta(days=1))
        change_state(session=session, customer_id=cid, state="in_touch", now=now)
    visited = customer(session, now, "Visited", 30)  # visited this cycle (state): no list
    log(session, visited, now - timedelta(days=1))

    capped = attention(session, now=now, zone="UTC", limit=1)
    assert capped.totals[AttentionKind.RISK] == 3
    assert capped.totals[AttentionKind.RENEWAL_UNVISITED] == 4
    every = attention(session, now=now, zone="UTC", limit=None)
    risk = [i.customer_id for i in every.items if i.kind == AttentionKind.RISK]
    assert risk == [never, late, complaint]
    unvisited = [i.customer_name for i in every.items
                 if i.kind == AttentionKind.RENEWAL_UNVISITED]
    assert unvisited == ["Overdue but done", "Fine 0", "Fine 1", "Fine 2"]
    assert [i.customer_id for i in capped.items if i.kind == AttentionKind.RISK] == [never]


def test_a_month_counts_each_customer_once_with_every_contract_ending_then(
        session: Session, now: datetime) -> None:
    two = customer(session, now, "Two contracts", 5, amount=1000)
    renewal = TODAY + timedelta(days=5)
    session.add(Contract(customer_id=two, end_date=renewal, amount_cents=500_00,
                         created_at=now))
    session.add(Contract(customer_id=two, end_date=renewal - timedelta(days=365),
                         amount_cents=7_00, created_at=now))  # an older cycle: not counted
    customer(session, now, "No amount", 6)
    gone = customer(session, now, "Archived", 7, amount=9999)
    set_archived(session=session, customer_id=gone, archived=True, now=now)
    lost = customer(session, now, "Lost", 8, amount=9999)
    lose(session, now, lost)
    session.flush()
    month = renewals_by_month(session, today=TODAY)[0]
    assert (month.count, month.amount_cents) == (2, 1500_00)


def test_done_todos_and_other_customers_do_not_make_a_risk(session: Session,
                                                           now: datetime) -> None:
    visited = customer(session, now, "Visited lately", 10)
    log(session, visited, now - timedelta(days=2))
    change_state(session=session, customer_id=visited, state="in_touch", now=now)
    other = customer(session, now, "Someone else", 200)
    create_todo(session=session, now=now, data=TodoInput(
        title="Not theirs", customer_id=other, remind_wall=datetime(2026, 11, 1, 9),
        remind_tz="UTC"))
    result = attention(session, now=now, zone="UTC")
    assert result.totals[AttentionKind.RISK] == 0
    assert [i.customer_id for i in result.items
            if i.kind == AttentionKind.RENEWAL_UNVISITED] == [visited]


def test_namesakes_renewing_the_same_day_are_cut_by_id(session: Session, now: datetime) -> None:
    """At the list's cap, two customers with the same name and renewal date are told apart
    by id: the list is the same on every refresh."""
    first = customer(session, now, "Twin Trading", 10)
    second = customer(session, now, "Twin Trading", 10)
    for cid, tier in ((first, "C"), (second, "A")):  # the index holds the tier before the name
        row = session.get(Customer, cid)
        assert row is not None
        row.tier = tier
        session.add(row)
    session.flush()
    capped = attention(session, now=now, zone="UTC", limit=1)
    assert [i.customer_id for i in capped.items if i.kind == AttentionKind.RISK] == [first]
    every = attention(session, now=now, zone="UTC", limit=None)
    ids = [cast(int, i.customer_id) for i in every.items if i.kind == AttentionKind.RISK]
    assert ids == sorted(ids) and ids[0] == first
