"""The Home dashboard's queries: who needs attention now, and the portfolio at a glance.

Every function is a read (``fn(session, *, now, zone, ...)``) made of indexed SQL
aggregates; nothing is stored. Reasons are codes with numbers, never sentences, so the UI
renders them in the user's language.

Definitions (explainable rules, no black box):

- **Overdue to-do**: not done and its reminder time (``remind_at``) is before now.
- **Reminder due today**: not done, reminder later today (local day in the user's zone).
- **Renewal not visited**: an active customer whose renewal date is overdue or within the
  next 90 days (bucketed 30 / 60 / 90) and whose board state is not *Visited* this cycle.
- **Reset by the revisit rule**: a ``state_changed`` timeline event in the last
  ``REVISIT_RESET_DAYS`` whose reason starts with ``revisit``, for a customer still in
  *To contact*.
- **Open complaint**: a service record with non-empty customer feedback that has at least
  one linked to-do (``Todo.interaction_id``) still open — the customer raised something and
  the promised follow-up is not done.
- **Risk**: an active customer whose renewal is overdue or within ``RISK_RENEWAL_DAYS``
  *and* at least one of: no visit/QBR for the revisit interval (or never), an overdue
  to-do, an open complaint. Every factor present is listed as a reason.
- **Renewal rate (last 12 months)**: *due* = contracts whose end date fell in the 365 days
  before today; *renewed* = those whose customer signed a ``renewal`` contract no earlier
  than 180 days before that end date. Rate = renewed / due (None when nothing was due).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import and_, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from mycrm.core.board import active_clause
from mycrm.core.goals import local_range_utc
from mycrm.core.models import (
    Contract,
    ContractKind,
    Customer,
    Interaction,
    State,
    TimelineEvent,
    Todo,
)
from mycrm.core.settings import REVISIT_DAYS, get_setting
from mycrm.core.timeline import EventKind
from mycrm.core.timeutil import local_today, require_aware

RENEWAL_WINDOW_DAYS = 90
RISK_RENEWAL_DAYS = 60
REVISIT_RESET_DAYS = 30
RENEWAL_LOOKBACK_DAYS = 365
EARLY_RENEWAL_DAYS = 180


class AttentionKind(StrEnum):
    OVERDUE_TODO = "overdue_todo"
    DUE_TODAY = "due_today"
    RISK = "risk"
    RENEWAL_UNVISITED = "renewal_unvisited"
    REVISIT_RESET = "revisit_reset"


ATTENTION_ORDER = list(AttentionKind)


class RiskCode(StrEnum):
    RENEWAL_NEAR = "renewal_near"  # value: days until renewal (negative = overdue)
    NO_VISIT = "no_visit"  # value: days since the last visit/QBR, None = never visited
    OVERDUE_TODOS = "overdue_todos"  # value: how many
    OPEN_COMPLAINTS = "open_complaints"  # value: how many


@dataclass(frozen=True)
class RiskReason:
    code: RiskCode
    value: int | None


@dataclass(frozen=True)
class AttentionItem:
    """One row of "needs attention". ``todo_id`` set → the row opens the to-do, else the
    customer. ``days`` is days until the renewal (RENEWAL_UNVISITED), ``window`` its
    bucket (0 overdue, 30, 60, 90)."""

    kind: AttentionKind
    customer_id: int | None
    customer_name: str
    title: str = ""
    todo_id: int | None = None
    when: datetime | date | None = None
    days: int | None = None
    window: int | None = None
    reasons: tuple[RiskReason, ...] = field(default_factory=tuple)


# --- needs attention --------------------------------------------------------------------
def _todo_rows(session: Session, start: datetime | None, end: datetime) -> list[AttentionItem]:
    statement = (
        select(Todo.id, Todo.title, Todo.remind_at, Todo.customer_id, Customer.name)
        .outerjoin(Customer, col(Customer.id) == col(Todo.customer_id))
        .where(col(Todo.done_at).is_(None), col(Todo.remind_at) < end)
        .order_by(col(Todo.remind_at), col(Todo.id))
    )
    if start is not None:
        statement = statement.where(col(Todo.remind_at) >= start)
    kind = AttentionKind.OVERDUE_TODO if start is None else AttentionKind.DUE_TODAY
    return [AttentionItem(kind, cid, name or "", title=title, todo_id=tid, when=at)
            for tid, title, at, cid, name in session.exec(statement)]  # type: ignore[call-overload]


def overdue_todos(session: Session, *, now: datetime) -> list[AttentionItem]:
    return _todo_rows(session, None, require_aware(now))


def due_today(session: Session, *, now: datetime, zone: str) -> list[AttentionItem]:
    today = local_today(now, zone)
    _start, end = local_range_utc(today, today, zone)
    return _todo_rows(session, require_aware(now), end)


def _window(days: int) -> int:
    if days < 0:
        return 0
    return 30 if days <= 30 else 60 if days <= 60 else 90


def renewals_unvisited(session: Session, *, today: date) -> list[AttentionItem]:
    statement = (
        select(Customer.id, Customer.name, Customer.renewal_date)
        .where(active_clause(), col(Customer.renewal_date).is_not(None),
               col(Customer.renewal_date) <= today + timedelta(days=RENEWAL_WINDOW_DAYS),
               Customer.state != State.VISITED.value)
        .order_by(col(Customer.renewal_date), col(Customer.name))
    )
    items = []
    for cid, name, renewal in session.exec(statement):  # type: ignore[call-overload]
        days = (renewal - today).days
        items.append(AttentionItem(AttentionKind.RENEWAL_UNVISITED, cid, name, when=renewal,
                                   days=days, window=_window(days)))
    return items


def revisit_resets(session: Session, *, now: datetime) -> list[AttentionItem]:
    since = require_aware(now) - timedelta(days=REVISIT_RESET_DAYS)
    reason = func.json_extract(TimelineEvent.payload, "$.reason")
    statement = (
        select(Customer.id, Customer.name, func.max(TimelineEvent.occurred_at))
        .join(TimelineEvent, col(TimelineEvent.customer_id) == col(Customer.id))
        .where(TimelineEvent.kind == EventKind.STATE_CHANGED.value,
               col(TimelineEvent.occurred_at) >= since, reason.like("revisit%"),
               active_clause(), Customer.state == State.TO_CONTACT.value)
        .group_by(col(Customer.id), col(Customer.name))
        .order_by(col(Customer.name))
    )
    return [AttentionItem(AttentionKind.REVISIT_RESET, cid, name, when=_as_utc(at))
            for cid, name, at in session.exec(statement)]  # type: ignore[call-overload]


def _as_utc(value: datetime | str | None) -> datetime | None:
    """``max()`` over a UTCDateTime column comes back untyped from SQLite."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _overdue_count(now: datetime):  # type: ignore[no-untyped-def]
    return (select(func.count(col(Todo.id)))
            .where(Todo.customer_id == Customer.id, col(Todo.done_at).is_(None),
                   col(Todo.remind_at) < now)
            .scalar_subquery())


