"""The Home dashboard's queries: who needs attention now, and the portfolio at a glance.

Every function is a read (``fn(session, *, now, zone, ...)``) made of indexed SQL
aggregates; nothing is stored. The needs-attention list (:func:`attention`) returns at most
``limit`` rows per category plus each category's true total (SQL counts), so its cost follows
what is on screen rather than the portfolio's size. Reasons are codes with numbers, never
sentences, so the UI renders them in the user's language.

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

from sqlalchemy import and_, case, func, literal, literal_column, not_, or_, union_all
from sqlalchemy import select as sa_select
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
DEFAULT_ATTENTION_LIMIT = 50


@dataclass(frozen=True)
class Attention:
    """The needs-attention list as shown: at most ``limit`` rows per category (``items``, in
    display order) and the true number of rows in each category (``totals``), so the page
    can say how many more there are instead of silently hiding them."""

    items: list[AttentionItem]
    totals: dict[AttentionKind, int]

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    def shown(self, kind: AttentionKind) -> int:
        return sum(1 for item in self.items if item.kind == kind)

    def hidden(self, kind: AttentionKind) -> int:
        """Rows of ``kind`` not in ``items`` (0 when the category is complete)."""
        return self.totals.get(kind, 0) - self.shown(kind)


def _rows_and_total(session: Session, statement, limit: int | None,  # type: ignore[no-untyped-def]
                    count=None) -> tuple[list, int]:
    """Run ``statement`` capped at ``limit`` rows; count the rest in SQL only if capped
    (``count``, else a COUNT over ``statement``). ``statement`` is a Core select of
    several columns (rows, via ``session.execute``); the counts are scalar selects."""
    if limit is None:
        rows = list(session.execute(statement))
        return rows, len(rows)
    rows = list(session.execute(statement.limit(limit)))
    if len(rows) < limit:
        return rows, len(rows)
    if count is None:
        count = select(func.count()).select_from(statement.order_by(None).subquery())
    return rows, int(session.exec(count).one())


def _todo_count(start: datetime | None, end: datetime):  # type: ignore[no-untyped-def]
    """COUNT over the same range, answered from the covering index ix_todo_open."""
    statement = select(func.count()).select_from(Todo).where(
        col(Todo.done_at).is_(None), col(Todo.remind_at) < end)
    if start is not None:
        statement = statement.where(col(Todo.remind_at) >= start)
    return statement


def _todo_statement(start: datetime | None, end: datetime):  # type: ignore[no-untyped-def]
    # Five columns, more than SQLModel's ``select`` overloads take: a Core select.
    statement = (
        sa_select(col(Todo.id), col(Todo.title), col(Todo.remind_at), col(Todo.customer_id),
                  col(Customer.name))
        .outerjoin(Customer, col(Customer.id) == col(Todo.customer_id))
        .where(col(Todo.done_at).is_(None), col(Todo.remind_at) < end)
        .order_by(col(Todo.remind_at), col(Todo.id))
    )
    if start is not None:
        statement = statement.where(col(Todo.remind_at) >= start)
    return statement


def _todo_rows(session: Session, start: datetime | None, end: datetime,
               limit: int | None) -> tuple[list[AttentionItem], int]:
    rows, total = _rows_and_total(session, _todo_statement(start, end), limit,
                                  _todo_count(start, end))
    kind = AttentionKind.OVERDUE_TODO if start is None else AttentionKind.DUE_TODAY
    return [AttentionItem(kind, cid, name or "", title=title, todo_id=tid, when=at)
            for tid, title, at, cid, name in rows], total


def _today_range(now: datetime, zone: str) -> tuple[datetime, datetime]:
    today = local_today(now, zone)
    _start, end = local_range_utc(today, today, zone)
    return require_aware(now), end


def _window(days: int) -> int:
    if days < 0:
        return 0
    return 30 if days <= 30 else 60 if days <= 60 else 90


def _unvisited_statement(today: date):  # type: ignore[no-untyped-def]
    return (
        select(col(Customer.id), col(Customer.name), col(Customer.renewal_date))
        .where(active_clause(), col(Customer.renewal_date).is_not(None),
               col(Customer.renewal_date) <= today + timedelta(days=RENEWAL_WINDOW_DAYS),
               Customer.state != State.VISITED.value)
        .order_by(col(Customer.renewal_date), col(Customer.name), col(Customer.id))
    )


def _unvisited_items(rows, today: date) -> list[AttentionItem]:  # type: ignore[no-untyped-def]
    items = []
    for cid, name, renewal in rows:
        days = (renewal - today).days
        items.append(AttentionItem(AttentionKind.RENEWAL_UNVISITED, cid, name, when=renewal,
                                   days=days, window=_window(days)))
    return items


def renewals_unvisited(session: Session, *, today: date) -> list[AttentionItem]:
    """Every active customer renewing within 90 days (or overdue) and not visited this
    cycle — including those that are also at risk (``needs_attention`` drops those)."""
    return _unvisited_items(session.exec(_unvisited_statement(today)), today)


# The revisit-reset events, written exactly as the WHERE clause of the partial index
# ``ix_timeline_revisit`` (migration 0003): SQLite uses a partial index only when the query
# repeats its terms, and a bound parameter never matches a constant, so these are literals.
_REVISIT_EVENT = (
    col(TimelineEvent.kind) == literal_column(f"'{EventKind.STATE_CHANGED.value}'"),
    func.json_extract(TimelineEvent.payload, literal_column("'$.reason'"))
    .like(literal_column("'revisit%'")),
)


def _resets_statement(now: datetime, skip_renewing_by: date | None = None):  # type: ignore[no-untyped-def]
    """Revisit resets by name, ``(id, name, last reset, total)``: every row carries the
    category's true total. With ``skip_renewing_by`` (today), customers renewing within
    the 90-day window are left out: a reset customer is in *To contact*, so such a
    customer is already listed as a risk or as an unvisited renewal.

    The recent resets are a range of the partial index ``ix_timeline_revisit`` (revisit
    events only, by time, so no payload is parsed); the customers are walked in name order
    on ``ix_customer_state_name``, so a capped list stops after ``limit`` matches, and the
    total is counted on that index. The time of the last reset is read only for the rows
    returned (``ix_timeline_customer_time``)."""
    since = require_aware(now) - timedelta(days=REVISIT_RESET_DAYS)
    recent = (*_REVISIT_EVENT, col(TimelineEvent.occurred_at) >= since)
    conditions = [active_clause(), Customer.state == State.TO_CONTACT.value,
                  col(Customer.id).in_(select(TimelineEvent.customer_id).where(*recent))]
    if skip_renewing_by is not None:
        horizon = skip_renewing_by + timedelta(days=RENEWAL_WINDOW_DAYS)
        conditions.append(or_(col(Customer.renewal_date).is_(None),
                              col(Customer.renewal_date) > horizon))
    last_reset = (select(func.max(TimelineEvent.occurred_at))
                  .where(col(TimelineEvent.customer_id) == col(Customer.id), *recent)
                  .scalar_subquery())
    total = select(func.count()).select_from(Customer).where(*conditions).scalar_subquery()
    return (select(Customer.id, Customer.name, last_reset, total)
            .where(*conditions)
            .order_by(col(Customer.name), col(Customer.id)))


def _reset_rows(session: Session, now: datetime, today: date,
                limit: int | None) -> tuple[list, int]:
    """At most ``limit`` reset rows ``(id, name, at)`` and the true number of them."""
    statement = _resets_statement(now, skip_renewing_by=today)
    if limit is not None:
        statement = statement.limit(limit)
    rows = list(session.exec(statement))
    return [row[:3] for row in rows], int(rows[0][3]) if rows else 0


def _reset_items(rows) -> list[AttentionItem]:  # type: ignore[no-untyped-def]
    return [AttentionItem(AttentionKind.REVISIT_RESET, cid, name, when=_as_utc(at))
            for cid, name, at in rows]


def _as_utc(value: datetime | str | None) -> datetime | None:
    """``max()`` over a UTCDateTime column comes back untyped from SQLite."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _has_overdue_todo(now: datetime):  # type: ignore[no-untyped-def]
    """EXISTS an overdue to-do of the customer in the enclosing query: one probe of
    ``ix_todo_customer_open`` (customer_id, done_at, remind_at), index only."""
    return (select(literal(1))
            .where(col(Todo.customer_id) == col(Customer.id), col(Todo.done_at).is_(None),
                   col(Todo.remind_at) < now)
            .exists())


