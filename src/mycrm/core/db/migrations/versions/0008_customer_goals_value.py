"""customer's goals for the year and the value delivered

What a QBR is about beside the records: what the customer wants to reach this year and
what the service has brought them so far — free texts the account manager keeps on the
customer and the QBR report shows. New columns with an empty default: every existing row
keeps its values and reads "" in the new ones.

As in 0007, batch mode emits a plain ``ALTER TABLE … ADD COLUMN`` (no copy of the table,
which would drop the search triggers of 0002 and cascade onto the contacts), and the
downgrade uses SQLite's own ``DROP COLUMN`` (3.35+).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-12 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CUSTOMER_COLUMNS = ("year_goals", "value_delivered")


def upgrade() -> None:
    with op.batch_alter_table("customer") as batch:
        for name in _CUSTOMER_COLUMNS:
            batch.add_column(sa.Column(name, sqlmodel.sql.sqltypes.AutoString(),
                                       nullable=False, server_default=""))


def downgrade() -> None:
    for name in reversed(_CUSTOMER_COLUMNS):
        op.execute(f"ALTER TABLE customer DROP COLUMN {name}")
