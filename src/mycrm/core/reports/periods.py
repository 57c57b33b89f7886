"""The period a report covers: local calendar days ``first``..``last`` in the user's zone.

Instants (records, to-dos done, needs created) fall in the period when they happen on one of
its local days — the half-open UTC range of ``core.home.progress.local_range_utc``, the one
the goal figures use; calendar dates (signed on, renewal) are compared as dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from mycrm.core.home.progress import local_range_utc, period_bounds

DEFAULT_QBR_MONTHS = 3
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodKind(StrEnum):
    WEEK = "week"  # an ISO week, Monday to Sunday
    MONTH = "month"  # a calendar month
    RANGE = "range"  # any days the user chose
    SINCE_QBR = "since_qbr"  # QBR default: from the day of the last QBR record to today
    LAST_MONTHS = "last_months"  # QBR default without a QBR record: the last 3 months


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    kind: PeriodKind = PeriodKind.RANGE

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"a period ends on or after its first day: {self.first}..{self.last}")

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def code(self) -> str:
        """``2026-W48`` for a week, ``2026-11`` for a month, ``first..last`` otherwise."""
        if self.kind is PeriodKind.WEEK:
            year, week, _day = self.first.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind is PeriodKind.MONTH:
            return f"{self.first.year}-{self.first.month:02d}"
        return f"{self.first.isoformat()}..{self.last.isoformat()}"

    def utc_range(self, zone: str) -> tuple[datetime, datetime]:
        """The half-open UTC range ``[start, end)`` of the period's local days in ``zone``."""
        return local_range_utc(self.first, self.last, zone)


def week_of(day: date) -> Period:
    """The ISO week (Monday..Sunday) containing ``day``."""
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6), PeriodKind.WEEK)


def month_of(day: date) -> Period:
    first, last = period_bounds("month", day)
    return Period(first, last, PeriodKind.MONTH)


def parse_week(text: str) -> Period:
    """``2026-W48`` → that ISO week. Raises ``ValueError`` for anything else."""
    match = _WEEK.match(text.strip())
    if match is None:
        raise ValueError(f"not an ISO week such as 2026-W48: {text!r}")
    return week_of(date.fromisocalendar(int(match[1]), int(match[2]), 1))


def parse_month(text: str) -> Period:
    """``2026-11`` → that calendar month. Raises ``ValueError`` for anything else."""
    match = _MONTH.match(text.strip())
    if match is None:
        raise ValueError(f"not a month such as 2026-11: {text!r}")
    return month_of(date(int(match[1]), int(match[2]), 1))


def date_range(first: date, last: date) -> Period:
    """The user's own days. Raises ``ValueError`` when ``last`` is before ``first``."""
    return Period(first, last, PeriodKind.RANGE)


def last_months(today: date, months: int = DEFAULT_QBR_MONTHS) -> Period:
    """The ``months`` months up to ``today``: from the same day ``months`` months back
    (the 31st becomes the month's last day), ``today`` included."""
    return Period(today - relativedelta(months=months), today, PeriodKind.LAST_MONTHS)


def next_period(period: Period) -> Period:
    """The period after ``period``: the next week, the next month, or as many days again."""
    after = period.last + timedelta(days=1)
    if period.kind is PeriodKind.WEEK:
        return week_of(after)
    if period.kind is PeriodKind.MONTH:
        return month_of(after)
    return Period(after, after + timedelta(days=period.days - 1), PeriodKind.RANGE)
