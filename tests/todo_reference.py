"""The To-dos page's specification as a whole list built in Python: every open to-do and
those done recently, grouped by ``lists.group_of`` and sorted for display. The app reads
the page a group and a page at a time in SQL (``core.todos``); tests compare it with this.
It was the page's implementation before paging, and stays here as the reference."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from mycrm.core.common.timeutil import require_aware
from mycrm.core.db.models import Customer, Todo
from mycrm.core.todos.lists import GROUP_ORDER, Group, TodoRow, group_of


def list_todos(session: Session, *, now: datetime, zone: str = "UTC",
               customer_id: int | None = None, text: str = "",
               done_days: int = 7) -> list[TodoRow]:
    """Open to-dos plus those done in the last ``done_days``, grouped and sorted for display:
    by group, then by time (no date: newest first), filtered by customer and text."""
    now = require_aware(now)
    query = select(Todo, Customer).join(Customer, isouter=True).where(
        (col(Todo.done_at).is_(None)) | (col(Todo.done_at) >= now - timedelta(days=done_days)))
    if customer_id is not None:
        query = query.where(Todo.customer_id == customer_id)
    needle = text.strip().casefold()
    rows: list[TodoRow] = []
    for todo, customer in session.exec(query).all():
        name = customer.name if customer is not None else ""
        if needle and needle not in (todo.title + " " + todo.notes + " " + name).casefold():
            continue
        assert todo.id is not None
        rows.append(TodoRow(todo.id, todo.title, todo.notes, todo.customer_id, name,
                            todo.notify_at or todo.remind_at, todo.reminder_state, todo.done_at,
                            group_of(todo, now, zone)))
    far = datetime.max.replace(tzinfo=now.tzinfo)

    def key(r: TodoRow) -> tuple[int, float, int]:
        order = GROUP_ORDER.index(r.group)
        if r.group is Group.DONE:
            return order, -(r.done_at or now).timestamp(), r.id
        if r.when is None:
            return order, -r.id, r.id
        return order, (r.when or far).timestamp(), r.id

    return sorted(rows, key=key)
