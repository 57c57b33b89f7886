from datetime import date, timedelta

import pytest

from mycrm.core.customers.urgency import Urgency, days_left, renewal_urgency

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (-365, Urgency.OVERDUE),
        (-1, Urgency.OVERDUE),
        (0, Urgency.WEEK),
        (7, Urgency.WEEK),
        (8, Urgency.MONTH),
        (30, Urgency.MONTH),
        (31, Urgency.QUARTER),
        (90, Urgency.QUARTER),
        (91, Urgency.LATER),
        (1000, Urgency.LATER),
    ],
)
def test_urgency_buckets_at_their_boundaries(offset: int, expected: Urgency) -> None:
    assert renewal_urgency(TODAY + timedelta(days=offset), TODAY) is expected


def test_no_date_has_no_urgency() -> None:
    assert renewal_urgency(None, TODAY) is Urgency.NONE
    assert days_left(None, TODAY) is None


def test_days_left_crosses_month_and_year() -> None:
    assert days_left(date(2027, 1, 1), date(2026, 12, 31)) == 1
    assert days_left(date(2026, 3, 1), date(2026, 2, 28)) == 1
