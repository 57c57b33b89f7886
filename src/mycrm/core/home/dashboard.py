"""The Home dashboard's queries: who needs attention now, and the portfolio at a glance.

Every function is a read (``fn(db, *, now, zone, ...)``) made of indexed SQL aggregates;
nothing is stored. The SQL is written out (``core.sqlread``): ``db`` is a ``Session`` or a
bare DB-API connection, so Home is painted before the ORM is loaded. The needs-attention
list (:func:`attention`) returns at most ``limit`` rows per category plus each category's
true total (SQL counts), so its cost follows what is on screen rather than the portfolio's
size. Reasons are codes with numbers, never
sentences, so the UI renders them in the user's language.

Definitions (explainable rules, no black box):

- **Overdue to-do** / **due today**: the shared rule (``core.rules``): not done, and due
  (``coalesce(notify_at, remind_at)``: a snooze moves it) at or before now / later today
  (the local day in the user's zone) — what the To-dos page, the tray and the calendar say.
- **Renewal not visited**: an active customer whose renewal date is overdue or within the
  next 90 days (bucketed 30 / 60 / 90) and whose board state is not *Visited* this cycle.
- **Reset by the revisit rule**: a ``state_changed`` timeline event in the last
  ``REVISIT_RESET_DAYS`` whose reason starts with ``revisit``, for a customer still in
  *To contact*.
- **Open complaint**: a service record with non-empty customer feedback that has at least
  one linked to-do (``Todo.interaction_id``) still open — the customer raised something and
  the promised follow-up is not done.
- **Risk**: an active customer whose renewal is overdue or within ``RISK_RENEWAL_DAYS``
  *and* at least one of: no visit (a QBR is one) for the revisit interval (or never), an
  overdue to-do, an open complaint. Every factor present is listed as a reason.
- **Renewal rate (last 12 months)**: *due* = contracts whose end date fell in the 365 days
  before today; *renewed* = those whose customer signed a ``renewal`` contract no earlier
  than 180 days before that end date. Rate = renewed / due (None when nothing was due).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from mycrm.core import rules
from mycrm.core.common.timeutil import local_today, require_aware
from mycrm.core.db.kinds import EventKind, State
from mycrm.core.db.sqlread import day, instant, one, rows, to_day, to_instant
from mycrm.core.settings.keys import REVISIT_DAYS
from mycrm.core.settings.store import get_setting

RENEWAL_WINDOW_DAYS = 90
RISK_RENEWAL_DAYS = 60
REVISIT_RESET_DAYS = 30
RENEWAL_LOOKBACK_DAYS = 365


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


ACTIVE = rules.ACTIVE_CUSTOMER_SQL


def _capped(db: Any, sql: str, parameters: dict[str, Any], limit: int | None,
            count_sql: str) -> tuple[list[Any], int]:
    """Rows of ``sql`` (ordered, no LIMIT yet), at most ``limit``, and their true number:
    ``count_sql`` (same parameters) runs only when the cap was reached."""
    if limit is None:
        found = rows(db, sql, parameters)
        return found, len(found)
    found = rows(db, f"{sql} LIMIT :limit", {**parameters, "limit": limit})
    if len(found) < limit:
        return found, len(found)
    return found, int(one(db, count_sql, parameters)[0])


_TODO_GROUPS = {AttentionKind.OVERDUE_TODO: rules.DueGroup.OVERDUE,
                AttentionKind.DUE_TODAY: rules.DueGroup.TODAY}


def _todo_rows(db: Any, kind: AttentionKind, now: datetime, zone: str,
               limit: int | None) -> tuple[list[AttentionItem], int]:
    """Open to-dos of one due group (``core.rules``: overdue or due today), by due
    instant: the rule's two arms, each a range of the covering index ix_todo_open (done_at,
    notify_at, remind_at, …), merged in order, and counted on it too."""
    bounds = rules.group_bounds(_TODO_GROUPS[kind], now, zone)
    parameters = {f"b{i}": instant(at) for i, (_op, at) in enumerate(bounds)}
    arms = rules.due_arms_sql([(op, f":b{i}") for i, (op, _at) in enumerate(bounds)])
    sql = " UNION ALL ".join(
        f"SELECT todo.id AS id, todo.title, {due} AS due, todo.customer_id, customer.name"
        f" FROM todo LEFT JOIN customer ON customer.id = todo.customer_id WHERE {where}"
        for where, due in arms) + " ORDER BY due, id"
    count_sql = "SELECT " + " + ".join(f"(SELECT count(*) FROM todo WHERE {where})"
                                       for where, _due in arms)
    found, total = _capped(db, sql, parameters, limit, count_sql)
    return [AttentionItem(kind, cid, name or "", title=title, todo_id=tid, when=to_instant(at))
            for tid, title, at, cid, name in found], total


def _window(days: int) -> int:
    if days < 0:
        return 0
    return 30 if days <= 30 else 60 if days <= 60 else 90


def _unvisited_items(found: list[Any], today: date) -> list[AttentionItem]:
    items = []
    for cid, name, renewal_text in found:
        renewal = to_day(renewal_text)
        assert renewal is not None  # the queries select customers with a renewal date
        days = (renewal - today).days
        items.append(AttentionItem(AttentionKind.RENEWAL_UNVISITED, cid, name, when=renewal,
                                   days=days, window=_window(days)))
    return items


def renewals_unvisited(db: Any, *, today: date) -> list[AttentionItem]:
    """Every active customer renewing within 90 days (or overdue) and not visited this
    cycle — including those that are also at risk (``needs_attention`` drops those)."""
    found = rows(db, "SELECT customer.id, customer.name, customer.renewal_date FROM customer"
                 f" WHERE {ACTIVE} AND customer.renewal_date IS NOT NULL"
                 " AND customer.renewal_date <= :horizon AND customer.state != :visited"
                 " ORDER BY customer.renewal_date, customer.name, customer.id",
                 {"horizon": day(today + timedelta(days=RENEWAL_WINDOW_DAYS)),
                  "visited": State.VISITED.value})
    return _unvisited_items(found, today)


# The revisit-reset events, written exactly as the WHERE clause of the partial index
# ``ix_timeline_revisit`` (migration 0003): SQLite uses a partial index only when the query
# repeats its terms, and a bound parameter never matches a constant, so these are literals.
_REVISIT_EVENT = (f"timelineevent.kind = '{EventKind.STATE_CHANGED.value}'"
                  " AND json_extract(timelineevent.payload, '$.reason') LIKE 'revisit%'")


def _reset_rows(db: Any, now: datetime, today: date,
                limit: int | None) -> tuple[list[Any], int]:
    """Revisit resets by name: at most ``limit`` rows ``(id, name, last reset)`` and the
    true number of them (every row carries it). Customers renewing within the 90-day
    window are left out: a reset customer is in *To contact*, so such a customer is
    already listed as a risk or as an unvisited renewal.

    The recent resets are a range of the partial index ``ix_timeline_revisit`` (revisit
    events only, by time, so no payload is parsed); the customers are walked in name order
    on ``ix_customer_state_name``, so a capped list stops after ``limit`` matches, and the
    total is counted on that index. The time of the last reset is read only for the rows
    returned (``ix_timeline_customer_time``)."""
    recent = f"{_REVISIT_EVENT} AND timelineevent.occurred_at >= :since"
    conditions = (f"{ACTIVE} AND customer.state = :to_contact AND customer.id IN"
                  f" (SELECT timelineevent.customer_id FROM timelineevent WHERE {recent})"
                  " AND (customer.renewal_date IS NULL OR customer.renewal_date > :horizon)")
    sql = ("SELECT customer.id, customer.name,"
           " (SELECT max(timelineevent.occurred_at) FROM timelineevent"
           f" WHERE timelineevent.customer_id = customer.id AND {recent}),"
           f" (SELECT count(*) FROM customer WHERE {conditions})"
           f" FROM customer WHERE {conditions} ORDER BY customer.name, customer.id")
    parameters: dict[str, Any] = {
        "since": instant(require_aware(now) - timedelta(days=REVISIT_RESET_DAYS)),
        "to_contact": State.TO_CONTACT.value,
        "horizon": day(today + timedelta(days=RENEWAL_WINDOW_DAYS))}
    if limit is not None:
        sql += " LIMIT :limit"
        parameters["limit"] = limit
    found = rows(db, sql, parameters)
    return [row[:3] for row in found], int(found[0][3]) if found else 0


def _reset_items(found: list[Any]) -> list[AttentionItem]:
    return [AttentionItem(AttentionKind.REVISIT_RESET, cid, name, when=to_instant(at))
            for cid, name, at in found]


# Records with feedback and an open linked to-do, found from the open linked to-dos
# (ix_todo_interaction_id), not from the records. ``+todo.done_at``: SQLite's documented
# way to keep an index off one term, so the open linked to-dos are found through
# ix_todo_interaction_id (few) and not by scanning every open to-do through ix_todo_open
# (thousands at stress scale).
_COMPLAINTS = ("FROM todo JOIN interaction ON interaction.id = todo.interaction_id"
               " WHERE todo.interaction_id > 0 AND +todo.done_at IS NULL"
               " AND interaction.feedback != ''")

# A second factor besides the near renewal (parameters ``:stale`` =
# ``rules.visit_lapsed_before``, ``:now``): ``rules.visit_lapsed`` exactly when
# ``last < stale`` — calendar days, as the revisit rule and the calendar count them.
# NULL-free (ids are never NULL), so NOT of it is the complement. Cheapest first: in a
# WHERE clause SQLite stops at the first true term, so most customers never reach the
# to-do probe — one probe of ix_todo_customer_open (customer_id, done_at, notify_at,
# remind_at), index only. Overdue is the shared rule (``core.rules``).
_RISK_FACTOR = ("(customer.last_visit_at IS NULL OR customer.last_visit_at < :stale"
                " OR EXISTS (SELECT 1 FROM todo WHERE todo.customer_id = customer.id"
                f" AND {rules.open_due_sql([('<=', ':now')])})"
                f" OR customer.id IN (SELECT interaction.customer_id {_COMPLAINTS}))")


def _factor_counts(db: Any, now: datetime,
                   ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """Overdue to-dos and open complaints per customer, for the shown ``ids`` only: two
    GROUP BYs in one statement. The overdue counts are ranges of ix_todo_customer_open
    (customer_id, done_at, notify_at, remind_at), read from the index alone; the complaints
    go through ix_todo_interaction_id (the ``+`` keeps SQLite off the indexes that would
    scan every open to-do/record)."""
    if not ids:
        return {}, {}
    marks = ", ".join("?" * len(ids))
    sql = (f"SELECT 'overdue', todo.customer_id, count(*) FROM todo"
           f" WHERE todo.customer_id IN ({marks}) AND {rules.open_due_sql([('<=', '?')])}"
           " GROUP BY todo.customer_id"
           " UNION ALL SELECT 'complaints', interaction.customer_id,"
           f" count(DISTINCT interaction.id) {_COMPLAINTS}"
           f" AND +interaction.customer_id IN ({marks}) GROUP BY interaction.customer_id")
    found: dict[str, dict[int, int]] = {"overdue": {}, "complaints": {}}
    for kind, cid, count in rows(db, sql, [*ids, instant(now), *ids]):
        found[kind][cid] = count
    return found["overdue"], found["complaints"]


def _risk_items(db: Any, found: list[Any], now: datetime, zone: str,
                revisit_days: int) -> list[AttentionItem]:
    today = local_today(now, zone)
    overdue, complaints = _factor_counts(db, now, [row[0] for row in found])
    items = []
    for cid, name, renewal_text, last_visit in found:
        renewal = to_day(renewal_text)
        assert renewal is not None  # the queries select customers with a renewal date
        reasons = risk_reasons(today, renewal, to_instant(last_visit), now, zone, revisit_days,
                               overdue.get(cid, 0), complaints.get(cid, 0))
        if len(reasons) > 1:  # always true by the query; kept as the rule's statement
            items.append(AttentionItem(AttentionKind.RISK, cid, name, when=renewal,
                                       days=(renewal - today).days, reasons=tuple(reasons)))
    return items


def risks(db: Any, *, now: datetime, zone: str,
          limit: int | None = None) -> list[AttentionItem]:
    """Customers at risk, most urgent renewal first, each with every reason present."""
    now = require_aware(now)
    today = local_today(now, zone)
    revisit_days = get_setting(db, REVISIT_DAYS)
    found = _customer_rows(db, now, zone, today, revisit_days, limit)[AttentionKind.RISK][0]
    return _risk_items(db, found, now, zone, revisit_days)


def risk_reasons(today: date, renewal: date, last_visit: datetime | None, now: datetime,
                 zone: str, revisit_days: int, overdue: int,
                 complaints: int) -> list[RiskReason]:
    """The renewal reason first, then every aggravating factor that is present. Days since
    the last visit are calendar days in ``zone`` (``rules.days_between``)."""
    reasons = [RiskReason(RiskCode.RENEWAL_NEAR, (renewal - today).days)]
    if last_visit is None:
        reasons.append(RiskReason(RiskCode.NO_VISIT, None))
    else:
        since = rules.days_between(last_visit, now, zone)
        if rules.visit_lapsed(last_visit, now, zone, revisit_days):
            reasons.append(RiskReason(RiskCode.NO_VISIT, since))
    if overdue:
        reasons.append(RiskReason(RiskCode.OVERDUE_TODOS, overdue))
    if complaints:
        reasons.append(RiskReason(RiskCode.OPEN_COMPLAINTS, complaints))
    return reasons


_SECOND = 1 << 32  # _customer_rows packs two counts in one 64-bit SUM


def _customer_rows(db: Any, now: datetime, zone: str, today: date, revisit_days: int,
                   limit: int | None) -> dict[AttentionKind, tuple[list[Any], int]]:
    """Risk and unvisited-renewal rows (``(id, name, renewal, last_visit)``, at most
    ``limit`` of each, in display order) with their true totals, in ONE statement. A
    customer at risk is not an unvisited row as well.

    Each list walks ``ix_customer_active_renewal`` in renewal order (sorting only the
    names within one renewal date) and stops after ``limit`` rows. Both totals come from
    one more pass over that index range, each customer classified once by a CASE: a risk
    adds 1, an unvisited renewal adds _SECOND (far above any number of customers), so the
    sum is ``risks + unvisited * _SECOND`` and no sort is needed to group them. The rule is
    written as conditions (WHERE / CASE WHEN), where SQLite stops at the first true factor
    (a stale visit), so only recently visited customers cost a to-do probe."""
    at_risk = f"(customer.renewal_date <= :risk_horizon AND {_RISK_FACTOR})"
    window = (f"{ACTIVE} AND customer.renewal_date IS NOT NULL"
              " AND customer.renewal_date <= :horizon")
    unvisited = "customer.state != :visited"
    conditions = {AttentionKind.RISK: f"{window} AND {at_risk}",
                  AttentionKind.RENEWAL_UNVISITED: f"{window} AND {unvisited} AND NOT {at_risk}"}
    cap = "" if limit is None else " LIMIT :limit"
    parts = [f"SELECT kind, id, name, renewal_date, last_visit_at, NULL AS total FROM"
             f" (SELECT '{kind.value}' AS kind, customer.id AS id, customer.name AS name,"
             " customer.renewal_date AS renewal_date, customer.last_visit_at AS last_visit_at"
             f" FROM customer WHERE {condition}"
             f" ORDER BY customer.renewal_date, customer.name, customer.id{cap})"
             for kind, condition in conditions.items()]
    totals = ("SELECT NULL, NULL, NULL, NULL, NULL, coalesce(sum(CASE"
              f" WHEN {at_risk} THEN 1 WHEN {unvisited} THEN {_SECOND} ELSE 0 END), 0)"
              f" FROM customer WHERE {window}")
    sql = " UNION ALL ".join([*parts, totals]) + " ORDER BY kind, renewal_date, name, id"
    parameters = {"risk_horizon": day(today + timedelta(days=RISK_RENEWAL_DAYS)),
                  "horizon": day(today + timedelta(days=RENEWAL_WINDOW_DAYS)),
                  "stale": instant(rules.visit_lapsed_before(now, zone, revisit_days)),
                  "now": instant(now), "visited": State.VISITED.value, "limit": limit}
    found: dict[AttentionKind, list[Any]] = {kind: [] for kind in conditions}
    both_total = 0
    for kind, cid, name, renewal, last_visit, total in rows(db, sql, parameters):
        if kind is None:
            both_total = int(total)
        else:
            found[AttentionKind(kind)].append((cid, name, renewal, last_visit))
    unvisited_total, risk_total = divmod(both_total, _SECOND)
    return {AttentionKind.RISK: (found[AttentionKind.RISK], risk_total),
            AttentionKind.RENEWAL_UNVISITED: (found[AttentionKind.RENEWAL_UNVISITED],
                                              unvisited_total)}


def attention(db: Any, *, now: datetime, zone: str,
              limit: int | None = DEFAULT_ATTENTION_LIMIT) -> Attention:
    """The attention rows in display order, at most ``limit`` per category (None = all),
    with each category's true total. Each customer has at most one customer row: a risk
    row already names the renewal, so the same customer is not listed again as an
    unvisited renewal or a revisit reset (to-do rows are always listed). Every query is
    capped and indexed; totals are SQL counts, run only for a category that hit the cap."""
    now = require_aware(now)
    today = local_today(now, zone)
    revisit_days = get_setting(db, REVISIT_DAYS)
    totals: dict[AttentionKind, int] = {}
    overdue, totals[AttentionKind.OVERDUE_TODO] = _todo_rows(
        db, AttentionKind.OVERDUE_TODO, now, zone, limit)
    due, totals[AttentionKind.DUE_TODAY] = _todo_rows(db, AttentionKind.DUE_TODAY, now, zone,
                                                      limit)
    found = _customer_rows(db, now, zone, today, revisit_days, limit)
    at_risk = _risk_items(db, found[AttentionKind.RISK][0], now, zone, revisit_days)
    totals[AttentionKind.RISK] = found[AttentionKind.RISK][1]
    unvisited = _unvisited_items(
        [row[:3] for row in found[AttentionKind.RENEWAL_UNVISITED][0]], today)
    totals[AttentionKind.RENEWAL_UNVISITED] = found[AttentionKind.RENEWAL_UNVISITED][1]
    resets, totals[AttentionKind.REVISIT_RESET] = _reset_rows(db, now, today, limit)
    return Attention(overdue + due + at_risk + unvisited + _reset_items(resets), totals)


def needs_attention(db: Any, *, now: datetime, zone: str,
                    limit: int | None = None) -> list[AttentionItem]:
    """All attention rows in display order (at most ``limit`` per category); see
    :func:`attention` for the rules and for the totals of a capped list."""
    return attention(db, now=now, zone=zone, limit=limit).items


# --- portfolio --------------------------------------------------------------------------
def customers_per_state(db: Any) -> dict[str, int]:
    """Active customers in each board state (every state present, zero included): the
    totals the database keeps by trigger (``portfolio_state``, migration 0004)."""
    counts = {s.value: 0 for s in State}
    for state, count in rows(db, "SELECT state, customers FROM portfolio_state"):
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


def renewals_by_month(db: Any, *, today: date, months: int = 12) -> list[MonthRenewals]:
    """Active customers whose renewal date falls in each of the next ``months`` calendar
    months (this month first), with the amount of the contracts ending on that date.

    Read from ``portfolio_renewal`` (migration 0004): the database keeps, by trigger, each
    renewal date's active customers and the amount of their contracts ending that day, so
    this reads at most ~366 rows however large the portfolio, added up into months by SQL
    (the month is the date's ``YYYY-MM`` prefix): twelve rows come back."""
    first = today.replace(day=1)
    found: dict[str, tuple[int, int]] = {}
    for month, count, cents in rows(
            db, "SELECT substr(renewal_date, 1, 7), sum(customers), sum(amount_cents)"
            " FROM portfolio_renewal WHERE renewal_date >= :first AND renewal_date < :end"
            " AND customers > 0 GROUP BY 1",
            {"first": day(first), "end": day(_month_start(first, months))}):
        found[month] = (int(count), int(cents))
    result = []
    for offset in range(months):
        month = _month_start(first, offset)
        count, cents = found.get(day(month)[:7], (0, 0))
        result.append(MonthRenewals(month, count, cents))
    return result


@dataclass(frozen=True)
class RenewalRate:
    due: int
    renewed: int

    @property
    def rate(self) -> float | None:
        return self.renewed / self.due if self.due else None


def renewal_rate(db: Any, *, today: date) -> RenewalRate:
    """Renewed / due over the last 12 months (see the module docstring): the due contracts
    counted on ``ix_contract_end_renewed``, each carrying the ``renewed`` flag the database
    keeps by trigger (migration 0004) — no look-up per contract."""
    total, renewed = one(
        db, "SELECT count(*), coalesce(sum(renewed), 0) FROM contract"
        " WHERE end_date >= :since AND end_date < :today",
        {"since": day(today - timedelta(days=RENEWAL_LOOKBACK_DAYS)), "today": day(today)})
    return RenewalRate(int(total), int(renewed))


@dataclass(frozen=True)
class Portfolio:
    per_state: dict[str, int]
    by_month: list[MonthRenewals]
    rate: RenewalRate

    @property
    def total(self) -> int:
        return sum(self.per_state.values())


def portfolio(db: Any, *, today: date) -> Portfolio:
    return Portfolio(customers_per_state(db), renewals_by_month(db, today=today),
                     renewal_rate(db, today=today))


def has_any_customer(db: Any) -> bool:
    return one(db, "SELECT 1 FROM customer LIMIT 1") is not None
