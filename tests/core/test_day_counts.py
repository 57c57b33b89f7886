"""Day counts are calendar days on the user's wall, as the calendar shows them: a visit 91
days back on the calendar says "no visit for 91 days" at any hour, and the risk factor
"no recent visit" holds exactly when the revisit rule says a visit is due again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from dashboard_data import TODAY, customer, log
from mycrm.core.customers.revisit import is_due
from mycrm.core.customers.services import change_state
from mycrm.core.home.dashboard import RiskCode, risks
from mycrm.core.rules import days_between


def no_visit_days(session: Session, now: datetime, zone: str = "UTC") -> object:
    found = [r.value for item in risks(session, now=now, zone=zone) for r in item.reasons
             if r.code == RiskCode.NO_VISIT]
    return found[0] if found else "no factor"


def test_a_visit_91_calendar_days_ago_is_91_days_at_any_hour(session: Session,
                                                             now: datetime) -> None:
    # now is 09:30; the visit was in the afternoon, 91 days back on the calendar.
    cid = customer(session, now, "Acme", 20)
    visit = datetime.combine(TODAY - timedelta(days=91), datetime.min.time(),
                             tzinfo=UTC).replace(hour=15)
    log(session, cid, visit)
    change_state(session=session, customer_id=cid, state="to_contact", now=now)
    assert no_visit_days(session, now) == 91


@pytest.mark.parametrize("days_back", [89, 90, 91])
@pytest.mark.parametrize("hour", [0, 9, 10, 23])
def test_the_risk_factor_agrees_with_the_revisit_rule(session: Session, now: datetime,
                                                      days_back: int, hour: int) -> None:
    cid = customer(session, now, "Acme", 20)
    visit = datetime.combine(TODAY - timedelta(days=days_back), datetime.min.time(),
                             tzinfo=UTC).replace(hour=hour)
    log(session, cid, visit)
    change_state(session=session, customer_id=cid, state="to_contact", now=now)
    due = is_due(visit, now=now, zone="UTC", period_days=90)
    assert due == (days_back >= 90)
    assert no_visit_days(session, now) == (days_back if due else "no factor")


def test_days_between_counts_wall_calendar_days() -> None:
    late_evening = datetime(2026, 11, 21, 23, 59, tzinfo=UTC)
    assert days_between(late_evening, datetime(2026, 11, 22, 0, 1, tzinfo=UTC), "UTC") == 1
    # 16:30 UTC on the 21st is already the 22nd in Shanghai.
    assert days_between(datetime(2026, 11, 21, 16, 30, tzinfo=UTC),
                        datetime(2026, 11, 22, 1, 0, tzinfo=UTC), "Asia/Shanghai") == 0
