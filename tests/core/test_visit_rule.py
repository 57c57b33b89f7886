"""One meaning of "visit" (``core.rules.VISIT_KINDS``): a QBR is a visit. Home's Visits
goal, the calendar's "N visits", the customer's last visit and timeline, the state rule and
the revisit rule all count the same records; the QBRs goal counts QBRs only."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import Session

from dashboard_data import TODAY, customer, log
from mycrm.core.calendar.days import ItemKind, day_counts, items_between
from mycrm.core.customers.page import RECORD_KIND, timeline
from mycrm.core.customers.revisit import is_due
from mycrm.core.customers.services import get_customer
from mycrm.core.db.kinds import InteractionKind, State
from mycrm.core.home.progress import goal_progress
from mycrm.core.rules import QBR_KINDS, VISIT_KINDS, is_visit


def test_the_rule_is_decided_once() -> None:
    assert {InteractionKind.VISIT.value, InteractionKind.QBR.value} == VISIT_KINDS
    assert {InteractionKind.QBR.value} == QBR_KINDS and QBR_KINDS <= VISIT_KINDS
    assert [k.value for k in InteractionKind if is_visit(k.value)] == ["visit", "qbr"]


@pytest.mark.parametrize("kind", [k.value for k in InteractionKind])
def test_every_reader_agrees_on_what_a_record_of_this_kind_is(session: Session, now: datetime,
                                                              kind: str) -> None:
    cid = customer(session, now, "Acme")
    at = now - timedelta(days=2)
    record = log(session, cid, at, kind)
    visit = is_visit(kind)
    goals = {p.metric: p.done for p in goal_progress(session, period="month", today=TODAY,
                                                     zone="UTC")}
    assert goals["visits"] == int(visit)
    assert goals["qbrs"] == int(kind in QBR_KINDS)
    day = at.date()
    counts = day_counts(session, start=day, end=day, zone="UTC", now=now)
    assert (counts[day].visits if day in counts else 0) == int(visit)
    shown = items_between(session, start=day, end=day, zone="UTC", now=now)
    assert [i.kind for i in shown if i.kind is ItemKind.VISIT] == [ItemKind.VISIT] * visit
    acme = get_customer(session, cid)
    assert (acme.last_visit_at is not None) == visit
    assert (acme.state == State.VISITED.value) == visit
    if visit:
        assert acme.last_visit_at is not None
        assert is_due(acme.last_visit_at, now=now + timedelta(days=90), zone="UTC",
                      period_days=90)
    # The timeline shows the record and why the state moved, naming that record.
    items = timeline(session, cid)
    assert [i.ref_id for i in items if i.kind == RECORD_KIND] == [record.id]
    moved = [i.payload for i in items if i.kind == "state_changed"]
    assert [(m["new"], m["record_id"]) for m in moved] == [
        (State.VISITED.value if visit else State.IN_TOUCH.value, str(record.id))]
