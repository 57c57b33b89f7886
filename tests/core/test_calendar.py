"""Calendar queries: local days across month boundaries, zones and DST; rescheduling."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from mycrm.core.calendar.days import (
    CalendarFilter,
    DayCounts,
    ItemKind,
    day_counts,
    expiring_this_month,
    items_between,
    month_grid,
    reschedule_todo,
)
from mycrm.core.common.validation import ValidationError
from mycrm.core.customers.services import CustomerInput, create_customer, set_archived
from mycrm.core.db.models import ReminderState, Todo
from mycrm.core.records import services as records
from mycrm.core.todos.services import TodoInput, complete_todo, create_todo


def _customer(session: Session, now: datetime, name: str, renewal: date | None,
              tier: str = "B") -> int:
    c = create_customer(session=session, data=CustomerInput(name=name, tier=tier,
                                                            renewal_date=renewal), now=now)
    assert c.id is not None
    return c.id


def _todo(session: Session, now: datetime, title: str, wall: datetime, tz: str,
          customer_id: int | None = None) -> int:
    t = create_todo(session=session, data=TodoInput(title=title, remind_wall=wall, remind_tz=tz,
                                                    customer_id=customer_id), now=now)
    assert t.id is not None
    return t.id


def _visit(session: Session, customer_id: int, at: datetime) -> int:
    r = records.log_interaction(session=session, data=records.InteractionInput(
        customer_id=customer_id, kind="visit", occurred_at=at), now=at)
    assert r.id is not None
    return r.id


def test_renewal_dates_are_plain_dates_in_every_zone(session: Session, now: datetime) -> None:
    cid = _customer(session, now, "上海云帆", date(2026, 12, 1))
    for zone in ("UTC", "Pacific/Auckland", "America/New_York"):
        counts = day_counts(session, start=date(2026, 11, 30), end=date(2026, 12, 2),
                            zone=zone, now=now)
        assert counts == {date(2026, 12, 1): DayCounts(renewals=1)}
        items = items_between(session, start=date(2026, 12, 1), end=date(2026, 12, 1),
                              zone=zone, now=now)
        assert [(i.kind, i.item_id) for i in items] == [(ItemKind.RENEWAL, cid)]


def test_archived_customers_have_no_renewal_on_the_calendar(session: Session, now: datetime
                                                            ) -> None:
    cid = _customer(session, now, "Gone", date(2026, 12, 1))
    set_archived(session=session, customer_id=cid, archived=True, now=now)
    assert day_counts(session, start=date(2026, 12, 1), end=date(2026, 12, 1),
                      zone="UTC", now=now) == {}


def test_month_boundary_todo_falls_on_local_day(session: Session, now: datetime) -> None:
    """23:30 on 30 Nov in New York is 04:30 UTC on 1 Dec: it belongs to November there."""
    tid = _todo(session, now, "Call back", datetime(2026, 11, 30, 23, 30), "America/New_York")
    ny = day_counts(session, start=date(2026, 11, 1), end=date(2026, 11, 30),
                    zone="America/New_York", now=now)
    assert ny == {date(2026, 11, 30): DayCounts(todos=1)}
    utc = day_counts(session, start=date(2026, 12, 1), end=date(2026, 12, 31), zone="UTC",
                     now=now)
    assert utc == {date(2026, 12, 1): DayCounts(todos=1)}
    assert day_counts(session, start=date(2026, 11, 1), end=date(2026, 11, 30), zone="UTC",
                      now=now) == {}
    items = items_between(session, start=date(2026, 11, 30), end=date(2026, 11, 30),
                          zone="America/New_York", now=now)
    assert [(i.kind, i.item_id, i.day) for i in items] == [
        (ItemKind.TODO, tid, date(2026, 11, 30))]


def test_dst_days_counted_with_the_right_offset(session: Session, now: datetime) -> None:
    """Berlin leaves summer time on 25 Oct 2026 (03:00 CEST → 02:00 CET). A visit at
    22:30 UTC the evening before is 00:30 CEST on the 25th; one at 23:30 UTC on the 25th
    is 00:30 CET on the 26th."""
    cid = _customer(session, now, "Fabrikam GmbH", None)
    _visit(session, cid, datetime(2026, 10, 24, 22, 30, tzinfo=UTC))
    _visit(session, cid, datetime(2026, 10, 25, 23, 30, tzinfo=UTC))
    _visit(session, cid, datetime(2026, 10, 25, 22, 30, tzinfo=UTC))  # 23:30 CET, 25th
    counts = day_counts(session, start=date(2026, 10, 1), end=date(2026, 10, 31),
                        zone="Europe/Berlin", now=now)
    assert counts == {date(2026, 10, 25): DayCounts(visits=2),
                      date(2026, 10, 26): DayCounts(visits=1)}
    # the item query agrees with the aggregate
    items = items_between(session, start=date(2026, 10, 1), end=date(2026, 10, 31),
                          zone="Europe/Berlin", now=now)
    assert sorted(i.day.day for i in items) == [25, 25, 26]


def test_spring_forward_new_york(session: Session, now: datetime) -> None:
    """New York springs forward on 8 Mar 2026; 23:30 local that night is 03:30 UTC the 9th."""
    _todo(session, now, "Night", datetime(2026, 3, 8, 23, 30), "America/New_York")
    _todo(session, now, "Before", datetime(2026, 3, 7, 23, 30), "America/New_York")
    counts = day_counts(session, start=date(2026, 3, 1), end=date(2026, 3, 31),
                        zone="America/New_York", now=now)
    assert counts == {date(2026, 3, 7): DayCounts(todos=1, overdue=1),
                      date(2026, 3, 8): DayCounts(todos=1, overdue=1)}


def test_overdue_done_and_filters(session: Session, now: datetime) -> None:
    s_tier = _customer(session, now, "Big, Inc.", date(2026, 11, 25), tier="S")
    c_tier = _customer(session, now, "Small", date(2026, 11, 25), tier="C")
    _todo(session, now, "late", datetime(2026, 11, 20, 9, 0), "UTC", s_tier)
    _todo(session, now, "soon", datetime(2026, 11, 24, 9, 0), "UTC", c_tier)
    done = _todo(session, now, "done", datetime(2026, 11, 24, 10, 0), "UTC", c_tier)
    complete_todo(session=session, todo_id=done, now=now)
    _todo(session, now, "no customer", datetime(2026, 11, 24, 11, 0), "UTC")
    _visit(session, c_tier, datetime(2026, 11, 3, 10, 0, tzinfo=UTC))
    month: dict[str, Any] = dict(start=date(2026, 11, 1), end=date(2026, 11, 30), zone="UTC",
                                 now=now)
    assert day_counts(session, **month) == {
        date(2026, 11, 3): DayCounts(visits=1),
        date(2026, 11, 20): DayCounts(todos=1, overdue=1),
        date(2026, 11, 24): DayCounts(todos=2),
        date(2026, 11, 25): DayCounts(renewals=2),
    }
    tier_s = CalendarFilter(tiers=frozenset({"S"}))
    assert day_counts(session, **month, flt=tier_s) == {
        date(2026, 11, 20): DayCounts(todos=1, overdue=1),
        date(2026, 11, 25): DayCounts(renewals=1),
    }
    only_visits = CalendarFilter(kinds=frozenset({ItemKind.VISIT.value}))
    assert day_counts(session, **month, flt=only_visits) == {
        date(2026, 11, 3): DayCounts(visits=1)}
    items = items_between(session, **month)
    overdue = [i.title for i in items if i.overdue]
    assert overdue == ["late"]
    assert [i.title for i in items if i.kind is ItemKind.TODO] == ["late", "soon", "no customer"]
    expiring = expiring_this_month(session, today=date(2026, 11, 22))
    assert {i.customer_id for i in expiring} == {s_tier, c_tier}
    assert [i.customer_id for i in expiring_this_month(session, today=date(2026, 11, 22),
                                                       flt=tier_s)] == [s_tier]


def test_month_grid_six_weeks() -> None:
    days = month_grid(2026, 11, first_weekday=0)
    assert len(days) == 42 and days[0] == date(2026, 10, 26) and days[0].weekday() == 0
    sunday_first = month_grid(2026, 11, first_weekday=6)
    assert sunday_first[0] == date(2026, 11, 1)


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York"])
def test_reschedule_keeps_wall_clock_across_dst(session: Session, now: datetime, zone: str
                                                ) -> None:
    tid = _todo(session, now, "Renewal call", datetime(2026, 10, 20, 9, 15), zone)
    todo = session.get(Todo, tid)
    assert todo is not None
    todo.reminder_state = ReminderState.FIRED.value
    session.flush()
    reschedule_todo(session=session, todo_id=tid, new_day=date(2026, 11, 10), now=now)
    session.flush()
    session.expire_all()
    todo = session.get(Todo, tid)
    assert todo is not None and todo.remind_at is not None
    assert todo.remind_wall == datetime(2026, 11, 10, 9, 15)
    assert todo.remind_tz == zone
    local = todo.remind_at.astimezone(ZoneInfo(zone))
    assert (local.date(), local.hour, local.minute) == (date(2026, 11, 10), 9, 15)
    before = datetime(2026, 10, 20, 9, 15, tzinfo=ZoneInfo(zone)).utcoffset()
    assert local.utcoffset() != before  # the offset did change across the DST switch
    assert todo.notify_at == todo.remind_at
    assert todo.reminder_state == ReminderState.PENDING.value


def test_reschedule_refuses_todo_without_reminder_or_done(session: Session, now: datetime
                                                          ) -> None:
    plain = create_todo(session=session, data=TodoInput(title="no time"), now=now)
    assert plain.id is not None
    with pytest.raises(ValidationError):
        reschedule_todo(session=session, todo_id=plain.id, new_day=date(2026, 12, 1), now=now)
    done = _todo(session, now, "done", datetime(2026, 11, 24, 9, 0), "UTC")
    complete_todo(session=session, todo_id=done, now=now)
    with pytest.raises(ValidationError):
        reschedule_todo(session=session, todo_id=done, new_day=date(2026, 12, 1), now=now)
    assert session.get(Todo, done).remind_wall == datetime(2026, 11, 24, 9, 0)  # type: ignore[union-attr]
