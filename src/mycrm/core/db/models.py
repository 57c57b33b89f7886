"""The tables. Every table of the desktop product exists from the first revision so that
later features add behaviour, not schema churn; the phone companion's two tables
(``PairedPhone``, ``PhoneEntry``) came with revision 0006.

Money is stored as integer cents (SQLite has no decimal type; floats lose cents).
``Customer.renewal_date`` and ``Customer.last_visit_at`` are maintained by the services in
the same transaction as the contract / interaction that changes them, so the board and the
dashboard can sort and filter on an index instead of aggregating every contract.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DateTime, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from mycrm.core.db.coltypes import UTCDateTime
from mycrm.core.db.kinds import (  # noqa: F401 — the tables' vocabularies, imported from here too
    ContractKind,
    GoalMetric,
    GoalPeriod,
    InteractionKind,
    NeedStatus,
    ReminderState,
    State,
    Tier,
)


class Customer(SQLModel, table=True):
    __table_args__ = (
        Index("ix_customer_board", "archived_at", "lost_on", "state", "renewal_date"),
        Index("ix_customer_renewal", "renewal_date"),
        # Home and the calendar: active customers in renewal order, covering (0003).
        Index("ix_customer_active_renewal", "archived_at", "lost_on", "renewal_date", "state",
              "last_visit_at", "tier", "name"),
        Index("ix_customer_state_name", "archived_at", "lost_on", "state", "name",
              "renewal_date"),
        # The customers table's name order, and the customers without a renewal date (the
        # end of the renewal order) by name (0009). ``name`` is indexed ``COLLATE NOCASE``
        # there, the collation the table sorts by; autogenerate compares the columns.
        Index("ix_customer_active_name", "archived_at", "lost_on", "name"),
        Index("ix_customer_name", "name"),
        Index("ix_customer_active_undated_name", "archived_at", "lost_on", "name",
              sqlite_where=text("renewal_date IS NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    name_key: str = Field(default="", index=True, max_length=200)
    industry: str = Field(default="", max_length=100)
    tier: str = Field(default=Tier.C.value, max_length=1)
    state: str = Field(default=State.TO_CONTACT.value, max_length=16)
    state_since: datetime = Field(sa_type=UTCDateTime)
    renewal_date: date | None = None
    last_visit_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    notes: str = ""
    tags: str = ""
    # Where the customer is and its site (0007): imported spreadsheets carry them.
    address: str = ""
    city: str = Field(default="", max_length=100)
    country: str = Field(default="", max_length=100)
    website: str = Field(default="", max_length=300)
    # What a QBR is about beside the records (0008): the customer's goals for the year and
    # the value the service delivered, as the account manager words them.
    year_goals: str = ""
    value_delivered: str = ""
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    lost_on: date | None = None
    lost_reason: str = ""
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Contact(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    title: str = ""
    phone: str = ""
    phone_key: str = Field(default="", index=True)
    phone2: str = ""  # a second number (0007), kept as typed; not used for duplicates
    email: str = ""
    email_key: str = Field(default="", index=True)
    wechat: str = ""
    is_primary: bool = False
    notes: str = ""
    created_at: datetime = Field(sa_type=UTCDateTime)


class Contract(SQLModel, table=True):
    __table_args__ = (
        Index("ix_contract_customer_end", "customer_id", "end_date"),
        # Renewal rate and renewals by month (0003).
        Index("ix_contract_end", "end_date", "customer_id", "amount_cents"),
        Index("ix_contract_customer_kind", "customer_id", "kind", "signed_on"),
        # Goals: renewals signed in a period, with their amounts, from the index (0004).
        Index("ix_contract_kind_signed", "kind", "signed_on", "amount_cents"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", ondelete="CASCADE")
    start_date: date | None = None
    end_date: date | None = None
    amount_cents: int = 0
    currency: str = Field(default="CNY", max_length=3)
    signed_on: date | None = Field(default=None, index=True)
    kind: str = Field(default=ContractKind.NEW.value, max_length=16)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Interaction(SQLModel, table=True):
    """A service record (QBR 记录): one visit, QBR, call, message or meeting."""

    __table_args__ = (
        Index("ix_interaction_customer_time", "customer_id", "occurred_at"),
        Index("ix_interaction_kind_time", "kind", "occurred_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", ondelete="CASCADE")
    kind: str = Field(max_length=16)
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    attendees: str = ""
    discussion: str = ""
    feedback: str = ""
    next_steps: str = ""
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Need(SQLModel, table=True):
    """A potential need (潜在需求): a vague idea that may become extra revenue."""

    __table_args__ = (
        # The Needs page's orders, by status and of all (0009); ``title`` is indexed
        # ``COLLATE NOCASE`` there (see Customer).
        Index("ix_need_status_follow_up", "status", "follow_up_on", "created_at"),
        Index("ix_need_follow_up", "follow_up_on", "created_at"),
        Index("ix_need_status_title", "status", "title"),
        Index("ix_need_title", "title"),
        Index("ix_need_status_amount", "status", "amount_cents"),
        Index("ix_need_amount", "amount_cents"),
        Index("ix_need_status_created", "status", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=200)
    detail: str = ""
    amount_cents: int = 0
    status: str = Field(default=NeedStatus.OPEN.value, max_length=16, index=True)
    follow_up_on: date | None = None
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)


class Todo(SQLModel, table=True):
    """An action with an optional reminder.

    The reminder is the user's intent — ``remind_wall`` (naive local wall time) in
    ``remind_tz`` (IANA) — plus ``remind_at``, the derived UTC instant. ``notify_at`` is
    the next instant to notify (``remind_at``, or a snooze target); the scheduler queries it.
    ``origin``/``origin_key`` make generated to-dos idempotent (e.g. one revisit to-do per
    customer per visit cycle).
    """

    __table_args__ = (
        Index("ix_todo_due", "reminder_state", "notify_at"),
        # Open to-dos by due instant (``core.rules.due_arms``: notify_at, else remind_at).
        Index("ix_todo_open", "done_at", "notify_at", "remind_at", "customer_id"),  # 0005
        Index("ix_todo_customer_open", "customer_id", "done_at", "notify_at", "remind_at"),
        UniqueConstraint("origin", "origin_key", name="uq_todo_origin"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    notes: str = ""
    customer_id: int | None = Field(
        default=None, foreign_key="customer.id", index=True, ondelete="CASCADE"
    )
    interaction_id: int | None = Field(
        default=None, foreign_key="interaction.id", ondelete="SET NULL", index=True
    )
    need_id: int | None = Field(
        default=None, foreign_key="need.id", ondelete="SET NULL", index=True
    )
    # Naive on purpose: a wall-clock reading, not an instant (SQLModel's default is aware).
    remind_wall: datetime | None = Field(default=None, sa_type=DateTime)
    remind_tz: str = ""
    remind_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    notify_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reminder_state: str = Field(default=ReminderState.NONE.value, max_length=16)
    fired_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    origin: str = Field(default="user", max_length=16)
    origin_key: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)


class Goal(SQLModel, table=True):
    """A target for a period. Progress is always computed from records, never stored."""

    __table_args__ = (UniqueConstraint("metric", "period", "period_start", name="uq_goal"),)

    id: int | None = Field(default=None, primary_key=True)
    metric: str = Field(max_length=32)
    period: str = Field(max_length=16)
    period_start: date
    target: int = 0  # a count, or cents for amounts


class TimelineEvent(SQLModel, table=True):
    """Something that changed by itself or by a user action, with its reason.

    ``kind`` and ``payload`` (JSON) are stored, not a sentence, so the UI can render the
    reason in the user's language.
    """

    __table_args__ = (
        Index("ix_timeline_customer_time", "customer_id", "occurred_at"),
        # Revisit resets only (0003); dashboard._REVISIT_EVENT repeats this WHERE clause.
        Index("ix_timeline_revisit", "occurred_at", "customer_id",
              sqlite_where=text("kind = 'state_changed' AND "
                                "json_extract(payload, '$.reason') LIKE 'revisit%'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", ondelete="CASCADE")
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    kind: str = Field(max_length=32)
    payload: str = "{}"


class PairedPhone(SQLModel, table=True):
    """A phone allowed to reach the companion (``mycrm.companion``; 0006). Only a hash of its
    secret is kept: the secret itself lives in the phone's cookie."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    secret_hash: str = Field(max_length=64)  # SHA-256 hex of the phone's secret
    paired_at: datetime = Field(sa_type=UTCDateTime)
    last_seen_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PhoneEntry(SQLModel, table=True):
    """An entry sent from a phone, under the id the phone made for it (0006): a resend of the
    same id finds this row and writes nothing again. ``kind`` and ``ref_id`` name what it
    wrote (a record, a to-do, a need, a renewal contract), so the timeline can say it came
    from the phone; ``response`` is the JSON answer the phone got the first time."""

    __table_args__ = (Index("ix_phoneentry_ref", "kind", "ref_id"),)

    entry_id: str = Field(primary_key=True, max_length=64)
    phone_id: int | None = Field(default=None, foreign_key="pairedphone.id",
                                 ondelete="SET NULL")
    kind: str = Field(max_length=16)
    ref_id: int | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
    response: str = "{}"


class Setting(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=64)
    value: str = ""  # JSON


ALL_TABLES = (Customer, Contact, Contract, Interaction, Need, Todo, Goal, TimelineEvent, Setting,
              PairedPhone, PhoneEntry)
