"""portfolio totals kept by triggers: customers per state, renewals per day, renewed flags

Home's "Portfolio at a glance" summarises every active customer: how many are in each board
state, how many renew on each day of the next 12 months with the amount of the contracts
ending then, and the share of the last 12 months' due contracts that were renewed. Counted
from the rows, each refresh read the whole portfolio (thousands of index entries and a
contract look-up per renewing customer); kept by triggers in the same transaction as the
rows they sum, they are read in a few rows and can never disagree with them — SQLite has no
materialised views, and this is how one keeps an exact aggregate in it.

- ``customer.renewal_amount_cents``: the amount of the customer's contracts that end on its
  renewal date; recomputed whenever a contract or the renewal date changes.
- ``portfolio_state (state, customers)``: active customers per board state.
- ``portfolio_renewal (renewal_date, customers, amount_cents)``: active customers per
  renewal date, with their ``renewal_amount_cents`` summed.
- ``contract.renewed``: 1 when the customer signed a ``renewal`` contract (another one) no
  earlier than 180 days before this contract's end date — the renewal rate's rule
  (``dashboard`` module docstring); recomputed for every contract of a customer whose
  contracts change. ``ix_contract_end_renewed (end_date, renewed)`` counts a year of due
  contracts and the renewed ones from the index alone.
- ``ix_contract_kind_signed (kind, signed_on, amount_cents)``: the goals' renewals signed
  in a period and their amount, counted from the index (declared in models.py).

The columns, tables, triggers and index exist only in the database (like ``search_names``):
the ORM never maps them, so it never writes them; ``database_only.include_object`` keeps them
out of autogenerate. Plain ``ADD COLUMN`` (no batch rebuild), so the search triggers stay.

NOTE for later migrations: a ``batch_alter_table`` on customer or contract drops these
triggers (as it drops the search triggers); re-create them from ``TRIGGERS`` here.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 20:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EARLY_RENEWAL_DAYS = 180  # the renewal rate's rule (``dashboard`` module docstring)

_ACTIVE = "{r}.archived_at IS NULL AND {r}.lost_on IS NULL"
_AMOUNT = ("(SELECT coalesce(sum(c.amount_cents), 0) FROM contract AS c "
           "WHERE c.customer_id = customer.id AND c.end_date = customer.renewal_date)")
_RENEWED = ("EXISTS (SELECT 1 FROM contract AS r WHERE r.customer_id = contract.customer_id "
            "AND r.id != contract.id AND r.kind = 'renewal' AND r.signed_on IS NOT NULL "
            f"AND r.signed_on >= date(contract.end_date, '-{EARLY_RENEWAL_DAYS} days'))")


def _count(r: str, sign: str) -> str:
    """Add (``sign`` "+") or take out ("-") the customer row ``r`` in the totals, if it is
    active. Both are upserts of a signed change: with several triggers firing for one
    update (the renewal date and then its amount), a date's row may be taken from before it
    is added to — an UPDATE of a missing row would lose that change."""
    active = _ACTIVE.format(r=r)
    return (
        f"INSERT INTO portfolio_state (state, customers) SELECT {r}.state, {sign}1 "
        f"WHERE {active} ON CONFLICT (state) DO UPDATE "
        "SET customers = customers + excluded.customers; "
        "INSERT INTO portfolio_renewal (renewal_date, customers, amount_cents) "
        f"SELECT {r}.renewal_date, {sign}1, {sign}{r}.renewal_amount_cents "
        f"WHERE {r}.renewal_date IS NOT NULL AND {active} "
        "ON CONFLICT (renewal_date) DO UPDATE SET customers = customers + excluded.customers, "
        "amount_cents = amount_cents + excluded.amount_cents;"
    )


def _add(r: str) -> str:
    return _count(r, "+")


def _remove(r: str) -> str:
    return _count(r, "-")


def _amount_of(ids: str) -> str:
    return f"UPDATE customer SET renewal_amount_cents = {_AMOUNT} WHERE id IN ({ids});"


def _renewed_of(ids: str) -> str:
    return f"UPDATE contract SET renewed = {_RENEWED} WHERE customer_id IN ({ids});"


TRIGGERS = (
    # A new customer's amount is derived, whatever the insert said; then it is counted.
    ("portfolio_customer_ai", "AFTER INSERT ON customer", _add("NEW") + _amount_of("NEW.id")),
    ("portfolio_customer_ad", "AFTER DELETE ON customer", _remove("OLD")),
    ("portfolio_customer_au",
     "AFTER UPDATE OF state, renewal_date, archived_at, lost_on, renewal_amount_cents "
     "ON customer", _remove("OLD") + _add("NEW")),
    ("portfolio_customer_renewal_au", "AFTER UPDATE OF renewal_date ON customer",
     _amount_of("NEW.id")),
    ("portfolio_contract_ai", "AFTER INSERT ON contract",
     _amount_of("NEW.customer_id") + _renewed_of("NEW.customer_id")),
    ("portfolio_contract_ad", "AFTER DELETE ON contract",
     _amount_of("OLD.customer_id") + _renewed_of("OLD.customer_id")),
    ("portfolio_contract_au",
     "AFTER UPDATE OF customer_id, kind, signed_on, end_date, amount_cents ON contract",
     _amount_of("OLD.customer_id, NEW.customer_id")
     + _renewed_of("OLD.customer_id, NEW.customer_id")),
)


def upgrade() -> None:
    op.execute("ALTER TABLE customer ADD COLUMN renewal_amount_cents INTEGER NOT NULL DEFAULT 0")
    op.execute("ALTER TABLE contract ADD COLUMN renewed BOOLEAN NOT NULL DEFAULT 0")
    op.execute("CREATE TABLE portfolio_state (state VARCHAR(16) NOT NULL PRIMARY KEY, "
               "customers INTEGER NOT NULL) WITHOUT ROWID")
    op.execute("CREATE TABLE portfolio_renewal (renewal_date DATE NOT NULL PRIMARY KEY, "
               "customers INTEGER NOT NULL, amount_cents INTEGER NOT NULL) WITHOUT ROWID")
    op.execute(f"UPDATE customer SET renewal_amount_cents = {_AMOUNT}")
    op.execute(f"UPDATE contract SET renewed = {_RENEWED}")
    op.execute("INSERT INTO portfolio_state (state, customers) SELECT state, count(*) "
               f"FROM customer WHERE {_ACTIVE.format(r='customer')} GROUP BY state")
    op.execute("INSERT INTO portfolio_renewal (renewal_date, customers, amount_cents) "
               "SELECT renewal_date, count(*), sum(renewal_amount_cents) FROM customer "
               f"WHERE renewal_date IS NOT NULL AND {_ACTIVE.format(r='customer')} "
               "GROUP BY renewal_date")
    op.execute("CREATE INDEX ix_contract_end_renewed ON contract (end_date, renewed)")
    op.execute("CREATE INDEX ix_contract_kind_signed ON contract (kind, signed_on, amount_cents)")
    for name, when, body in TRIGGERS:
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")


def downgrade() -> None:
    for name, _when, _body in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP INDEX IF EXISTS ix_contract_end_renewed")
    op.execute("DROP INDEX IF EXISTS ix_contract_kind_signed")
    op.execute("DROP TABLE IF EXISTS portfolio_renewal")
    op.execute("DROP TABLE IF EXISTS portfolio_state")
    op.execute("ALTER TABLE contract DROP COLUMN renewed")
    op.execute("ALTER TABLE customer DROP COLUMN renewal_amount_cents")
