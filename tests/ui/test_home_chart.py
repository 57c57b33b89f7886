"""Home's painted renewals chart: its scales, and that it draws the bars it is given."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor

from mycrm.core.home.dashboard import MonthRenewals
from mycrm.ui.common.theme import INFO
from mycrm.ui.home.renewals_chart import (
    RenewalsChart,
    amount_scale,
    count_scale,
    nice_step,
    scale_labels,
)


def test_scales_are_round() -> None:
    assert nice_step(80) == 20 and nice_step(7) == 2 and nice_step(0.4) == 0.1
    assert count_scale([0, 0]) == (2, 1)  # nobody renewing: still a scale
    assert count_scale([3, 5]) == (6, 1)  # small: one tick per customer
    assert count_scale([64, 56]) == (80, 20)
    assert amount_scale([]) == (1.0, 1.0)
    assert amount_scale([2.4]) == (3.0, 1.0)  # whole thousands, no repeated labels
    assert amount_scale([6700.0, 4000.0]) == (8000.0, 2000.0)
    assert scale_labels(80, 20) == [0, 20, 40, 60, 80]


def test_the_chart_paints_a_bar_per_month(qtbot) -> None:
    chart = RenewalsChart("Customers renewing", "Amount (thousands)")
    qtbot.addWidget(chart)
    chart.resize(400, 300)
    months = [MonthRenewals(date(2026, m, 1), count, count * 1_000_000)
              for m, count in ((11, 0), (12, 4))]
    chart.set_months(months)
    assert chart.months == months
    image = chart.grab().toImage()
    bar = QColor(INFO).rgb()
    # The second month's bar is drawn in its half of the plot; the first month has none
    # (the legend's swatch below the plot is left out).
    halves = [[image.pixel(x, y) == bar for x in range(xs, xe)
               for y in range(0, image.height() - 60, 2)]
              for xs, xe in ((0, image.width() // 2), (image.width() // 2, image.width()))]
    assert not any(halves[0]) and any(halves[1])
