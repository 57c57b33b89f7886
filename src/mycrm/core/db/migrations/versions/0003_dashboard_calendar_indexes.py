"""covering indexes for Home, the calendar and the To-dos page; a names index for search

Home and the calendar's month grid aggregate over every active customer renewing soon,
every open to-do and every recent state change. Without these indexes each aggregate reads
thousands of table rows (a customer row carries its notes, a to-do its title); with them
each is a range of one index that already holds every column the query needs, so the cost
is a few index entries per row counted rather than a table look-up each
(``tests/core/test_migration_0003.py`` checks that the planner uses them).

- ``ix_customer_active_renewal``: active customers (archived_at / lost_on NULL) in renewal
  order with what the dashboard's risk / unvisited lists, the renewals-by-month chart and
  the calendar's renewal counts read (state, last visit, tier, name).
- ``ix_todo_open`` gains ``customer_id``: the customers with an overdue to-do (the risk
  rule) are read from the index alone. Same name and leading columns, so every query that
  used it still does.
- ``ix_todo_customer_open``: one customer's open to-dos (the overdue count per shown risk
  row) without reading the to-dos.
- ``ix_contract_end``: contracts by end date with their customer and amount (the renewal
  rate's due contracts; the amount of the contract ending on a renewal date).
- ``ix_contract_customer_kind``: "did this customer sign a renewal since …" (renewal rate).
- ``ix_customer_state_name``: one board state's active customers by name, with the
  renewal date (the revisit-reset list is walked in name order and counted on it).
- ``ix_todo_open_when``: open to-dos by due time (``notify_at``, else ``remind_at``): the
  To-dos page counts and pages each group, and the tray lists today's reminders, as index
  ranges (``core.todos._arms``).
- ``ix_timeline_revisit``: a partial index of the revisit resets only (state changes whose
  reason starts with "revisit"), by time. The dashboard's query repeats its WHERE terms as
  literals (``dashboard._REVISIT_EVENT``) — SQLite uses a partial index only then.

``search_names``: an FTS5 trigram table of customers (kind 1) and contacts (kind 2) only,
rowid ``id * 8 + kind`` as in ``search_index``, kept by triggers in the same transaction. A
name search no longer walks every service record that contains the term. ``body`` is the
text ``search_index`` holds for the row; ``pairs`` lists every two-character window of
``body`` followed by a space, so the trigram "王伟 " exists exactly when "王伟" occurs:
two-character terms, which trigrams cannot match, become index lookups too. Every trigram of
``pairs`` holds a space and search terms never do, so a term matches ``pairs`` only in its
"term + space" form. ``pairs`` is computed in SQL (a JSON array of length - 1 zeros numbers
the windows), so the triggers need no application function. About 9% of the file's size.

NOTE for later migrations: a ``batch_alter_table`` on customer or contact drops these
triggers as well; ``mycrm.core.db.database_only.install_triggers(op.get_bind())``
re-creates both sets.

Column indexes only (the partial index's WHERE may use an expression, its columns do not):
SQLAlchemy cannot reflect expression indexes on SQLite (it warns, and the test suite turns
warnings into errors).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 16:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# name, table, columns — the same as the ``Index`` declarations in models.py.
INDEXES = (
    ("ix_customer_active_renewal", "customer",
     ("archived_at", "lost_on", "renewal_date", "state", "last_visit_at", "tier", "name")),
    ("ix_todo_customer_open", "todo", ("customer_id", "done_at", "remind_at")),
    ("ix_contract_end", "contract", ("end_date", "customer_id", "amount_cents")),
    ("ix_contract_customer_kind", "contract", ("customer_id", "kind", "signed_on")),
    ("ix_customer_state_name", "customer",
     ("archived_at", "lost_on", "state", "name", "renewal_date")),
    ("ix_todo_open_when", "todo", ("done_at", "notify_at", "remind_at")),
)
REVISIT_INDEX = (
    "CREATE INDEX IF NOT EXISTS ix_timeline_revisit ON timelineevent (occurred_at, customer_id) "
    "WHERE kind = 'state_changed' AND json_extract(payload, '$.reason') LIKE 'revisit%'"
)
TODO_OPEN_BEFORE = ("done_at", "remind_at")
TODO_OPEN_AFTER = ("done_at", "remind_at", "customer_id")


NAMES_TABLE = "search_names"
# kind code, source table, customer id, body ({r} = NEW / a row alias), re-indexing columns
NAMES_SOURCES = (
    (1, "customer", "{r}.id", "{r}.name || ' ' || {r}.name_key || ' ' || {r}.industry",
     "name, name_key, industry"),
    (2, "contact", "{r}.customer_id",
     "{r}.name || ' ' || {r}.phone || ' ' || {r}.phone_key || ' ' || {r}.email",
     "customer_id, name, phone, phone_key, email"),
)
_PAIRS_OF = (
    "(SELECT group_concat(substr({b}, j.key + 1, 2) || ' ', '') FROM json_each('[' || "
    "rtrim(replace(hex(zeroblob(max(length({b}) - 1, 0))), '00', '0,'), ',') || ']') AS j)"
)


def _names_insert(code: int, customer: str, body: str, row: str) -> str:
    return (
        f"INSERT INTO {NAMES_TABLE} (rowid, customer_id, body, pairs) "
        f"SELECT {row}.id * 8 + {code}, {customer.format(r=row)}, t.b, "
        f"{_PAIRS_OF.format(b='t.b')} FROM (SELECT {body.format(r=row)} AS b) AS t;"
    )


def names_trigger_ddl() -> list[str]:
    statements = []
    for code, source, customer, body, columns in NAMES_SOURCES:
        delete = f"DELETE FROM {NAMES_TABLE} WHERE rowid = OLD.id * 8 + {code};"
        insert = _names_insert(code, customer, body, "NEW")
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS {NAMES_TABLE}_{source}_ai AFTER INSERT ON {source} "
            f"BEGIN {insert} END",
            f"CREATE TRIGGER IF NOT EXISTS {NAMES_TABLE}_{source}_ad AFTER DELETE ON {source} "
            f"BEGIN {delete} END",
            f"CREATE TRIGGER IF NOT EXISTS {NAMES_TABLE}_{source}_au "
            f"AFTER UPDATE OF {columns} ON {source} BEGIN {delete} {insert} END",
        ]
    return statements


def names_fill_sql() -> list[str]:
    """Index every existing customer and contact (the names index must be empty)."""
    return [
        f"INSERT INTO {NAMES_TABLE} (rowid, customer_id, body, pairs) "
        f"SELECT t.id * 8 + {code}, t.customer_id, t.b, {_PAIRS_OF.format(b='t.b')} "
        f"FROM (SELECT r.id AS id, {customer.format(r='r')} AS customer_id, "
        f"{body.format(r='r')} AS b FROM {source} AS r) AS t"
        for code, source, customer, body, _columns in NAMES_SOURCES
    ]


def _create(name: str, table: str, columns: Sequence[str]) -> None:
    op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({', '.join(columns)})")


def upgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_todo_open")
    _create("ix_todo_open", "todo", TODO_OPEN_AFTER)
    for name, table, columns in INDEXES:
        _create(name, table, columns)
    op.execute(REVISIT_INDEX)
    op.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {NAMES_TABLE} USING fts5("
               "customer_id UNINDEXED, body, pairs, tokenize = 'trigram')")
    for statement in [*names_fill_sql(), *names_trigger_ddl()]:
        op.execute(statement)
    op.execute(f"INSERT INTO {NAMES_TABLE} ({NAMES_TABLE}) VALUES ('optimize')")


def downgrade() -> None:
    for _code, source, *_rest in NAMES_SOURCES:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {NAMES_TABLE}_{source}_{suffix}")
    op.execute(f"DROP TABLE IF EXISTS {NAMES_TABLE}")
    op.execute("DROP INDEX IF EXISTS ix_timeline_revisit")
    for name, _table, _columns in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.execute("DROP INDEX IF EXISTS ix_todo_open")
    _create("ix_todo_open", "todo", TODO_OPEN_BEFORE)