def _complaint_count():  # type: ignore[no-untyped-def]
    open_followup = (select(Todo.id)
                     .where(Todo.interaction_id == Interaction.id, col(Todo.done_at).is_(None))
                     .exists())
    return (select(func.count(col(Interaction.id)))
            .where(Interaction.customer_id == Customer.id, Interaction.feedback != "",
                   open_followup)
            .scalar_subquery())


def risks(session: Session, *, now: datetime, zone: str) -> list[AttentionItem]:
    """Customers at risk, most urgent renewal first, each with every reason present."""
    now = require_aware(now)
    today = local_today(now, zone)
    revisit_days = get_setting(session, REVISIT_DAYS)
    statement = (
        select(Customer.id, Customer.name, Customer.renewal_date, Customer.last_visit_at,
               _overdue_count(now), _complaint_count())
        .where(active_clause(), col(Customer.renewal_date).is_not(None),
               col(Customer.renewal_date) <= today + timedelta(days=RISK_RENEWAL_DAYS))
        .order_by(col(Customer.renewal_date), col(Customer.name))
    )
    items = []
    for cid, name, renewal, last_visit, overdue, complaints in session.exec(statement):  # type: ignore[call-overload]
        reasons = risk_reasons(today, renewal, _as_utc(last_visit), now, revisit_days,
                               overdue, complaints)
        if len(reasons) > 1:
            items.append(AttentionItem(AttentionKind.RISK, cid, name, when=renewal,
                                       days=(renewal - today).days, reasons=tuple(reasons)))
    return items


def risk_reasons(today: date, renewal: date, last_visit: datetime | None, now: datetime,
                 revisit_days: int, overdue: int, complaints: int) -> list[RiskReason]:
    """The renewal reason first, then every aggravating factor that is present."""
    reasons = [RiskReason(RiskCode.RENEWAL_NEAR, (renewal - today).days)]
    if last_visit is None:
        reasons.append(RiskReason(RiskCode.NO_VISIT, None))
    else:
        since = (now - last_visit).days
        if since >= revisit_days:
            reasons.append(RiskReason(RiskCode.NO_VISIT, since))
    if overdue:
        reasons.append(RiskReason(RiskCode.OVERDUE_TODOS, overdue))
    if complaints:
        reasons.append(RiskReason(RiskCode.OPEN_COMPLAINTS, complaints))
    return reasons


