"""The column type for instants: aware UTC in, aware UTC out (SQLite keeps no zone)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.types import DateTime, TypeDecorator

from mycrm.core.common.timeutil import require_aware


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC; refuses naive ones; reads back aware UTC.

    SQLite has no time zone support and silently drops ``tzinfo``; this type makes that
    loss impossible by converting on the way in and re-attaching UTC on the way out.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return require_aware(value).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)
