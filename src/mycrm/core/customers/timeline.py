"""Writing timeline events: every automatic or manual change, with its reason."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import Session

from mycrm.core.db.kinds import EventKind as EventKind  # re-exported: callers name it here
from mycrm.core.db.models import TimelineEvent


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
