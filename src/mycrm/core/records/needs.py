"""Potential needs (潜在需求): capture, follow up, close as won or dropped.

A follow-up date creates a to-do with a reminder at 09:00 local on that day, linked to the
need. Dashboards count new needs by ``created_at``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlmodel import Session, col, select

from mycrm.core.changes import Change, changes
from mycrm.core.common.timeutil import require_aware
from mycrm.core.common.undo import Snapshot
from mycrm.core.common.validation import Collector
from mycrm.core.customers.services import get_customer
from mycrm.core.customers.timeline import EventKind, record_event
from mycrm.core.db.models import Customer, Need, NeedStatus
from mycrm.core.todos.services import TodoInput, create_todo

STATUSES = {s.value for s in NeedStatus}
FOLLOW_UP_HOUR = 9
DEFAULT_FOLLOW_UP_TITLE = "Follow up: %1"


class NeedNotFoundError(LookupError):
    pass


@dataclass
class NeedInput:
    customer_id: int
    title: str = ""
    detail: str = ""
    amount: str | int | None = None
    follow_up_on: str | date | None = None
    status: str = NeedStatus.OPEN.value


@dataclass(frozen=True)
class NeedRow:
    id: int
    customer_id: int
    customer_name: str
    title: str
    detail: str
    amount_cents: int
    status: str
    follow_up_on: date | None
    created_at: datetime


def _clean(c: Collector, data: NeedInput) -> tuple[str, int, date | None]:
    title = c.text("title", data.title, required=True, max_len=200)
    amount = c.amount("amount", data.amount)
    follow = c.date("follow_up_on", data.follow_up_on)
    c.choice("status", data.status, STATUSES)
    return title, amount, follow


@changes(Change.NEEDS | Change.TODOS)
def create_need(*, session: Session, data: NeedInput, now: datetime, zone: str = "UTC",
                todo_title: str = DEFAULT_FOLLOW_UP_TITLE) -> Need:
    now = require_aware(now)
    c = Collector()
    title, amount, follow = _clean(c, data)
    c.check()
    get_customer(session, data.customer_id)
    need = Need(customer_id=data.customer_id, title=title, detail=data.detail.strip(),
                amount_cents=amount, status=data.status, follow_up_on=follow, created_at=now)
    if data.status != NeedStatus.OPEN.value:
        need.closed_at = now
    session.add(need)
    session.flush()
    record_event(session, customer_id=data.customer_id, kind=EventKind.NEED_CREATED, now=now,
                 need_id=need.id, title=title, amount_cents=amount)
    if follow is not None and need.status == NeedStatus.OPEN.value:
        _follow_up_todo(session, need, follow, now, zone, todo_title)
    return need


@changes(Change.NEEDS | Change.TODOS)
def update_need(*, session: Session, need_id: int, data: NeedInput, now: datetime,
                zone: str = "UTC", todo_title: str = DEFAULT_FOLLOW_UP_TITLE) -> Need:
    """Edit a need. Closing it (won/dropped) records when; a new follow-up date adds a to-do."""
    now = require_aware(now)
    c = Collector()
    title, amount, follow = _clean(c, data)
    c.check()
    need = get_need(session, need_id)
    old_status, old_follow = need.status, need.follow_up_on
    need.title, need.detail, need.amount_cents = title, data.detail.strip(), amount
    need.follow_up_on = follow
    need.status = data.status
    if old_status == NeedStatus.OPEN.value and data.status != NeedStatus.OPEN.value:
        need.closed_at = now
        record_event(session, customer_id=need.customer_id, kind=EventKind.NEED_CLOSED,
                     now=now, need_id=need.id, title=title, status=data.status)
    elif data.status == NeedStatus.OPEN.value:
        need.closed_at = None
    session.add(need)
    session.flush()
    if follow is not None and follow != old_follow and need.status == NeedStatus.OPEN.value:
        _follow_up_todo(session, need, follow, now, zone, todo_title)
    return need


@changes(Change.NEEDS)
def delete_need(*, session: Session, need_id: int, now: datetime) -> Snapshot:
    require_aware(now)
    need = get_need(session, need_id)
    snapshot = Snapshot("need")
    snapshot.add(need)
    session.delete(need)
    session.flush()
    return snapshot


def get_need(session: Session, need_id: int) -> Need:
    need = session.get(Need, need_id)
    if need is None:
        raise NeedNotFoundError(f"need {need_id} does not exist")
    return need


def list_needs(session: Session, status: str | None = None,
               customer_id: int | None = None) -> list[NeedRow]:
    """Needs with their customer's name; open follow-ups first by date, then newest."""
    statement = (select(Need, Customer.name)
                 .join(Customer, col(Customer.id) == col(Need.customer_id)))
    if status:
        statement = statement.where(Need.status == status)
    if customer_id is not None:
        statement = statement.where(Need.customer_id == customer_id)
    statement = statement.order_by(col(Need.follow_up_on).is_(None), col(Need.follow_up_on),
                                   col(Need.created_at).desc(), col(Need.id).desc())
    rows = []
    for need, name in session.exec(statement):
        assert need.id is not None
        rows.append(NeedRow(need.id, need.customer_id, name, need.title, need.detail,
                            need.amount_cents, need.status, need.follow_up_on, need.created_at))
    return rows


def _follow_up_todo(session: Session, need: Need, follow: date, now: datetime, zone: str,
                    title: str) -> None:
    create_todo(session=session, now=now, data=TodoInput(
        title=title.replace("%1", need.title)[:300], customer_id=need.customer_id,
        need_id=need.id, remind_wall=datetime.combine(follow, time(FOLLOW_UP_HOUR)),
        remind_tz=zone))
