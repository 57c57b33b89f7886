"""The goals dialog: targets per metric for a month, quarter or year, and an even split of
the year's targets into its quarters and months."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.common.validation import ErrorCode, ValidationError
from mycrm.core.db.kinds import GoalPeriod
from mycrm.core.home.goals import set_goals, split_year
from mycrm.core.home.progress import AMOUNT_METRICS, METRICS, PERIODS, goal_progress, period_bounds
from mycrm.ui.app.context import AppContext
from mycrm.ui.common import fmt
from mycrm.ui.common.forms import FieldErrors
from mycrm.ui.home.dashboard_text import metric_label


class GoalsDialog(QDialog):
    """Edits the targets of one period (navigable with ‹ ›). Saving writes all five at
    once; a bad field shows its message beside it and nothing is written."""

    def __init__(self, ctx: AppContext, period: str = GoalPeriod.MONTH.value,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.day = ctx.today()
        self.setWindowTitle(self.tr("Goals"))
        self.setMinimumWidth(460)
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
        form = QFormLayout()
        self.errors = FieldErrors()
        self.fields: dict[str, QLineEdit] = {}
        for metric in METRICS:
            edit = QLineEdit()
            edit.setObjectName(f"target_{metric.value}")
            edit.setAccessibleName(metric_label(metric.value))
            edit.setPlaceholderText(self.tr("no target"))
            self.fields[metric.value] = edit
            self.errors.add_row(form, metric_label(metric.value), metric.value, edit)
        self.split_button = QPushButton(self.tr("Split the year evenly into quarters and months"))
        self.split_button.setObjectName("splitYear")
        self.split_button.clicked.connect(self.split)
        self.replace = QCheckBox(self.tr("Replace targets already set"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(form)
        split_row = QHBoxLayout()
        split_row.addWidget(self.split_button)
        split_row.addWidget(self.replace)
        layout.addLayout(split_row)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.load()

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
        self.errors.clear()
        self.split_button.setEnabled(True)

    def _targets(self) -> dict[str, str | int]:
        return {metric: edit.text() for metric, edit in self.fields.items()}

    def save_targets(self) -> bool:
        """Write the fields; on bad input show the messages and return False."""
        try:
            self.ctx.run(set_goals, period=self.period, day=self.day, targets=self._targets())
        except ValidationError as exc:
            unplaced = self.errors.show(exc)
            self._explain_counts(exc)
            self.status.setText("\n".join(unplaced))
            return False
        self.errors.clear()
        return True

    def _explain_counts(self, exc: ValidationError) -> None:
        """A count field's "not an amount" reads better as "not a whole number"."""
        for error in exc.errors:
            if error.code == ErrorCode.BAD_AMOUNT and error.field not in AMOUNT_METRICS:
                label = self.findChild(QLabel, f"error_{error.field}")
                if label is not None:
                    label.setText(self.tr("“%1” is not a whole number. Type digits, e.g. 12.")
                                  .replace("%1", error.params.get("value", "")))

    def save(self) -> None:
        if self.save_targets():
            self.accept()

    def split(self) -> None:
        """Split this year's targets (saving a yearly form first) into quarters and months."""
        if self.period == GoalPeriod.YEAR.value and not self.save_targets():
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
