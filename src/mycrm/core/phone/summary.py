"""What the phone reads, as plain JSON-ready values, composed from the queries the desktop
pages use: Today is the tray's list (``todos.lists.todays_reminders``), search is the
command palette's (``search.find_customers``), the summary is the customer page's
(``customers.page``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from mycrm.core.common.timeutil import local_today
from mycrm.core.customers.page import (
    RECORD_KIND,
    customer_contacts,
    customer_header,
    open_needs,
    open_todos,
    timeline,
)
from mycrm.core.db.models import Customer, State
from mycrm.core.records.services import KINDS as RECORD_KINDS
from mycrm.core.rules import active_customer_clause, due_instant
from mycrm.core.search import find_customers
from mycrm.core.todos.lists import todays_reminders
from mycrm.core.todos.reminders import SnoozeChoice

LIST_LIMIT = 30
TIMELINE_ITEMS = 10
TODAY_LIMIT = 50
RECORD_KIND_ORDER = ("visit", "qbr", "call", "message", "meeting")


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def today_items(session: Session, *, now: datetime, zone: str) -> list[dict[str, Any]]:
    """Overdue and today's open to-dos, soonest first (the tray's list)."""
    return [{"id": row.id, "title": row.title, "customer_id": row.customer_id,
             "customer_name": row.customer_name, "due": _iso(row.when),
             "group": row.group.value, "state": row.reminder_state}
            for row in todays_reminders(session, now=now, zone=zone, limit=TODAY_LIMIT)]


def customer_list(session: Session, *, text: str, now: datetime,
                  zone: str) -> list[dict[str, Any]]:
    """Customers matching ``text`` as the palette ranks them; no text: the active ones
    whose renewal comes soonest."""
    if text.strip():
        ids = [m.id for m in find_customers(session, text, LIST_LIMIT)]
        rows = {c.id: c for c in session.exec(select(Customer).where(col(Customer.id).in_(ids)))}
        customers = [rows[i] for i in ids if i in rows]
    else:
        customers = list(session.exec(
            select(Customer).where(active_customer_clause())
            .order_by(col(Customer.renewal_date).is_(None), col(Customer.renewal_date),
                      col(Customer.name)).limit(LIST_LIMIT)))
    today = local_today(now, zone)
    return [{"id": c.id, "name": c.name, "state": c.state, "tier": c.tier,
             "renewal_date": _iso(c.renewal_date),
             "days_left": (c.renewal_date - today).days if c.renewal_date else None,
             "archived": c.archived_at is not None or c.lost_on is not None}
            for c in customers]


def _timeline_text(kind: str, payload: dict[str, Any]) -> str:
    if kind == RECORD_KIND:
        for key in ("discussion", "next_steps", "feedback", "attendees"):
            if text := str(payload.get(key) or "").strip():
                return text.splitlines()[0][:200]
        return ""
    if kind == "state_changed":
        return str(payload.get("new") or "")
    if kind == "renewed":
        return str(payload.get("end_date") or "")
    return str(payload.get("title") or payload.get("reason") or "")[:200]


def customer_summary(session: Session, *, customer_id: int, now: datetime,
                     zone: str) -> dict[str, Any]:
    """The customer page in brief. Raises ``NotFoundError`` for an unknown id."""
    header = customer_header(session, customer_id, local_today(now, zone))
    return {
        "id": header.id, "name": header.name, "tier": header.tier, "state": header.state,
        "industry": header.industry, "renewal_date": _iso(header.renewal_date),
        "days_left": header.days_left, "amount_cents": header.amount_cents,
        "currency": header.currency, "last_visit_at": _iso(header.last_visit_at),
        "archived": header.archived, "lost_on": _iso(header.lost_on),
        "contacts": [{"id": c.id, "name": c.name, "title": c.title, "phone": c.phone,
                      "email": c.email, "wechat": c.wechat, "is_primary": c.is_primary}
                     for c in customer_contacts(session, customer_id)],
        "todos": [{"id": t.id, "title": t.title,
                   "due": _iso(due_instant(t.notify_at, t.remind_at))}
                  for t in open_todos(session, customer_id)],
        "needs": [{"id": n.id, "title": n.title, "amount_cents": n.amount_cents,
                   "follow_up_on": _iso(n.follow_up_on)}
                  for n in open_needs(session, customer_id)],
        "timeline": [{"at": _iso(item.at), "kind": item.kind,
                      "record_kind": item.payload.get("kind") if item.kind == RECORD_KIND
                      else None,
                      "text": _timeline_text(item.kind, item.payload),
                      "source": item.payload.get("source", "")}
                     for item in timeline(session, customer_id)[:TIMELINE_ITEMS]],
    }


def meta(zone: str) -> dict[str, Any]:
    """The vocabularies the phone's forms offer."""
    return {"record_kinds": [k for k in RECORD_KIND_ORDER if k in RECORD_KINDS],
            "states": [s.value for s in State], "snooze": [c.value for c in SnoozeChoice],
            "zone": zone, "currency": "CNY"}
