"""The report structures (core.reports) say what the services say for the same period: on
the sample portfolio and on hand-made edge cases (an empty period, a customer without a
contract, a record near midnight in another time zone)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import Session

from mycrm.core.common.timeutil import local_today
from mycrm.core.customers import page
from mycrm.core.customers.services import CustomerInput, NotFoundError, create_customer
from mycrm.core.data.sample import build_sample_portfolio
from mycrm.core.db.kinds import GoalMetric, GoalPeriod, InteractionKind
from mycrm.core.home.dashboard import AttentionKind, attention, risks
from mycrm.core.home.goals import set_goal
from mycrm.core.home.progress import goal_progress, metrics_done
from mycrm.core.records import services as records
from mycrm.core.records.needs import NeedInput, create_need, list_needs
from mycrm.core.records.renewals import RenewalInput, record_renewal
from mycrm.core.reports.lines import record_line
from mycrm.core.reports.periods import (
    Period,
    PeriodKind,
    date_range,
    last_months,
    next_period,
    parse_month,
    parse_week,
    week_of,
)
from mycrm.core.reports.qbr import NextStepKind, build_qbr_report, default_qbr_period
from mycrm.core.reports.work import (
    build_work_report,
    goal_period_of,
    new_needs,
    renewals_signed,
)
from mycrm.core.todos.lists import Group, todo_group_counts, todo_group_page
from mycrm.core.todos.services import TodoInput, complete_todo

SHANGHAI = "Asia/Shanghai"


def _customer(session: Session, now: datetime, name: str = "Acme", **extra: object) -> int:
    customer = create_customer(session=session, data=CustomerInput(name=name, **extra),  # type: ignore[arg-type]
                               now=now - timedelta(days=400))
    assert customer.id is not None
    return customer.id


def _record(session: Session, cid: int, at: datetime, kind: str = "visit",
            todos: list[TodoInput] | None = None, **texts: str) -> records.Interaction:
    return records.log_interaction(session=session, now=at, data=records.InteractionInput(
        customer_id=cid, kind=kind, occurred_at=at, todos=todos or [], **texts))


@pytest.fixture
def sample(session: Session, now: datetime) -> Session:
    build_sample_portfolio(session, now=now, zone=SHANGHAI)
    session.flush()
    return session


# --- periods ---------------------------------------------------------------------------------
def test_iso_week_and_month_codes() -> None:
    week = parse_week("2026-W48")
    assert (week.first, week.last, week.kind) == (date(2026, 11, 23), date(2026, 11, 29),
                                                   PeriodKind.WEEK)
    assert week.code == "2026-W48" and week_of(date(2026, 11, 29)) == week
    assert parse_week("2026-W53").first == date(2026, 12, 28)  # 2026 has 53 ISO weeks
    assert parse_week("2027-W01").first == date(2027, 1, 4)
    month = parse_month("2026-11")
    assert (month.first, month.last, month.code) == (date(2026, 11, 1), date(2026, 11, 30),
                                                      "2026-11")
    assert parse_month("2028-02").last == date(2028, 2, 29)


@pytest.mark.parametrize("text", ["2026-48", "2026-W54", "26-W01", "", "2026-13", "2026-1"])
def test_bad_period_codes_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_week(text) if "W" in text or not text else parse_month(text)


def test_next_periods_and_ranges() -> None:
    assert next_period(parse_week("2026-W52")) == parse_week("2026-W53")
    assert next_period(parse_month("2026-12")) == parse_month("2027-01")
    assert next_period(date_range(date(2026, 11, 1), date(2026, 11, 10))) == Period(
        date(2026, 11, 11), date(2026, 11, 20))
    assert last_months(date(2026, 5, 31)).first == date(2026, 2, 28)
    with pytest.raises(ValueError):
        date_range(date(2026, 11, 2), date(2026, 11, 1))


# --- QBR report ----------------------------------------------------------------------------
def test_qbr_report_equals_the_services_on_the_sample(sample: Session, now: datetime) -> None:
    period = date_range(date(2026, 1, 1), local_today(now, SHANGHAI))
    start, end = period.utc_range(SHANGHAI)
    at_risk = {i.customer_id: i.reasons for i in risks(sample, now=now, zone=SHANGHAI)}
    assert at_risk, "the sample has customers at risk"
    for cid in range(1, 61):
        report = build_qbr_report(sample, customer_id=cid, now=now, zone=SHANGHAI,
                                  period=period)
        timeline = page.timeline(sample, cid, "records")
        expected = [record_line(i) for i in reversed(timeline) if start <= i.at < end]
        assert list(report.records) == expected
        assert report.customer == page.customer_header(sample, cid, local_today(now, SHANGHAI))
        assert [t.id for t in report.todos_open] == [t.id for t in page.open_todos(sample, cid)]
        assert list(report.needs) == list_needs(sample, customer_id=cid)
        assert report.risk == at_risk.get(cid, ())
        assert sum(report.record_counts.values()) == len(report.records)
        assert len(report.contracts) == len(page.contracts(sample, cid))


def test_default_period_runs_from_the_last_qbr(session: Session, now: datetime) -> None:
    cid = _customer(session, now)
    assert default_qbr_period(session, customer_id=cid, now=now, zone=SHANGHAI) == last_months(
        local_today(now, SHANGHAI))
    _record(session, cid, now - timedelta(days=70), "qbr")
    _record(session, cid, now - timedelta(days=40), "qbr")
    _record(session, cid, now + timedelta(days=3), "qbr")  # planned ahead: not "last"
    period = default_qbr_period(session, customer_id=cid, now=now, zone=SHANGHAI)
    assert period == Period(local_today(now - timedelta(days=40), SHANGHAI),
                            local_today(now, SHANGHAI), PeriodKind.SINCE_QBR)
    report = build_qbr_report(session, customer_id=cid, now=now, zone=SHANGHAI)
    assert report.period == period and [r.kind for r in report.records] == ["qbr"]


def test_last_qbr_commitments_are_its_todos(session: Session, now: datetime) -> None:
    cid = _customer(session, now)
    wall = datetime(2026, 12, 1, 9)
    qbr = _record(session, cid, now - timedelta(days=30), "qbr", todos=[
        TodoInput(title="发送续约报价", remind_wall=wall, remind_tz=SHANGHAI),
        TodoInput(title="Send the deck")])
    _record(session, cid, now - timedelta(days=5), "call", todos=[TodoInput(title="later")])
    promised = build_qbr_report(session, customer_id=cid, now=now, zone=SHANGHAI).commitments
    complete_todo(session=session, todo_id=promised[1].id, now=now - timedelta(days=2))
    report = build_qbr_report(session, customer_id=cid, now=now, zone=SHANGHAI)
    assert report.last_qbr is not None and report.last_qbr.id == qbr.id
    assert [(t.title, t.done_at is not None) for t in report.commitments] == [
        ("发送续约报价", False), ("Send the deck", True)]
    assert [t.title for t in report.todos_done] == ["Send the deck"]
    assert {t.title for t in report.todos_open} == {"发送续约报价", "later"}
    steps = [s.kind for s in report.next_steps]
    assert steps[0] is NextStepKind.TODO and NextStepKind.RENEWAL not in steps  # no contract


def test_empty_period_and_no_contract(session: Session, now: datetime) -> None:
    cid = _customer(session, now, "无合同客户")
    _record(session, cid, now - timedelta(days=200), "visit", discussion="long ago")
    report = build_qbr_report(session, customer_id=cid, now=now, zone=SHANGHAI,
                              period=date_range(date(2026, 10, 1), date(2026, 10, 31)))
    assert report.is_empty and report.records == () and report.record_counts == {}
    assert report.contracts == () and report.customer.renewal_date is None
    assert report.customer.amount_cents == 0 and report.last_qbr is None
    assert report.commitments == () and report.risk == ()
    with pytest.raises(NotFoundError):
        build_qbr_report(session, customer_id=9999, now=now, zone=SHANGHAI)


def test_a_record_near_midnight_falls_on_the_users_day(session: Session, now: datetime) -> None:
    cid = _customer(session, now)
    late = datetime(2026, 10, 31, 15, 30, tzinfo=UTC)  # 23:30 on 31 October in Shanghai
    early = datetime(2026, 10, 31, 16, 30, tzinfo=UTC)  # 00:30 on 1 November in Shanghai
    _record(session, cid, late, "visit", discussion="late")
    _record(session, cid, early, "qbr", discussion="early")
    october = parse_month("2026-10")
    in_shanghai = build_qbr_report(session, customer_id=cid, now=now, zone=SHANGHAI,
                                   period=october)
    in_utc = build_qbr_report(session, customer_id=cid, now=now, zone="UTC", period=october)
    assert [r.discussion for r in in_shanghai.records] == ["late"]
    assert [r.discussion for r in in_utc.records] == ["late", "early"]
    shanghai = build_work_report(session, period=october, now=now, zone=SHANGHAI)
    utc = build_work_report(session, period=october, now=now, zone="UTC")
    assert [v.kind for v in shanghai.visits] == ["visit"] and shanghai.figures["qbrs"] == 0
    assert [v.kind for v in utc.visits] == ["visit", "qbr"] and utc.figures["qbrs"] == 1
    november = build_work_report(session, period=parse_month("2026-11"), now=now, zone=SHANGHAI)
    assert [v.kind for v in november.visits] == ["qbr"]


# --- work report ---------------------------------------------------------------------------
@pytest.mark.parametrize("period", [
    parse_month("2026-11"), parse_month("2026-10"), parse_week("2026-W47"),
    parse_week("2026-W48"), date_range(date(2026, 9, 1), date(2026, 11, 22)),
])
def test_work_report_figures_are_homes(sample: Session, now: datetime, period: Period) -> None:
    report = build_work_report(sample, period=period, now=now, zone=SHANGHAI)
    figures = metrics_done(sample, period.first, period.last, SHANGHAI)
    assert report.figures == figures
    assert len(report.visits) == figures[GoalMetric.VISITS.value]
    assert sum(v.kind == InteractionKind.QBR.value for v in report.visits) == figures["qbrs"]
    assert len(report.renewals) == figures[GoalMetric.RENEWALS_COUNT.value]
    assert sum(r.amount_cents for r in report.renewals) == figures["renewals_amount"]
    assert len(report.new_needs) == figures[GoalMetric.NEW_NEEDS.value]
    home = goal_progress(sample, period=report.goal_period, today=period.last, zone=SHANGHAI)
    assert [(g.metric, g.done, g.target) for g in report.goals] == [
        (g.metric, g.done, g.target) for g in home]
    if period.kind is PeriodKind.MONTH:
        assert {g.metric: g.done for g in report.goals} == figures


def test_work_report_lists_on_the_sample(sample: Session, now: datetime) -> None:
    period = week_of(local_today(now, SHANGHAI))
    report = build_work_report(sample, period=period, now=now, zone=SHANGHAI)
    count = todo_group_counts(sample, now=now, zone=SHANGHAI)[Group.OVERDUE]
    overdue = todo_group_page(sample, group=Group.OVERDUE, now=now, zone=SHANGHAI, limit=count)
    assert [t.id for t in report.overdue] == [t.id for t in overdue] and report.overdue
    assert all(t.overdue for t in report.overdue)
    home = attention(sample, now=now, zone=SHANGHAI)
    assert report.revisit_total == home.totals[AttentionKind.REVISIT_RESET]
    assert report.next == next_period(period)
    first, last = report.next.first, report.next.last
    assert all(first <= r.renewal_date <= last for r in report.renewals_due)
    start, end = report.next.utc_range(SHANGHAI)
    assert all(t.due is not None and start <= t.due < end for t in report.todos_due)
    assert report.renewals_due or report.todos_due


def test_work_report_of_an_empty_week(session: Session, now: datetime) -> None:
    _customer(session, now)
    report = build_work_report(session, period=parse_week("2026-W10"), now=now, zone=SHANGHAI)
    assert report.is_empty and set(report.figures.values()) == {0}
    assert report.visits == report.renewals == report.new_needs == report.todos_done == ()


def test_renewals_and_needs_of_a_hand_made_month(session: Session, now: datetime) -> None:
    cid = _customer(session, now, "Renewing", renewal_date=date(2026, 12, 10), amount=5_000_000)
    signed = date(2026, 11, 30)
    record_renewal(session=session, now=datetime.combine(signed, time(15, 0), tzinfo=UTC),
                   data=RenewalInput(customer_id=cid, signed_on=signed,
                                     end_date=date(2027, 12, 10), amount=6_000_000))
    create_need(session=session, now=datetime(2026, 11, 30, 16, 30, tzinfo=UTC),  # 1 Dec local
                data=NeedInput(customer_id=cid, title="SSO", amount=100_000))
    set_goal(session=session, now=now, metric="renewals_count", period="month",
             day=date(2026, 11, 1), target=4)
    november = build_work_report(session, period=parse_month("2026-11"), now=now, zone=SHANGHAI)
    assert [(r.customer_name, r.amount_cents) for r in november.renewals] == [
        ("Renewing", 6_000_000)]
    assert november.new_needs == ()
    goal = next(g for g in november.goals if g.metric == "renewals_count")
    assert (goal.done, goal.target, november.goal_period) == (1, 4, GoalPeriod.MONTH.value)
    december = build_work_report(session, period=parse_month("2026-12"), now=now, zone=SHANGHAI)
    assert [n.title for n in december.new_needs] == ["SSO"] and december.renewals == ()


def test_goal_period_follows_the_report() -> None:
    assert goal_period_of(parse_week("2026-W48")) == "month"
    assert goal_period_of(date_range(date(2026, 10, 1), date(2026, 12, 31))) == "quarter"
    assert goal_period_of(date_range(date(2026, 1, 1), date(2026, 12, 31))) == "year"


def test_listed_renewals_and_needs_are_those_home_counts(sample: Session, now: datetime) -> None:
    """One rule (``progress.RENEWALS_SIGNED_SQL`` / ``NEW_NEEDS_SQL``) behind Home's goal
    figures and the work report's lists: month by month, the rows listed are the rows
    counted, on the sample portfolio."""
    listed = 0
    for month in range(1, 13):
        period = parse_month(f"2026-{month:02d}")
        home = {g.metric: g.done for g in goal_progress(sample, period=GoalPeriod.MONTH.value,
                                                        today=period.first, zone=SHANGHAI)}
        renewals = renewals_signed(sample, period, SHANGHAI)
        assert len(renewals) == home[GoalMetric.RENEWALS_COUNT.value]
        assert sum(r.amount_cents for r in renewals) == home[GoalMetric.RENEWALS_AMOUNT.value]
        assert all(period.first <= r.signed_on <= period.last for r in renewals)
        needs = new_needs(sample, period, SHANGHAI)
        assert len(needs) == home[GoalMetric.NEW_NEEDS.value]
        start, end = period.utc_range(SHANGHAI)
        assert all(start <= n.created_at < end for n in needs)
        listed += len(renewals) + len(needs)
    assert listed, "the sample signs renewals and captures needs in 2026"
    report = build_work_report(sample, period=parse_month("2026-11"), now=now, zone=SHANGHAI)
    assert report.renewals == renewals_signed(sample, parse_month("2026-11"), SHANGHAI)


def test_a_new_contract_is_not_a_renewal_signed(session: Session, now: datetime) -> None:
    """Only renewals count (and are listed): a first contract signed in the month is not."""
    cid = _customer(session, now, "First", renewal_date=date(2027, 11, 1), amount=100_000)
    contract = page.contracts(session, cid)[0]
    contract.signed_on = date(2026, 11, 3)
    session.add(contract)
    session.flush()
    november = parse_month("2026-11")
    assert renewals_signed(session, november, SHANGHAI) == ()
    assert metrics_done(session, november.first, november.last, SHANGHAI)[
        GoalMetric.RENEWALS_COUNT.value] == 0


def test_a_week_report_stands_beside_its_months_goals(session: Session, now: datetime) -> None:
    """Goals are set per month / quarter / year only (as on Home): a week's report shows the
    goals of the month containing its last day, with Home's figures for that month."""
    cid = _customer(session, now)
    set_goal(session=session, now=now, metric="visits", period="month", day=date(2026, 11, 1),
             target=10)
    _record(session, cid, datetime(2026, 11, 3, 2, tzinfo=UTC))
    _record(session, cid, datetime(2026, 11, 18, 2, tzinfo=UTC))
    week = build_work_report(session, period=parse_week("2026-W47"), now=now, zone=SHANGHAI)
    assert week.goal_period == GoalPeriod.MONTH.value
    visits = next(g for g in week.goals if g.metric == GoalMetric.VISITS.value)
    assert (visits.first, visits.last, visits.done, visits.target) == (
        date(2026, 11, 1), date(2026, 11, 30), 2, 10)
    assert week.figures[GoalMetric.VISITS.value] == 1  # the week's own figure
