"""Alembic environment. The app runs migrations itself (``mycrm.core.db.engine``) and passes the
open connection in ``config.attributes["connection"]``; there is no alembic.ini."""

from alembic import context
from sqlmodel import SQLModel

import mycrm.core.db.models  # noqa: F401 — registers every table on the metadata
from mycrm.core.db.database_only import include_object  # keeps FTS tables, totals out

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    include_object=include_object,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
