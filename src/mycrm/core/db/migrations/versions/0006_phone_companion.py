"""the phone companion: paired phones and the entries they sent

``pairedphone``: one row per phone allowed to reach the companion — its name, when it was
paired and last seen, and a SHA-256 hash of its secret (the secret lives only in the phone's
cookie). ``phoneentry``: every entry a phone sent, keyed by the id the phone made for it,
so a resend after a dropped answer writes nothing again; ``kind``/``ref_id`` name the row it
wrote (the timeline marks it as from the phone). Removing a phone keeps its entries
(``phone_id`` becomes NULL).

New tables only: no existing row is touched.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 22:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pairedphone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("paired_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "phoneentry",
        sa.Column("entry_id", sa.String(length=64), nullable=False),
        sa.Column("phone_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("response", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["phone_id"], ["pairedphone.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("entry_id"),
    )
    op.create_index("ix_phoneentry_ref", "phoneentry", ["kind", "ref_id"])


def downgrade() -> None:
    op.drop_index("ix_phoneentry_ref", table_name="phoneentry")
    op.drop_table("phoneentry")
    op.drop_table("pairedphone")