def needs_attention(session: Session, *, now: datetime, zone: str) -> list[AttentionItem]:
    """All attention rows in display order. Each customer has at most one customer row:
    a risk row already names the renewal, so the same customer is not listed again as an
    unvisited renewal or a revisit reset (to-do rows are always listed)."""
    today = local_today(now, zone)
    at_risk = risks(session, now=now, zone=zone)
    listed = {item.customer_id for item in at_risk}
    unvisited = [i for i in renewals_unvisited(session, today=today) if i.customer_id not in listed]
    listed |= {item.customer_id for item in unvisited}
    resets = [i for i in revisit_resets(session, now=now) if i.customer_id not in listed]
    return (overdue_todos(session, now=now) + due_today(session, now=now, zone=zone)
            + at_risk + unvisited + resets)


# --- portfolio --------------------------------------------------------------------------
def customers_per_state(session: Session) -> dict[str, int]:
    """Active customers in each board state (every state present, zero included)."""
    counts = {s.value: 0 for s in State}
    statement = (select(Customer.state, func.count(col(Customer.id)))
                 .where(active_clause()).group_by(col(Customer.state)))
    for state, count in session.exec(statement):  # type: ignore[call-overload]
        counts[state] = count
    return counts


@dataclass(frozen=True)
class MonthRenewals:
    month: date  # first day of the month
    count: int
    amount_cents: int


def renewals_by_month(session: Session, *, today: date, months: int = 12) -> list[MonthRenewals]:
    """Active customers whose renewal date falls in each of the next ``months`` calendar
    months (this month first), with the amount of the contract ending on that date."""
    first = today.replace(day=1)
    index = first.year * 12 + first.month - 1 + months
    end = date(index // 12, index % 12 + 1, 1)
    month_key = func.strftime("%Y-%m", Customer.renewal_date)
    statement = (
        select(month_key, func.count(func.distinct(Customer.id)),
               func.coalesce(func.sum(Contract.amount_cents), 0))
        .select_from(Customer)
        .outerjoin(Contract, and_(col(Contract.customer_id) == col(Customer.id),
                                  col(Contract.end_date) == col(Customer.renewal_date)))
        .where(active_clause(), col(Customer.renewal_date) >= first,
               col(Customer.renewal_date) < end)
        .group_by(month_key)
    )
    found = {key: (count, amount) for key, count, amount in session.exec(statement)}  # type: ignore[call-overload]
    result = []
    for offset in range(months):
        idx = first.year * 12 + first.month - 1 + offset
        month = date(idx // 12, idx % 12 + 1, 1)
        count, amount = found.get(f"{month:%Y-%m}", (0, 0))
        result.append(MonthRenewals(month, int(count), int(amount)))
    return result


@dataclass(frozen=True)
class RenewalRate:
    due: int
    renewed: int

    @property
    def rate(self) -> float | None:
        return self.renewed / self.due if self.due else None


def renewal_rate(session: Session, *, today: date) -> RenewalRate:
    """Renewed / due over the last 12 months (see the module docstring)."""
    due = aliased(Contract)
    renewal = aliased(Contract)
    renewed_exists = (
        select(renewal.id)
        .where(renewal.customer_id == due.customer_id, renewal.id != due.id,
               renewal.kind == ContractKind.RENEWAL.value,
               col(renewal.signed_on).is_not(None),
               renewal.signed_on >= func.date(due.end_date, f"-{EARLY_RENEWAL_DAYS} days"))
        .exists()
    )
    window = and_(due.end_date >= today - timedelta(days=RENEWAL_LOOKBACK_DAYS),
                  due.end_date < today)
    total = session.exec(select(func.count(due.id)).where(window)).one()
    renewed = session.exec(select(func.count(due.id)).where(window, renewed_exists)).one()
    return RenewalRate(int(total), int(renewed))


@dataclass(frozen=True)
class Portfolio:
    per_state: dict[str, int]
    by_month: list[MonthRenewals]
    rate: RenewalRate

    @property
    def total(self) -> int:
        return sum(self.per_state.values())


def portfolio(session: Session, *, today: date) -> Portfolio:
    return Portfolio(customers_per_state(session), renewals_by_month(session, today=today),
                     renewal_rate(session, today=today))


def has_any_customer(session: Session) -> bool:
    return session.exec(select(Customer.id).limit(1)).first() is not None

