"""Home: "how am I doing and whom must I contact now" in one look.

Goals for the month / quarter / year with progress and pace, the needs-attention list, the
portfolio at a glance (with a painted chart of renewals by month, ``renewals_chart``) and
quick-entry buttons (from the action table, ``ui.app.actions``). Everything is read from
the core, in one read transaction per reload; each part re-reads when data it shows
changes (``ctx.changed`` names the kinds), all of it when the day changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QLocale, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QStackedLayout,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.changes import Change
from mycrm.core.db.sqlread import connection_of
from mycrm.core.home.dashboard import (
    DEFAULT_ATTENTION_LIMIT,
    Attention,
    AttentionKind,
    Portfolio,
    attention,
    has_any_customer,
    portfolio,
)
from mycrm.core.home.progress import METRICS, PERIODS, GoalProgress, goal_progress
from mycrm.ui.app.actions import QUICK_ENTRY, Action, make_button
from mycrm.ui.app.context import AppContext
from mycrm.ui.common import fmt
from mycrm.ui.common.labels import BOARD_STATES, state_label
from mycrm.ui.common.reload import reload_when_visible
from mycrm.ui.common.theme import WARNING, accent_css
from mycrm.ui.home.attention_model import AttentionDelegate, AttentionModel, ItemRole
from mycrm.ui.home.dashboard_text import metric_label, pace_text, progress_text
from mycrm.ui.home.renewals_chart import RenewalsChart

BAR_SCALE = 1000  # progress bars run 0…1000 (per mille): amounts in cents overflow an int

# What each part of Home shows, so a change re-runs only the queries of the parts showing it.
# Needs attention lists to-dos (overdue, due today) beside customers: at-risk renewals
# (renewal date, last visit, overdue to-dos, complaint records), renewals not yet visited
# and revisit resets, measured by the revisit period setting. So a to-do ticked off in
# the tray re-reads this list, and only this list.
ATTENTION_SHOWS = (Change.TODOS | Change.CUSTOMERS | Change.RECORDS | Change.RENEWALS
                   | Change.SETTINGS)
# Goals: targets, and progress counted from records (visits, QBRs), renewals and needs.
GOALS_SHOWS = Change.GOALS | Change.RECORDS | Change.RENEWALS | Change.NEEDS
# The portfolio: customers per state, the renewal rate and renewals by month.
PORTFOLIO_SHOWS = Change.CUSTOMERS | Change.RENEWALS
# Whether there is any customer at all (else the welcome state).
EMPTY_STATE_SHOWS = Change.CUSTOMERS


def _card(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("homeCard")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(12, 10, 12, 10)
    heading = QLabel(title)
    heading.setObjectName("homeHeading")
    layout.addWidget(heading)
    return frame, layout


class GoalsPanel(QWidget):
    """Done / target, a progress bar and the pace for each metric of the chosen period."""

    edit_goals = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.tabs = QTabBar()
        self.tabs.setObjectName("goalPeriods")
        self.tabs.setAccessibleName(self.tr("Goal period"))
        for label in (self.tr("Month"), self.tr("Quarter"), self.tr("Year")):
            self.tabs.addTab(label)
        self.range_label = QLabel()
        self.range_label.setObjectName("goalRange")
        edit = QPushButton(self.tr("Set goals…"))
        edit.setObjectName("editGoals")
        edit.clicked.connect(self.edit_goals)
        top = QHBoxLayout()
        top.addWidget(self.tabs)
        top.addWidget(self.range_label, 1)
        top.addWidget(edit)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setColumnStretch(1, 1)
        self.bars: dict[str, QProgressBar] = {}
        self.values: dict[str, QLabel] = {}
        self.paces: dict[str, QLabel] = {}
        self._behind: dict[str, bool] = {}  # the accent each pace label has now
        for row, metric in enumerate(METRICS):
            name = QLabel(metric_label(metric.value))
            bar = QProgressBar()
            bar.setObjectName(f"goal_{metric.value}")
            bar.setAccessibleName(metric_label(metric.value))
            bar.setRange(0, BAR_SCALE)
            bar.setTextVisible(False)
            bar.setFixedHeight(10)
            value = QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setMinimumWidth(130)
            pace = QLabel()
            pace.setObjectName("goalPace")
            grid.addWidget(name, row * 2, 0)
            grid.addWidget(bar, row * 2, 1)
            grid.addWidget(value, row * 2, 2)
            grid.addWidget(pace, row * 2 + 1, 1, 1, 2)
            self.bars[metric.value] = bar
            self.values[metric.value] = value
            self.paces[metric.value] = pace
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(grid)

    @property
    def period(self) -> str:
        return PERIODS[max(0, self.tabs.currentIndex())].value

    def show_progress(self, progress: list[GoalProgress]) -> None:
        if progress:
            first, last = progress[0].first, progress[0].last
            self.range_label.setText(f"  {fmt.format_date(first)} – {fmt.format_date(last)}")
        for item in progress:
            bar = self.bars[item.metric]
            bar.setEnabled(item.target > 0)
            bar.setValue(round(item.fraction * BAR_SCALE))
            self.values[item.metric].setText(progress_text(item))
            pace = self.paces[item.metric]
            pace.setText(pace_text(item))
            behind = item.target > 0 and item.pace.behind and not item.pace.met
            if self._behind.get(item.metric) != behind:  # a style sheet costs a re-polish
                self._behind[item.metric] = behind
                pace.setStyleSheet(accent_css(WARNING) if behind else "")


class PortfolioPanel(QWidget):
    """Customers per state, the renewal rate, and renewals by month as a bar chart."""

    def __init__(self) -> None:
        super().__init__()
        counts = QHBoxLayout()
        self.state_counts: dict[str, QLabel] = {}
        for state in BOARD_STATES:
            box = QVBoxLayout()
            number = QLabel("0")
            number.setObjectName("bigNumber")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption = QLabel(state_label(state.value))
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(number)
            box.addWidget(caption)
            counts.addLayout(box)
            self.state_counts[state.value] = number
        self.rate = QLabel()
        self.rate.setObjectName("renewalRate")
        self.rate.setWordWrap(True)
        self.chart_view = RenewalsChart(self.tr("Customers renewing"),
                                        self.tr("Amount (thousands)"))
        self.chart_view.setObjectName("renewalsChart")
        self.chart_view.setAccessibleName(self.tr("Renewals by month"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(counts)
        layout.addWidget(self.rate)
        chart_title = QLabel(self.tr("Renewals due in the next 12 months"))
        chart_title.setObjectName("homeSubheading")
        layout.addWidget(chart_title)
        layout.addWidget(self.chart_view, 1)
        self._shown: Portfolio | None = None

    def show_portfolio(self, data: Portfolio) -> None:
        """Show ``data``; the same figures as on screen leave the widgets (and the chart)
        untouched."""
        if data == self._shown:
            return
        self._shown = data
        for state, label in self.state_counts.items():
            label.setText(str(data.per_state.get(state, 0)))
        rate = data.rate
        if rate.rate is None:
            self.rate.setText(self.tr("Renewal rate (12 months): no contract came up yet"))
        else:
            percent = QLocale().toString(rate.rate * 100, "f", 0)
            self.rate.setText(self.tr("Renewal rate (12 months): %1% — %2 of %3 renewed")
                              .replace("%1", percent).replace("%2", str(rate.renewed))
                              .replace("%3", str(rate.due)))
        self.chart_view.set_months(data.by_month)

@dataclass(frozen=True)
class _Reading:
    """What one :meth:`HomePage.reload` read (None: that part was not re-read)."""

    goals: list[GoalProgress] | None
    attention: Attention | None
    portfolio: Portfolio | None


class HomePage(QWidget):
    """Emits ``open_customer(id)`` and ``action_requested(name, id)`` (0 = let the user
    pick; ``open_todo`` carries a to-do id), and ``page_requested(key)`` ("todos") when
    the user asks for every to-do the capped list leaves out; the main window connects
    them (``page_requested`` → ``show_page``).

    The attention list shows at most ``attention_limit`` rows per category, so its cost
    follows what is on screen, not the portfolio's size; the heading gives the true total
    and a line below the list says how many are not shown (overdue to-dos are never
    silently hidden: "Show all in To-dos" opens the full list)."""

    open_customer = Signal(int)
    action_requested = Signal(object, int)  # (ui.app.actions.Action, id)
    page_requested = Signal(str)

    SHOWS = ATTENTION_SHOWS | GOALS_SHOWS | PORTFOLIO_SHOWS | EMPTY_STATE_SHOWS

    DAY_CHECK_MS = 60_000

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.attention_limit = DEFAULT_ATTENTION_LIMIT
        self._day: date | None = None
        self._has_customers: bool | None = None  # None: not read yet
        self.goals = GoalsPanel()
        self.goals.tabs.currentChanged.connect(lambda _i: self.reload_goals())
        self.goals.edit_goals.connect(self.open_goals_dialog)
        self.attention_model = AttentionModel(lambda: self.ctx.zone)
        self.attention = QListView()
        self.attention.setFrameShape(QFrame.Shape.NoFrame)
        self.attention.setObjectName("needsAttention")
        self.attention.setAccessibleName(self.tr("Needs attention"))
        self.attention.setModel(self.attention_model)
        self.attention.setItemDelegate(AttentionDelegate(self.attention))
        self.attention.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.attention.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.attention.setUniformItemSizes(True)
        self.attention.clicked.connect(self.open_row)
        self.attention.activated.connect(self._activated)
        self.attention_title = QLabel()
        self.attention_title.setObjectName("homeHeading")
        self.attention_empty = QLabel(self.tr("Nothing needs attention right now — nice work."))
        self.attention_empty.setObjectName("emptyState")
        self.attention_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.attention_empty.setWordWrap(True)
        self.portfolio = PortfolioPanel()
        self.empty = self._empty_state()
        self._body = self._dashboard_body()
        self.stack = QStackedLayout()
        self.stack.addWidget(self._body)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 4)
        layout.addLayout(self._quick_entry())
        layout.addLayout(self.stack, 1)
        self.setStyleSheet("""
            QFrame#homeCard { border: 1px solid palette(mid); border-radius: 8px; }
            QLabel#homeHeading { font-weight: bold; font-size: 12pt; }
            QLabel#homeSubheading { font-weight: bold; }
            QLabel#bigNumber { font-size: 20pt; font-weight: bold; }
            QLabel#goalPace { color: palette(placeholder-text); }
        """)
        self._day_timer = QTimer(self, interval=self.DAY_CHECK_MS)
        self._day_timer.timeout.connect(self.check_day)
        self._day_timer.start()
        # Hidden (another page on screen): reload when shown again, not on every change.
        self._reloader = reload_when_visible(self, ctx, self.reload, shows=self.SHOWS)
        # Home is the start page: the first paint must show its data, so load it now
        # (cheap: every query is capped and indexed) — this also keeps tests deterministic.
        self.reload()

    # --- layout -------------------------------------------------------------------------
    def _quick_entry(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.quick_buttons: dict[Action, QPushButton] = {}
        for action in QUICK_ENTRY:
            button = make_button(action, partial(self.action_requested.emit, action, 0))
            button.setObjectName(f"quick_{action.value}")
            row.addWidget(button)
            self.quick_buttons[action] = button
        row.addSpacing(12)
        self.work_report_button = make_button(
            Action.WORK_REPORT, partial(self.action_requested.emit, Action.WORK_REPORT, 0))
        row.addWidget(self.work_report_button)
        row.addStretch(1)
        self.day_label = QLabel()
        self.day_label.setObjectName("homeDay")
        row.addWidget(self.day_label)
        return row

    def _dashboard_body(self) -> QWidget:
        goals_card, goals_layout = _card(self.tr("Goals"))
        goals_layout.addWidget(self.goals)
        attention_card, attention_layout = _card("")
        heading_item = attention_layout.itemAt(0)  # _card's heading, unused here
        heading = heading_item.widget() if heading_item is not None else None
        assert heading is not None
        heading.hide()
        attention_layout.addWidget(self.attention_title)
        self.attention_stack = QStackedLayout()
        self.attention_stack.addWidget(self.attention)
        self.attention_stack.addWidget(self.attention_empty)
        attention_layout.addLayout(self.attention_stack, 1)
        more_row = QHBoxLayout()
        self.attention_more = QLabel()
        self.attention_more.setObjectName("attentionMore")
        self.attention_more.setWordWrap(True)
        self.show_all_todos = QPushButton(self.tr("Show all in To-dos"))
        self.show_all_todos.setObjectName("showAllTodos")
        self.show_all_todos.clicked.connect(lambda: self.page_requested.emit("todos"))
        more_row.addWidget(self.attention_more, 1)
        more_row.addWidget(self.show_all_todos)
        attention_layout.addLayout(more_row)
        portfolio_card, portfolio_layout = _card(self.tr("Portfolio at a glance"))
        portfolio_layout.addWidget(self.portfolio, 1)
        left = QVBoxLayout()
        left.addWidget(goals_card)
        left.addWidget(attention_card, 1)
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 4, 0, 0)
        row.addLayout(left, 3)
        row.addWidget(portfolio_card, 2)
        return body

    def _empty_state(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.addStretch(1)
        text = QLabel(self.tr(
            "Welcome! No customers yet.\n\nAdd your first customer and Home will show your "
            "goals, the renewals coming up and whom to contact next."))
        text.setObjectName("emptyState")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(text)
        add = QPushButton(self.tr("Add your first customer"))
        add.setObjectName("emptyAddCustomer")
        add.clicked.connect(lambda: self.action_requested.emit(Action.NEW_CUSTOMER, 0))
        layout.addWidget(add, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return panel

    # --- data ---------------------------------------------------------------------------
    def reload(self, what: Change = Change.ALL) -> None:
        """Re-read the parts of Home that show a kind in ``what`` (all by default: a new
        day changes "today", overdue and the periods). Leaving the welcome state reads
        every part, as they were not kept up to date meanwhile.

        Every part is read in ONE read transaction (one consistent snapshot) on its DB-API
        connection, resolved once: through an ORM session each statement would pay the
        session's connection look-up and flush again."""
        self._day = self.ctx.today()
        self.day_label.setText(fmt.format_date(self._day))
        reading = self.ctx.read_sql(self._read, what=what, today=self._day)
        if reading.goals is not None:
            self.goals.show_progress(reading.goals)
        if not self._has_customers:
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentWidget(self._body)
        if reading.attention is not None:
            self.show_attention(reading.attention)
        if reading.portfolio is not None:
            self.portfolio.show_portfolio(reading.portfolio)

    def _read(self, db: Any, *, what: Change, today: date) -> _Reading:
        conn = connection_of(db)
        if what & EMPTY_STATE_SHOWS or self._has_customers is None:
            had = self._has_customers
            self._has_customers = bool(has_any_customer(conn))
            if self._has_customers and not had:
                what = Change.ALL
        goals = (goal_progress(conn, period=self.goals.period, today=today,
                               zone=self.ctx.zone) if what & GOALS_SHOWS else None)
        if not self._has_customers:
            return _Reading(goals, None, None)
        found = (attention(conn, now=self.ctx.now(), zone=self.ctx.zone,
                           limit=self.attention_limit) if what & ATTENTION_SHOWS else None)
        shown = portfolio(conn, today=today) if what & PORTFOLIO_SHOWS else None
        return _Reading(goals, found, shown)

    def show_attention(self, found: Attention) -> None:
        """The capped rows, the true total in the heading, and what is not shown."""
        self.attention_model.set_items(found.items)
        self.attention_title.setText(self.tr("Needs attention · %1")
                                     .replace("%1", QLocale().toString(found.total)))
        self.attention_stack.setCurrentWidget(
            self.attention if found.items else self.attention_empty)
        hidden = sum(found.hidden(kind) for kind in AttentionKind)
        hidden_todos = (found.hidden(AttentionKind.OVERDUE_TODO)
                        + found.hidden(AttentionKind.DUE_TODAY))
        self.attention_more.setText(self.tr("and %n more not shown", None, hidden))
        self.attention_more.setVisible(hidden > 0)
        self.show_all_todos.setVisible(hidden_todos > 0)

    def reload_goals(self) -> None:
        progress = self.ctx.read_sql(goal_progress, period=self.goals.period,
                                     today=self.ctx.today(), zone=self.ctx.zone)
        self.goals.show_progress(progress)

    def check_day(self) -> None:
        """Called every minute: a new local day changes "today", overdue and the periods."""
        if self.ctx.today() != self._day:
            self.reload()

    def _activated(self, index: QModelIndex) -> None:
        """Enter on a row. A double-click also activates, but its first click opened it."""
        if QGuiApplication.mouseButtons() == Qt.MouseButton.NoButton:
            self.open_row(index)

    def open_row(self, index: QModelIndex) -> None:
        item = index.data(ItemRole)
        if item is None:
            return
        if item.todo_id is not None:
            self.action_requested.emit(Action.OPEN_TODO, item.todo_id)
        elif item.customer_id is not None:
            self.open_customer.emit(item.customer_id)

    def current_customer_id(self) -> int | None:
        """The customer of the selected Needs attention row (a to-do row's customer too):
        the window's customer actions act on it. None when nothing is selected."""
        index = self.attention.currentIndex()
        if not index.isValid() or not self.attention.selectionModel().isSelected(index):
            return None
        item = index.data(ItemRole)
        return item.customer_id if item is not None else None

    def open_goals_dialog(self) -> QWidget:
        from mycrm.ui.home.goals_dialog import GoalsDialog

        dialog = GoalsDialog(self.ctx, period=self.goals.period, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
