"""The calendar's queries on the sample portfolio against the rule worked out in Python
over every row: renewals of active customers on their date, open to-dos on the local day
they are due (overdue when due at or before now), visits and QBRs on their local day — in
several zones, with and without a tier filter, and at two different "now"s one after the
other (the statements are built once per shape and reused with new values)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from mycrm.core import rules
from mycrm.core.calendar.days import (
    CalendarFilter,
    ItemKind,
    day_counts,
    items_between,
    month_grid,
)
from mycrm.core.data.sample import build_sample_portfolio
from mycrm.core.db.models import Customer, Interaction, Todo

ZONES = ("UTC", "Asia/Shanghai", "America/New_York")
FILTERS = (CalendarFilter(), CalendarFilter(tiers=frozenset({"A"})),
           CalendarFilter(kinds=frozenset({"todo", "visit"}), tiers=frozenset({"B", "C"})))


@pytest.fixture
def sample(session: Session, now: datetime) -> Session:
    build_sample_portfolio(session, now=now)
    session.commit()
    return session


def local(instant: datetime, zone: str) -> date:
    return instant.astimezone(ZoneInfo(zone)).date()


def expected_counts(session: Session, start: date, end: date, zone: str, now: datetime,
                    flt: CalendarFilter) -> dict[date, tuple[int, int, int, int]]:
    """day -> (renewals, to-dos, overdue, visits), from every row in Python."""
    tiers = {c.id: c.tier for c in session.exec(select(Customer))}
    shown = (lambda cid: cid is not None and tiers[cid] in flt.tiers) if flt.tiers else (
        lambda _cid: True)
    counts: dict[date, list[int]] = {}

    def add(day: date, slot: int) -> None:
        if start <= day <= end:
            counts.setdefault(day, [0, 0, 0, 0])[slot] += 1

    if flt.shows(ItemKind.RENEWAL):
        for c in session.exec(select(Customer)):
            if c.renewal_date and c.archived_at is None and c.lost_on is None and shown(c.id):
                add(c.renewal_date, 0)
    if flt.shows(ItemKind.TODO):
        for t in session.exec(select(Todo)):
            due = rules.due_instant(t.notify_at, t.remind_at)
            if t.done_at is None and due is not None and shown(t.customer_id):
                add(local(due, zone), 1)
                if due <= now:
                    add(local(due, zone), 2)
    if flt.shows(ItemKind.VISIT):
        for i in session.exec(select(Interaction)):
            if i.kind in rules.VISIT_KINDS and shown(i.customer_id):
                add(local(i.occurred_at, zone), 3)
    return {day: (r, t, o, v) for day, (r, t, o, v) in counts.items()}


@pytest.mark.parametrize("zone", ZONES)
def test_month_counts_follow_the_rules_at_two_nows(sample: Session, now: datetime,
                                                   zone: str) -> None:
    for at in (now, now - timedelta(days=20)):  # the same statements, new values
        for flt in FILTERS:
            for month in (now.month, (now - timedelta(days=40)).month):
                grid = month_grid(now.year, month)
                found = day_counts(sample, start=grid[0], end=grid[-1], zone=zone, now=at,
                                   flt=flt)
                assert {day: (c.renewals, c.todos, c.overdue, c.visits)
                        for day, c in found.items()} == expected_counts(
                    sample, grid[0], grid[-1], zone, at, flt), (zone, at, flt, month)


@pytest.mark.parametrize("zone", ZONES)
def test_items_agree_with_the_counts_and_pages_add_up(sample: Session, now: datetime,
                                                      zone: str) -> None:
    start = now.date() - timedelta(days=10)
    end = now.date() + timedelta(days=10)
    for flt in FILTERS:
        every = items_between(sample, start=start, end=end, zone=zone, now=now, flt=flt)
        per_day = Counter((i.day, i.kind) for i in every)
        expected = expected_counts(sample, start, end, zone, now, flt)
        assert {day: (per_day[day, ItemKind.RENEWAL], per_day[day, ItemKind.TODO],
                      sum(1 for i in every if i.day == day and i.overdue),
                      per_day[day, ItemKind.VISIT]) for day, _kind in per_day} == expected
        assert [i.sort_key for i in every] == sorted(i.sort_key for i in every)
        for day in {i.day for i in every}:
            whole = [i for i in every if i.day == day]
            pages = [items_between(sample, start=day, end=day, zone=zone, now=now, flt=flt,
                                   limit=3, offset=offset) for offset in range(0, 60, 3)]
            assert [i for page in pages for i in page] == whole, (zone, flt, day)
