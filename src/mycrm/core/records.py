"""Service records (QBR 记录) and the automatic state rules they trigger.

Logging a visit or QBR moves the customer to *Visited* and sets the last visit; a call,
message or meeting moves *To contact* to *In touch* (never backwards from *Visited*).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from mycrm.core.customers import change_state, get_customer
from mycrm.core.models import Interaction, InteractionKind, State
from mycrm.core.timeutil import require_aware
from mycrm.core.validation import Collector, ErrorCode

VISIT_KINDS = {InteractionKind.VISIT.value, InteractionKind.QBR.value}
CONTACT_KINDS = {k.value for k in InteractionKind} - VISIT_KINDS
KINDS = VISIT_KINDS | CONTACT_KINDS


@dataclass
class InteractionInput:
    customer_id: int
    kind: str = InteractionKind.VISIT.value
    occurred_at: datetime | None = None
    attendees: str = ""
    discussion: str = ""
    feedback: str = ""
    next_steps: str = ""


def _clean_interaction(c: Collector, data: InteractionInput) -> None:
    c.choice("kind", data.kind, KINDS)
    if data.occurred_at is None:
        c.add("occurred_at", ErrorCode.REQUIRED)
    elif data.occurred_at.tzinfo is None:
        c.add("occurred_at", ErrorCode.BAD_DATETIME)


def log_interaction(*, session: Session, data: InteractionInput, now: datetime) -> Interaction:
    """Write a service record and apply the state rule for its kind."""
    now = require_aware(now)
    c = Collector()
    _clean_interaction(c, data)
    c.check()
    assert data.occurred_at is not None
    get_customer(session, data.customer_id)
    record = Interaction(
        customer_id=data.customer_id,
        kind=data.kind,
        occurred_at=require_aware(data.occurred_at),
        attendees=data.attendees.strip(),
        discussion=data.discussion.strip(),
        feedback=data.feedback.strip(),
        next_steps=data.next_steps.strip(),
        created_at=now,
        updated_at=now,
    )
    session.add(record)
    session.flush()
    apply_record_state_rule(session, data.customer_id, record, now)
    return record


def apply_record_state_rule(
    session: Session, customer_id: int, record: Interaction, now: datetime
) -> None:
    customer = get_customer(session, customer_id)
    occurred = record.occurred_at
    if record.kind in VISIT_KINDS:
        if customer.last_visit_at is None or occurred > customer.last_visit_at:
            customer.last_visit_at = occurred
            session.add(customer)
        change_state(
            session=session, customer_id=customer_id, state=State.VISITED.value, now=now,
            reason=f"logged_{record.kind}", record_id=str(record.id),
        )
    elif customer.state == State.TO_CONTACT.value:
        change_state(
            session=session, customer_id=customer_id, state=State.IN_TOUCH.value, now=now,
            reason=f"logged_{record.kind}", record_id=str(record.id),
        )
