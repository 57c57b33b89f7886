"""Entries from a phone are written exactly once.

The phone makes an id for every entry and keeps the entry until the laptop confirms it; a
resend (the answer was lost on a weak network, the laptop was killed before answering)
carries the same id. ``apply_once`` writes the entry and its ``PhoneEntry`` row in the
caller's one transaction: either both are there or neither is, so a resend finds the row —
and gets the first answer back — or writes the entry for the first time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from mycrm.core.common.timeutil import require_aware
from mycrm.core.db.models import PhoneEntry

ENTRY_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


class EntryKind(StrEnum):
    """What an entry wrote (``PhoneEntry.kind``)."""

    RECORD = "record"
    TODO = "todo"
    NEED = "need"
    RENEWAL = "renewal"
    DONE = "done"  # a to-do marked done
    SNOOZE = "snooze"


def valid_entry_id(value: object) -> bool:
    return isinstance(value, str) and ENTRY_ID.fullmatch(value) is not None


def apply_once(session: Session, *, entry_id: str, phone_id: int | None, kind: EntryKind,
               now: datetime, write: Callable[[], int | None]) -> tuple[dict[str, Any], bool]:
    """Run ``write`` (returns the id of the row it wrote) unless ``entry_id`` was applied
    before. Returns the answer for the phone and whether this was a resend."""
    if not valid_entry_id(entry_id):
        raise ValueError("entry id must be 8-64 characters of A-Z a-z 0-9 _ -")
    earlier = session.get(PhoneEntry, entry_id)
    if earlier is not None:
        return _answer(earlier.response), True
    ref_id = write()
    answer: dict[str, Any] = {"ok": True, "id": ref_id}
    session.add(PhoneEntry(entry_id=entry_id, phone_id=phone_id, kind=kind.value,
                           ref_id=ref_id, created_at=require_aware(now),
                           response=json.dumps(answer)))
    session.flush()
    return answer, False


def _answer(response: str) -> dict[str, Any]:
    try:
        answer = json.loads(response)
    except ValueError:
        answer = None
    return answer if isinstance(answer, dict) else {"ok": True, "id": None}


def from_phone(session: Session, kind: EntryKind, ref_ids: Iterable[int]) -> set[int]:
    """Which of these rows (records, to-dos, needs, renewal contracts) a phone wrote."""
    ids = list(ref_ids)
    if not ids:
        return set()
    return {ref for ref in session.exec(
        select(PhoneEntry.ref_id).where(PhoneEntry.kind == kind.value,
                                        col(PhoneEntry.ref_id).in_(ids)))
        if ref is not None}
