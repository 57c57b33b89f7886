"""The customer page: who they are, what is open, and everything that happened — so the
user is back in context within a minute. Shown inside the main window's stack with Back."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.changes import Change
from mycrm.core.customers.page import (
    RECORD_KIND,
    CustomerHeader,
    TimelineFilter,
    contracts,
    customer_contacts,
    customer_header,
    open_needs,
    open_todos,
    timeline,
)
from mycrm.core.customers.services import NotFoundError
from mycrm.core.records.renewals import reactivate
from mycrm.core.records.services import delete_interaction
from mycrm.core.todos.services import complete_todo, delete_todo
from mycrm.ui.app.actions import CUSTOMER_ACTIONS, Action, make_button
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.fmt import days_left_text, format_date, format_datetime, format_money
from mycrm.ui.common.forms import confirm_delete
from mycrm.ui.common.labels import TIER_COLORS, state_label, timeline_filter_label
from mycrm.ui.common.plain import literal_text, plain_label
from mycrm.ui.common.reload import reload_when_visible
from mycrm.ui.common.theme import ERROR, NEUTRAL, accent_css, text_on
from mycrm.ui.customers.timeline_model import IdRole, Row, RowsModel, TimelineModel

BRIEF_LINES, BRIEF_CHARS = 4, 300  # a long text shows its start on the page…
TIP_LINES, TIP_CHARS = 40, 3_000  # …and more of it in the tooltip (the editor has it all)


def brief_text(text: str, lines: int = BRIEF_LINES, chars: int = BRIEF_CHARS) -> str:
    """The first ``lines`` lines of ``text``, at most ``chars`` characters, with "…" when
    something was left out: a page header must not grow with a long text."""
    whole = text.splitlines()
    shown = "\n".join(whole[:lines])[:chars]
    return shown if shown == "\n".join(whole) else shown.rstrip() + "…"


class Section(QGroupBox):
    """A titled table with an empty-state line shown instead of an empty table."""

    def __init__(self, title: str, headers: list[str], empty: str) -> None:
        super().__init__(title)
        self.model = RowsModel(headers)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(title)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        self.empty = QLabel(empty)
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self.stack)

    def set_rows(self, rows: list[Row]) -> None:
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.view if rows else self.empty)
        self.view.resizeColumnsToContents()

    def selected_id(self) -> int | None:
        index = self.view.currentIndex()
        return None if not index.isValid() else int(index.data(IdRole))


class CustomerPage(QWidget):
    """``back_requested()``; ``action_requested(Action, id)`` for the window's actions
    (``ui.app.actions``): the customer's actions with its id, ``EDIT_TODO`` /
    ``EDIT_RECORD`` / ``EDIT_NEED`` with the item's. ``current_customer_id()`` is the
    customer shown, which the window's actions act on."""

    back_requested = Signal()
    action_requested = Signal(object, int)  # (ui.app.actions.Action, id)

    # Everything about one customer: header, contacts, open to-dos, open needs, contracts,
    # and a timeline of records and events (to-dos, needs, renewals leave events there).
    SHOWS = (Change.CUSTOMERS | Change.CONTACTS | Change.TODOS | Change.RECORDS | Change.NEEDS
             | Change.RENEWALS)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.customer_id: int | None = None
        self.setObjectName("page_customer")
        self._build()
        reload_when_visible(self, ctx, lambda _what: self.reload(), shows=self.SHOWS)

    # --- layout -----------------------------------------------------------------------
    def _build(self) -> None:
        back = QPushButton(self.tr("← Back"))
        back.setObjectName("back")
        back.setToolTip(self.tr("Back (Alt+Left)"))
        back.setShortcut(QKeySequence("Alt+Left"))
        back.clicked.connect(self.back_requested)
        self.name = plain_label()  # the customer's name as typed, like every fact below
        self.name.setObjectName("customerName")
        self.name.setStyleSheet("font-size: 17pt; font-weight: bold;")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name.setMinimumWidth(100)
        self.tier = QLabel()
        self.tier.setObjectName("tierBadge")
        self.state = QLabel()
        self.state.setObjectName("stateBadge")
        top = QHBoxLayout()
        top.addWidget(back)
        top.addSpacing(8)
        top.addWidget(self.name)
        top.addWidget(self.tier)
        top.addWidget(self.state)
        top.addStretch(1)
        actions = QHBoxLayout()
        self.action_buttons: dict[Action, QPushButton] = {}
        for action in (*CUSTOMER_ACTIONS, Action.EDIT_CUSTOMER):
            button = make_button(action, partial(self._request, action))
            actions.addWidget(button)
            self.action_buttons[action] = button
        self.reactivate_button = QPushButton(self.tr("Back on the board"))
        self.reactivate_button.setObjectName("reactivate")
        self.reactivate_button.setToolTip(self.tr("Undo “lost”: put the customer back on the "
                                                  "board"))
        self.reactivate_button.clicked.connect(self._reactivate)
        actions.addWidget(self.reactivate_button)
        actions.addStretch(1)
        report = make_button(Action.QBR_REPORT, partial(self._request, Action.QBR_REPORT))
        actions.addWidget(report)  # a document about the customer, apart from its records
        self.action_buttons[Action.QBR_REPORT] = report
        self.facts = {key: plain_label() for key in ("renewal", "amount", "last_visit", "industry",
                                                   "lost")}
        facts = QGridLayout()
        captions = (self.tr("Renewal"), self.tr("Contract amount"), self.tr("Last visit"),
                    self.tr("Industry"))
        for column, (caption, key) in enumerate(zip(captions, self.facts, strict=False)):
            label = QLabel(caption)
            label.setStyleSheet("color: palette(placeholder-text);")
            facts.addWidget(label, 0, column)
            self.facts[key].setStyleSheet("font-size: 11pt;")
            facts.addWidget(self.facts[key], 1, column)
        self.facts["lost"].setStyleSheet(accent_css(ERROR) + " font-weight: bold;")
        self.facts["lost"].hide()
        plans = self._build_plans()

        self.contacts = Section(self.tr("Contacts"), [self.tr("Name"), self.tr("Title"),
                                                      self.tr("Phone"), self.tr("E-mail")],
                                self.tr("No contacts yet — edit the customer to add one."))
        self.todos = Section(self.tr("Open to-dos"), [self.tr("To-do"), self.tr("Reminder")],
                             self.tr("No open to-dos — press Ctrl+T to add one."))
        self.needs = Section(self.tr("Open needs"), [self.tr("Need"), self.tr("Amount"),
                                                     self.tr("Follow up")],
                             self.tr("No open needs — press Ctrl+Shift+N to capture one."))
        self.contracts = Section(self.tr("Contracts"), [self.tr("Kind"), self.tr("Ends"),
                                                        self.tr("Amount"), self.tr("Signed")],
                                 self.tr("No contracts yet — record a renewal or edit the "
                                         "customer's renewal date."))
        self.contacts.view.doubleClicked.connect(
            lambda i: self._edit_contact(int(i.data(IdRole))))
        add_contact = QPushButton(self.tr("Add contact…"))
        add_contact.setObjectName("addContact")
        add_contact.clicked.connect(lambda: self._edit_contact(None))
        contacts_box = self.contacts.layout()
        assert contacts_box is not None  # Section lays itself out in __init__
        contacts_box.addWidget(add_contact)
        self.todos.view.doubleClicked.connect(
            lambda i: self._request(Action.EDIT_TODO, int(i.data(IdRole))))
        self.needs.view.doubleClicked.connect(
            lambda i: self._request(Action.EDIT_NEED, int(i.data(IdRole))))
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        for section in (self.contacts, self.todos, self.needs, self.contracts):
            left_box.addWidget(section, 1)

        self.filter = QComboBox()
        self.filter.setObjectName("timelineFilter")
        self.filter.setAccessibleName(self.tr("Show in the timeline"))
        for key in TimelineFilter:
            self.filter.addItem(timeline_filter_label(key.value), key.value)
        self.filter.currentIndexChanged.connect(lambda _i: self.reload_timeline())
        self.timeline_model = TimelineModel(self.ctx.zone)
        self.timeline_view = QListView()
        self.timeline_view.setFrameShape(QFrame.Shape.NoFrame)
        self.timeline_view.setObjectName("timeline")
        self.timeline_view.setAccessibleName(self.tr("Timeline"))
        self.timeline_view.setModel(self.timeline_model)
        self.timeline_view.setWordWrap(True)
        self.timeline_view.setAlternatingRowColors(True)
        self.timeline_view.setSpacing(2)
        self.timeline_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.timeline_view.doubleClicked.connect(self._open_timeline_item)
        self.timeline_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.timeline_view.customContextMenuRequested.connect(self._timeline_menu)
        self.todos.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.todos.view.customContextMenuRequested.connect(self._todo_menu)
        self.timeline_empty = QLabel(self.tr("Nothing here yet — log a visit with Ctrl+L."))
        self.timeline_empty.setObjectName("emptyState")
        self.timeline_stack = QStackedLayout()
        self.timeline_stack.addWidget(self.timeline_view)
        self.timeline_stack.addWidget(self.timeline_empty)
        right = QGroupBox(self.tr("Timeline"))
        right_box = QVBoxLayout(right)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel(self.tr("Show:")))
        filter_row.addWidget(self.filter)
        filter_row.addStretch(1)
        right_box.addLayout(filter_row)
        right_box.addLayout(self.timeline_stack, 1)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addLayout(facts)
        layout.addLayout(plans)
        layout.addWidget(self.facts["lost"])
        layout.addWidget(split, 1)
        self._add_shortcuts()

    def _build_plans(self) -> QGridLayout:
        """The customer's goals for the year and the value delivered (what the QBR report
        is about), side by side under the facts; each shown only when it is set."""
        grid = QGridLayout()
        self.plans: dict[str, tuple[QLabel, QLabel]] = {}
        for column, (key, caption) in enumerate((
                ("year_goals", self.tr("Goals for the year")),
                ("value_delivered", self.tr("Value delivered")))):
            label = QLabel(caption)
            label.setStyleSheet("color: palette(placeholder-text);")
            text = plain_label()
            text.setObjectName(key)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(label, 0, column)
            grid.addWidget(text, 1, column, Qt.AlignmentFlag.AlignTop)
            grid.setColumnStretch(column, 1)
            self.plans[key] = (label, text)
        return grid

    def _show_plans(self, header: CustomerHeader) -> None:
        for key, value in (("year_goals", header.year_goals),
                           ("value_delivered", header.value_delivered)):
            label, text = self.plans[key]
            shown = brief_text(value)
            text.setText(shown)
            text.setToolTip("" if shown == value else literal_text(
                brief_text(value, TIP_LINES, TIP_CHARS)))
            label.setVisible(bool(value))
            text.setVisible(bool(value))

    def _add_shortcuts(self) -> None:
        delete = QAction(self.tr("Delete"), self)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete.triggered.connect(self.delete_selected)
        self.addAction(delete)
        done = QAction(self.tr("Mark done"), self)
        done.setShortcut(QKeySequence("Ctrl+D"))
        done.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        done.triggered.connect(self.complete_selected_todo)
        self.addAction(done)

    # --- data -------------------------------------------------------------------------
    def set_customer(self, customer_id: int) -> None:
        self.customer_id = customer_id
        self.filter.setCurrentIndex(0)
        self.reload()

    def reload(self) -> None:
        if self.customer_id is None:
            return
        try:
            header = self.ctx.read(customer_header, customer_id=self.customer_id,
                                   today=self.ctx.today())
        except NotFoundError:
            self.customer_id = None
            self.back_requested.emit()
            return
        self._show_header(header)
        cid = self.customer_id
        self.contacts.set_rows([Row(c.id or 0, (c.name, c.title, c.phone, c.email))
                                for c in self.ctx.read(customer_contacts, customer_id=cid)])
        self.todos.set_rows([
            Row(t.id or 0, (t.title, format_datetime(t.remind_at, t.remind_tz or self.ctx.zone)),
                tooltip=t.notes or t.title)
            for t in self.ctx.read(open_todos, customer_id=cid)])
        self.needs.set_rows([
            Row(n.id or 0, (n.title, format_money(n.amount_cents) if n.amount_cents else "",
                            format_date(n.follow_up_on)), tooltip=n.detail or n.title)
            for n in self.ctx.read(open_needs, customer_id=cid)])
        self.contracts.set_rows([
            Row(c.id or 0, (self.tr("Renewal") if c.kind == "renewal" else self.tr("Contract"),
                            format_date(c.end_date), format_money(c.amount_cents, c.currency),
                            format_date(c.signed_on)))
            for c in self.ctx.read(contracts, customer_id=cid)])
        self.reload_timeline()

    def reload_timeline(self) -> None:
        if self.customer_id is None:
            return
        items = self.ctx.read(timeline, customer_id=self.customer_id,
                              category=self.filter.currentData() or TimelineFilter.ALL.value)
        self.timeline_model.set_items(items)
        self.timeline_stack.setCurrentWidget(self.timeline_view if items
                                             else self.timeline_empty)

    def _show_header(self, header: CustomerHeader) -> None:
        self.name.setText(header.name)
        self._show_plans(header)
        fill = TIER_COLORS.get(header.tier, QColor(NEUTRAL))
        self.tier.setText(f" {header.tier} ")
        self.tier.setStyleSheet(
            f"background: {fill.name()}; color: {text_on(fill, self.palette()).name()}; "
            "border-radius: 4px; font-weight: bold; padding: 2px 4px;")
        self.state.setText(state_label(header.state))
        self.state.setStyleSheet("border: 1px solid palette(mid); border-radius: 4px; "
                                 "padding: 2px 6px;")
        renewal = (self.tr("%1 (%2)").replace("%1", format_date(header.renewal_date))
                   .replace("%2", days_left_text(header.days_left))
                   if header.renewal_date else days_left_text(None))
        self.facts["renewal"].setText(renewal)
        self.facts["amount"].setText(format_money(header.amount_cents, header.currency)
                                     if header.amount_cents else "—")
        self.facts["last_visit"].setText(format_datetime(header.last_visit_at, self.ctx.zone)
                                         or self.tr("never"))
        self.facts["industry"].setText(header.industry or "—")
        if header.lost_on is not None:
            self.facts["lost"].setText(self.tr("Lost on %1: %2").replace(
                "%1", format_date(header.lost_on)).replace("%2", header.lost_reason))
            self.facts["lost"].show()
        else:
            self.facts["lost"].hide()
        lost = header.lost_on is not None
        self.reactivate_button.setVisible(lost)
        self.action_buttons[Action.MARK_LOST].setVisible(not lost)

    # --- actions ----------------------------------------------------------------------
    def current_customer_id(self) -> int | None:
        """The customer shown: the window's customer actions act on it."""
        return self.customer_id

    def _request(self, action: Action, target: int | None = None) -> None:
        if self.customer_id is None:
            return
        self.action_requested.emit(action, self.customer_id if target is None else target)

    def _edit_contact(self, contact_id: int | None) -> None:
        from mycrm.ui.customers.contact_editor import ContactEditor

        if self.customer_id is None:
            return
        editor = ContactEditor(self.ctx, self.customer_id, contact_id, parent=self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.open()
        self._contact_editor = editor

    def _reactivate(self) -> None:
        if self.customer_id is not None:
            self.ctx.run(reactivate, customer_id=self.customer_id)

    def _open_timeline_item(self, index: QModelIndex) -> None:
        item = self.timeline_model.item(index.row())
        if item.kind == RECORD_KIND:
            self._request(Action.EDIT_RECORD, item.ref_id)

    def _timeline_menu(self, pos: QPoint) -> None:
        index = self.timeline_view.indexAt(pos)
        if not index.isValid() or self.timeline_model.item(index.row()).kind != RECORD_KIND:
            return
        self.timeline_view.setCurrentIndex(index)
        record_id = self.timeline_model.item(index.row()).ref_id
        menu = QMenu(self)
        menu.addAction(Action.EDIT_RECORD.text(),
                       lambda: self._request(Action.EDIT_RECORD, record_id))
        menu.addAction(self.tr("Delete record…"), self.delete_selected)
        menu.exec(self.timeline_view.viewport().mapToGlobal(pos))

    def _todo_menu(self, pos: QPoint) -> None:
        index = self.todos.view.indexAt(pos)
        if not index.isValid():
            return
        self.todos.view.setCurrentIndex(index)
        todo_id = int(index.data(IdRole))
        menu = QMenu(self)
        menu.addAction(Action.EDIT_TODO.text(), lambda: self._request(Action.EDIT_TODO, todo_id))
        menu.addAction(self.tr("Mark done"), self.complete_selected_todo)
        menu.addAction(self.tr("Delete to-do…"), lambda: self._delete_todo(todo_id))
        menu.exec(self.todos.view.viewport().mapToGlobal(pos))

    def _delete_todo(self, todo_id: int) -> None:
        if self._confirm(self.tr("Delete this to-do?")):
            self.ctx.undoable(delete_todo, todo_id=todo_id)

    def selected_record_id(self) -> int | None:
        index = self.timeline_view.currentIndex()
        if not index.isValid():
            return None
        item = self.timeline_model.item(index.row())
        return item.ref_id if item.kind == RECORD_KIND else None

    def delete_selected(self) -> None:
        """Delete the selected record (timeline) or to-do, after confirmation; Ctrl+Z undoes."""
        if self.todos.view.hasFocus() and (todo_id := self.todos.selected_id()) is not None:
            self._delete_todo(todo_id)
            return
        record_id = self.selected_record_id()
        if record_id is not None and self._confirm(self.tr("Delete this service record?")):
            self.ctx.undoable(delete_interaction, record_id=record_id)

    def complete_selected_todo(self) -> None:
        todo_id = self.todos.selected_id()
        if todo_id is not None:
            self.ctx.run(complete_todo, todo_id=todo_id)

    def _confirm(self, question: str) -> bool:
        return confirm_delete(self, question)

