"""Time helpers (the UTC-aware column type that uses them is ``models.UTCDateTime``).

Instants (something happened, something is due) are aware UTC datetimes. Calendar dates
(renewal dates, follow-up dates) are plain ``date`` objects and are never converted.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


class NaiveDatetimeError(ValueError):
    """A naive datetime was given where an aware instant is required."""


def require_aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise NaiveDatetimeError(f"naive datetime {value!r}: pass an aware (UTC) instant")
    return value.astimezone(UTC)


def utcnow() -> datetime:
    """The current instant; only the composition root and the UI edge should call this."""
    return datetime.now(UTC)


def local_zone_name() -> str:
    """The user's IANA time zone name (e.g. ``Asia/Shanghai``), ``UTC`` if unknown."""
    try:
        import tzlocal

        return str(tzlocal.get_localzone_name() or "UTC")
    except Exception:  # noqa: BLE001 — any failure means we cannot know; UTC is safe
        return "UTC"


def local_today(now: datetime, zone: str) -> date:
    """The calendar date the user sees on their wall at instant ``now``."""
    return require_aware(now).astimezone(ZoneInfo(zone)).date()


def wall_to_utc(wall: datetime, zone: str) -> datetime:
    """Convert a naive local wall time in IANA ``zone`` to an aware UTC instant.

    Ambiguous times (DST fall-back) take the first occurrence (``fold=0``); non-existent
    times (spring-forward gap) are moved forward by the gap, as clocks do.
    """
    if wall.tzinfo is not None:
        raise ValueError("wall time must be naive local time")
    tz = ZoneInfo(zone)
    aware = wall.replace(tzinfo=tz, fold=0)
    utc = aware.astimezone(UTC)
    # A wall time in a spring-forward gap does not round-trip; keep the UTC instant
    # (which is the wall time shifted forward by the gap).
    return utc
