"""Pages of the calendar's item lists, and the per-day counts of the month grid (each local
day counted as its own UTC range): pages add up to the whole list in the same order, and
the counts agree with the items on every day, today's overdue split included."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session

from mycrm.core.calendar.days import (
    CalendarFilter,
    DayCounts,
    ItemKind,
    day_counts,
    day_ranges,
    items_between,
)
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.records import services as records
from mycrm.core.todos.services import TodoInput, create_todo

DAY = date(2026, 11, 24)


def _customer(session: Session, now: datetime, name: str, renewal: date | None = None,
              tier: str = "B") -> int:
    c = create_customer(session=session, now=now, data=CustomerInput(
        name=name, tier=tier, renewal_date=renewal))
    assert c.id is not None
    return c.id


def _todo(session: Session, now: datetime, title: str, wall: datetime,
          customer_id: int | None = None, tz: str = "UTC") -> None:
    create_todo(session=session, now=now, data=TodoInput(
        title=title, customer_id=customer_id, remind_wall=wall, remind_tz=tz))


def _visit(session: Session, customer_id: int, at: datetime) -> None:
    records.log_interaction(session=session, now=at, data=records.InteractionInput(
        customer_id=customer_id, kind="visit", occurred_at=at))


@pytest.fixture
def busy(session: Session, now: datetime) -> list[int]:
    """Two days with every kind, equal names, equal times and equal titles (ties)."""
    customers = [("Same name", DAY, "S"), ("Same name", DAY, "A"), ("Another", DAY, "B"),
                 ("Next day", DAY + timedelta(days=1), "S")]
    ids = [_customer(session, now, name, renewal, tier) for name, renewal, tier in customers]
    for n in range(7):
        _todo(session, now, "Call" if n % 2 else "Email", datetime(2026, 11, 24, 9 + n % 3),
              ids[n % 4] if n != 3 else None)
        _todo(session, now, "Late one", datetime(2026, 11, 25, 8), ids[0])
    for n in range(5):
        _visit(session, ids[n % 3], datetime(2026, 11, 24, 15, tzinfo=UTC))
    return ids


@pytest.mark.parametrize("flt", [CalendarFilter(), CalendarFilter(tiers=frozenset({"S"})),
                                 CalendarFilter(kinds=frozenset({ItemKind.TODO.value}))])
@pytest.mark.parametrize("size", [1, 3, 7, 50])
def test_pages_add_up_to_the_whole_list_in_order(session: Session, now: datetime, busy,
                                                 size: int, flt: CalendarFilter) -> None:
    span: dict[str, Any] = dict(start=DAY, end=DAY + timedelta(days=1), zone="UTC", now=now,
                                flt=flt)
    whole = items_between(session, **span)
    assert len(whole) > 10 if flt == CalendarFilter() else whole
    pages = []
    offset = 0
    while True:
        page = items_between(session, **span, limit=size, offset=offset)
        assert len(page) <= size
        pages += page
        offset += size
        if len(page) < size:
            break
    assert [(i.kind, i.item_id) for i in pages] == [(i.kind, i.item_id) for i in whole]
    assert whole == sorted(whole, key=lambda i: i.sort_key)


def test_todays_open_todos_are_overdue_only_before_now(session: Session, now: datetime
                                                        ) -> None:
    """now = 22 Nov 09:30 UTC: the 08:00 to-do is overdue, the 11:00 one is not; every open
    to-do of an earlier day is, none of a later day."""
    for hour in (8, 11):
        _todo(session, now, f"{hour}h", datetime(2026, 11, 22, hour))
    _todo(session, now, "yesterday", datetime(2026, 11, 21, 23, 59))
    _todo(session, now, "tomorrow", datetime(2026, 11, 23, 0, 1))
    counts = day_counts(session, start=date(2026, 11, 21), end=date(2026, 11, 23), zone="UTC",
                        now=now)
    assert counts == {date(2026, 11, 21): DayCounts(todos=1, overdue=1),
                      date(2026, 11, 22): DayCounts(todos=2, overdue=1),
                      date(2026, 11, 23): DayCounts(todos=1)}
    # Shanghai (+8): 08:00 and 11:00 UTC are 16:00 and 19:00 local on the 22nd; 09:30 UTC
    # is 17:30 there, and 23:59 UTC on the 21st is already the 22nd.
    shanghai = day_counts(session, start=date(2026, 11, 22), end=date(2026, 11, 23),
                          zone="Asia/Shanghai", now=now)
    assert shanghai == {date(2026, 11, 22): DayCounts(todos=3, overdue=2),
                        date(2026, 11, 23): DayCounts(todos=1)}


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/New_York",
                                  "Pacific/Auckland"])
def test_counts_agree_with_the_items_on_every_day_of_a_long_range(
        session: Session, now: datetime, zone: str) -> None:
    cid = _customer(session, now, "Fabrikam", date(2027, 3, 28))
    start = datetime(2026, 3, 1, 0, 45, tzinfo=UTC)
    for n in range(0, 400, 9):  # across both DST changes of 2026 and 2027's spring one
        _visit(session, cid, start + timedelta(days=n, hours=n % 24))
        _todo(session, now, f"t{n}", datetime(2026, 3, 1, 23, 30) + timedelta(days=n),
              cid, tz="Europe/Berlin")
    span: dict[str, Any] = dict(start=date(2026, 2, 20), end=date(2027, 4, 10), zone=zone, now=now)
    items = items_between(session, **span)
    expected: dict[date, Counter[str]] = {}
    for item in items:
        expected.setdefault(item.day, Counter())[item.kind.value] += 1
        if item.overdue:
            expected[item.day]["overdue"] += 1
    counts = day_counts(session, **span)
    assert {day: (c.renewals, c.todos, c.overdue, c.visits) for day, c in counts.items()} == {
        day: (c["renewal"], c["todo"], c["overdue"], c["visit"]) for day, c in expected.items()}


def test_day_ranges_follow_the_wall_clock() -> None:
    berlin = {day: hi - lo for day, lo, hi in day_ranges(date(2026, 10, 24), date(2026, 10, 26),
                                                        "Europe/Berlin")}
    assert berlin == {date(2026, 10, 24): timedelta(hours=24),
                      date(2026, 10, 25): timedelta(hours=25),
                      date(2026, 10, 26): timedelta(hours=24)}
    [(day, lo, hi)] = day_ranges(date(2026, 3, 8), date(2026, 3, 8), "America/New_York")
    assert (lo, hi - lo) == (datetime(2026, 3, 8, 5, tzinfo=UTC), timedelta(hours=23))
    ranges = day_ranges(date(2026, 1, 1), date(2026, 12, 31), "Asia/Shanghai")
    assert len(ranges) == 365
    assert all(a[2] == b[1] for a, b in zip(ranges, ranges[1:], strict=False))
