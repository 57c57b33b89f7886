"""Needs-attention categories, risk reasons, the portfolio figures and the renewal rate."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from dashboard_data import TODAY, customer, log, todo
from mycrm.core.customers.services import change_state, set_archived
from mycrm.core.db.models import Contract
from mycrm.core.home.dashboard import (
    AttentionKind,
    RiskCode,
    RiskReason,
    attention,
    customers_per_state,
    needs_attention,
    portfolio,
    renewal_rate,
    renewals_by_month,
    renewals_unvisited,
    risks,
)
from mycrm.core.todos.services import complete_todo


def kinds(items) -> list[tuple[str, str]]:
    return [(i.kind.value, i.customer_name or i.title) for i in items]


def test_todo_categories(session: Session, now: datetime) -> None:
    cid = customer(session, now, "Acme")
    overdue = todo(session, now, cid, datetime(2026, 11, 20, 9), "Send quote")
    todo(session, now, None, datetime(2026, 11, 22, 17), "Later today")
    todo(session, now, cid, datetime(2026, 11, 23, 8), "Tomorrow")
    todo(session, now, cid, None, "No reminder")
    done = todo(session, now, cid, datetime(2026, 11, 1, 9), "Done already")
    complete_todo(session=session, todo_id=done, now=now)
    items = needs_attention(session, now=now, zone="UTC")
    assert [(i.kind, i.title, i.todo_id is not None) for i in items] == [
        (AttentionKind.OVERDUE_TODO, "Send quote", True),
        (AttentionKind.DUE_TODAY, "Later today", True),
    ]
    assert items[0].todo_id == overdue and items[0].customer_id == cid
    # In Shanghai it is already 17:30 on the 22nd: "tomorrow 08:00 UTC" is 16:00 local
    # on the 23rd — not today — and 17:00 UTC is the 23rd 01:00 local: not today either.
    shanghai = needs_attention(session, now=now, zone="Asia/Shanghai")
    assert [i.kind for i in shanghai] == [AttentionKind.OVERDUE_TODO]


def test_renewals_not_visited_by_window(session: Session, now: datetime) -> None:
    soon = customer(session, now, "Soon", 21)
    customer(session, now, "Mid", 45)
    customer(session, now, "Late", 90)
    customer(session, now, "Far", 91)
    customer(session, now, "Overdue", -3)
    visited = customer(session, now, "Visited", 10)
    log(session, visited, now - timedelta(days=2))
    gone = customer(session, now, "Archived", 5)
    set_archived(session=session, customer_id=gone, archived=True, now=now)
    items = renewals_unvisited(session, today=TODAY)
    assert [(i.customer_name, i.days, i.window) for i in items] == [
        ("Overdue", -3, 0), ("Soon", 21, 30), ("Mid", 45, 60), ("Late", 90, 90)]
    assert items[1].customer_id == soon
    # Never visited and renewing within 60 days is a risk: listed once, as a risk.
    rows = needs_attention(session, now=now, zone="UTC")
    assert kinds(rows) == [("risk", "Overdue"), ("risk", "Soon"), ("risk", "Mid"),
                           ("renewal_unvisited", "Late")]


def test_revisit_reset_rows(session: Session, now: datetime) -> None:
    reset = customer(session, now, "Reset")
    change_state(session=session, customer_id=reset, state="visited", now=now - timedelta(1))
    change_state(session=session, customer_id=reset, state="to_contact", now=now,
                 reason="revisit_rule")
    manual = customer(session, now, "Manual")
    change_state(session=session, customer_id=manual, state="in_touch", now=now)
    change_state(session=session, customer_id=manual, state="to_contact", now=now)
    old = customer(session, now, "Old reset")
    change_state(session=session, customer_id=old, state="visited", now=now - timedelta(90))
    change_state(session=session, customer_id=old, state="to_contact",
                 now=now - timedelta(days=40), reason="revisit")
    items = [i for i in needs_attention(session, now=now, zone="UTC")
             if i.kind == AttentionKind.REVISIT_RESET]
    assert [(i.customer_id, i.when) for i in items] == [(reset, now)]


def test_risk_reasons_are_spelled_out(session: Session, now: datetime) -> None:
    cid = customer(session, now, "Risky", 21)
    log(session, cid, now - timedelta(days=120))
    change_state(session=session, customer_id=cid, state="to_contact", now=now)
    todo(session, now, cid, datetime(2026, 11, 1, 9))
    todo(session, now, cid, datetime(2026, 11, 10, 9))
    complaint = log(session, cid, now - timedelta(days=5), "call", feedback="Export is slow")
    todo(session, now, cid, None, "Answer about export", interaction_id=complaint.id)
    praise = log(session, cid, now - timedelta(days=4), "call", feedback="Happy")
    answered = todo(session, now, cid, None, "Thank", interaction_id=praise.id)
    complete_todo(session=session, todo_id=answered, now=now)
    log(session, cid, now - timedelta(days=3), "call", feedback="No follow-up needed")
    [item] = risks(session, now=now, zone="UTC")
    assert item.customer_id == cid and item.kind == AttentionKind.RISK
    assert item.reasons == (
        RiskReason(RiskCode.RENEWAL_NEAR, 21),
        RiskReason(RiskCode.NO_VISIT, 120),
        RiskReason(RiskCode.OVERDUE_TODOS, 2),
        RiskReason(RiskCode.OPEN_COMPLAINTS, 1),
    )
    # The risk row replaces the plain "renewal not visited" row for the same customer.
    rows = needs_attention(session, now=now, zone="UTC")
    assert [i.kind for i in rows if i.customer_id == cid and i.todo_id is None] == [
        AttentionKind.RISK]


def test_no_risk_without_a_near_renewal_or_without_a_second_factor(session: Session,
                                                                   now: datetime) -> None:
    far = customer(session, now, "Far", 200)  # never visited, but renewal is far
    todo(session, now, far, datetime(2026, 11, 1, 9))
    fine = customer(session, now, "Fine", 20)
    log(session, fine, now - timedelta(days=10))  # visited recently, nothing overdue
    never = customer(session, now, "Never visited", 30)
    [item] = risks(session, now=now, zone="UTC")
    assert item.customer_id == never
    assert item.reasons == (RiskReason(RiskCode.RENEWAL_NEAR, 30),
                            RiskReason(RiskCode.NO_VISIT, None))


def test_customers_per_state_counts_active_only(session: Session, now: datetime) -> None:
    a = customer(session, now, "A")
    customer(session, now, "B")
    log(session, a, now - timedelta(days=1))
    gone = customer(session, now, "C")
    set_archived(session=session, customer_id=gone, archived=True, now=now)
    assert customers_per_state(session) == {"to_contact": 1, "in_touch": 0, "visited": 1}


def test_renewals_by_month_next_twelve(session: Session, now: datetime) -> None:
    customer(session, now, "This month", 5, amount=1000)  # 2026-11-27
    customer(session, now, "December", 10, amount=2000)  # 2026-12-02
    customer(session, now, "December too", 30, amount=500)  # 2026-12-22
    customer(session, now, "Past", -30, amount=9999)  # 2026-10-23: not in the window
    customer(session, now, "Too far", 400, amount=9999)  # 2027-12-27: beyond 12 months
    months = renewals_by_month(session, today=TODAY)
    assert len(months) == 12 and months[0].month == date(2026, 11, 1)
    assert months[-1].month == date(2027, 10, 1)
    assert (months[0].count, months[0].amount_cents) == (1, 1000_00)
    assert (months[1].count, months[1].amount_cents) == (2, 2500_00)
    assert sum(m.count for m in months) == 3


def test_renewal_rate_renewed_over_due(session: Session, now: datetime) -> None:
    a = customer(session, now, "A")
    b = customer(session, now, "B")
    c = customer(session, now, "C")
    rows = [
        # due in the last 12 months and renewed (signed a month before the end)
        Contract(customer_id=a, end_date=date(2026, 6, 30), created_at=now),
        Contract(customer_id=a, kind="renewal", signed_on=date(2026, 6, 1),
                 end_date=date(2027, 6, 30), created_at=now),
        # due and not renewed: its only renewal was signed long before (an older cycle)
        Contract(customer_id=b, end_date=date(2026, 3, 31), created_at=now),
        Contract(customer_id=b, kind="renewal", signed_on=date(2025, 3, 1),
                 end_date=date(2026, 3, 31), created_at=now),
        # due too long ago, and not yet due: neither counts
        Contract(customer_id=c, end_date=date(2025, 10, 1), created_at=now),
        Contract(customer_id=c, end_date=date(2027, 1, 1), created_at=now),
    ]
    session.add_all(rows)
    session.flush()
    # b's renewal contract itself ended 2026-03-31 → due too; it has no later renewal.
    rate = renewal_rate(session, today=TODAY)
    assert (rate.due, rate.renewed) == (3, 1)
    assert rate.rate == 1 / 3
    assert renewal_rate(session, today=date(2020, 1, 1)).rate is None


def test_portfolio_bundle(session: Session, now: datetime) -> None:
    customer(session, now, "A", 3, amount=100)
    p = portfolio(session, today=TODAY)
    assert p.total == 1 and p.per_state["to_contact"] == 1
    assert p.by_month[0].count == 1 and p.rate.due == 0


def test_dashboard_in_a_far_zone_uses_local_today(session: Session) -> None:
    late = datetime(2026, 11, 22, 20, tzinfo=UTC)  # already the 23rd in Shanghai
    customer(session, late, "Renews 23rd", 1)  # renewal 2026-11-23
    [row] = needs_attention(session, now=late, zone="Asia/Shanghai")
    assert row.days == 0


def test_capped_attention_keeps_the_true_totals(session: Session, now: datetime) -> None:
    """Each category shows at most ``limit`` rows, in the uncapped order, with its true
    total (an SQL count), and the customer de-duplication still holds when capped."""
    risky = [customer(session, now, f"Risky {n}", 5 + n) for n in range(3)]  # never visited
    for n in range(4):
        customer(session, now, f"Unvisited {n}", 70 + n)
    fine = customer(session, now, "Visited recently", 20)
    log(session, fine, now - timedelta(days=3))
    change_state(session=session, customer_id=fine, state="in_touch", now=now)
    for day in range(1, 6):
        todo(session, now, risky[0], datetime(2026, 11, day, 9), f"Overdue {day}")
    todo(session, now, None, datetime(2026, 11, 8, 9), "No customer")  # NULL id: no effect
    full = needs_attention(session, now=now, zone="UTC")
    capped = attention(session, now=now, zone="UTC", limit=2)
    assert capped.totals == {
        AttentionKind.OVERDUE_TODO: 6, AttentionKind.DUE_TODAY: 0, AttentionKind.RISK: 3,
        AttentionKind.RENEWAL_UNVISITED: 5, AttentionKind.REVISIT_RESET: 0}
    assert capped.total == len(full) == 14
    for kind in AttentionKind:
        every = [i for i in full if i.kind == kind]
        shown = [i for i in capped.items if i.kind == kind]
        assert shown == every[:2]
        assert capped.hidden(kind) == len(every) - len(shown)
    assert [i.title for i in capped.items[:2]] == ["Overdue 1", "Overdue 2"]
    assert kinds(capped.items[2:]) == [("risk", "Risky 0"), ("risk", "Risky 1"),
                                       ("renewal_unvisited", "Visited recently"),
                                       ("renewal_unvisited", "Unvisited 0")]
    # The risk row still counts every overdue to-do, not only the two shown.
    assert RiskReason(RiskCode.OVERDUE_TODOS, 5) in capped.items[2].reasons
    assert attention(session, now=now, zone="UTC", limit=None).items == full
