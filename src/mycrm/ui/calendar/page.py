"""The Calendar page: month / week / agenda views of renewals, to-dos and visits.

Selecting a day lists its items (Enter or double-click opens the customer or to-do);
to-dos dragged from that list onto another day of the grid are rescheduled (same wall-clock
time). Reads go through ``ctx.read``, the one write (rescheduling) through ``ctx.run``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from PySide6.QtCore import QDate, QEvent, QLocale, QModelIndex, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.calendar.days import (
    CalendarFilter,
    CalendarItem,
    ItemKind,
    day_counts,
    expiring_this_month,
    items_between,
    items_per_day,
    month_grid,
    reschedule_todo,
)
from mycrm.core.changes import Change
from mycrm.core.common.validation import ValidationError
from mycrm.core.db.models import Tier
from mycrm.core.todos.services import TodoNotFoundError
from mycrm.ui.app.actions import Action
from mycrm.ui.app.context import AppContext
from mycrm.ui.calendar.delegate import DayCellDelegate
from mycrm.ui.calendar.item_delegate import ItemRowDelegate
from mycrm.ui.calendar.models import DateRole, DayGridModel, ItemListModel, ItemRole, RowRole
from mycrm.ui.common import fmt
from mycrm.ui.common.reload import reload_when_visible
from mycrm.ui.common.theme import ERROR, accent_css

MONTH, WEEK, AGENDA = 0, 1, 2
DAY_PAGE = 30  # items of the selected day read at a time (more as the list scrolls)
WEEK_MIN_LINES = 8  # item lines read per day of the week before the week view has its size


def _grid_view(model: DayGridModel, delegate: DayCellDelegate, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    delegate.setParent(view)
    view.setItemDelegate(delegate)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
    view.setAcceptDrops(True)
    view.setDropIndicatorShown(True)
    view.setDragDropOverwriteMode(True)  # a drop lands ON a day, never between days
    view.setShowGrid(True)
    view.setCornerButtonEnabled(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.horizontalHeader().setHighlightSections(False)
    return view


class CalendarPage(QWidget):
    """Emits ``open_customer(id)`` and ``action_requested(Action, id)`` (``OPEN_TODO``,
    ``NEW_TODO``, ``LOG_VISIT``) for the main window; ``current_customer_id()`` is the
    selected item's customer, which the window's actions act on."""

    open_customer = Signal(int)
    action_requested = Signal(object, int)  # (ui.app.actions.Action, id)

    # Renewal dates of active customers (name, tier), to-dos with a due time, and visits.
    SHOWS = Change.RENEWALS | Change.CUSTOMERS | Change.TODOS | Change.RECORDS

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.anchor = ctx.today()  # a day of the period shown
        self.selected_day = self.anchor
        self.expiring_mode = False
        self.plan_day: date | None = None  # set only while a "… on this day" is requested
        self.month_model = DayGridModel(self.reschedule)
        self.week_model = DayGridModel(self.reschedule, lambda: self.ctx.zone)
        self.day_model = ItemListModel(lambda: self.ctx.zone)
        self._week_lines = 0  # item lines per day read for the week view
        self._setting_week = False  # the week view is given new days (its resizes ignored)
        self.agenda_model = ItemListModel(lambda: self.ctx.zone, with_day=True)
        self._build_toolbar()
        self._build_views()
        self._week_viewport = self.week_view.viewport()
        self._week_viewport.installEventFilter(self)
        self._build_day_panel()
        self._build_layout()
        self._add_shortcuts()
        reload_when_visible(self, ctx, lambda _what: self.reload(), shows=self.SHOWS)
        self.reload()

    # --- construction -------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        self.prev_button = self._tool("‹", self.tr("Previous period (Page Up)"), self.go_prev)
        self.next_button = self._tool("›", self.tr("Next period (Page Down)"), self.go_next)
        self.today_button = QPushButton(self.tr("Today"))
        self.today_button.setToolTip(self.tr("Go to today (Alt+Home)"))
        self.today_button.clicked.connect(self.go_today)
        self.title = QLabel()
        self.title.setObjectName("calendarTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.view_buttons = QButtonGroup(self)
        self.view_buttons.setExclusive(True)
        for mode, text in ((MONTH, self.tr("Month")), (WEEK, self.tr("Week")),
                           (AGENDA, self.tr("Agenda"))):
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.setChecked(mode == MONTH)
            self.view_buttons.addButton(button, mode)
        self.view_buttons.idClicked.connect(self.set_view)
        self.kind_buttons: dict[str, QToolButton] = {}
        for kind, text in ((ItemKind.RENEWAL, self.tr("Renewals")),
                           (ItemKind.TODO, self.tr("To-dos")),
                           (ItemKind.VISIT, self.tr("Visits"))):
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.setChecked(True)
            button.setAccessibleName(self.tr("Show %1").replace("%1", text))
            if kind is ItemKind.VISIT:
                button.setToolTip(self.tr("Visits and QBRs (a QBR is a visit)"))
            button.toggled.connect(lambda _on: self._filters_changed())
            self.kind_buttons[kind.value] = button
        self.tier_box = QComboBox()
        self.tier_box.setAccessibleName(self.tr("Tier"))
        self.tier_box.addItem(self.tr("All tiers"), "")
        for tier in Tier:
            self.tier_box.addItem(self.tr("Tier %1").replace("%1", tier.value), tier.value)
        self.tier_box.currentIndexChanged.connect(lambda _i: self._filters_changed())
        self.expiring_button = QPushButton(self.tr("Expiring this month"))
        self.expiring_button.setCheckable(True)
        self.expiring_button.setToolTip(self.tr("Jump to this month and list the customers "
                                                "whose renewal date falls in it"))
        self.expiring_button.toggled.connect(self.show_expiring)

    def _tool(self, text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.clicked.connect(slot)
        return button

    def _build_views(self) -> None:
        self.month_view = _grid_view(self.month_model, DayCellDelegate(self.ctx.zone),
                                     "calendarMonth")
        self.week_view = _grid_view(self.week_model,
                                    DayCellDelegate(self.ctx.zone, show_items=True),
                                    "calendarWeek")
        for view in (self.month_view, self.week_view):
            view.setAccessibleName(self.tr("Calendar days"))
            view.selectionModel().currentChanged.connect(self._grid_current_changed)
            view.clicked.connect(self._grid_clicked)
            view.activated.connect(lambda _i: self.day_view.setFocus())  # Enter → the list
        self.agenda_page = QWidget()  # filled when the agenda is first shown (_ensure_agenda)
        self._agenda_built = False
        self.stack = QStackedWidget()
        for widget in (self.month_view, self.week_view, self.agenda_page):
            self.stack.addWidget(widget)

    def _ensure_agenda(self) -> None:
        """Build the agenda's widgets the first time it is shown: a page opened on the month
        (as it always opens) neither builds nor polishes a view it may never show."""
        if self._agenda_built:
            return
        self._agenda_built = True
        self.agenda_view = self._list_view(self.agenda_model, "calendarAgenda")
        self.agenda_view.setAccessibleName(self.tr("Agenda"))
        self.agenda_view.clicked.connect(
            lambda index: self.select_day(index.data(DateRole)) if index.isValid() else None)
        self.agenda_days = QSpinBox()
        self.agenda_days.setRange(7, 120)
        self.agenda_days.setValue(14)
        self.agenda_days.setSuffix(self.tr(" days"))
        self.agenda_days.setAccessibleName(self.tr("Days in the agenda"))
        self.agenda_days.valueChanged.connect(lambda _v: self.reload())
        self.agenda_empty = QLabel()
        self.agenda_empty.setObjectName("emptyState")
        self.agenda_empty.setWordWrap(True)
        box = QVBoxLayout(self.agenda_page)
        box.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Show the next")))
        row.addWidget(self.agenda_days)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(self.agenda_view, 1)
        box.addWidget(self.agenda_empty)

    def _list_view(self, model: ItemListModel, name: str) -> QListView:
        view = QListView()
        view.setFrameShape(QFrame.Shape.NoFrame)
        view.setObjectName(name)
        view.setModel(model)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setDragEnabled(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.setWordWrap(True)  # long company names wrap instead of scrolling sideways
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setSpacing(1)
        view.setIconSize(QSize(6, view.fontMetrics().height()))  # a slim colour bar per kind
        view.setItemDelegate(ItemRowDelegate(RowRole, view))  # the bar and the wrapped line
        view.activated.connect(self._open_item)
        view.doubleClicked.connect(self._open_item)
        return view

    def _build_day_panel(self) -> None:
        self.day_title = QLabel()
        self.day_title.setObjectName("calendarDayTitle")
        font = self.day_title.font()
        font.setBold(True)
        self.day_title.setFont(font)
        self.day_view = self._list_view(self.day_model, "calendarDayItems")
        self.day_view.setAccessibleName(self.tr("Items of the selected day"))
        self.day_empty = QLabel()
        self.day_empty.setObjectName("emptyState")
        self.day_empty.setWordWrap(True)
        self.day_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.new_todo_button = QPushButton(self.tr("New to-do on this day"))
        self.new_todo_button.clicked.connect(lambda: self._plan(Action.NEW_TODO))
        self.log_visit_button = QPushButton(self.tr("Log visit on this day"))
        self.log_visit_button.clicked.connect(lambda: self._plan(Action.LOG_VISIT))
        self.message = QLabel()
        self.message.setObjectName("calendarMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(accent_css(ERROR))
        self.hint = QLabel(self.tr("Drag a to-do onto another day to move its reminder."))
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        for widget in (self.prev_button, self.today_button, self.next_button):
            top.addWidget(widget)
        top.addSpacing(8)
        top.addWidget(self.title)
        top.addStretch(1)
        for button in self.view_buttons.buttons():
            top.addWidget(button)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Show:")))
        for button in self.kind_buttons.values():
            filters.addWidget(button)
        filters.addWidget(self.tier_box)
        filters.addStretch(1)
        filters.addWidget(self.expiring_button)
        panel = QWidget()
        side = QVBoxLayout(panel)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.day_title)
        side.addWidget(self.day_view, 1)
        side.addWidget(self.day_empty, 1)
        side.addWidget(self.message)
        side.addWidget(self.hint)
        side.addWidget(self.new_todo_button)
        side.addWidget(self.log_visit_button)
        splitter = QSplitter()
        splitter.addWidget(self.stack)
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([700, 280])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

    def _add_shortcuts(self) -> None:
        for key, slot in ((QKeySequence(Qt.Key.Key_PageUp), self.go_prev),
                          (QKeySequence(Qt.Key.Key_PageDown), self.go_next),
                          (QKeySequence("Alt+Home"), self.go_today)):
            action = QAction(self)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    # --- state --------------------------------------------------------------------------
    @property
    def view_mode(self) -> int:
        return self.view_buttons.checkedId()

    def current_filter(self) -> CalendarFilter:
        kinds = frozenset(k for k, b in self.kind_buttons.items() if b.isChecked())
        tier = self.tier_box.currentData()
        return CalendarFilter(kinds=kinds if kinds else frozenset(),
                              tiers=frozenset({tier}) if tier else frozenset())

    def set_view(self, mode: int) -> None:
        if mode == AGENDA:
            self._ensure_agenda()
        # The view first, then its button: shown, the week's view takes its size at once,
        # and its resize must not read the week (``eventFilter``) just before reload() does.
        self.stack.setCurrentIndex(mode)
        self.view_buttons.button(mode).setChecked(True)
        self.reload()

    def go_prev(self) -> None:
        self._move(-1)

    def go_next(self) -> None:
        self._move(1)

    def go_today(self) -> None:
        self.show_day(self.ctx.today())

    def show_day(self, day: date) -> None:
        """Show the period containing ``day`` and select it."""
        self.anchor = day
        self.selected_day = day
        self.reload()

    def _move(self, step: int) -> None:
        if self.view_mode == MONTH:
            month = self.anchor.month - 1 + step
            self.anchor = date(self.anchor.year + month // 12, month % 12 + 1, 1)
        elif self.view_mode == WEEK:
            self.anchor += timedelta(days=7 * step)
        else:
            self.anchor += timedelta(days=self.agenda_days.value() * step)
        self.selected_day = self.anchor
        self.reload()

    def _first_weekday(self) -> int:
        return QLocale().firstDayOfWeek().value - 1  # Qt: Monday = 1; core: Monday = 0

    def _filters_changed(self) -> None:
        self.reload()

    # --- loading ------------------------------------------------------------------------
    def reload(self) -> None:
        flt = self.current_filter()
        if self.view_mode == WEEK:
            self._load_week(flt)
        elif self.view_mode == AGENDA:
            self._load_agenda(flt)
        else:
            self._load_month(flt)
        self._load_day_list(flt)

    def _read_kw(self) -> dict[str, object]:
        return {"zone": self.ctx.zone, "now": self.ctx.now()}

    def _load_month(self, flt: CalendarFilter) -> None:
        days = month_grid(self.anchor.year, self.anchor.month, self._first_weekday())
        if self.month_model.days() != days:
            self.month_model.set_days(days, self.anchor.month, self.ctx.today())
        counts = self.ctx.read(day_counts, start=days[0], end=days[-1], flt=flt,
                               **self._read_kw())
        self.month_model.set_content(counts, highlight=self._highlight_days(flt))
        self.title.setText(self._month_title(self.anchor))
        self._select_in(self.month_view, self.month_model)

    def _load_week(self, flt: CalendarFilter) -> None:
        start = self.anchor - timedelta(days=(self.anchor.weekday() - self._first_weekday()) % 7)
        days = [start + timedelta(days=i) for i in range(7)]
        if self.week_model.days() != days:
            self._setting_week = True  # its resize is this read's to measure (eventFilter)
            try:
                self.week_model.set_days(days, 0, self.ctx.today())
            finally:
                self._setting_week = False
        # A cell shows a few lines of a day that may hold hundreds of items: read what fits
        # (the cells say "+N more" from the day's count).
        self._week_lines = self._week_lines_fitting()
        by_day = self.ctx.read(items_per_day, start=days[0], end=days[-1], flt=flt,
                               per_day=self._week_lines, **self._read_kw())
        counts = self.ctx.read(day_counts, start=days[0], end=days[-1], flt=flt,
                               **self._read_kw())
        self.week_model.set_content(counts, by_day, self._highlight_days(flt))
        self.title.setText(self.tr("%1 – %2").replace("%1", fmt.format_date(days[0]))
                           .replace("%2", fmt.format_date(days[-1])))
        self._select_in(self.week_view, self.week_model)

    def _week_lines_fitting(self) -> int:
        """Item lines a week cell shows at the view's present height (the one row fills it);
        at least ``WEEK_MIN_LINES`` before the view has its size."""
        delegate = self.week_view.itemDelegate()
        assert isinstance(delegate, DayCellDelegate)
        height = max(self.week_view.viewport().height(), self.week_view.rowHeight(0))
        return max(WEEK_MIN_LINES, delegate.lines_fitting(self.week_view.font(), height))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """The week grew taller than the lines read: read the week again."""
        if (event.type() == QEvent.Type.Resize and watched is self._week_viewport
                and self.view_mode == WEEK and not self._setting_week
                and self._week_lines_fitting() > self._week_lines):
            self._load_week(self.current_filter())
        return False

    def _load_agenda(self, flt: CalendarFilter) -> None:
        n = self.agenda_days.value()
        end = self.anchor + timedelta(days=n - 1)
        items = self.ctx.read(items_between, start=self.anchor, end=end, flt=flt,
                              **self._read_kw())
        self.agenda_model.set_items(items)
        self.title.setText(self.tr("%1 – %2").replace("%1", fmt.format_date(self.anchor))
                           .replace("%2", fmt.format_date(end)))
        self.agenda_empty.setText(self.tr(
            "Nothing in these %n day(s) — plan a to-do or log a visit from a day.", None, n))
        self.agenda_empty.setVisible(not items)

    def _highlight_days(self, flt: CalendarFilter) -> set[date]:
        if not self.expiring_mode:
            return set()
        return {i.day for i in self.ctx.read(expiring_this_month, today=self.ctx.today(),
                                             flt=flt)}

    def _month_title(self, day: date) -> str:
        month = QLocale().standaloneMonthName(day.month, QLocale.FormatType.LongFormat)
        return self.tr("%1 %2", "month name, year").replace("%1", month).replace(
            "%2", str(day.year))

    def _select_in(self, view: QTableView, model: DayGridModel) -> None:
        index = model.index_of(self.selected_day)
        if index.isValid() and view.currentIndex() != index:
            view.setCurrentIndex(index)

    def _load_day_list(self, flt: CalendarFilter) -> None:
        if self.expiring_mode:
            items = self.ctx.read(expiring_this_month, today=self.ctx.today(), flt=flt)
            self.day_title.setText(self.tr("Expiring this month · %n customer(s)", None,
                                           len(items)))
            empty = self.tr("No renewal date falls in this month.")
            fetch: Callable[[int], list[CalendarItem]] | None = None
        else:
            day = self.selected_day
            items = self._day_page(day, flt, 0)
            fetch = partial(self._day_page, day, flt)
            self.day_title.setText(QLocale().toString(
                QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat))
            empty = self.tr("Nothing on this day yet — add a to-do or log a visit below.")
        self.day_model.with_day = self.expiring_mode
        self.day_model.set_items(items, fetch, DAY_PAGE)
        self.day_empty.setText(empty)
        self.day_empty.setVisible(not items)
        self.day_view.setVisible(bool(items))
        enabled = not self.expiring_mode
        self.new_todo_button.setEnabled(enabled)
        self.log_visit_button.setEnabled(enabled)

    def _day_page(self, day: date, flt: CalendarFilter, offset: int) -> list[CalendarItem]:
        """``DAY_PAGE`` items of ``day`` from ``offset``: the day list reads what it shows
        and the rest as the user scrolls to it. The first page is the day's first items
        as a week cell reads them (one statement for every kind)."""
        if offset == 0:
            return self.ctx.read(items_per_day, start=day, end=day, flt=flt,
                                 per_day=DAY_PAGE, **self._read_kw()).get(day, [])
        return self.ctx.read(items_between, start=day, end=day, flt=flt, limit=DAY_PAGE,
                             offset=offset, **self._read_kw())

    # --- interaction --------------------------------------------------------------------
    def _grid_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        day = current.data(DateRole) if current.isValid() else None
        if day is not None and day != self.selected_day:
            self.select_day(day)

    def _grid_clicked(self, index: QModelIndex) -> None:
        day = index.data(DateRole)
        if day is not None and (day != self.selected_day or self.expiring_mode):
            self.select_day(day)

    def select_day(self, day: date) -> None:
        """List ``day``'s items in the side panel (leaves "expiring" mode)."""
        self.selected_day = day
        self.message.clear()
        grid = {MONTH: (self.month_view, self.month_model),
                WEEK: (self.week_view, self.week_model)}.get(self.view_mode)
        if grid is not None:
            self._select_in(*grid)
        if self.expiring_mode:
            self.expiring_button.setChecked(False)  # → show_expiring(False) reloads
            return
        self._load_day_list(self.current_filter())

    def show_expiring(self, on: bool) -> None:
        """Jump to this month, show renewals only and list the customers expiring in it."""
        self.expiring_mode = on
        self.expiring_button.setChecked(on)
        if on:
            for kind, button in self.kind_buttons.items():
                button.blockSignals(True)
                button.setChecked(kind == ItemKind.RENEWAL.value)
                button.blockSignals(False)
            self.view_buttons.button(MONTH).setChecked(True)
            self.stack.setCurrentIndex(MONTH)
            self.anchor = self.selected_day = self.ctx.today()
        else:
            for button in self.kind_buttons.values():
                button.blockSignals(True)
                button.setChecked(True)
                button.blockSignals(False)
        self.reload()

    def _open_item(self, index: QModelIndex) -> None:
        item: CalendarItem | None = index.data(ItemRole)
        if item is None:
            return
        if item.kind is ItemKind.TODO:
            self.action_requested.emit(Action.OPEN_TODO, item.item_id)
        elif item.customer_id is not None:
            self.open_customer.emit(item.customer_id)

    def _plan(self, action: Action) -> None:
        """Ask the main window for a new to-do / visit, for the selected item's customer.
        While the signal is delivered, ``plan_day`` holds the day the user planned on, so
        the slot can default the editor's date to it."""
        customer_id = self.current_customer_id() or 0
        self.plan_day = self.selected_day
        try:
            self.action_requested.emit(action, customer_id)
        finally:
            self.plan_day = None

    def current_customer_id(self) -> int | None:
        """The customer of the item selected in the day's list, if it has one."""
        item = self._selected_item()
        return item.customer_id if item is not None and item.customer_id else None

    def _selected_item(self) -> CalendarItem | None:
        index = self.day_view.currentIndex()
        return index.data(ItemRole) if index.isValid() else None

    def reschedule(self, todo_ids: list[int], day: date) -> None:
        """Move the dropped to-dos' reminders to ``day`` (same wall-clock time)."""
        self.message.clear()
        try:
            for todo_id in todo_ids:
                self.ctx.run(reschedule_todo, todo_id=todo_id, new_day=day)
        except ValidationError:
            self.message.setText(self.tr("Only an open to-do with a reminder time can be moved."))
        except TodoNotFoundError:
            self.message.setText(self.tr("This to-do no longer exists."))
            self.reload()

