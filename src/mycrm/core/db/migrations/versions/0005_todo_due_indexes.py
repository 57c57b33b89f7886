"""to-do indexes keyed by the due instant (the snooze target, else the reminder time)

Every reader of a to-do's due groups — Home, the calendar, the To-dos page, the tray — now
takes one rule (``core.rules``): a to-do is due at ``coalesce(notify_at, remind_at)``, read
as two index ranges ("arms": rows with a ``notify_at``; rows with only a ``remind_at``).
Before, Home and the calendar read ``remind_at`` alone, so a to-do snoozed to tomorrow was
still overdue there. These indexes let each arm stay a range of one covering index:

- ``ix_todo_open``: (done_at, remind_at, customer_id) → (done_at, notify_at, remind_at,
  customer_id): open to-dos by due instant, each arm a range, with the customer for the
  tier filter. Same name and first column. ``ix_todo_open_when`` (done_at, notify_at,
  remind_at), which the To-dos page used, is its prefix now and goes.
- ``ix_todo_customer_open``: (customer_id, done_at, remind_at) → (customer_id, done_at,
  notify_at, remind_at): one customer's overdue to-dos (the risk rule's probe and counts)
  are still read from the index alone.

Plain ``CREATE INDEX`` / ``DROP INDEX``: no table is rebuilt, so every trigger stays.
Column indexes only: SQLAlchemy cannot reflect an expression index on SQLite.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# name -> (columns before, columns after); the ``Index`` declarations in models.py.
CHANGED = {
    "ix_todo_open": (("done_at", "remind_at", "customer_id"),
                     ("done_at", "notify_at", "remind_at", "customer_id")),
    "ix_todo_customer_open": (("customer_id", "done_at", "remind_at"),
                              ("customer_id", "done_at", "notify_at", "remind_at")),
}
FOLDED = ("ix_todo_open_when", ("done_at", "notify_at", "remind_at"))  # a prefix of ix_todo_open


def _create(name: str, columns: Sequence[str]) -> None:
    op.execute(f"CREATE INDEX {name} ON todo ({', '.join(columns)})")


def upgrade() -> None:
    for name, (_before, after) in CHANGED.items():
        op.execute(f"DROP INDEX IF EXISTS {name}")
        _create(name, after)
    op.execute(f"DROP INDEX IF EXISTS {FOLDED[0]}")


def downgrade() -> None:
    for name, (before, _after) in CHANGED.items():
        op.execute(f"DROP INDEX IF EXISTS {name}")
        _create(name, before)
    _create(*FOLDED)
