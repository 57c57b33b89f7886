"""customer address, city, country, website; a contact's second phone

Spreadsheets people import carry these columns (a CRM export, a public sample list); before
0007 they could only go into the notes. New columns with an empty default: every existing
row keeps its values and reads "" in the new ones.

Batch mode emits a plain ``ALTER TABLE … ADD COLUMN`` here (SQLite supports it), so the
tables are not copied: a copy would drop the search triggers of 0002 and, with foreign keys
on, cascade the drop of ``customer`` onto its contacts. The downgrade uses SQLite's own
``DROP COLUMN`` (3.35+) for the same reason.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CUSTOMER_COLUMNS = (("address", None), ("city", 100), ("country", 100), ("website", 300))


def upgrade() -> None:
    with op.batch_alter_table("customer") as batch:
        for name, length in _CUSTOMER_COLUMNS:
            batch.add_column(sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length),
                                       nullable=False, server_default=""))
    with op.batch_alter_table("contact") as batch:
        batch.add_column(sa.Column("phone2", sqlmodel.sql.sqltypes.AutoString(),
                                   nullable=False, server_default=""))


def downgrade() -> None:
    op.execute("ALTER TABLE contact DROP COLUMN phone2")
    for name, _length in reversed(_CUSTOMER_COLUMNS):
        op.execute(f"ALTER TABLE customer DROP COLUMN {name}")
