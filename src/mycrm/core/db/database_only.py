"""What exists only in the database, never in ``SQLModel.metadata``: the full-text indexes
and their triggers (migrations 0002, 0003) and the portfolio totals kept by triggers (0004).

The ORM never maps these, so Alembic's autogenerate must be told to leave them alone
(:func:`include_object`), and a batch migration that recreates an indexed table must put
their triggers back (:func:`install_triggers`, :func:`rebuild_index`). Their DDL lives in
the migration scripts themselves, read from there so that it is written once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mycrm.core.db.engine import _alembic_config

if TYPE_CHECKING:
    from sqlalchemy import Connection

INDEX_TABLE = "search_index"  # service records, needs, to-dos, customers, contacts (0002)
NAMES_TABLE = "search_names"  # customers and contacts only (0003)
# Columns and indexes kept by the database's own triggers (migration 0004).
DATABASE_ONLY_COLUMNS = {"renewal_amount_cents", "renewed"}
DATABASE_ONLY_INDEXES = {"ix_contract_end_renewed"}


def include_object(obj: object, name: str | None, type_: str, reflected: bool,
                   compare_to: object) -> bool:
    """Alembic autogenerate filter: what exists only in the database — the FTS tables and
    their shadow tables, the portfolio totals kept by triggers — is not proposed for
    dropping."""
    if not reflected or compare_to is not None or name is None:
        return True
    if type_ == "table":
        return not name.startswith((INDEX_TABLE, NAMES_TABLE, "portfolio_"))
    if type_ == "column":
        return name not in DATABASE_ONLY_COLUMNS
    if type_ == "index":
        return name not in DATABASE_ONLY_INDEXES
    return True


def rebuild_index(connection: Connection) -> None:
    """Re-create every trigger and refill both indexes from the tables (after a batch
    migration recreated an indexed table, or to repair). Same DDL as migrations 0002
    (``search_index``) and 0003 (``search_names``)."""
    records, names = _migration("0002"), _migration("0003")
    for statement in [*records.trigger_ddl(), *names.names_trigger_ddl()]:
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql(f"DELETE FROM {INDEX_TABLE}")
    connection.exec_driver_sql(f"DELETE FROM {NAMES_TABLE}")
    for statement in [*records.fill_sql(), *names.names_fill_sql()]:
        connection.exec_driver_sql(statement)


def install_triggers(connection: Connection) -> None:
    """Re-create the triggers of both indexes (idempotent)."""
    for statement in [*_migration("0002").trigger_ddl(), *_migration("0003").names_trigger_ddl()]:
        connection.exec_driver_sql(statement)


def _migration(revision: str) -> Any:
    """The migration script of ``revision`` as a module (its DDL helpers)."""
    # Alembic is loaded only when a repair or a migration needs it, not at start-up.
    from alembic.script import ScriptDirectory

    config, _ = _alembic_config()
    return ScriptDirectory.from_config(config).get_revision(revision).module
