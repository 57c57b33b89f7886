"""Paired phones: who may reach the companion.

Pairing gives a phone a long random secret; the data file keeps only its SHA-256 (a copy of
the file does not let anyone in), and the phone presents ``<id>.<secret>`` in its cookie.
Removing a phone deletes its row: its secret no longer matches anything.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from mycrm.core.changes import Change, changes
from mycrm.core.common.timeutil import require_aware
from mycrm.core.db.models import PairedPhone

SECRET_BYTES = 32  # 256 bits, URL-safe base64 in the cookie
LAST_SEEN_STEP = timedelta(minutes=1)  # "last seen" is written at most this often
NAME_MAX = 100


@dataclass(frozen=True)
class PhoneRow:
    id: int
    name: str
    paired_at: datetime
    last_seen_at: datetime | None


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@changes(Change.SETTINGS)
def pair_phone(*, session: Session, now: datetime, name: str) -> tuple[PairedPhone, str]:
    """Add a phone; returns its row and its secret (shown to the phone once, never stored)."""
    now = require_aware(now)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    phone = PairedPhone(name=(name.strip() or "Phone")[:NAME_MAX],
                        secret_hash=hash_secret(secret), paired_at=now, last_seen_at=now)
    session.add(phone)
    session.flush()
    return phone, secret


def token_of(phone: PairedPhone, secret: str) -> str:
    """What the phone's cookie holds."""
    return f"{phone.id}.{secret}"


def verify_token(session: Session, token: str) -> PairedPhone | None:
    """The paired phone whose cookie this is, or None (malformed, removed, wrong secret)."""
    head, dot, secret = token.partition(".")
    if not dot or not head.isdigit() or len(head) > 12 or not 16 <= len(secret) <= 128:
        return None
    phone = session.get(PairedPhone, int(head))
    if phone is None:
        return None
    if not hmac.compare_digest(phone.secret_hash, hash_secret(secret)):
        return None
    return phone


def touch_phone(session: Session, phone: PairedPhone, now: datetime) -> bool:
    """Note that the phone was seen (at most once a minute: a read stays a read)."""
    now = require_aware(now)
    if phone.last_seen_at is not None and now - phone.last_seen_at < LAST_SEEN_STEP:
        return False
    phone.last_seen_at = now
    session.add(phone)
    return True


def list_phones(session: Session) -> list[PhoneRow]:
    """The paired phones, the most recently paired first."""
    return [PhoneRow(p.id, p.name, p.paired_at, p.last_seen_at)
            for p in session.exec(select(PairedPhone).order_by(
                col(PairedPhone.paired_at).desc(), col(PairedPhone.id).desc()))
            if p.id is not None]


@changes(Change.SETTINGS)
def remove_phone(*, session: Session, now: datetime, phone_id: int) -> bool:
    """Forget a phone; from now on its cookie opens nothing. False if it was already gone."""
    require_aware(now)
    phone = session.get(PairedPhone, phone_id)
    if phone is None:
        return False
    session.delete(phone)
    return True


def phone_name(user_agent: str) -> str:
    """A name for a newly paired phone from its browser's User-Agent ("Android · Chrome")."""
    agent = user_agent or ""
    device = next((label for key, label in (
        ("iPhone", "iPhone"), ("iPad", "iPad"), ("HarmonyOS", "HarmonyOS"),
        ("Android", "Android"), ("Windows", "Windows"), ("Macintosh", "Mac"),
        ("Linux", "Linux")) if key in agent), "")
    browser = next((label for key, label in (
        ("MicroMessenger", "WeChat"), ("EdgA", "Edge"), ("Edg/", "Edge"),
        ("HuaweiBrowser", "Huawei Browser"), ("MiuiBrowser", "Mi Browser"),
        ("SamsungBrowser", "Samsung Internet"), ("Firefox", "Firefox"), ("FxiOS", "Firefox"),
        ("CriOS", "Chrome"), ("Chrome", "Chrome"), ("Safari", "Safari")) if key in agent), "")
    return " · ".join(part for part in (device, browser) if part) or "Phone"
