"""The rules several queries share, each named once: its Python/ORM form beside its SQL text.

Why two forms: Home is painted from plain SQL before SQLAlchemy is imported
(``core.db.sqlread``), while the pages read through the ORM. A rule written out once per
query drifts — "overdue" did: Home used the reminder time, the To-dos page the snooze
target, so a to-do snoozed to tomorrow was overdue on one page and upcoming on the other.
So every reader takes the rule from here, and ``tests/core/test_rules_oracle.py`` checks
that Home, the To-dos page, the tray and the calendar agree over a random portfolio.

Importing this module loads no SQLAlchemy (the start-up path uses the SQL halves); each
ORM half imports SQLAlchemy/SQLModel inside its function for that reason only.

- **Active customer**: neither archived nor lost.
- **Due instant** of a to-do: ``coalesce(notify_at, remind_at)`` — the snooze target, else
  the reminder time (a snooze moves it; do-not-disturb holds do not).
- **Due groups** of an open to-do: *overdue* = due <= now; *today* = due later today (the
  local day in the user's zone); *upcoming* = due from the next local midnight on.
- **Visit / QBR**: a QBR *is* a visit (the Visits goal, the calendar's visits, the last
  visit, the revisit and state rules count both); the QBRs goal counts QBRs only.
- **Days between** two instants: calendar days on the user's wall (the calendar's count),
  never elapsed 24-hour periods — a visit at 15:00 91 days back is 91 days ago at 09:30.
- **LIKE pattern**: a term as a literal substring (``%``, ``_`` and ``\\`` escaped).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from mycrm.core.common.timeutil import require_aware
from mycrm.core.db.kinds import InteractionKind

if TYPE_CHECKING:
    from sqlalchemy.sql.elements import ColumnElement

# --- active customer ------------------------------------------------------------------
ACTIVE_CUSTOMER_SQL = "customer.archived_at IS NULL AND customer.lost_on IS NULL"


def active_customer_clause() -> ColumnElement[bool]:
    """The ORM form of :data:`ACTIVE_CUSTOMER_SQL`."""
    # The ORM half: imported here so that importing the rules never loads SQLAlchemy.
    from sqlmodel import col

    from mycrm.core.db.models import Customer

    return col(Customer.archived_at).is_(None) & col(Customer.lost_on).is_(None)


# --- the to-do's due instant and its groups ---------------------------------------------
DUE_SQL = "coalesce(todo.notify_at, todo.remind_at)"

# A bound is ``(operator, value)`` and means ``due <operator> value``; a range is a tuple
# of bounds that must all hold. ``value`` is an instant (Python, ORM) or SQL text such as
# ``:now`` (the SQL half).
Bound = tuple[str, Any]
_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


class DueGroup(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    UPCOMING = "upcoming"


def due_instant(notify_at: datetime | None, remind_at: datetime | None) -> datetime | None:
    """When a to-do is due: the snooze target (``notify_at``), else its reminder time."""
    return notify_at if notify_at is not None else remind_at


def end_of_local_day(now: datetime, zone: str) -> datetime:
    """The UTC instant of the first local midnight after ``now`` in IANA ``zone``."""
    tz = ZoneInfo(zone)
    tomorrow = require_aware(now).astimezone(tz).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(0), tzinfo=tz).astimezone(UTC)


def group_bounds(group: DueGroup, now: datetime, zone: str) -> tuple[Bound, ...]:
    """The due instants of ``group`` at ``now``: overdue ``<= now``; today ``> now`` and
    before the local midnight; upcoming from that midnight on. Disjoint and complete."""
    now = require_aware(now)
    if group is DueGroup.OVERDUE:
        return overdue_bounds(now)
    midnight = end_of_local_day(now, zone)
    if group is DueGroup.TODAY:
        return ((">", now), ("<", midnight))
    return ((">=", midnight),)


def overdue_bounds(now: datetime) -> tuple[Bound, ...]:
    """Overdue: due at or before ``now`` (the same in every zone)."""
    return (("<=", require_aware(now)),)


def span_bounds(start: Any, end: Any) -> tuple[Bound, Bound]:
    """Due in ``[start, end)`` — a calendar day (instants or SQL expressions)."""
    return ((">=", start), ("<", end))


def within(due: datetime, bounds: Sequence[Bound]) -> bool:
    """The Python form: does the instant ``due`` satisfy every bound?"""
    return all(_compare(op)(due, value) for op, value in bounds)


def due_group(due: datetime, now: datetime, zone: str) -> DueGroup:
    """The group of an open to-do due at ``due`` (see :func:`group_bounds`)."""
    return next(group for group in DueGroup if within(due, group_bounds(group, now, zone)))


def is_overdue(done_at: datetime | None, due: datetime | None, now: datetime) -> bool:
    return done_at is None and due is not None and within(due, overdue_bounds(now))


def due_arms(bounds: Sequence[Bound]) -> list[tuple[ColumnElement[bool], Any]]:
    """The ORM form: open to-dos due within ``bounds`` as two disjoint arms
    ``(condition, due column)`` — rows with a ``notify_at`` (due then) and rows with only a
    ``remind_at``. SQLite cannot range-scan the ``coalesce`` without an expression index
    (which SQLAlchemy cannot reflect), but each arm is a range of ``ix_todo_open``
    (done_at, notify_at, remind_at, customer_id; migration 0005)."""
    # The ORM half: imported here so that importing the rules never loads SQLAlchemy.
    from sqlalchemy import and_
    from sqlmodel import col

    from mycrm.core.db.models import Todo

    open_ = col(Todo.done_at).is_(None)
    notify, remind = col(Todo.notify_at), col(Todo.remind_at)
    return [
        (and_(open_, *(_compare(op)(notify, value) for op, value in bounds)), notify),
        (and_(open_, notify.is_(None), *(_compare(op)(remind, value) for op, value in bounds)),
         remind),
    ]


def due_column() -> Any:
    """The ORM form of :data:`DUE_SQL` (to sort by or compare once rows are narrowed)."""
    # The ORM half: imported here so that importing the rules never loads SQLAlchemy.
    from sqlalchemy import func
    from sqlmodel import col

    from mycrm.core.db.models import Todo

    return func.coalesce(col(Todo.notify_at), col(Todo.remind_at))


def due_arms_sql(bounds: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The SQL text of :func:`due_arms` on the ``todo`` table: ``(condition, due column)``
    per arm, each bound's value SQL text such as ``:now``."""
    def due(column: str) -> str:
        return " AND ".join(f"{column} {_sql_op(op)} {value}" for op, value in bounds)

    return [(f"todo.done_at IS NULL AND {due('todo.notify_at')}", "todo.notify_at"),
            (f"todo.done_at IS NULL AND todo.notify_at IS NULL AND {due('todo.remind_at')}",
             "todo.remind_at")]


