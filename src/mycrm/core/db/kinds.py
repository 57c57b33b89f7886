"""The vocabularies the tables store (states, kinds, periods) as plain string enums.

Kept apart from ``models`` so that code which only needs the words — the Home page's SQL,
the labels the UI shows — does not load SQLModel and SQLAlchemy to get them (the first
window is painted before those are imported; see ``ui.application``).
"""

from __future__ import annotations

from enum import StrEnum


class Tier(StrEnum):
    S = "S"
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class State(StrEnum):
    TO_CONTACT = "to_contact"
    IN_TOUCH = "in_touch"
    VISITED = "visited"


class InteractionKind(StrEnum):
    VISIT = "visit"
    QBR = "qbr"
    CALL = "call"
    MESSAGE = "message"
    MEETING = "meeting"


class ContractKind(StrEnum):
    NEW = "new"
    RENEWAL = "renewal"


class NeedStatus(StrEnum):
    OPEN = "open"
    WON = "won"
    DROPPED = "dropped"


class ReminderState(StrEnum):
    NONE = "none"  # no reminder time set
    PENDING = "pending"  # will fire at notify_at
    FIRED = "fired"  # shown to the user, awaiting done / snooze / dismiss
    DISMISSED = "dismissed"  # the user closed it without finishing the to-do


class GoalMetric(StrEnum):
    VISITS = "visits"
    QBRS = "qbrs"
    RENEWALS_COUNT = "renewals_count"
    RENEWALS_AMOUNT = "renewals_amount"
    NEW_NEEDS = "new_needs"


class GoalPeriod(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class EventKind(StrEnum):
    """What a timeline event records (``TimelineEvent.kind``)."""

    CREATED = "created"
    STATE_CHANGED = "state_changed"
    ARCHIVED = "archived"
    RESTORED = "restored"
    LOST = "lost"
    RENEWED = "renewed"
    TODO_CREATED = "todo_created"
    TODO_DONE = "todo_done"
    NEED_CREATED = "need_created"
    NEED_CLOSED = "need_closed"