# ``+todo.done_at``: SQLite's documented way to keep an index off one term, so the open
# linked to-dos are found through ix_todo_interaction_id (few) and not by scanning every
# open to-do through ix_todo_open (thousands at stress scale).
_OPEN_TODO = literal_column("+todo.done_at").is_(None)


def _complaints():  # type: ignore[no-untyped-def]
    """``(customer_id, record id)`` of records with feedback and an open linked to-do,
    found from the open linked to-dos (ix_todo_interaction_id), not from the records."""
    return (select(col(Interaction.customer_id), col(Interaction.id))
            .select_from(Todo)
            .join(Interaction, col(Interaction.id) == col(Todo.interaction_id))
            .where(col(Todo.interaction_id) > 0, _OPEN_TODO, Interaction.feedback != ""))


def _risk_factor(now: datetime, revisit_days: int):  # type: ignore[no-untyped-def]
    """A second factor besides the near renewal. ``(now - last).days >= revisit_days``
    exactly when ``last <= now - revisit_days``. NULL-free (ids are never NULL), so
    ``not_`` of it is the complement. Cheapest first: in a WHERE clause SQLite stops at
    the first true term, so most customers never reach the to-do probe."""
    stale = now - timedelta(days=revisit_days)
    complaint_customers = _complaints().with_only_columns(col(Interaction.customer_id))
    return or_(col(Customer.last_visit_at).is_(None), col(Customer.last_visit_at) <= stale,
               _has_overdue_todo(now),
               col(Customer.id).in_(complaint_customers))


