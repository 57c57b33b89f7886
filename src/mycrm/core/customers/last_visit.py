"""A customer's last visit, derived from the records: ``Customer.last_visit_at`` is the time
of the latest visit (a QBR is one, ``core.rules.VISIT_KINDS``). Recomputed whenever a
record is edited, deleted or restored by an undo."""

from __future__ import annotations

from sqlmodel import Session, col, select

from mycrm.core.db.models import Customer, Interaction
from mycrm.core.rules import VISIT_KINDS, kinds_clause


def recompute_last_visit(session: Session, customer_id: int) -> None:
    """Set ``last_visit_at`` to the latest visit/QBR record (None when there is none). A
    customer that no longer exists has nothing to recompute."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        return
    latest = session.exec(
        select(Interaction)
        .where(Interaction.customer_id == customer_id, kinds_clause(VISIT_KINDS))
        .order_by(col(Interaction.occurred_at).desc())
        .limit(1)
    ).first()
    value = latest.occurred_at if latest is not None else None
    if customer.last_visit_at != value:
        customer.last_visit_at = value
        session.add(customer)
