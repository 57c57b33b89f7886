"""The To-dos page: open to-dos grouped Overdue / Today / Upcoming / No date, plus Done recently.

One list model (``todo_list_model``) with group header rows, read a page per group at a time
with counts from SQL; a delegate paints each row with an inline Done circle on the left and
a "Snooze" link on the right, and a group's "Show more" row as a link. Quick add at the top
takes a title and an optional date-time.
"""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QDateTime,
    QElapsedTimer,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.changes import Change
from mycrm.core.common.validation import ValidationError
from mycrm.core.todos import reminders
from mycrm.core.todos.lists import (
    Group,
    TodoFilter,
    TodoRow,
    TodoSection,
    next_group_change,
    todo_group_page,
    todo_position,
    todo_sections,
)
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.common import fmt
from mycrm.ui.common.reload import after_typing, reload_when_visible
from mycrm.ui.common.style import line_height
from mycrm.ui.common.theme import ERROR, accent_css
from mycrm.ui.reminders.actions import snooze_choices
from mycrm.ui.todos.model import (
    CUSTOMER_ROLE,
    GROUP_ROLE,
    ID_ROLE,
    KIND_ROLE,
    SUB_ROLE,
    CustomerFilterBox,
    CustomerFilterModel,
    TodoListModel,
    group_label,
)

if TYPE_CHECKING:
    from mycrm.ui.common.latest_read import LatestRead

_log = logging.getLogger(__name__)

__all__ = ["GROUP_ROLE", "ID_ROLE", "KIND_ROLE", "SUB_ROLE", "TodoDelegate", "TodoListModel",
           "TodosPage", "group_label"]

OVERDUE_RED = QColor(ERROR)
ROW_HEIGHT = 44
HEADER_HEIGHT = 30
MAX_GROUP_WAIT_MS = 6 * 3600 * 1000  # re-armed at every reload anyway


@dataclass(frozen=True)
class RowFonts:
    """The fonts a row is painted in, and the height of one line of them."""

    plain: QFont
    bold: QFont  # headers
    struck: QFont  # done to-dos
    small: QFont  # the line under the title
    line: int

    @classmethod
    def of(cls, font: QFont) -> RowFonts:
        bold, struck, small = QFont(font), QFont(font), QFont(font)
        bold.setBold(True)
        struck.setStrikeOut(True)
        small.setPointSizeF(max(small.pointSizeF() * 0.9, 7.0))
        return cls(QFont(font), bold, struck, small, line_height(QFontMetrics(font)))


