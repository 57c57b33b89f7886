"""Undo for deletes: a delete service returns a ``Snapshot`` of the rows it removed (or
unlinked); ``restore_snapshot`` writes them back with their original ids.

Qt-free so that it is testable; the window keeps the last snapshot of the session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, SQLModel

from mycrm.core.changes import Change, changes
from mycrm.core.customers.last_visit import recompute_last_visit
from mycrm.core.db.models import ALL_TABLES

_TABLES: dict[str, type[SQLModel]] = {t.__tablename__: t for t in ALL_TABLES}  # type: ignore[misc]


@dataclass
class Snapshot:
    """Rows as column dicts, in insertion order (parents before children)."""

    what: str  # e.g. "record", "todo", "need" — lets the UI say what was restored
    rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    customer_ids: set[int] = field(default_factory=set)

    def undo(self, *, session: Session, now: datetime) -> None:
        restore_snapshot(session=session, now=now, snapshot=self)

    def add(self, row: SQLModel) -> None:
        table = str(row.__tablename__)
        values = {c.name: getattr(row, c.name) for c in row.__table__.columns}  # type: ignore[attr-defined]
        self.rows.append((table, values))
        customer_id = values.get("customer_id")
        if table == "customer":
            customer_id = values.get("id")
        if isinstance(customer_id, int):
            self.customer_ids.add(customer_id)


@changes(Change.ALL)
def restore_snapshot(*, session: Session, now: datetime, snapshot: Snapshot) -> Snapshot:
    """Write the snapshot's rows back (insert, or overwrite a row that still exists), then
    recompute the customers' derived fields. Returns the snapshot for convenience."""
    for table, values in snapshot.rows:
        session.merge(_TABLES[table](**values))
    session.flush()
    for customer_id in snapshot.customer_ids:
        recompute_last_visit(session, customer_id)
    return snapshot
