"""Each goal shows its percentage beside done / target ("1 / 4 · 25 %"), in the user's
locale (digits grouped as the locale groups them), floored so that "100 %" means met."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QLocale

from mycrm.core.home.progress import GoalProgress, pace
from mycrm.ui.common.fmt import format_money, format_percent
from mycrm.ui.home.dashboard_text import progress_text

FIRST, LAST, TODAY = date(2026, 11, 1), date(2026, 11, 30), date(2026, 11, 22)


def progress(metric: str, done: int, target: int) -> GoalProgress:
    return GoalProgress(metric, "month", FIRST, LAST, done, target, 1,
                        pace(done, target, FIRST, LAST, TODAY))


@pytest.fixture
def locale() -> Iterator[None]:
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.mark.usefixtures("qapp", "locale")
def test_the_percentage_stands_beside_each_goal() -> None:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    assert progress_text(progress("visits", 1, 4)) == "1 / 4 · 25 %"
    assert progress_text(progress("qbrs", 2, 3)) == "2 / 3 · 66 %"  # floored: 100 % is met
    assert progress_text(progress("visits", 5, 4)) == "5 / 4 · 125 %"
    assert progress_text(progress("visits", 3, 0)) == "3"  # no target, no percentage
    amount = progress_text(progress("renewals_amount", 1_200_000, 5_000_000))
    assert amount == f"{format_money(1_200_000)} / {format_money(5_000_000)} · 24 %"


@pytest.mark.usefixtures("qapp", "locale")
def test_the_percentage_follows_the_locale() -> None:
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    assert format_percent(1234, 100) == "1.234 %"
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    assert format_percent(1, 4) == "25 %"
