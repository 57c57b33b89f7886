"""Writing timeline events: every automatic or manual change, with its reason."""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from mycrm.core.models import TimelineEvent


class EventKind(StrEnum):
    CREATED = "created"
    STATE_CHANGED = "state_changed"
    ARCHIVED = "archived"
    RESTORED = "restored"
    LOST = "lost"
    RENEWED = "renewed"
    TODO_CREATED = "todo_created"
    TODO_DONE = "todo_done"
    NEED_CREATED = "need_created"
    NEED_CLOSED = "need_closed"


def record_event(
    session: Session, *, customer_id: int, kind: EventKind, now: datetime, **payload: Any
) -> TimelineEvent:
    event = TimelineEvent(
        customer_id=customer_id,
        occurred_at=now,
        kind=kind.value,
        payload=json.dumps(payload, ensure_ascii=False, default=str),
    )
    session.add(event)
    return event


def payload_of(event: TimelineEvent) -> dict[str, Any]:
    try:
        data = json.loads(event.payload or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
