"""indexes the customers table and the Needs page read their pages in order from

Both pages are sorted and paged in SQL (``core.customers.table``, ``core.records.needs``): a
page must come straight off an index, not from sorting every customer or every need first.

- ``ix_customer_active_name`` (archived_at, lost_on, name NOCASE) and
  ``ix_customer_name`` (name NOCASE): the name sort of the active customers and of all of
  them (the status sort of the active ones is the name sort).
- The renewal sort is read as two ranges (``ordered_parts``): the customers with a date
  off ``ix_customer_active_renewal`` / ``ix_customer_renewal``, only each day's few
  customers sorted by name; then those without one (a few hundred) by name: the active
  ones off the partial index ``ix_customer_active_undated_name`` (WHERE renewal_date IS
  NULL), all of them off ``ix_customer_renewal``. A full index (…, renewal_date, name)
  would be smaller than the covering ``ix_customer_active_renewal`` and take Home's and
  the calendar's counts from it; a partial one serves only queries that ask for the
  customers without a date.
- The Needs page's orders, by status (``ix_need_status_*``) and of all needs: the follow-up
  date (status, follow_up_on, created_at) — read as two ranges too, those with a date and
  those without — the title (NOCASE), the amount, the capture time; the status order is
  ``ix_need_status`` (0001), the customer order ``ix_customer_name`` and then each
  customer's needs (``ix_need_customer_id``).

Every index ends with the rowid (the ``id``), the last tie of every order. Names are
compared with ``COLLATE NOCASE``, which folds ASCII exactly as ``lower()`` does: a column
with a collation is a column index, which SQLAlchemy reflects, where an expression index
(``lower(name)``) could not be (the ``Index`` declarations in models.py name the columns;
autogenerate compares the columns, not the collation).

Plain ``CREATE INDEX`` / ``DROP INDEX``: no table is rebuilt, so every trigger stays.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-20 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "name COLLATE NOCASE"
# name -> (table, columns); the ``Index`` declarations in models.py.
INDEXES = {
    "ix_customer_active_name": ("customer", ("archived_at", "lost_on", NAME)),
    "ix_customer_name": ("customer", (NAME,)),
    "ix_customer_active_undated_name": ("customer", ("archived_at", "lost_on", NAME)),
    "ix_need_status_follow_up": ("need", ("status", "follow_up_on", "created_at")),
    "ix_need_follow_up": ("need", ("follow_up_on", "created_at")),
    "ix_need_status_title": ("need", ("status", "title COLLATE NOCASE")),
    "ix_need_title": ("need", ("title COLLATE NOCASE",)),
    "ix_need_status_amount": ("need", ("status", "amount_cents")),
    "ix_need_amount": ("need", ("amount_cents",)),
    "ix_need_status_created": ("need", ("status", "created_at")),
}
PARTIAL = {"ix_customer_active_undated_name": "renewal_date IS NULL"}  # name -> WHERE


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        where = f" WHERE {PARTIAL[name]}" if name in PARTIAL else ""
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({', '.join(columns)}){where}")


def downgrade() -> None:
    for name in reversed(INDEXES):
        op.execute(f"DROP INDEX IF EXISTS {name}")
