"""Reading what a phone sent: a JSON object whose values must have the right types.

Every problem is collected per field (``fields``: the request's own key → an error code, as
core's ``ErrorCode`` values, plus ``bad_type``) so the page can put each message next to its
field; nothing is written unless the whole entry reads."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mycrm.core.common.validation import ErrorCode, ValidationError

BAD_TYPE = "bad_type"
MAX_TEXT = 20_000


class FormError(ValueError):
    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


class Form:
    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body
        self.errors: dict[str, str] = {}

    def _bad(self, key: str, code: str) -> None:
        self.errors.setdefault(key, code)

    def text(self, key: str, *, max_len: int = MAX_TEXT, source: dict[str, Any] | None = None,
             name: str | None = None) -> str:
        value = (self.body if source is None else source).get(key, "")
        name = name or key
        if value is None:
            return ""
        if not isinstance(value, str):
            self._bad(name, BAD_TYPE)
            return ""
        if len(value) > max_len:
            self._bad(name, ErrorCode.TOO_LONG.value)
            return ""
        return value

    def integer(self, key: str, *, optional: bool = False) -> int | None:
        value = self.body.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**62:
            self._bad(key, ErrorCode.REQUIRED.value if value is None else BAD_TYPE)
            return None
        return value

    def wall(self, key: str, *, required: bool = False, source: dict[str, Any] | None = None,
             name: str | None = None) -> datetime | None:
        """A local wall time "YYYY-MM-DDTHH:MM[:SS]" (what <input type=datetime-local> sends)."""
        text = self.text(key, max_len=32, source=source, name=name).strip()
        name = name or key
        if not text:
            if required:
                self._bad(name, ErrorCode.REQUIRED.value)
            return None
        try:
            wall = datetime.fromisoformat(text)
        except ValueError:
            wall = None
        if wall is None or wall.tzinfo is not None or "T" not in text:
            self._bad(name, ErrorCode.BAD_DATETIME.value)
            return None
        return wall.replace(microsecond=0)

    def zone(self, key: str, default: str) -> str:
        """The phone's IANA zone (reminders are set in it); the laptop's when absent."""
        text = self.text(key, max_len=64).strip()
        if not text:
            return default
        try:
            ZoneInfo(text)
        except (ZoneInfoNotFoundError, ValueError):
            self._bad(key, ErrorCode.BAD_CHOICE.value)
            return default
        return text

    def items(self, key: str, *, max_items: int = 20) -> list[dict[str, Any]]:
        value = self.body.get(key, [])
        if value is None:
            return []
        if (not isinstance(value, list) or len(value) > max_items
                or not all(isinstance(v, dict) for v in value)):
            self._bad(key, BAD_TYPE)
            return []
        return value

    def check(self) -> None:
        if self.errors:
            raise FormError(self.errors)


def fields_of(error: ValidationError, rename: dict[str, str] | None = None) -> dict[str, str]:
    """A core ``ValidationError`` as the request's field names → codes."""
    rename = rename or {}
    out: dict[str, str] = {}
    for item in error.errors:
        name = item.field
        if name.startswith("todo") and "_" in name and name[4:name.index("_")].isdigit():
            index, _, rest = name[4:].partition("_")
            name = f"todos.{index}.{rest}"
        out.setdefault(rename.get(name, name), str(item.code))
    return out
