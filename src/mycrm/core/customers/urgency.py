"""How urgent a renewal is, by the days left until the contract ends."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class Urgency(StrEnum):
    OVERDUE = "overdue"  # the end date has passed and no renewal was recorded
    WEEK = "week"  # 0–7 days left
    MONTH = "month"  # 8–30 days left
    QUARTER = "quarter"  # 31–90 days left
    LATER = "later"  # more than 90 days
    NONE = "none"  # no renewal date known


WEEK_DAYS = 7
MONTH_DAYS = 30
QUARTER_DAYS = 90


def days_left(end_date: date | None, today: date) -> int | None:
    return None if end_date is None else (end_date - today).days


def renewal_urgency(end_date: date | None, today: date) -> Urgency:
    left = days_left(end_date, today)
    if left is None:
        return Urgency.NONE
    if left < 0:
        return Urgency.OVERDUE
    if left <= WEEK_DAYS:
        return Urgency.WEEK
    if left <= MONTH_DAYS:
        return Urgency.MONTH
    if left <= QUARTER_DAYS:
        return Urgency.QUARTER
    return Urgency.LATER
