"""Duplicate check when a customer is added or imported.

A candidate is a duplicate of an existing customer when its normalised name is the same or
nearly the same (``rapidfuzz`` ratio ≥ ``NAME_SIMILARITY``), or when a contact shares its
phone number or e-mail address.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from rapidfuzz import fuzz, process
from sqlmodel import Session, col, select

from mycrm.core.common.normalize import company_key, email_key, phone_key
from mycrm.core.db.models import Contact, Customer

NAME_SIMILARITY = 90
K = TypeVar("K", bound=Hashable)


class DuplicateReason(StrEnum):
    SAME_NAME = "same_name"
    SIMILAR_NAME = "similar_name"
    SAME_PHONE = "same_phone"
    SAME_EMAIL = "same_email"


@dataclass(frozen=True)
class DuplicateMatch:
    customer_id: int
    name: str
    reason: DuplicateReason


def similar_keys(key: str, choices: Mapping[K, str], *, limit: int = 5) -> list[K]:
    """The ids in ``choices`` (id → ``company_key``) whose key is nearly ``key`` — the one
    rule for "similar name", used against the saved customers and, by the importer, among
    the rows of one file (深圳华讯科技 and 深圳市华讯科技有限公司). Best first."""
    if len(key) < 3 or not choices:
        return []
    return [cid for _k, score, cid in process.extract(
        key, choices, scorer=fuzz.ratio, score_cutoff=NAME_SIMILARITY, limit=limit)
        if score >= NAME_SIMILARITY]


def find_duplicates(
    session: Session,
    *,
    name: str,
    phone: str = "",
    email: str = "",
    exclude_id: int | None = None,
) -> list[DuplicateMatch]:
    """Existing customers that ``name`` / ``phone`` / ``email`` likely refer to; best first."""
    found: dict[int, DuplicateMatch] = {}

    def add(customer_id: int | None, customer_name: str, reason: DuplicateReason) -> None:
        # Ids read back from the table are never NULL; the model types them Optional only
        # because a new, unflushed Customer has none yet.
        assert customer_id is not None
        if customer_id != exclude_id and customer_id not in found:
            found[customer_id] = DuplicateMatch(customer_id, customer_name, reason)

    key = company_key(name) if name.strip() else ""
    if key:
        exact = select(Customer.id, Customer.name).where(Customer.name_key == key)
        for cid, cname in session.exec(exact):
            add(cid, cname, DuplicateReason.SAME_NAME)
        if len(key) >= 3:
            keys = session.exec(select(Customer.id, Customer.name, Customer.name_key)).all()
            choices = {row[0]: row[2] for row in keys}
            names = {row[0]: row[1] for row in keys}
            for cid in similar_keys(key, choices):
                add(cid, names[cid], DuplicateReason.SIMILAR_NAME)
    for value, column, reason in (
        (phone_key(phone), Contact.phone_key, DuplicateReason.SAME_PHONE),
        (email_key(email), Contact.email_key, DuplicateReason.SAME_EMAIL),
    ):
        if value:
            statement = (
                select(Customer.id, Customer.name)
                .join(Contact, col(Contact.customer_id) == Customer.id)
                .where(column == value)
            )
            for cid, cname in session.exec(statement):
                add(cid, cname, reason)
    return list(found.values())
