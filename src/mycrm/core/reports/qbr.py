"""The QBR report for one customer (QBR 报告): what happened in a period, what was promised
and done, what is open, the needs, the risk signal and the next steps.

Every part is read through the service the customer page or Home uses (header, contacts,
contracts, timeline, open to-dos, needs, Home's risk rule), so the report says what the app
says. The default period runs from the day of the last QBR record to today, or covers the
last three months when there is none (``periods``).

**Last QBR's commitments** are the to-dos written with the latest QBR record that happened
before the period's end (done or still open).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Session

from mycrm.core.common.timeutil import local_today, require_aware
from mycrm.core.customers import page
from mycrm.core.customers.page import CustomerHeader, TimelineFilter
from mycrm.core.db.kinds import InteractionKind
from mycrm.core.home.dashboard import RiskReason, risks
from mycrm.core.records.needs import NeedRow, list_needs
from mycrm.core.reports.lines import (
    RecordLine,
    TodoLine,
    record_line,
    todo_line,
    todos_done_between,
    todos_of_record,
)
from mycrm.core.reports.periods import Period, PeriodKind, last_months


@dataclass(frozen=True)
class ContactLine:
    name: str
    title: str = ""
    phone: str = ""
    email: str = ""
    wechat: str = ""
    is_primary: bool = False


@dataclass(frozen=True)
class ContractLine:
    kind: str  # ``ContractKind`` value: new or renewal
    start_date: date | None
    end_date: date | None
    signed_on: date | None
    amount_cents: int
    currency: str


class NextStepKind(StrEnum):
    RENEWAL = "renewal"  # the renewal date: ``day``, ``days_left``
    TODO = "todo"  # an open to-do: ``text`` (title), ``due``
    AGREED = "agreed"  # the next steps agreed at the period's last record: ``text``, ``due``


@dataclass(frozen=True)
class NextStep:
    kind: NextStepKind
    text: str = ""
    due: date | datetime | None = None  # a date (renewal), a UTC instant, None = undated
    days_left: int | None = None
    overdue: bool = False


@dataclass(frozen=True)
class QbrReport:
    period: Period
    now: datetime  # when the report was made (UTC)
    zone: str  # the user's IANA zone: dates are shown on its wall
    customer: CustomerHeader  # as the customer page's header (renewal, days left, amount)
    contacts: tuple[ContactLine, ...]
    contracts: tuple[ContractLine, ...]  # renewal history, latest end first
    records: tuple[RecordLine, ...]  # the period's service history, oldest first
    record_counts: dict[str, int]  # per ``InteractionKind`` value, kinds with none left out
    last_qbr: RecordLine | None  # the QBR whose commitments are listed
    commitments: tuple[TodoLine, ...]
    todos_done: tuple[TodoLine, ...]  # done in the period
    todos_open: tuple[TodoLine, ...]  # open now, soonest due first, undated last
    needs: tuple[NeedRow, ...]  # every need of the customer: open, won, dropped
    risk: tuple[RiskReason, ...]  # Home's risk reasons; empty = not at risk
    next_steps: tuple[NextStep, ...]

    @property
    def is_empty(self) -> bool:
        """Nothing happened in the period: the renderers say so instead of empty tables."""
        return not (self.records or self.todos_done)


def _qbr_records(session: Session, customer_id: int) -> list[RecordLine]:
    """The customer's QBR records, newest first (the timeline's order)."""
    return [record_line(item) for item in page.timeline(session, customer_id,
                                                        TimelineFilter.RECORDS.value)
            if item.payload.get("kind") == InteractionKind.QBR.value]


def default_qbr_period(session: Session, *, customer_id: int, now: datetime,
                       zone: str) -> Period:
    """From the local day of the last QBR record (up to ``now``) to today; the last three
    months when the customer has no QBR record yet."""
    now = require_aware(now)
    today = local_today(now, zone)
    past = [r for r in _qbr_records(session, customer_id) if r.occurred_at <= now]
    if not past:
        return last_months(today)
    first = local_today(past[0].occurred_at, zone)
    return Period(min(first, today), today, PeriodKind.SINCE_QBR)


def _contact_lines(session: Session, customer_id: int) -> tuple[ContactLine, ...]:
    return tuple(ContactLine(c.name, c.title, c.phone, c.email, c.wechat, c.is_primary)
                 for c in page.customer_contacts(session, customer_id))


def _contract_lines(session: Session, customer_id: int) -> tuple[ContractLine, ...]:
    return tuple(ContractLine(c.kind, c.start_date, c.end_date, c.signed_on, c.amount_cents,
                              c.currency) for c in page.contracts(session, customer_id))


def _risk_of(session: Session, customer_id: int, now: datetime,
             zone: str) -> tuple[RiskReason, ...]:
    for item in risks(session, now=now, zone=zone):
        if item.customer_id == customer_id:
            return item.reasons
    return ()


def _next_steps(customer: CustomerHeader, records: list[RecordLine],
                todos_open: list[TodoLine]) -> tuple[NextStep, ...]:
    """The renewal date, the next steps agreed at the period's last record, then the open
    to-dos in due order."""
    steps = []
    if customer.renewal_date is not None and customer.lost_on is None:
        steps.append(NextStep(NextStepKind.RENEWAL, due=customer.renewal_date,
                              days_left=customer.days_left,
                              overdue=(customer.days_left or 0) < 0))
    agreed = next((r for r in reversed(records) if r.next_steps), None)
    if agreed is not None:
        steps.append(NextStep(NextStepKind.AGREED, agreed.next_steps, agreed.occurred_at))
    steps += [NextStep(NextStepKind.TODO, t.title, t.due, overdue=t.overdue) for t in todos_open]
    return tuple(steps)


def build_qbr_report(session: Session, *, customer_id: int, now: datetime, zone: str,
                     period: Period | None = None) -> QbrReport:
    """The QBR report of ``customer_id`` for ``period`` (default: :func:`default_qbr_period`).
    Raises ``customers.services.NotFoundError`` for an unknown customer."""
    now = require_aware(now)
    period = period or default_qbr_period(session, customer_id=customer_id, now=now, zone=zone)
    start, end = period.utc_range(zone)
    header = page.customer_header(session, customer_id, local_today(now, zone))
    records = [record_line(item) for item in page.timeline(session, customer_id,
                                                           TimelineFilter.RECORDS.value)
               if start <= item.at < end]
    records.reverse()  # the timeline is newest first; a report reads forward
    last_qbr = next((r for r in _qbr_records(session, customer_id) if r.occurred_at < end), None)
    todos_open = [todo_line(t, now) for t in page.open_todos(session, customer_id)]
    return QbrReport(
        period=period, now=now, zone=zone, customer=header,
        contacts=_contact_lines(session, customer_id),
        contracts=_contract_lines(session, customer_id),
        records=tuple(records),
        record_counts=dict(Counter(r.kind for r in records)),
        last_qbr=last_qbr,
        commitments=tuple(todos_of_record(session, last_qbr.id, now)) if last_qbr else (),
        todos_done=tuple(todos_done_between(session, start, end, now, customer_id=customer_id)),
        todos_open=tuple(todos_open),
        needs=tuple(list_needs(session, customer_id=customer_id)),
        risk=_risk_of(session, customer_id, now, zone),
        next_steps=_next_steps(header, records, todos_open),
    )
