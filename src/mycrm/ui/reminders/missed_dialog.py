""""Missed reminders": what fell due while the app was closed or the machine asleep, shown
once at start / wake. Each can be marked Done, Snoozed or Dismissed — or all at once.

Showing a reminder here is its delivery (``core.reminders.record_delivered``). The dialog may
stay open for hours: Snooze and Dismiss act only on reminders still as they were shown
(``dismiss_seen`` / ``snooze_seen``), so a stale "Dismiss all" never dismisses one whose
time was changed meanwhile."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.todos import lists, reminders
from mycrm.core.todos.lists import TodoRow
from mycrm.ui.app.context import AppContext
from mycrm.ui.common import fmt
from mycrm.ui.reminders.actions import snooze_choices

_log = logging.getLogger(__name__)
SHOWN = 200  # rows listed; "All" acts on every missed reminder, listed or not
DELIVERY_SLICE = 1000  # reminders recorded as delivered per transaction


class MissedModel(QAbstractListModel):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[TodoRow] = []

    def set_rows(self, rows: list[TodoRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            parts = [row.title]
            if row.customer_name:
                parts.append(row.customer_name)
            if row.when is not None:
                parts.append(fmt.format_datetime(row.when, self.ctx.zone))
            return " — ".join(parts)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


class MissedDialog(QDialog):
    """Lists missed reminders; more can be added while it is open (``add``)."""

    def __init__(self, ctx: AppContext, todo_ids: list[int],
                 parent: QWidget | None = None, *, background: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # ``background``: ``add`` reads and records on a worker thread (after weeks away
        # the start lists thousands); the rows appear when it is done.
        self.background = background
        self._loading: list[object] = []  # the running background loads (kept alive)
        self.ids: list[int] = []
        self.seen: dict[int, datetime | None] = {}  # id → notify_at when it was listed
        self.setWindowTitle(self.tr("Missed reminders"))
        self.resize(560, 360)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "These reminders came due without reaching you on time — mycrm was closed, the "
            "computer was asleep, or the notification could not be shown.")))
        self.model = MissedModel(ctx, self)
        self.view = QListView()
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setAccessibleName(self.tr("Missed reminders"))
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)  # one line each: no layout pass over every row
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.view, 1)
        one = QHBoxLayout()
        one.addWidget(QLabel(self.tr("Selected:")))
        self._buttons(one, lambda: self.selected_ids(),
                      (self.tr("Done"), self.tr("Snooze"), self.tr("Dismiss")))
        one.addStretch(1)
        layout.addLayout(one)
        every = QHBoxLayout()
        every.addWidget(QLabel(self.tr("All:")))
        self._buttons(every, lambda: list(self.ids),
                      (self.tr("Done all"), self.tr("Snooze all"), self.tr("Dismiss all")))
        every.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        every.addWidget(close)
        layout.addLayout(every)
        self.more = QLabel()  # "and N more" below a list cut at SHOWN rows
        self.more.hide()
        layout.insertWidget(layout.indexOf(self.view) + 1, self.more)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)
        self.add(todo_ids)

    def _buttons(self, row: QHBoxLayout, ids: Callable[[], list[int]],
                 labels: tuple[str, str, str]) -> None:
        done = QPushButton(labels[0])
        done.clicked.connect(lambda: self.act("done", ids()))
        snooze = QPushButton(labels[1])
        menu = QMenu(snooze)

        def snooze_to(choice: str) -> Callable[[], None]:
            return lambda: self.act("snooze", ids(), choice)  # ids() read when chosen

        for label, choice in snooze_choices():
            menu.addAction(label, snooze_to(choice))
        snooze.setMenu(menu)
        dismiss = QPushButton(labels[2])
        dismiss.clicked.connect(lambda: self.act("dismiss", ids()))
        for button in (done, snooze, dismiss):
            row.addWidget(button)

    def add(self, todo_ids: list[int]) -> None:
        listed = set(self.ids)
        new = [i for i in todo_ids if i not in listed]
        self.ids += new
        if self.background:
            self._add_in_background(new)
            return
        self.seen.update(self.ctx.read(reminders.seen_versions, todo_ids=new))
        with self.ctx.session() as session:  # listed here = delivered to the user
            reminders.record_delivered(session=session, now=self.ctx.now(), todo_ids=new)
        self._reload()

    def _add_in_background(self, new: list[int]) -> None:
        """``add``'s reads and its record of delivery on a worker thread (its own
        connections); the list is filled on the GUI thread at once after the commit."""
        from mycrm.core.db.engine import session_scope
        from mycrm.ui.app.background import BackgroundCall

        engine, writers, now, zone = self.ctx.engine, self.ctx.writers, self.ctx.now(), \
            self.ctx.zone
        ids = self.ids[:SHOWN]

        def work() -> tuple[reminders.Seen, list[TodoRow]]:
            # In slices, each its own short transaction: after weeks away thousands are
            # listed at once, and the window's own writes (and the catch-up) go between.
            # By ascending id, not in the list's order (by due time): neighbouring rows
            # share pages, so each page is rewritten by one slice — in due order every
            # slice spans the whole table and each page is written about twice. The
            # versions shown come back from the same UPDATEs; only ids not recorded now
            # (delivered before, or gone) are read apart.
            versions: dict[int, datetime | None] = {}
            ordered = sorted(new)
            for start in range(0, len(ordered), DELIVERY_SLICE):
                with writers.window_writes(), \
                        session_scope(engine, immediate=True) as session:
                    reminders.record_delivered(
                        session=session, now=now,
                        todo_ids=ordered[start:start + DELIVERY_SLICE], versions=versions)
            with session_scope(engine) as session:
                rest = [i for i in new if i not in versions]
                if rest:
                    versions.update(reminders.seen_versions(session, todo_ids=rest))
                rows = lists.todo_rows(session, todo_ids=ids, now=now, zone=zone)
            return [(i, versions[i]) for i in new if i in versions], rows

        def loaded(result: tuple[reminders.Seen, list[TodoRow]]) -> None:
            seen, rows = result
            self.seen.update(seen)
            listed = set(self.ids)  # some may have been acted on meanwhile
            self._show([row for row in rows if row.id in listed])

        call = BackgroundCall(work, name="mycrm-missed", parent=self)
        self._loading.append(call)
        call.finished.connect(loaded)
        call.failed.connect(lambda error: _log.error("cannot list missed reminders",
                                                     exc_info=error))

    def _reload(self) -> None:
        self._show(self.ctx.read(lists.todo_rows, todo_ids=self.ids[:SHOWN],
                                 now=self.ctx.now(), zone=self.ctx.zone))

    def _show(self, rows: list[TodoRow]) -> None:
        """List ``rows`` (the first ``SHOWN`` missed reminders: after weeks away there may be
        thousands, and only these are read into memory); say how many more there are."""
        self.model.set_rows(rows)
        hidden = len(self.ids) - len(rows)
        self.more.setVisible(hidden > 0)
        if hidden > 0:
            self.more.setText(self.tr("… and %n more (the All buttons act on them too)", "",
                                      hidden))
        if len(self.ids) == 1:
            self.view.selectAll()

    def selected_ids(self) -> list[int]:
        return [int(i.data(Qt.ItemDataRole.UserRole))
                for i in self.view.selectionModel().selectedIndexes()]

    def act(self, what: str, todo_ids: list[int], choice: str = "") -> None:
        """Done / snooze / dismiss ``todo_ids`` in one transaction; closes when empty."""
        if not todo_ids:
            return
        seen = [(i, self.seen.get(i)) for i in todo_ids]
        if what == "done":
            self.ctx.run(reminders.done_many, todo_ids=todo_ids)
            acted = todo_ids
        elif what == "dismiss":
            acted = self.ctx.run(reminders.dismiss_seen, seen=seen)
        else:
            until = reminders.snooze_target(self.ctx.now(), self.ctx.zone, choice)
            acted = self.ctx.run(reminders.snooze_seen, seen=seen, until=until)
        left_alone = len(todo_ids) - len(acted)
        self.note.setVisible(left_alone > 0)
        if left_alone:
            self.note.setText(self.tr(
                "%n reminder(s) changed since this list was opened and were left as they "
                "are.", "", left_alone))
        # A changed one is no longer missed: it is pending at its new time, or done.
        self.ids = [i for i in self.ids if i not in todo_ids]
        self._reload()
        if not self.ids and not left_alone:
            self.accept()