def open_due_sql(bounds: Sequence[tuple[str, str]]) -> str:
    """Open and due within ``bounds``, as one SQL condition on :data:`DUE_SQL`: for rows
    already narrowed by an index prefix (one customer's open to-dos), where no range scan
    is needed."""
    due = " AND ".join(f"{DUE_SQL} {_sql_op(op)} {value}" for op, value in bounds)
    return f"todo.done_at IS NULL AND {due}"


def _compare(op: str) -> Callable[[Any, Any], Any]:
    if op not in _COMPARE:
        raise ValueError(f"unknown comparison {op!r}")
    return _COMPARE[op]


def _sql_op(op: str) -> str:
    _compare(op)
    return op


# --- what counts as a visit and as a QBR ------------------------------------------------
VISIT_KINDS = frozenset({InteractionKind.VISIT.value, InteractionKind.QBR.value})
QBR_KINDS = frozenset({InteractionKind.QBR.value})


def is_visit(kind: str) -> bool:
    return kind in VISIT_KINDS


def kinds_sql(kinds: frozenset[str]) -> str:
    """``interaction.kind IN ('qbr', 'visit')`` as SQL text: literals (enum values, never
    user input), so the statement is the same every time and uses
    ``ix_interaction_kind_time``."""
    listed = ", ".join(f"'{kind}'" for kind in sorted(kinds))
    return f"interaction.kind IN ({listed})"


def kinds_clause(kinds: frozenset[str]) -> ColumnElement[bool]:
    """The ORM form of :func:`kinds_sql`."""
    # The ORM half: imported here so that importing the rules never loads SQLAlchemy.
    from sqlmodel import col

    from mycrm.core.db.models import Interaction

    return col(Interaction.kind).in_(sorted(kinds))


# --- day counts -------------------------------------------------------------------------
def days_between(earlier: datetime, later: datetime, zone: str) -> int:
    """Calendar days from ``earlier`` to ``later`` on the wall of IANA ``zone`` (negative if
    ``earlier`` is on a later day): what the calendar shows, whatever the hours."""
    tz = ZoneInfo(zone)
    return (require_aware(later).astimezone(tz).date()
            - require_aware(earlier).astimezone(tz).date()).days


def day_start(day: date, zone: str) -> datetime:
    """The UTC instant of local midnight starting ``day`` in IANA ``zone``."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def visit_lapsed(last_visit: datetime, now: datetime, zone: str, period_days: int) -> bool:
    """The last visit is ``period_days`` or more calendar days back (:func:`days_between`):
    the revisit rule's trigger and Home's "no recent visit" risk factor."""
    return days_between(last_visit, now, zone) >= period_days


def visit_lapsed_before(now: datetime, zone: str, period_days: int) -> datetime:
    """The SQL half of :func:`visit_lapsed`: a visit has lapsed exactly when it happened
    before this instant (the local midnight starting day ``today - period + 1``)."""
    today = require_aware(now).astimezone(ZoneInfo(zone)).date()
    return day_start(today - timedelta(days=period_days - 1), zone)


# --- LIKE ---------------------------------------------------------------------------------
LIKE_ESCAPE = "\\"


def like_pattern(text: str) -> str:
    """``text`` anywhere in a value, literally: a pattern for ``LIKE … ESCAPE '\\'``."""
    escaped = (text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%")
               .replace("_", LIKE_ESCAPE + "_"))
    return f"%{escaped}%"


def like_sql(column: str, parameter: str) -> str:
    """SQL text: ``column`` contains the pattern bound to ``parameter`` (see
    :func:`like_pattern`)."""
    return f"{column} LIKE {parameter} ESCAPE '{LIKE_ESCAPE}'"


def like_clause(column: Any, text: str) -> ColumnElement[bool]:
    """The ORM form: ``column`` (a mapped column) contains ``text`` literally."""
    clause: ColumnElement[bool] = column.like(like_pattern(text), escape=LIKE_ESCAPE)
    return clause
