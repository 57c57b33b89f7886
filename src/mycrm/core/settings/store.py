"""Reading and writing the typed settings stored in the data file (the keys themselves
are declared in ``core.settings.keys``).

Settings live in the database (not a separate config file) so that a backup holds them and
the sample portfolio never shares settings with the user's own data.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TypeVar

from mycrm.core.db.sqlread import one
from mycrm.core.settings.keys import Key

if TYPE_CHECKING:
    from sqlmodel import Session

T = TypeVar("T")


def get_setting(db: Any, key: Key[T]) -> T:
    """``key``'s value in the file (its default when unset or unreadable). ``db``: a
    ``Session`` or a DB-API connection (``core.sqlread``: Home reads it before the ORM)."""
    row = one(db, "SELECT value FROM setting WHERE key = ?", (key.name,))
    if row is None:
        return key.default
    try:
        value: Any = json.loads(row[0])
    except ValueError:
        return key.default
    if type(value) is not type(key.default):
        return key.default
    return value


def set_setting(session: Session, key: Key[T], value: T) -> None:
    """Write ``key`` in the session's transaction (flushed: ``get_setting`` reads SQL)."""
    from mycrm.core.db.models import Setting  # the ORM: reading settings must not load it

    if type(value) is not type(key.default):
        raise TypeError(f"{key.name} takes {type(key.default).__name__}")
    row = session.get(Setting, key.name) or Setting(key=key.name)
    row.value = json.dumps(value, ensure_ascii=False)
    session.add(row)
    session.flush()
