"""The revisit rule: a visited customer whose last visit is too old goes back to *To contact*.

Semantics (calendar days in the user's zone): with a period of N days, a visit on local day
V is due again on local day V + N. So with N = 90, 89 days after the visit nothing
happens, on day 90 and later the customer is reset. Customers never visited are never reset
(they have no cycle). Archived and lost customers are left alone.

Once per cycle: a cycle is identified by ``"<customer id>:<last visit ISO instant>"``. The
rule records that key in the state-change event and as the origin key of the generated
to-do, and never fires twice for the same key — however often it runs, across restarts,
and even if the user drags the card back to *Visited* without a new visit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from mycrm.core import rules
from mycrm.core.changes import Change, changes
from mycrm.core.common.timeutil import local_today, require_aware
from mycrm.core.customers.services import change_states
from mycrm.core.customers.timeline import EventKind
from mycrm.core.db.models import Customer, State, TimelineEvent, Todo
from mycrm.core.rules import active_customer_clause
from mycrm.core.settings.keys import REVISIT_DAYS
from mycrm.core.settings.store import get_setting
from mycrm.core.todos.services import TodoInput, create_todos

REVISIT_ORIGIN = "revisit"
REVISIT_REASON = "revisit_due"
DEFAULT_TODO_TITLE = "Plan a visit to %1"
REMINDER_HOUR = 9


def cycle_key(customer_id: int, last_visit_at: datetime) -> str:
    return f"{customer_id}:{require_aware(last_visit_at).isoformat()}"


def next_reminder_wall(now: datetime, zone: str) -> datetime:
    """The next 09:00 on the user's wall clock (today if it is still before nine)."""
    local = require_aware(now).astimezone(ZoneInfo(zone))
    nine = datetime.combine(local.date(), time(REMINDER_HOUR))
    if local.replace(tzinfo=None) >= nine:
        nine += timedelta(days=1)
    return nine


def is_due(last_visit_at: datetime, *, now: datetime, zone: str, period_days: int) -> bool:
    return rules.visit_lapsed(last_visit_at, now, zone, period_days)


def due_before(*, now: datetime, zone: str, period_days: int) -> datetime:
    """The UTC instant before which a visit is due again (``rules.visit_lapsed_before``):
    ``is_due`` holds exactly for visits before it."""
    return rules.visit_lapsed_before(now, zone, period_days)


@changes(Change.CUSTOMERS | Change.TODOS)
def run_revisit_rule(*, session: Session, now: datetime, zone: str,
                     todo_title: str = DEFAULT_TODO_TITLE) -> list[int]:
    """Apply the rule to every visited customer; returns the ids of customers reset.

    ``todo_title`` is the generated to-do's title with ``%1`` for the customer's name (the
    UI passes it translated). The same as running :func:`run_revisit_batch` from the first
    id until it is done, in one transaction.
    """
    batch = run_revisit_batch(session=session, now=now, zone=zone, todo_title=todo_title)
    return batch.reset


@dataclass
class RevisitBatch:
    """What one batch of the rule did: the customers it reset, the last customer id it
    looked at (the next batch starts after it) and whether no candidate is left after it."""

    reset: list[int] = field(default_factory=list)
    last_id: int = 0
    done: bool = True