class TodoDelegate(QStyledItemDelegate):
    """Paints header, to-do and "Show more" rows; clicks on the circle (Done), "Snooze" or a
    "Show more" row act inline."""

    done_clicked = Signal(int)
    snooze_clicked = Signal(int, QPoint)
    more_clicked = Signal(str)  # the group's value

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pressed: QPersistentModelIndex | None = None
        self._since_action = QElapsedTimer()  # the last click that acted
        self._fonts: dict[str, RowFonts] = {}

    def fonts(self, font: QFont) -> RowFonts:
        """The fonts and line height of rows painted in ``font``: a pure function of the
        font (its ``key``), worked out once instead of for each row's size and paint."""
        key = font.key()
        found = self._fonts.get(key)
        if found is None:
            if len(self._fonts) > 8:
                self._fonts.clear()
            found = self._fonts[key] = RowFonts.of(font)
        return found

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        """At least the classic heights, taller when the font needs it (a larger system
        font, Chinese from its taller fallback font): two lines never overlap or clip."""
        line = self.fonts(option.font).line
        if index.data(KIND_ROLE) in ("header", "more"):
            return QSize(200, max(HEADER_HEIGHT, line + 12))
        return QSize(200, max(ROW_HEIGHT, 2 * line + 12))

    @staticmethod
    def circle_rect(rect: QRect) -> QRect:
        return QRect(rect.left() + 10, rect.center().y() - 8, 16, 16)

    def snooze_rect(self, option: QStyleOptionViewItem) -> QRect:
        width = option.fontMetrics.horizontalAdvance(self.snooze_text()) + 16
        rect = option.rect
        return QRect(rect.right() - width - 8, rect.top(), width, rect.height())

    def snooze_text(self) -> str:
        return self.tr("Snooze ▾")

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        painter.save()
        rect: QRect = option.rect
        palette = option.palette
        group = index.data(GROUP_ROLE)
        fonts = self.fonts(option.font)
        kind = index.data(KIND_ROLE)
        if kind == "header":
            painter.setFont(fonts.bold)
            color = OVERDUE_RED if group == Group.OVERDUE.value else palette.text().color()
            painter.setPen(color)
            painter.drawText(rect.adjusted(8, 6, 0, 0), Qt.AlignmentFlag.AlignLeft
                             | Qt.AlignmentFlag.AlignVCenter, index.data())
            painter.setPen(QPen(palette.mid().color()))
            painter.drawLine(rect.left() + 8, rect.bottom(), rect.right() - 8, rect.bottom())
            painter.restore()
            return
        if kind == "more":
            self._paint_more(painter, option, index)
            painter.restore()
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, palette.highlight())
        text_color = (palette.highlightedText().color() if selected
                      else palette.text().color())
        done = group == Group.DONE.value
        circle = self.circle_rect(rect)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(text_color if not done else palette.mid().color(), 1.5))
        painter.drawEllipse(circle)
        if done:
            painter.drawLine(circle.left() + 4, circle.center().y(), circle.center().x() - 1,
                             circle.bottom() - 4)
            painter.drawLine(circle.center().x() - 1, circle.bottom() - 4, circle.right() - 3,
                             circle.top() + 4)
        text_left = circle.right() + 12
        snooze = self.snooze_rect(option)
        title_rect = QRect(text_left, rect.top() + 4, snooze.left() - text_left - 8,
                           rect.height() // 2)
        painter.setFont(fonts.struck if done else fonts.plain)
        painter.setPen(palette.mid().color() if done and not selected else text_color)
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         option.fontMetrics.elidedText(
                             index.data(), Qt.TextElideMode.ElideRight, title_rect.width()))
        sub_rect = title_rect.translated(0, rect.height() // 2 - 6)
        painter.setFont(fonts.small)
        sub_color = (OVERDUE_RED if group == Group.OVERDUE.value and not selected
                     else (text_color if selected else palette.placeholderText().color()))
        painter.setPen(sub_color)
        painter.drawText(sub_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         index.data(SUB_ROLE) or "")
        if not done:
            painter.setFont(option.font)
            painter.setPen(text_color if selected else palette.link().color())
            painter.drawText(snooze, Qt.AlignmentFlag.AlignCenter, self.snooze_text())
        painter.restore()

    @staticmethod
    def _paint_more(painter: QPainter, option: QStyleOptionViewItem,
                    index: QModelIndex | QPersistentModelIndex) -> None:
        """A link-coloured "Show more (N not shown yet)" under the group's last row."""
        rect: QRect = option.rect
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, palette.highlight())
        painter.setPen(palette.highlightedText().color() if selected else palette.link().color())
        painter.drawText(rect.adjusted(38, 0, -8, 0), Qt.AlignmentFlag.AlignLeft
                         | Qt.AlignmentFlag.AlignVCenter, index.data())

    def editorEvent(self, event: QEvent, model: Any, option: QStyleOptionViewItem,  # noqa: N802
                    index: QModelIndex | QPersistentModelIndex) -> bool:
        # A click acts on release, only when it was pressed on the same row, and never as the
        # second half of a double-click: the first click may have brought another row under
        # the pointer ("Show more" inserts rows, Done removes one), and Qt then delivers the
        # double-click as a fresh press on that row.
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            second = (self._since_action.isValid() and self._since_action.elapsed()
                      < QApplication.doubleClickInterval())
            plain = event.type() == QEvent.Type.MouseButtonPress and not second
            self._pressed = QPersistentModelIndex(index) if plain else None
            if not plain and index.data(KIND_ROLE) == "more":
                return True
        elif event.type() == QEvent.Type.MouseButtonRelease:
            pressed, self._pressed = self._pressed, None
            if pressed is None or pressed != QPersistentModelIndex(index):
                return super().editorEvent(event, model, option, index)
            self._since_action.start()
        if (event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent)
                and event.button() == Qt.MouseButton.LeftButton
                and index.data(KIND_ROLE) == "more"):
            self.more_clicked.emit(str(index.data(GROUP_ROLE)))
            return True
        if (event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent)
                and index.data(KIND_ROLE) == "todo"
                and index.data(GROUP_ROLE) != Group.DONE.value):
            pos = event.position().toPoint()
            todo_id = int(index.data(ID_ROLE))
            if self.circle_rect(option.rect).adjusted(-6, -6, 6, 6).contains(pos):
                self.done_clicked.emit(todo_id)
                return True
            if self.snooze_rect(option).contains(pos):
                self.snooze_clicked.emit(todo_id, pos)
                return True
        return super().editorEvent(event, model, option, index)


