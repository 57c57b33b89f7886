"""Goal periods, each metric's progress at period boundaries and time zones, and the
goal services. Progress must follow records as they are added, edited and deleted."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from mycrm.core.common.validation import ValidationError
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.models import Contract, Goal, Interaction, Need
from mycrm.core.home.goals import even_split, seed_sample_goals, set_goal, split_year
from mycrm.core.home.progress import (
    goal_progress,
    local_range_utc,
    metric_done,
    metrics_done,
    pace,
    period_bounds,
)
from mycrm.core.records import services as records

SHANGHAI = "Asia/Shanghai"
NEW_YORK = "America/New_York"


def customer(session: Session, now: datetime, name: str = "Acme") -> int:
    c = create_customer(session=session, data=CustomerInput(name=name), now=now)
    assert c.id is not None
    return c.id


def visit(session: Session, cid: int, at: datetime, kind: str = "visit") -> Interaction:
    return records.log_interaction(
        session=session, data=records.InteractionInput(customer_id=cid, kind=kind, occurred_at=at),
        now=at)


@pytest.mark.parametrize(("period", "day", "first", "last"), [
    ("month", date(2026, 2, 14), date(2026, 2, 1), date(2026, 2, 28)),
    ("month", date(2028, 2, 29), date(2028, 2, 1), date(2028, 2, 29)),
    ("month", date(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31)),
    ("quarter", date(2026, 11, 22), date(2026, 10, 1), date(2026, 12, 31)),
    ("quarter", date(2026, 3, 31), date(2026, 1, 1), date(2026, 3, 31)),
    ("quarter", date(2026, 4, 1), date(2026, 4, 1), date(2026, 6, 30)),
    ("year", date(2026, 7, 4), date(2026, 1, 1), date(2026, 12, 31)),
])
def test_period_bounds(period: str, day: date, first: date, last: date) -> None:
    assert period_bounds(period, day) == (first, last)
    assert period_bounds(period, first) == (first, last)
    assert period_bounds(period, last) == (first, last)


def test_local_range_is_the_local_days_in_utc() -> None:
    start, end = local_range_utc(date(2026, 11, 1), date(2026, 11, 30), SHANGHAI)
    assert start == datetime(2026, 10, 31, 16, tzinfo=UTC)
    assert end == datetime(2026, 11, 30, 16, tzinfo=UTC)
    # New York leaves DST on 2026-11-01: the month starts at UTC-4 and ends at UTC-5.
    start, end = local_range_utc(date(2026, 11, 1), date(2026, 11, 30), NEW_YORK)
    assert start == datetime(2026, 11, 1, 4, tzinfo=UTC)
    assert end == datetime(2026, 12, 1, 5, tzinfo=UTC)


@pytest.mark.parametrize("period", ["month", "quarter", "year"])
@pytest.mark.parametrize("kind", ["visit", "qbr"])
def test_visits_count_on_first_and_last_local_day_only(session: Session, now: datetime,
                                                       period: str, kind: str) -> None:
    cid = customer(session, now)
    first, last = period_bounds(period, date(2026, 11, 22))
    start, end = local_range_utc(first, last, SHANGHAI)
    visit(session, cid, start, kind)  # 00:00 local on the first day
    visit(session, cid, end - timedelta(seconds=1), kind)  # 23:59:59 local on the last day
    visit(session, cid, start - timedelta(seconds=1), kind)  # the day before
    visit(session, cid, end, kind)  # the day after
    visit(session, cid, start + timedelta(days=1), "call")  # another kind never counts
    metric = "visits" if kind == "visit" else "qbrs"
    assert metric_done(session, metric, first, last, SHANGHAI) == 2
    # A QBR is a visit (core.rules): it counts for the Visits goal too; a visit is no QBR.
    assert metric_done(session, "visits", first, last, SHANGHAI) == 2
    assert metric_done(session, "qbrs", first, last, SHANGHAI) == (2 if kind == "qbr" else 0)
    # The same instants seen from UTC shift by eight hours: the boundary ones move out/in.
    assert metric_done(session, metric, first, last, "UTC") == 2
    utc_start, utc_end = local_range_utc(first, last, "UTC")
    assert start < utc_start and end < utc_end


def test_visit_progress_follows_edit_and_delete(session: Session, now: datetime) -> None:
    cid = customer(session, now)
    first, last = period_bounds("month", date(2026, 11, 22))
    record = visit(session, cid, datetime(2026, 11, 5, 3, tzinfo=UTC))
    assert metric_done(session, "visits", first, last, "UTC") == 1
    record.occurred_at = datetime(2026, 10, 31, 3, tzinfo=UTC)  # edited into last month
    session.add(record)
    session.flush()
    assert metric_done(session, "visits", first, last, "UTC") == 0
    record.occurred_at = datetime(2026, 11, 30, 23, tzinfo=UTC)
    session.add(record)
    session.flush()
    assert metric_done(session, "visits", first, last, "UTC") == 1
    assert metric_done(session, "visits", first, last, SHANGHAI) == 0  # Dec 1st in Shanghai
    session.delete(record)
    session.flush()
    assert metric_done(session, "visits", first, last, "UTC") == 0


@pytest.mark.parametrize("period", ["month", "quarter", "year"])
def test_renewals_count_and_amount_by_signing_date(session: Session, now: datetime,
                                                   period: str) -> None:
    cid = customer(session, now)
    first, last = period_bounds(period, date(2026, 11, 22))
    rows = [
        Contract(customer_id=cid, kind="renewal", signed_on=first, amount_cents=100_00,
                 created_at=now),
        Contract(customer_id=cid, kind="renewal", signed_on=last, amount_cents=250_50,
                 created_at=now),
        Contract(customer_id=cid, kind="renewal", signed_on=first - timedelta(days=1),
                 amount_cents=999_00, created_at=now),
        Contract(customer_id=cid, kind="renewal", signed_on=last + timedelta(days=1),
                 amount_cents=999_00, created_at=now),
        Contract(customer_id=cid, kind="new", signed_on=first, amount_cents=999_00,
                 created_at=now),
        Contract(customer_id=cid, kind="renewal", signed_on=None, amount_cents=999_00,
                 created_at=now),
    ]
    session.add_all(rows)
    session.flush()
    # Signing dates are calendar dates: the zone does not move them.
    for zone in ("UTC", SHANGHAI, NEW_YORK):
        assert metric_done(session, "renewals_count", first, last, zone) == 2
        assert metric_done(session, "renewals_amount", first, last, zone) == 350_50
    rows[1].amount_cents = 1_00
    session.add(rows[1])
    session.flush()
    assert metric_done(session, "renewals_amount", first, last, "UTC") == 101_00
    session.delete(rows[0])
    session.flush()
    assert metric_done(session, "renewals_count", first, last, "UTC") == 1
    assert metric_done(session, "renewals_amount", first, last, "UTC") == 1_00


def test_no_renewals_sum_is_zero(session: Session) -> None:
    first, last = period_bounds("year", date(2026, 1, 1))
    assert metric_done(session, "renewals_amount", first, last, "UTC") == 0


@pytest.mark.parametrize("period", ["month", "quarter", "year"])
def test_new_needs_by_creation_instant(session: Session, now: datetime, period: str) -> None:
    cid = customer(session, now)
    first, last = period_bounds(period, date(2026, 11, 22))
    start, end = local_range_utc(first, last, NEW_YORK)
    for at in (start, end - timedelta(seconds=1), start - timedelta(seconds=1), end):
        session.add(Need(customer_id=cid, title="SSO", created_at=at))
    session.flush()
    assert metric_done(session, "new_needs", first, last, NEW_YORK) == 2
    need = session.exec(select(Need).order_by(Need.id)).first()  # type: ignore[arg-type]
    assert need is not None
    session.delete(need)
    session.flush()
    assert metric_done(session, "new_needs", first, last, NEW_YORK) == 1


def test_metrics_done_in_one_statement_matches_each_metric(session: Session,
                                                          now: datetime) -> None:
    cid = customer(session, now)
    first, last = period_bounds("month", date(2026, 11, 22))
    visit(session, cid, now - timedelta(days=1))
    visit(session, cid, now - timedelta(days=2))
    visit(session, cid, now - timedelta(days=3), "qbr")
    session.add(Contract(customer_id=cid, kind="renewal", signed_on=first, amount_cents=70_00,
                         created_at=now))
    session.add(Need(customer_id=cid, title="SSO", created_at=now))
    session.flush()
    for zone in ("UTC", SHANGHAI):
        together = metrics_done(session, first, last, zone)
        assert together == {m: metric_done(session, m, first, last, zone) for m in together}
    assert metrics_done(session, first, last, "UTC") == {
        "visits": 3, "qbrs": 1, "renewals_count": 1, "renewals_amount": 70_00, "new_needs": 1}


def test_set_goal_upserts_normalises_start_and_zero_removes(session: Session,
                                                            now: datetime) -> None:
    goal = set_goal(session=session, now=now, metric="visits", period="quarter",
                    day=date(2026, 11, 22), target=12)
    assert goal is not None and goal.period_start == date(2026, 10, 1)
    set_goal(session=session, now=now, metric="visits", period="quarter",
             day=date(2026, 12, 31), target=15)
    goals = session.exec(select(Goal)).all()
    assert [(g.period_start, g.target) for g in goals] == [(date(2026, 10, 1), 15)]
    set_goal(session=session, now=now, metric="visits", period="quarter",
             day=date(2026, 10, 1), target=0)
    assert session.exec(select(Goal)).all() == []


def test_set_goal_refuses_bad_input_and_writes_nothing(session: Session, now: datetime) -> None:
    with pytest.raises(ValidationError) as info:
        set_goal(session=session, now=now, metric="hugs", period="week",
                 day=date(2026, 11, 22), target=-1)
    assert {e.field for e in info.value.errors} == {"metric", "period", "target"}
    assert session.exec(select(Goal)).all() == []


def test_progress_reads_target_and_done(session: Session, now: datetime) -> None:
    cid = customer(session, now)
    set_goal(session=session, now=now, metric="visits", period="month",
             day=date(2026, 11, 1), target=10)
    visit(session, cid, datetime(2026, 11, 20, tzinfo=UTC))
    progress = {p.metric: p for p in goal_progress(session, period="month",
                                                   today=date(2026, 11, 22), zone="UTC")}
    assert set(progress) == {"visits", "qbrs", "renewals_count", "renewals_amount", "new_needs"}
    assert (progress["visits"].done, progress["visits"].target) == (1, 10)
    assert progress["visits"].fraction == pytest.approx(0.1)
    assert progress["qbrs"].target == 0 and progress["qbrs"].goal_id is None


def test_even_split_adds_up() -> None:
    assert even_split(10, 4) == [3, 3, 2, 2]
    assert even_split(3_000_000_01, 12)[0] == 25_000_001
    assert sum(even_split(3_000_000_01, 12)) == 3_000_000_01


def test_split_year_creates_missing_parts_only(session: Session, now: datetime) -> None:
    set_goal(session=session, now=now, metric="visits", period="year", day=date(2026, 5, 5),
             target=50)
    set_goal(session=session, now=now, metric="visits", period="quarter",
             day=date(2026, 4, 1), target=20)
    written = split_year(session=session, now=now, year=2026, period="quarter")
    assert written == 3
    quarters = session.exec(select(Goal).where(Goal.period == "quarter")
                            .order_by(Goal.period_start)).all()  # type: ignore[arg-type]
    assert [q.target for q in quarters] == [13, 20, 12, 12]  # the user's Q2 is kept
    split_year(session=session, now=now, year=2026, period="quarter", overwrite=True)
    session.flush()
    session.expire_all()
    quarters = session.exec(select(Goal).where(Goal.period == "quarter")
                            .order_by(Goal.period_start)).all()  # type: ignore[arg-type]
    assert [q.target for q in quarters] == [13, 13, 12, 12]
    assert split_year(session=session, now=now, year=2026, period="month") == 12
    with pytest.raises(ValidationError):
        split_year(session=session, now=now, year=2026, period="year")


def test_pace_numbers() -> None:
    first, last = date(2026, 11, 1), date(2026, 11, 30)
    p = pace(7, 10, first, last, date(2026, 11, 22))
    assert (p.remaining, p.days_left, p.met, p.ended) == (3, 9, False, False)
    assert p.expected == 7 and not p.behind
    p = pace(2, 10, first, last, date(2026, 11, 22))
    assert p.behind and p.remaining == 8
    p = pace(12, 10, first, last, date(2026, 11, 30))
    assert p.met and p.remaining == 0 and p.days_left == 1
    assert pace(0, 10, first, last, date(2026, 12, 1)).ended


def test_seed_sample_goals_fills_every_period(session: Session, now: datetime) -> None:
    seed_sample_goals(session=session, now=now, zone=SHANGHAI)
    for period in ("month", "quarter", "year"):
        progress = goal_progress(session, period=period, today=date(2026, 11, 22), zone=SHANGHAI)
        assert all(p.target > 0 for p in progress)