@changes(Change.CUSTOMERS | Change.TODOS)
def run_revisit_batch(*, session: Session, now: datetime, zone: str,
                      todo_title: str = DEFAULT_TODO_TITLE, after_id: int = 0,
                      limit: int | None = None) -> RevisitBatch:
    """The rule for at most ``limit`` candidates with an id above ``after_id`` (None: all).

    Why batches: a catch-up after weeks away may reset thousands of customers; the app runs
    it on a worker thread one short transaction per batch, so that the window's own writes
    get the file in between. Every batch reads the candidates afresh inside its own
    transaction (a visit logged meanwhile starts a new cycle, so that customer is no longer
    due), and a customer's reset and its to-do are in the same transaction: a process killed
    between two batches leaves every customer either reset once or still due — the next run
    finishes the job without doubling (the cycle key says what already fired). Set-based
    (``change_states``, ``create_todos``): ~0.2 ms a customer, not an ORM round per row.
    """
    now = require_aware(now)
    period = max(1, int(get_setting(session, REVISIT_DAYS)))
    # Only the visits already due are read (not every visited customer): the rule runs at
    # every start-up and whenever the day changes. Columns, not ORM rows: a catch-up after
    # months away reads thousands.
    query = (select(Customer.id, Customer.name, Customer.last_visit_at)
             .where(active_customer_clause(), Customer.state == State.VISITED.value,
                    col(Customer.last_visit_at) < due_before(now=now, zone=zone,
                                                              period_days=period),
                    col(Customer.id) > after_id)
             .order_by(col(Customer.id)))
    rows = [(customer_id, name, visit) for customer_id, name, visit
            in session.execute(query if limit is None else query.limit(limit))]
    batch = RevisitBatch(last_id=rows[-1][0] if rows else after_id,
                         done=limit is None or len(rows) < limit)
    candidates = [(customer_id, name, visit) for customer_id, name, visit in rows
                  if visit is not None
                  and is_due(visit, now=now, zone=zone, period_days=period)]
    keys = {customer_id: cycle_key(customer_id, visit) for customer_id, _, visit in candidates}
    # Which cycles already fired, and which already have their to-do: one read each for
    # all candidates (a catch-up after weeks away may reset thousands at once).
    fired = _fired_cycles(session, list(keys))
    planned = _planned_cycles(session, list(keys.values()))
    due = [(customer_id, name, visit) for customer_id, name, visit in candidates
           if keys[customer_id] not in fired]
    batch.reset = _reset(session, due, keys, planned, now=now, zone=zone, period=period,
                         todo_title=todo_title)
    session.flush()
    return batch


def _reset(session: Session, due: list[tuple[int, str, datetime]], keys: dict[int, str],
           planned: set[str], *, now: datetime, zone: str, period: int,
           todo_title: str) -> list[int]:
    """Reset the ``due`` customers (id, name, last visit) and plan their visit — set-based:
    one chunked UPDATE and executemany inserts for the batch, through the same per-row
    definitions as ``change_state`` and ``create_todo``. Returns the ids reset."""
    reset = change_states(
        session=session, state=State.TO_CONTACT.value, now=now, reason=REVISIT_REASON,
        moves=[(customer_id, {"cycle": keys[customer_id],
                              "visit_date": local_today(visit, zone).isoformat(),
                              "period_days": str(period)})
               for customer_id, _, visit in due])
    remind_wall = next_reminder_wall(now, zone)
    create_todos(session=session, now=now, origin=REVISIT_ORIGIN, items=[
        (TodoInput(title=todo_title.replace("%1", name)[:300], customer_id=customer_id,
                   remind_wall=remind_wall, remind_tz=zone), keys[customer_id])
        for customer_id, name, _ in due if keys[customer_id] not in planned])
    return reset


_CHUNK = 500  # ids per IN (...) list, well under SQLite's limit on bound parameters


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def _fired_cycles(session: Session, customer_ids: list[int]) -> set[str]:
    """The cycle keys recorded in these customers' state changes: a cycle whose key is
    there has fired, whatever happened to the customer since."""
    cycle = func.json_extract(TimelineEvent.payload, "$.cycle")
    fired: set[str] = set()
    for chunk in _chunks(customer_ids):
        fired.update(session.exec(
            select(cycle).where(col(TimelineEvent.customer_id).in_(chunk),
                                TimelineEvent.kind == EventKind.STATE_CHANGED.value,
                                cycle.is_not(None))))
    return fired


def _planned_cycles(session: Session, keys: list[str]) -> set[str]:
    """The cycle keys that already have their "Plan a visit" to-do."""
    planned: set[str] = set()
    for chunk in _chunks(keys):
        planned.update(key for key in session.exec(
            select(Todo.origin_key).where(Todo.origin == REVISIT_ORIGIN,
                                          col(Todo.origin_key).in_(chunk)))
            if key is not None)
    return planned
