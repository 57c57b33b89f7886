"""Every user action in one table: its label, shortcut, what it acts on and its handler.

The window's menus, the board's and the customer page's menus and buttons, Home's quick
entry, the tray menu and the command palette all read this table, so a label or shortcut
is the same everywhere; pages request an action with ``action_requested(Action, id)`` and
the window runs it through ``run_action``.

An action that needs a customer acts on the one the user points at — the id it is given
(a card's menu), else the window's ``pointed_customer()`` (the selected card on the board,
the selected row of the Customers table, the open customer page) — and only otherwise asks
with the customer picker. The editors are imported when first opened: start-up does not
need them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum
from functools import partial
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from mycrm.ui.app.context import AppContext
from mycrm.ui.common.i18n import translator

_t = translator("actions")

PALETTE_SHORTCUT = "Ctrl+K"


class Target(Enum):
    """What the id handed to an action names."""

    NONE = "none"
    CUSTOMER = "customer"
    TODO = "todo"
    RECORD = "record"
    NEED = "need"


class ActionWindow(Protocol):
    """What handlers need of the main window."""

    ctx: AppContext

    def window(self) -> QWidget: ...  # the parent of the dialogs handlers open
    def open_dialog(self, dialog: QWidget) -> QWidget: ...
    def planned_day(self) -> date | None: ...
    def pointed_customer(self) -> int | None: ...
    def pick_customer(self, then: Callable[[int], object]) -> QWidget: ...
    def new_customer(self) -> QWidget: ...
    def edit_customer(self, customer_id: int) -> QWidget: ...
    def open_customer(self, customer_id: int) -> QWidget: ...
    def open_todo(self, todo_id: int) -> QWidget: ...


Handler = Callable[[ActionWindow, int], object]


class Action(StrEnum):
    """A user action. The value is its stable name (object names, the palette's search)."""

    NEW_CUSTOMER = "new_customer"
    OPEN_CUSTOMER = "open_customer"
    EDIT_CUSTOMER = "edit_customer"
    LOG_VISIT = "log_visit"
    NEW_TODO = "new_todo"
    CAPTURE_NEED = "capture_need"
    RECORD_RENEWAL = "record_renewal"
    MARK_LOST = "mark_lost"
    OPEN_TODO = "open_todo"
    EDIT_TODO = "edit_todo"
    EDIT_RECORD = "edit_record"
    EDIT_NEED = "edit_need"
    QBR_REPORT = "qbr_report"
    WORK_REPORT = "work_report"

    @property
    def spec(self) -> ActionSpec:
        return ACTIONS[self]

    def label(self) -> str:
        """The translated label, as the palette lists it ("Log visit")."""
        return self.spec.label()

    def text(self) -> str:
        """The label for a menu or button: with "…" when the action opens a dialog."""
        return self.label() + ("…" if self.spec.asks else "")

    @property
    def shortcut(self) -> str:
        return self.spec.shortcut

    @property
    def target(self) -> Target:
        return self.spec.target

    @property
    def needs_customer(self) -> bool:
        return self.spec.target is Target.CUSTOMER

    def tooltip(self) -> str:
        """The label with the shortcut as this platform writes it (e.g. ⌘L on macOS)."""
        if not self.shortcut:
            return self.label()
        return f"{self.label()} ({native_shortcut(self.shortcut)})"


@dataclass(frozen=True)
class ActionSpec:
    label: Callable[[], str]  # translated when asked: the language can change at run time
    target: Target
    handler: Handler
    shortcut: str = ""  # portable text, e.g. "Ctrl+L"; unique across the table
    asks: bool = True  # opens a dialog (menus and buttons then show "…")


# --- handlers ----------------------------------------------------------------------------
def _new_customer(window: ActionWindow, _id: int) -> object:
    return window.new_customer()


def _open_customer(window: ActionWindow, customer_id: int) -> object:
    return window.open_customer(customer_id)


def _edit_customer(window: ActionWindow, customer_id: int) -> object:
    return window.edit_customer(customer_id)


def _log_visit(window: ActionWindow, customer_id: int) -> object:
    """The record editor; on the calendar's "plan on this day", dated that day."""
    from mycrm.ui.records.editor import RecordEditor

    day = window.planned_day()
    editor = RecordEditor(window.ctx, customer_id=customer_id, parent=window.window())
    if day is not None:
        editor.when.setDate(QDate(day.year, day.month, day.day))
    return window.open_dialog(editor)


def _edit_record(window: ActionWindow, record_id: int) -> object:
    from mycrm.ui.records.editor import RecordEditor

    return window.open_dialog(RecordEditor(window.ctx, record_id=record_id,
                                           parent=window.window()))


def _new_todo(window: ActionWindow, customer_id: int) -> object:
    """The to-do editor; on the calendar's "plan on this day", reminding at 09:00 that day."""
    from mycrm.ui.todos.editor import TodoEditor

    day = window.planned_day()
    editor = TodoEditor(window.ctx, customer_id=customer_id, parent=window.window())
    if day is not None:
        editor.reminder.setText(f"{day.isoformat()} 09:00")
    return window.open_dialog(editor)


def _edit_todo(window: ActionWindow, todo_id: int) -> object:
    from mycrm.ui.todos.editor import TodoEditor

    return window.open_dialog(TodoEditor(window.ctx, todo_id=todo_id, parent=window.window()))


def _open_todo(window: ActionWindow, todo_id: int) -> object:
    return window.open_todo(todo_id)


def _capture_need(window: ActionWindow, customer_id: int) -> object:
    from mycrm.ui.records.need_editor import NeedEditor

    return window.open_dialog(NeedEditor(window.ctx, customer_id=customer_id,
                                         parent=window.window()))


def _edit_need(window: ActionWindow, need_id: int) -> object:
    from mycrm.ui.records.need_editor import NeedEditor

    return window.open_dialog(NeedEditor(window.ctx, need_id=need_id, parent=window.window()))


def _record_renewal(window: ActionWindow, customer_id: int) -> object:
    from mycrm.ui.records.renewal_dialog import RenewalDialog

    return window.open_dialog(RenewalDialog(window.ctx, customer_id, parent=window.window()))


def _mark_lost(window: ActionWindow, customer_id: int) -> object:
    from mycrm.ui.customers.lost_dialog import LostDialog

    return window.open_dialog(LostDialog(window.ctx, customer_id, parent=window.window()))


def _qbr_report(window: ActionWindow, customer_id: int) -> object:
    from mycrm.ui.reports.dialog import QbrReportDialog

    return window.open_dialog(QbrReportDialog(window.ctx, customer_id, parent=window.window()))


def _work_report(window: ActionWindow, _id: int) -> object:
    from mycrm.ui.reports.dialog import WorkReportDialog

    return window.open_dialog(WorkReportDialog(window.ctx, parent=window.window()))


# --- the table ---------------------------------------------------------------------------
ACTIONS: dict[Action, ActionSpec] = {
    Action.NEW_CUSTOMER: ActionSpec(lambda: _t("New customer"), Target.NONE, _new_customer,
                                    "Ctrl+N"),
    Action.OPEN_CUSTOMER: ActionSpec(lambda: _t("Open"), Target.CUSTOMER, _open_customer,
                                     asks=False),
    Action.EDIT_CUSTOMER: ActionSpec(lambda: _t("Edit customer"), Target.CUSTOMER,
                                     _edit_customer),
    Action.LOG_VISIT: ActionSpec(lambda: _t("Log visit"), Target.CUSTOMER, _log_visit,
                                 "Ctrl+L"),
    Action.NEW_TODO: ActionSpec(lambda: _t("New to-do"), Target.CUSTOMER, _new_todo, "Ctrl+T"),
    Action.CAPTURE_NEED: ActionSpec(lambda: _t("Capture need"), Target.CUSTOMER, _capture_need,
                                    "Ctrl+Shift+N"),
    Action.RECORD_RENEWAL: ActionSpec(lambda: _t("Record renewal"), Target.CUSTOMER,
                                      _record_renewal, "Ctrl+R"),
    Action.MARK_LOST: ActionSpec(lambda: _t("Mark lost"), Target.CUSTOMER, _mark_lost),
    Action.OPEN_TODO: ActionSpec(lambda: _t("Open to-do"), Target.TODO, _open_todo, asks=False),
    Action.EDIT_TODO: ActionSpec(lambda: _t("Edit to-do"), Target.TODO, _edit_todo),
    Action.EDIT_RECORD: ActionSpec(lambda: _t("Edit record"), Target.RECORD, _edit_record),
    Action.EDIT_NEED: ActionSpec(lambda: _t("Edit need"), Target.NEED, _edit_need),
    Action.QBR_REPORT: ActionSpec(lambda: _t("QBR report"), Target.CUSTOMER, _qbr_report),
    Action.WORK_REPORT: ActionSpec(lambda: _t("Work report"), Target.NONE, _work_report),
}

# Where each surface takes its entries from, in display order.
CUSTOMER_ACTIONS = (Action.LOG_VISIT, Action.NEW_TODO, Action.CAPTURE_NEED,
                    Action.RECORD_RENEWAL, Action.MARK_LOST)  # a customer's record actions
QUICK_ENTRY = (Action.NEW_CUSTOMER, Action.LOG_VISIT, Action.NEW_TODO, Action.CAPTURE_NEED,
               Action.RECORD_RENEWAL)  # Home's buttons
TRAY_ACTIONS = (Action.NEW_TODO, Action.LOG_VISIT)
PALETTE_ACTIONS = (Action.NEW_CUSTOMER, *CUSTOMER_ACTIONS, Action.EDIT_CUSTOMER,
                   Action.QBR_REPORT, Action.WORK_REPORT)


def run_action(window: ActionWindow, action: Action, target_id: int = 0) -> object:
    """Run ``action`` on ``target_id`` (a customer, to-do, record or need id, by the
    action's target). A customer action without an id takes the customer the user points
    at, else asks with the picker (returned). Raises ``TypeError`` for anything but an
    ``Action`` and ``ValueError`` for a to-do/record/need action without its id."""
    if not isinstance(action, Action):
        raise TypeError(f"not an action: {action!r}")
    if action.needs_customer and not target_id:
        pointed = window.pointed_customer()
        if pointed is None:
            return window.pick_customer(partial(action.spec.handler, window))
        target_id = pointed
    elif action.target not in (Target.NONE, Target.CUSTOMER) and not target_id:
        raise ValueError(f"{action.value} needs the id of a {action.target.value}")
    return action.spec.handler(window, target_id)


# --- widgets that show actions -----------------------------------------------------------
def native_shortcut(shortcut: str) -> str:
    """The shortcut as this platform writes it (e.g. ⌘L on macOS)."""
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)


