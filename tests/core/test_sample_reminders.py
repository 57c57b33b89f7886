"""The sample portfolio (--demo) does not greet a new user with "Missed reminders": its
reminders already past when it is made count as handled, while those to-dos still show as
overdue (Home, To-dos) and the future ones still notify."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from mycrm.core.data.sample import build_sample_portfolio
from mycrm.core.db.kinds import ReminderState
from mycrm.core.db.models import Todo
from mycrm.core.home.dashboard import AttentionKind, needs_attention
from mycrm.core.todos import reminders


def test_a_new_sample_has_no_missed_reminders(session: Session, now: datetime) -> None:
    build_sample_portfolio(session=session, now=now, zone="UTC")
    assert reminders.missed(session, now=now, zone="UTC", grace=timedelta(0)) == []
    overdue = [i for i in needs_attention(session, now=now, zone="UTC")
               if i.kind == AttentionKind.OVERDUE_TODO]
    assert overdue  # the sample still shows what an overdue to-do looks like
    pending = session.exec(select(Todo).where(
        Todo.reminder_state == ReminderState.PENDING.value)).all()
    assert pending and all(t.notify_at is not None and t.notify_at > now for t in pending)