def _factor_counts(session: Session, now: datetime,
                   ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """Overdue to-dos and open complaints per customer, for the shown ``ids`` only: two
    GROUP BYs in one statement. The overdue counts are ranges of ix_todo_customer_open
    (customer_id, done_at, remind_at), read from the index alone; the complaints go through
    ix_todo_interaction_id (the ``+`` keeps SQLite off the indexes that would scan every
    open to-do/record)."""
    if not ids:
        return {}, {}
    overdue = (select(literal("overdue"), Todo.customer_id, func.count())
               .where(col(Todo.customer_id).in_(ids), col(Todo.done_at).is_(None),
                      col(Todo.remind_at) < now)
               .group_by(col(Todo.customer_id)))
    complaints = (_complaints()
                  .with_only_columns(literal("complaints"), col(Interaction.customer_id),
                                     func.count(func.distinct(col(Interaction.id))))
                  .where(literal_column("+interaction.customer_id").in_(ids))
                  .group_by(col(Interaction.customer_id)))
    found: dict[str, dict[int, int]] = {"overdue": {}, "complaints": {}}
    for kind, cid, count in session.exec(union_all(overdue, complaints)):  # type: ignore[call-overload]
        found[kind][cid] = count
    return found["overdue"], found["complaints"]


def _risk_items(session: Session, rows, now: datetime, today: date,  # type: ignore[no-untyped-def]
                revisit_days: int) -> list[AttentionItem]:
    rows = list(rows)
    overdue, complaints = _factor_counts(session, now, [row[0] for row in rows])
    items = []
    for cid, name, renewal, last_visit in rows:
        reasons = risk_reasons(today, renewal, _as_utc(last_visit), now, revisit_days,
                               overdue.get(cid, 0), complaints.get(cid, 0))
        if len(reasons) > 1:  # always true by the query; kept as the rule's statement
            items.append(AttentionItem(AttentionKind.RISK, cid, name, when=renewal,
                                       days=(renewal - today).days, reasons=tuple(reasons)))
    return items


def risks(session: Session, *, now: datetime, zone: str,
          limit: int | None = None) -> list[AttentionItem]:
    """Customers at risk, most urgent renewal first, each with every reason present."""
    now = require_aware(now)
    today = local_today(now, zone)
    revisit_days = get_setting(session, REVISIT_DAYS)
    rows = _customer_rows(session, now, today, revisit_days, limit)[AttentionKind.RISK][0]
    return _risk_items(session, rows, now, today, revisit_days)


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


_SECOND = 1 << 32  # _customer_rows packs two counts in one 64-bit SUM


def _customer_rows(session: Session, now: datetime, today: date, revisit_days: int,
                   limit: int | None) -> dict[AttentionKind, tuple[list, int]]:
    """Risk and unvisited-renewal rows (``(id, name, renewal, last_visit)``, at most
    ``limit`` of each, in display order) with their true totals, in ONE statement. A
    customer at risk is not an unvisited row as well.

    Each list walks ``ix_customer_active_renewal`` in renewal order (sorting only the
    names within one renewal date) and stops after ``limit`` rows. Both totals come from
    one more pass over that index range, each customer classified once by a CASE. The
    rule is written as conditions (WHERE / CASE WHEN), where SQLite stops at the first
    true factor (a stale visit), so only recently visited customers cost a to-do probe."""
    at_risk = and_(col(Customer.renewal_date) <= today + timedelta(days=RISK_RENEWAL_DAYS),
                   _risk_factor(now, revisit_days))
    window = and_(active_clause(), col(Customer.renewal_date).is_not(None),
                  col(Customer.renewal_date) <= today + timedelta(days=RENEWAL_WINDOW_DAYS))
    unvisited = col(Customer.state) != State.VISITED.value
    conditions = {AttentionKind.RISK: and_(window, at_risk),
                  AttentionKind.RENEWAL_UNVISITED: and_(window, unvisited, not_(at_risk))}
    # Core selects throughout (more columns than SQLModel's ``select`` overloads take); the
    # UNION's rows are read with ``session.execute``.
    parts = []
    for kind, condition in conditions.items():
        part = (sa_select(literal(kind.value).label("kind"), col(Customer.id),
                          col(Customer.name), col(Customer.renewal_date),
                          col(Customer.last_visit_at))
                .where(condition)
                .order_by(col(Customer.renewal_date), col(Customer.name), col(Customer.id)))
        if limit is not None:
            part = part.limit(limit)
        parts.append(sa_select(part.subquery(), literal(None).label("total")))
    # Both totals in one SUM: a risk adds 1, an unvisited renewal adds _SECOND (far above
    # any number of customers), so the sum is ``risks + unvisited * _SECOND``. One CASE
    # classifies each customer once, and no sort is needed to group them.
    both = case((at_risk, 1), (unvisited, _SECOND), else_=0)
    totals = sa_select(literal(None), literal(None), literal(None), literal(None),
                       literal(None), func.coalesce(func.sum(both), 0)).where(window)
    statement = union_all(*parts, totals).order_by("kind", "renewal_date", "name", "id")
    rows: dict[AttentionKind, list] = {kind: [] for kind in conditions}
    both_total = 0
    for kind, cid, name, renewal, last_visit, total in session.execute(statement):
        if kind is None:
            both_total = int(total)
        else:
            rows[AttentionKind(kind)].append((cid, name, renewal, last_visit))
    unvisited_total, risk_total = divmod(both_total, _SECOND)
    return {AttentionKind.RISK: (rows[AttentionKind.RISK], risk_total),
            AttentionKind.RENEWAL_UNVISITED: (rows[AttentionKind.RENEWAL_UNVISITED],
                                              unvisited_total)}


def attention(session: Session, *, now: datetime, zone: str,
              limit: int | None = DEFAULT_ATTENTION_LIMIT) -> Attention:
    """The attention rows in display order, at most ``limit`` per category (None = all),
    with each category's true total. Each customer has at most one customer row: a risk
    row already names the renewal, so the same customer is not listed again as an
    unvisited renewal or a revisit reset (to-do rows are always listed). Every query is
    capped and indexed; totals are SQL counts, run only for a category that hit the cap."""
    now = require_aware(now)
    today = local_today(now, zone)
    revisit_days = get_setting(session, REVISIT_DAYS)
    totals: dict[AttentionKind, int] = {}
    overdue, totals[AttentionKind.OVERDUE_TODO] = _todo_rows(session, None, now, limit)
    due, totals[AttentionKind.DUE_TODAY] = _todo_rows(session, *_today_range(now, zone), limit)
    rows = _customer_rows(session, now, today, revisit_days, limit)
    at_risk = _risk_items(session, rows[AttentionKind.RISK][0], now, today, revisit_days)
    totals[AttentionKind.RISK] = rows[AttentionKind.RISK][1]
    unvisited = _unvisited_items([row[:3] for row in rows[AttentionKind.RENEWAL_UNVISITED][0]],
                                 today)
    totals[AttentionKind.RENEWAL_UNVISITED] = rows[AttentionKind.RENEWAL_UNVISITED][1]
    resets, totals[AttentionKind.REVISIT_RESET] = _reset_rows(session, now, today, limit)
    return Attention(overdue + due + at_risk + unvisited + _reset_items(resets), totals)


def needs_attention(session: Session, *, now: datetime, zone: str,
                    limit: int | None = None) -> list[AttentionItem]:
    """All attention rows in display order (at most ``limit`` per category); see
    :func:`attention` for the rules and for the totals of a capped list."""
    return attention(session, now=now, zone=zone, limit=limit).items


# --- portfolio --------------------------------------------------------------------------
def customers_per_state(session: Session) -> dict[str, int]:
    """Active customers in each board state (every state present, zero included)."""
    counts = {s.value: 0 for s in State}
    statement = (select(Customer.state, func.count())
                 .where(active_clause()).group_by(col(Customer.state)))
    for state, count in session.exec(statement):
        counts[state] = count
    return counts


@dataclass(frozen=True)
class MonthRenewals:
    month: date  # first day of the month
    count: int
    amount_cents: int


def _month_start(first: date, offset: int) -> date:
    index = first.year * 12 + first.month - 1 + offset
    return date(index // 12, index % 12 + 1, 1)


def renewals_by_month(session: Session, *, today: date, months: int = 12) -> list[MonthRenewals]:
    """Active customers whose renewal date falls in each of the next ``months`` calendar
    months (this month first), with the amount of the contract ending on that date.

    One pass over the range of ``ix_customer_active_renewal`` grouped by renewal date (the
    index's own order, so no sort), each customer's contract found in ``ix_contract_end``
    (end date, customer, amount: no row read); the days are added up into months here
    (at most ~366 rows)."""
    first = today.replace(day=1)
    end = _month_start(first, months)
    statement = (
        select(col(Customer.renewal_date), func.count(func.distinct(Customer.id)),
               func.coalesce(func.sum(Contract.amount_cents), 0))
        .select_from(Customer)
        .outerjoin(Contract, and_(col(Contract.end_date) == col(Customer.renewal_date),
                                  col(Contract.customer_id) == col(Customer.id)))
        .where(active_clause(), col(Customer.renewal_date) >= first,
               col(Customer.renewal_date) < end)
        .group_by(col(Customer.renewal_date))
    )
    found: dict[date, tuple[int, int]] = {}
    for day, count, cents in session.exec(statement):
        assert day is not None  # the WHERE range leaves out customers without a renewal
        month = day.replace(day=1)
        month_count, month_cents = found.get(month, (0, 0))
        found[month] = (month_count + int(count), month_cents + int(cents))
    result = []
    for offset in range(months):
        month = _month_start(first, offset)
        count, cents = found.get(month, (0, 0))
        result.append(MonthRenewals(month, count, cents))
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
    window = and_(col(due.end_date) >= today - timedelta(days=RENEWAL_LOOKBACK_DAYS),
                  col(due.end_date) < today)
    # One pass over the due contracts (the EXISTS runs per due contract, by customer).
    statement = select(func.count(),
                       func.coalesce(func.sum(case((renewed_exists, 1), else_=0)), 0)).where(window)
    total, renewed = session.exec(statement).one()
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