class TodosPage(QWidget):
    open_customer = Signal(int)
    action_requested = Signal(object, int)  # (ui.app.actions.Action, id)

    # To-dos in their groups, each with its customer's name; the filter lists customers.
    SHOWS = Change.TODOS | Change.CUSTOMERS

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = TodoListModel(ctx, self, fetch=self._fetch_page)
        self.customers = CustomerFilterModel(ctx, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._quick_add_row())
        layout.addLayout(self._filter_row())
        self.view = QListView()
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setObjectName("todoList")
        self.view.setAccessibleName(self.tr("To-dos"))
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(False)
        self.view.setMouseTracking(True)
        self.delegate = TodoDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.delegate.done_clicked.connect(self.mark_done)
        self.delegate.more_clicked.connect(lambda group: self.show_more(Group(group)))
        self.view.installEventFilter(self)
        self.delegate.snooze_clicked.connect(
            lambda todo_id, pos: self._snooze_menu(todo_id, self.view.viewport().mapToGlobal(pos)))
        self.view.doubleClicked.connect(self._activate)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        layout.addWidget(self.view, 1)
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty, 1)
        self.status = QLabel()
        layout.addWidget(self.status)
        done_shortcut = QShortcut(QKeySequence("Ctrl+D"), self)
        done_shortcut.activated.connect(self._done_selected)
        snooze_shortcut = QShortcut(QKeySequence("Ctrl+Shift+Z"), self)
        snooze_shortcut.activated.connect(self._snooze_selected)
        self._watcher = reload_when_visible(self, ctx, self._data_changed, shows=self.SHOWS)
        # Every read of the page (counts, first pages, "Show more", jumping to a to-do) is
        # as of one instant, so pages never overlap or skip; the page reloads when the next
        # to-do changes group (a reminder falls due, the day ends).
        self._as_of = ctx.now()
        self._shown_filter = TodoFilter()
        self._reader: LatestRead | None = None  # the filtered reads' worker, once needed
        self._group_timer = QTimer(self, singleShot=True,
                                   timerType=Qt.TimerType.PreciseTimer)
        self._group_timer.timeout.connect(lambda: self._watcher.changed(Change.TODOS))
        self.reload()

    # --- building -----------------------------------------------------------------------
    def _quick_add_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.title_edit = QLineEdit(placeholderText=self.tr("Quick to-do — type and press Enter"))
        self.title_edit.setAccessibleName(self.tr("New to-do title"))
        self.title_edit.returnPressed.connect(self.quick_add)
        self.remind_check = QCheckBox(self.tr("Remind me"))
        self.when_edit = QDateTimeEdit()
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setAccessibleName(self.tr("Reminder time"))
        self.when_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when_edit.setEnabled(False)
        self.remind_check.toggled.connect(self.when_edit.setEnabled)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.clicked.connect(self.quick_add)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setStyleSheet(accent_css(ERROR))
        row.addWidget(self.title_edit, 3)
        row.addWidget(self.remind_check)
        row.addWidget(self.when_edit)
        row.addWidget(self.add_button)
        row.addWidget(self.error)
        self._reset_when()
        return row

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.customer_filter = CustomerFilterBox(self.customers)
        self.customer_filter.setAccessibleName(self.tr("Filter by customer"))
        self.text_filter = QLineEdit(placeholderText=self.tr("Filter to-dos…"))
        self.text_filter.setAccessibleName(self.tr("Filter by text"))
        self.text_filter.setClearButtonEnabled(True)
        # Typing re-reads once the user pauses (the text filter scans every open to-do).
        self._text_debounce = after_typing(self.text_filter, self._filter_changed)
        self.text_filter.returnPressed.connect(self._filter_now)
        self.customer_filter.currentIndexChanged.connect(self._filter_changed)
        row.addWidget(QLabel(self.tr("Customer:")))
        row.addWidget(self.customer_filter, 1)
        row.addWidget(self.text_filter, 2)
        self._fill_customers()
        return row

    def _fill_customers(self) -> None:
        """Customers may have been added, renamed or removed: re-count them for the filter,
        keeping the chosen one."""
        self.customer_filter.refresh()

    def _data_changed(self, what: Change) -> None:
        """Customers may have been added, renamed or removed: refresh the filter, too."""
        if what & Change.CUSTOMERS:
            self._fill_customers()
        self.reload()

    def _reset_when(self) -> None:
        """Default reminder: tomorrow 09:00."""
        tomorrow = fmt.qdate(self.ctx.today()).addDays(1)
        self.when_edit.setDateTime(QDateTime(tomorrow, QTime(9, 0)))

    # --- data ---------------------------------------------------------------------------
    def current_filter(self) -> TodoFilter:
        return TodoFilter(customer_id=self.customer_filter.currentData(),
                          text=self.text_filter.text())

    def _filter_changed(self) -> None:
        """A new filter starts again from each group's first page."""
        self._text_debounce.stop()
        self.reload(keep_loaded=False)

    def _filter_now(self) -> None:
        """Enter in the text filter: no need to wait for the pause."""
        if self._text_debounce.isActive():
            self._filter_changed()

    def reload(self, keep_loaded: bool = True) -> None:
        """Re-read the counts and each group's first rows — as many as were shown, so a
        change does not take away what the user scrolled to (``keep_loaded``).

        With a text filter the read scans every open to-do (the text may be anywhere in a
        title, its notes or the customer's name): at stress that is a good part of a
        second, so it runs on a worker thread and the list follows when it is done; a
        later reload supersedes a read still running."""
        as_of, flt = self.ctx.now(), self.current_filter()
        shown = self.model.loaded() if keep_loaded else None
        if flt.text.strip():
            self._read_in_background(as_of, flt, shown)
            return
        if self._reader is not None:  # a filtered read nobody wants any more
            self._reader.cancel()
        sections, change = self.ctx.read(_sections_and_change, now=as_of, zone=self.ctx.zone,
                                         flt=flt, shown=shown)
        self._show_sections(as_of, flt, sections, change)

    @property
    def reading(self) -> bool:
        """A filtered read is running on a worker thread (its rows are not shown yet)."""
        return self._reader is not None and self._reader.waiting

    def _read_in_background(self, as_of: datetime, flt: TodoFilter,
                            shown: dict[Group, int] | None) -> None:
        """One worker runs the filtered reads, the latest only (``latest_read``): a read
        overtaken by newer typing is interrupted, not left to compete with the next."""
        work = partial(_sections_and_change, now=as_of, zone=self.ctx.zone, flt=flt,
                       shown=shown)
        if self._reader is None:
            from mycrm.ui.common.latest_read import LatestRead

            self._reader = LatestRead(self.ctx.engine, name="mycrm-todos-filter", parent=self)
            self._reader.finished.connect(self._filtered_read)
            self._reader.failed.connect(self._filter_failed)
        self._reader.submit(partial(self._tagged, as_of, flt, work))

    @staticmethod
    def _tagged(as_of: datetime, flt: TodoFilter, work: Any, session: Any) -> tuple[Any, ...]:
        """On the worker: ``work``'s result with what it was read as of, and under."""
        return (as_of, flt, *work(session))

    def _filtered_read(self, result: tuple[Any, ...]) -> None:
        self._show_sections(*result)

    def _filter_failed(self, error: BaseException) -> None:
        _log.error("cannot filter the to-dos", exc_info=error)
        self.status.setText(self.tr("The to-dos could not be filtered; see the log."))

    def _show_sections(self, as_of: datetime, flt: TodoFilter, sections: list[TodoSection],
                       change: datetime) -> None:
        """Show what was read as of ``as_of`` under ``flt`` (the pages read next, "Show
        more", read as of the same instant and filter); the page reloads at ``change`` (the
        next to-do changing group)."""
        selected = self.selected_id()
        self._as_of, self._shown_filter = as_of, flt
        wait_ms = (change - self._as_of).total_seconds() * 1000
        self._group_timer.start(int(min(max(wait_ms, 1000), MAX_GROUP_WAIT_MS)))
        self.model.set_sections(sections)
        has_rows = bool(sections)
        self.view.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        filtering = bool(self.text_filter.text().strip()) or \
            self.customer_filter.currentData() is not None
        self.empty.setText(self.tr("No to-dos match the filter.") if filtering else self.tr(
            "No to-dos yet — type one above and press Enter, or add one from a customer."))
        open_count = sum(s.count for s in sections if s.group is not Group.DONE)
        self.status.setText(self.tr("%n open to-do(s)", None, open_count))
        # The selection stays on its to-do, reading its group far enough to reach it —
        # unless a text filter is on and it is not among the rows read: finding where it
        # is would scan every open to-do again, here on the GUI thread.
        if selected is not None and (not flt.text.strip() or self.model.row_of(selected) >= 0):
            self.focus_todo(selected, scroll=False)

    def _fetch_page(self, group: Group, offset: int, limit: int) -> list[TodoRow]:
        return self.ctx.read(todo_group_page, group=group, now=self._as_of,
                             zone=self.ctx.zone, flt=self._shown_filter, limit=limit,
                             offset=offset)

    def show_more(self, group: Group) -> None:
        """Read the next page of ``group`` and put the cursor on its first new row."""
        first = self.model.fetch_group(group)
        if first >= 0:
            self.view.setCurrentIndex(self.model.index(first))

    def selected_id(self) -> int | None:
        index = self.view.currentIndex()
        if index.isValid() and index.data(KIND_ROLE) == "todo":
            return int(index.data(ID_ROLE))
        return None

    def current_customer_id(self) -> int | None:
        """The customer of the selected to-do (the window's customer actions act on it);
        None when no to-do is selected or it has no customer."""
        index = self.view.currentIndex()
        if self.selected_id() is None or not self.view.selectionModel().isSelected(index):
            return None
        customer_id = index.data(CUSTOMER_ROLE)
        return int(customer_id) if customer_id else None

    def focus_todo(self, todo_id: int, scroll: bool = True) -> bool:
        """Select and show ``todo_id`` (clearing filters that hide it), reading its group
        just far enough to reach it."""
        row = self._load_row(todo_id)
        if row < 0 and scroll and (self.text_filter.text() or self.customer_filter.currentIndex()):
            self.text_filter.blockSignals(True)
            self.text_filter.clear()
            self.text_filter.blockSignals(False)
            self.customer_filter.setCurrentIndex(0)
            self.reload(keep_loaded=False)
            row = self._load_row(todo_id)
        if row < 0:
            return False
        index = self.model.index(row)
        self.view.setCurrentIndex(index)
        if scroll:
            self.view.scrollTo(index)
            self.view.setFocus()
        return True

    def _load_row(self, todo_id: int) -> int:
        """The model row of ``todo_id``, reading more of its group if it is not shown yet."""
        row = self.model.row_of(todo_id)
        if row >= 0:
            return row
        where = self.ctx.read(todo_position, todo_id=todo_id, now=self._as_of,
                              zone=self.ctx.zone, flt=self._shown_filter)
        if where is None:
            return -1
        group, position = where
        self.model.fetch_group(group, at_least=position + 1)
        return self.model.row_of(todo_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter on a "Show more" row shows more (mouse clicks go through the delegate)."""
        if (watched is self.view and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and self.view.currentIndex().data(KIND_ROLE) == "more"):
            self.show_more(Group(self.view.currentIndex().data(GROUP_ROLE)))
            return True
        return super().eventFilter(watched, event)

    # --- actions ------------------------------------------------------------------------
    def quick_add(self) -> None:
        wall = None
        if self.remind_check.isChecked():
            qdt = self.when_edit.dateTime()
            wall = datetime(qdt.date().year(), qdt.date().month(), qdt.date().day(),
                            qdt.time().hour(), qdt.time().minute())
        customer_id = self.customer_filter.currentData()
        data = TodoInput(title=self.title_edit.text(), remind_wall=wall,
                         remind_tz=self.ctx.zone, customer_id=customer_id)
        try:
            todo = self.ctx.run(create_todo, data=data)
        except ValidationError:
            self.error.setText(self.tr("Type what there is to do first."))
            self.title_edit.setFocus()
            return
        self.error.clear()
        self.title_edit.clear()
        self.remind_check.setChecked(False)
        if todo.id is not None:
            self.focus_todo(todo.id)

    def mark_done(self, todo_id: int) -> None:
        self.ctx.run(reminders.done, todo_id=todo_id)
        self.status.setText(self.tr("Marked done."))

    def snooze(self, todo_id: int, choice: str) -> None:
        until = reminders.snooze_target(self.ctx.now(), self.ctx.zone, choice)
        self.ctx.run(reminders.snooze, todo_id=todo_id, until=until)

    def snooze_menu(self, todo_id: int) -> QMenu:
        menu = QMenu(self)
        for label, choice in snooze_choices():
            menu.addAction(label, partial(self.snooze, todo_id, choice))
        return menu

    def _snooze_menu(self, todo_id: int, where: QPoint) -> None:
        self.snooze_menu(todo_id).popup(where)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid() or index.data(KIND_ROLE) != "todo":
            return
        todo_id = int(index.data(ID_ROLE))
        row = self.model.rows[index.row()]
        assert isinstance(row, TodoRow)
        menu = QMenu(self)
        if row.group is not Group.DONE:
            menu.addAction(self.tr("Done"), lambda: self.mark_done(todo_id))
            snooze = menu.addMenu(self.tr("Snooze"))
            for label, choice in snooze_choices():
                snooze.addAction(label, partial(self.snooze, todo_id, choice))
        menu.addAction(self.tr("Edit…"), lambda: self.edit(todo_id))
        if row.customer_id is not None:
            cid = row.customer_id
            menu.addAction(self.tr("Open customer"), lambda: self.open_customer.emit(cid))
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def _activate(self, index: QModelIndex) -> None:
        if index.data(KIND_ROLE) == "todo":
            self.edit(int(index.data(ID_ROLE)))

    def edit(self, todo_id: int) -> QWidget | None:
        if importlib.util.find_spec("mycrm.ui.todos.editor") is None:
            return None
        from mycrm.ui.todos.editor import TodoEditor

        editor = TodoEditor(self.ctx, todo_id=todo_id, parent=self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.open()
        return editor

    def _done_selected(self) -> None:
        todo_id = self.selected_id()
        if todo_id is not None:
            self.mark_done(todo_id)

    def _snooze_selected(self) -> None:
        todo_id = self.selected_id()
        if todo_id is not None:
            rect = self.view.visualRect(self.view.currentIndex())
            self._snooze_menu(todo_id, self.view.viewport().mapToGlobal(rect.center()))


def _sections_and_change(session: Any, *, now: datetime, zone: str, flt: TodoFilter,
                         shown: dict[Group, int] | None
                         ) -> tuple[list[TodoSection], datetime]:
    """What a reload shows, in one session: the groups' rows, and when the next to-do
    changes group."""
    return (todo_sections(session, now=now, zone=zone, flt=flt, shown=shown),
            next_group_change(session, now=now, zone=zone))
