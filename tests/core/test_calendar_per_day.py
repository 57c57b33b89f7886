"""What a week's cells show, checked against a plain reference: every customer, to-do and
record read into Python, placed on its local day and sorted there.

The week reads, in one statement, each day's first ``n`` items (renewals, then to-dos, then
visits, each stopped at what is left of ``n`` and at the n-th item's instant); the month
counts each day on its indexes. On varied data — ties of instant and title, to-dos due by
their snooze (``notify_at``) and by their reminder alone, done and undated ones, archived
and lost customers, calls that are no visits, three zones (one with a DST change in the
week) and filters by kind and tier — both equal the reference, for every ``n``.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from mycrm.core import rules
from mycrm.core.calendar.days import (
    ALL_KINDS,
    CalendarFilter,
    CalendarItem,
    ItemKind,
    day_counts,
    items_between,
    items_per_day,
)
from mycrm.core.db.models import Customer, Interaction, Todo

START = date(2026, 10, 29)  # a week over the end of summer time in Europe and America
DAYS = 7
ZONES = ["UTC", "Asia/Shanghai", "America/New_York"]
FILTERS = [CalendarFilter(), CalendarFilter(tiers=frozenset({"A", "S"})),
           CalendarFilter(kinds=frozenset({"todo", "visit"})),
           CalendarFilter(kinds=frozenset({"renewal", "visit"}), tiers=frozenset({"B"})),
           CalendarFilter(kinds=frozenset({"todo"}))]


@pytest.fixture
def varied(session: Session, now: datetime) -> Session:
    rng = random.Random(19)
    names = ["Acme", "Acme", "北京嘉禾", "Zeta", "Beta"]  # equal names: ties
    customers = []
    for i in range(24):
        renewal = START + timedelta(days=rng.randrange(-1, DAYS + 1))
        customer = Customer(name=names[i % len(names)], tier="SABCD"[i % 5],
                            renewal_date=renewal, state_since=now, created_at=now,
                            updated_at=now,
                            archived_at=now if i % 11 == 5 else None,
                            lost_on=START if i % 13 == 7 else None)
        session.add(customer)
        customers.append(customer)
    session.flush()
    base = datetime.combine(START, datetime.min.time(), tzinfo=UTC) - timedelta(hours=14)
    # Instants on a coarse grid so that many fall at the same moment.
    instants = [base + timedelta(hours=3 * rng.randrange(0, (DAYS + 1) * 8))
                for _ in range(160)]
    for i, at in enumerate(instants[:120]):
        todo = Todo(title=rng.choice(["Call", "Email", "跟进", "Call"]), created_at=now,
                    customer_id=None if i % 9 == 0 else rng.choice(customers).id)
        arm = i % 5
        if arm == 0:  # due by its reminder only (notify_at not set)
            todo.remind_at = at
        elif arm == 1:  # snoozed: due at the snooze, not the reminder
            todo.remind_at, todo.notify_at = at - timedelta(days=2), at
        elif arm == 2:  # done: not on the calendar
            todo.remind_at = todo.notify_at = at
            todo.done_at = now
        elif arm == 3 and i % 2:  # no reminder at all
            pass
        else:
            todo.remind_at = todo.notify_at = at
        session.add(todo)
    for i, at in enumerate(instants[120:]):
        visited = rng.choice(customers).id
        assert visited is not None
        session.add(Interaction(customer_id=visited, occurred_at=at,
                                kind=["visit", "qbr", "call", "visit"][i % 4],
                                created_at=now, updated_at=now))
    session.commit()
    return session


def _day(at: datetime, zone: str) -> date:
    return at.astimezone(ZoneInfo(zone)).date()


def reference(session: Session, zone: str, now: datetime, flt: CalendarFilter
              ) -> dict[date, list[tuple[object, ...]]]:
    """Every item of the week by local day, in the calendar's order, built in Python."""
    customers = {c.id: c for c in session.exec(select(Customer))}
    shown = set(range(DAYS))

    def tier_ok(customer_id: int | None) -> bool:
        if not flt.tiers:
            return True
        return customer_id is not None and customers[customer_id].tier in flt.tiers

    days: dict[date, list[tuple[object, ...]]] = defaultdict(list)
    if flt.shows(ItemKind.RENEWAL):
        for c in customers.values():
            if (c.archived_at is None and c.lost_on is None and c.renewal_date is not None
                    and (c.renewal_date - START).days in shown and tier_ok(c.id)):
                days[c.renewal_date].append((0, "", c.name, c.id))
    if flt.shows(ItemKind.TODO):
        for t in session.exec(select(Todo)):
            due = rules.due_instant(t.notify_at, t.remind_at)
            if t.done_at is None and due is not None and tier_ok(t.customer_id):
                day = _day(due, zone)
                if (day - START).days in shown:
                    days[day].append((1, due, t.title, t.id, due <= now))
    if flt.shows(ItemKind.VISIT):
        for r in session.exec(select(Interaction)):
            if r.kind in rules.VISIT_KINDS and tier_ok(r.customer_id):
                day = _day(r.occurred_at, zone)
                if (day - START).days in shown:
                    days[day].append((2, r.occurred_at, customers[r.customer_id].name, r.id))
    return {day: sorted(items) for day, items in days.items()}


