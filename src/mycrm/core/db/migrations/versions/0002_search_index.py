"""full-text search index (and two missing foreign-key indexes on todo)

One SQLite FTS5 table, ``search_index``, holds the searchable text of customers, contacts,
service records, needs and to-dos. The ``trigram`` tokenizer matches any substring of three
or more characters, case-insensitively: Chinese has no spaces between words, so a
word-based tokenizer could not find "云帆" inside "云帆科技有限公司"; trigrams can, and an
English prefix is a substring too.

Each document's rowid is ``source id * 8 + kind code`` so a trigger can update or delete it
by rowid (a primary-key lookup) without scanning. Triggers keep it in the same transaction
as the row that changed. The table and its shadow tables are not in ``SQLModel.metadata``;
``migrations/env.py`` excludes them from autogenerate.

NOTE for later migrations: a ``batch_alter_table`` on one of the indexed tables recreates
that table and drops its triggers; call
``mycrm.core.db.database_only.install_triggers(op.get_bind())`` (same DDL as below) after
such a batch.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 13:50:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# kind code, source table, customer id expression, body expression ({r} = NEW / a row
# alias), columns whose update re-indexes the row (any other update leaves the index alone).
SOURCES = (
    (1, "customer", "{r}.id",
     "{r}.name || ' ' || {r}.name_key || ' ' || {r}.industry", "name, name_key, industry"),
    (2, "contact", "{r}.customer_id",
     "{r}.name || ' ' || {r}.phone || ' ' || {r}.phone_key || ' ' || {r}.email",
     "customer_id, name, phone, phone_key, email"),
    (3, "interaction", "{r}.customer_id",
     "{r}.discussion || ' ' || {r}.feedback || ' ' || {r}.next_steps",
     "customer_id, discussion, feedback, next_steps"),
    (4, "need", "{r}.customer_id", "{r}.title || ' ' || {r}.detail",
     "customer_id, title, detail"),
    (5, "todo", "{r}.customer_id", "{r}.title", "customer_id, title"),
)


def _insert_sql(code: int, customer: str, body: str, row: str) -> str:
    return (
        "INSERT INTO search_index (rowid, kind, customer_id, body) VALUES "
        f"({row}.id * 8 + {code}, {code}, {customer.format(r=row)}, {body.format(r=row)});"
    )


def trigger_ddl() -> list[str]:
    statements = []
    for code, table, customer, body, columns in SOURCES:
        delete = f"DELETE FROM search_index WHERE rowid = OLD.id * 8 + {code};"
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS search_{table}_ai AFTER INSERT ON {table} BEGIN "
            f"{_insert_sql(code, customer, body, 'NEW')} END",
            f"CREATE TRIGGER IF NOT EXISTS search_{table}_ad AFTER DELETE ON {table} BEGIN "
            f"{delete} END",
            f"CREATE TRIGGER IF NOT EXISTS search_{table}_au "
            f"AFTER UPDATE OF {columns} ON {table} BEGIN "
            f"{delete} {_insert_sql(code, customer, body, 'NEW')} END",
        ]
    return statements


def fill_sql() -> list[str]:
    """Index every existing row (the index must be empty)."""
    return [
        "INSERT INTO search_index (rowid, kind, customer_id, body) "
        f"SELECT r.id * 8 + {code}, {code}, {customer.format(r='r')}, "
        f"{body.format(r='r')} FROM {table} AS r"
        for code, table, customer, body, _columns in SOURCES
    ]


# Foreign keys the dashboard and deletes look up by (``dashboard._complaint_count`` runs an
# EXISTS on todo.interaction_id per record; deleting an interaction or need sets these to
# NULL): without an index each lookup scans every to-do. The names are the ones SQLModel
# gives ``Field(index=True)``, so declaring them in models.py later matches this schema.
FK_INDEXES = (("ix_todo_interaction_id", "interaction_id"), ("ix_todo_need_id", "need_id"))


def upgrade() -> None:
    for name, column in FK_INDEXES:
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON todo ({column})")
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, customer_id UNINDEXED, body, "
        "tokenize = 'trigram')"
    )
    for statement in fill_sql():
        op.execute(statement)
    for statement in trigger_ddl():
        op.execute(statement)
    op.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")


def downgrade() -> None:
    for name, _column in FK_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    for _code, table, _customer, _body, _columns in SOURCES:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{suffix}")
    op.execute("DROP TABLE IF EXISTS search_index")