def make_qaction(action: Action, parent: QWidget | QMenu, run: Callable[[], object],
                 *, object_name: str = "") -> QAction:
    """A QAction showing ``action`` (label, shortcut, tooltip) that calls ``run()``."""
    qaction = QAction(action.text(), parent)
    qaction.setObjectName(object_name or f"action_{action.value}")
    if action.shortcut:
        qaction.setShortcut(QKeySequence(action.shortcut))
    qaction.setToolTip(action.tooltip())
    qaction.triggered.connect(lambda _checked=False: run())
    return qaction


def add_to_menu(menu: QMenu, actions: Iterable[Action], run: Callable[[Action], object],
                *, before: QAction | None = None) -> list[QAction]:
    """Add ``actions`` to ``menu`` (before ``before``, else at the end); each calls
    ``run(action)``. The shortcuts show as hints in a context menu."""
    added = [make_qaction(a, menu, partial(run, a)) for a in actions]
    if before is not None:
        menu.insertActions(before, added)
    else:
        menu.addActions(added)
    return added


def make_button(action: Action, run: Callable[[], object]) -> QPushButton:
    """A button for ``action``: its text, a tooltip naming the shortcut, ``action_<name>``."""
    button = QPushButton(action.text())
    button.setObjectName(f"action_{action.value}")
    button.setToolTip(action.tooltip())
    button.clicked.connect(lambda _checked=False: run())
    return button


def install_command_palette(window: Any, open_palette: Callable[[], object]) -> QAction:
    """Add Ctrl+K (``open_palette``: the command palette) to ``window``; installing twice
    returns the action already there."""
    existing = window.findChild(QAction, "commandPalette")
    if existing is not None:
        return existing
    action = QAction(QCoreApplication.translate("CommandPalette", "Command palette…"), window)
    action.setObjectName("commandPalette")
    action.setShortcut(QKeySequence(PALETTE_SHORTCUT))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda: open_palette())
    window.addAction(action)
    return action