def as_tuples(items: list[CalendarItem]) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for item in items:
        if item.kind is ItemKind.RENEWAL:
            out.append((0, "", item.customer_name, item.item_id))
        elif item.kind is ItemKind.TODO:
            out.append((1, item.at, item.title, item.item_id, item.overdue))
        else:
            out.append((2, item.at, item.customer_name, item.item_id))
    return out


@pytest.mark.parametrize("zone", ZONES)
def test_each_day_of_the_week_shows_its_first_items(varied: Session, now: datetime,
                                                    zone: str) -> None:
    end = START + timedelta(days=DAYS - 1)
    checked = 0
    for flt in FILTERS:
        expected = reference(varied, zone, now, flt)
        for n in (1, 2, 5, 12, 500):
            found = items_per_day(varied, start=START, end=end, zone=zone, now=now, flt=flt,
                                  per_day=n)
            assert {d: as_tuples(i) for d, i in found.items()} == {
                d: items[:n] for d, items in expected.items() if items}, (flt, n)
            assert all(i.day == d for d, items in found.items() for i in items)
            checked += sum(len(i) for i in found.values())
        assert items_per_day(varied, start=START, end=end, zone=zone, now=now, flt=flt,
                             per_day=0) == {}
    assert checked > 200  # the data put many items on these days


@pytest.mark.parametrize("zone", ZONES)
def test_the_day_list_and_the_counts_agree_with_the_reference(varied: Session,
                                                              now: datetime,
                                                              zone: str) -> None:
    end = START + timedelta(days=DAYS - 1)
    for flt in FILTERS:
        expected = reference(varied, zone, now, flt)
        counts = day_counts(varied, start=START, end=end, zone=zone, now=now, flt=flt)
        for day in (START + timedelta(days=i) for i in range(DAYS)):
            items = expected.get(day, [])
            got = counts.get(day)
            kinds = [item[0] for item in items]
            if not items:
                assert got is None or got.total == 0
                continue
            assert got is not None
            assert (got.renewals, got.todos, got.visits) == (
                kinds.count(0), kinds.count(1), kinds.count(2)), (flt, day)
            assert got.overdue == sum(1 for item in items if item[0] == 1 and item[4])
            if got.renewals == 1:
                assert got.renewal_name == items[0][2]
            for n in (3, 7):  # the day list's pages, capped as the week's cells are
                pages = [as_tuples(items_between(varied, start=day, end=day, zone=zone,
                                                 now=now, flt=flt, limit=n, offset=o))
                         for o in range(0, len(items) + n, n)]
                assert [i for page in pages for i in page] == items, (flt, day, n)


def test_the_filters_cover_every_kind() -> None:
    assert {kind for flt in FILTERS for kind in flt.kinds} == ALL_KINDS
