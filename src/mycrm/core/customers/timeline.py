"""Writing timeline events: every automatic or manual change, with its reason."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert
from sqlmodel import Session

from mycrm.core.db.kinds import EventKind as EventKind  # re-exported: callers name it here
from mycrm.core.db.models import TimelineEvent


def event_values(*, customer_id: int, kind: EventKind, now: datetime,
                 **payload: Any) -> dict[str, Any]:
    """The columns of one event: the single definition of how an event is stored, for
    ``record_event`` (one, through the ORM) and ``record_events`` (many at once)."""
    return {"customer_id": customer_id, "occurred_at": now, "kind": kind.value,
            "payload": json.dumps(payload, ensure_ascii=False, default=str)}


def record_event(
    session: Session, *, customer_id: int, kind: EventKind, now: datetime, **payload: Any
) -> TimelineEvent:
    event = TimelineEvent(**event_values(customer_id=customer_id, kind=kind, now=now,
                                         **payload))
    session.add(event)
    return event


_EVENTS: Table = TimelineEvent.__table__  # type: ignore[attr-defined]  # Core: no ORM per row


def record_events(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many events (``event_values`` each) in one executemany, in the given order
    (ids ascending): a catch-up records thousands at once."""
    if rows:
        session.execute(insert(_EVENTS), list(rows))


def payload_of(event: TimelineEvent) -> dict[str, Any]:
    try:
        data = json.loads(event.payload or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
