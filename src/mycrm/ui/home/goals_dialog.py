"""The goals dialog: targets per metric for a month, quarter or year, and an even split of
the year's targets into its quarters and months."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from mycrm.core.common.validation import ErrorCode, ValidationError
from mycrm.core.db.kinds import GoalPeriod
from mycrm.core.home.goals import set_goals, split_year
from mycrm.core.home.progress import AMOUNT_METRICS, METRICS, PERIODS, goal_progress, period_bounds
from mycrm.ui.app.context import AppContext
from mycrm.ui.common import fmt
from mycrm.ui.common.editor import EditorDialog, ServiceCall
from mycrm.ui.home.dashboard_text import metric_label

Targets = dict[str, str | int]  # metric → what the user typed


class GoalsDialog(EditorDialog[Targets]):
    """Edits the targets of one period (navigable with ‹ ›). Saving writes all five at
    once; a bad field shows its message beside it and nothing is written. ``saved(0)``
    after each write (the targets are several rows, not one)."""

    def __init__(self, ctx: AppContext, period: str = GoalPeriod.MONTH.value,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.day = ctx.today()
        self.setWindowTitle(self.tr("Goals"))
        self.setMinimumWidth(460)
        top = self._build_period_row(period)
        form = self._build_form()
        self.split_button = QPushButton(self.tr("Split the year evenly into quarters and months"))
        self.split_button.setObjectName("splitYear")
        self.split_button.clicked.connect(self.split)
        self.replace = QCheckBox(self.tr("Replace targets already set"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        split_row = QHBoxLayout()
        split_row.addWidget(self.split_button)
        split_row.addWidget(self.replace)
        self.set_body(top, form, split_row, self.status)
        self.load()

    def _build_period_row(self, period: str) -> QHBoxLayout:
        """The period (month / quarter / year) and ‹ › to step through them."""
        self.period_box = QComboBox()
        self.period_box.setAccessibleName(self.tr("Period"))
        for value, label in zip(PERIODS, (self.tr("Month"), self.tr("Quarter"), self.tr("Year")),
                                strict=True):
            self.period_box.addItem(label, value.value)
        self.period_box.setCurrentIndex(max(0, self.period_box.findData(period)))
        self.period_box.currentIndexChanged.connect(lambda _i: self.load())
        previous = QPushButton("‹")
        previous.setAccessibleName(self.tr("Previous period"))
        previous.clicked.connect(lambda: self.step(-1))
        following = QPushButton("›")
        following.setAccessibleName(self.tr("Next period"))
        following.clicked.connect(lambda: self.step(1))
        for button in (previous, following):
            button.setFixedWidth(32)
        self.range_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.period_box)
        top.addWidget(previous)
        top.addWidget(self.range_label, 1)
        top.addWidget(following)
        return top

    def _build_form(self) -> QFormLayout:
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for metric in METRICS:
            edit = QLineEdit()
            edit.setObjectName(f"target_{metric.value}")
            edit.setAccessibleName(metric_label(metric.value))
            edit.setPlaceholderText(self.tr("no target"))
            self.fields[metric.value] = edit
            self.errors.add_row(form, metric_label(metric.value), metric.value, edit)
        return form

    @property
    def period(self) -> str:
        return str(self.period_box.currentData())

    def step(self, direction: int) -> None:
        first, last = period_bounds(self.period, self.day)
        self.day = last + timedelta(days=1) if direction > 0 else first - timedelta(days=1)
        self.load()

    def load(self) -> None:
        """Show the stored targets of the selected period."""
        first, last = period_bounds(self.period, self.day)
        self.range_label.setText(f"{fmt.format_date(first)} – {fmt.format_date(last)}")
        progress = self.ctx.read(goal_progress, period=self.period, today=first,
                                 zone=self.ctx.zone)
        for item in progress:
            edit = self.fields[item.metric]
            if item.target <= 0:
                edit.clear()
            elif item.metric in AMOUNT_METRICS:
                edit.setText(fmt.format_amount_input(item.target))
            else:
                edit.setText(str(item.target))
        self.clear_errors()
        self.split_button.setEnabled(True)

    def collect(self) -> Targets:
        return {metric: edit.text() for metric, edit in self.fields.items()}

    def save_call(self, data: Targets) -> ServiceCall:
        return ServiceCall(set_goals, period=self.period, day=self.day, targets=data)

    def saved_id(self, result: Any) -> int:
        return 0

    def place_errors(self, exc: ValidationError) -> list[str]:
        """As the base does, but a count field's "not an amount" reads better as "not a
        whole number"."""
        unplaced = super().place_errors(exc)
        for error in exc.errors:
            if error.code == ErrorCode.BAD_AMOUNT and error.field not in AMOUNT_METRICS:
                self.errors.replace(error.field, self.tr(
                    "“%1” is not a whole number. Type digits, e.g. 12.").replace(
                        "%1", error.params.get("value", "")))
        return unplaced

    def split(self) -> None:
        """Split this year's targets (saving a yearly form first) into quarters and months."""
        if self.period == GoalPeriod.YEAR.value and not self.write():
            return
        year = period_bounds(self.period, self.day)[0].year

        def both(*, session, now):  # type: ignore[no-untyped-def]
            return sum(split_year(session=session, now=now, year=year, period=p,
                                  overwrite=self.replace.isChecked())
                       for p in (GoalPeriod.QUARTER.value, GoalPeriod.MONTH.value))

        written = self.ctx.run(both)
        if written:
            self.status.setText(self.tr("%n quarter and month target(s) set from the year.",
                                        None, written))
        else:
            self.status.setText(self.tr(
                "Nothing to split: set yearly targets first, or tick “Replace targets already "
                "set”."))
        self.load()

    def first_day(self) -> date:
        return period_bounds(self.period, self.day)[0]
