"""The phone's rules without a server: pairing secrets are kept only as hashes, a removed
phone opens nothing, an entry id is applied once, and the timeline knows what a phone wrote."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import Session, select

from mycrm.core.customers.page import timeline
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.models import Interaction, PairedPhone, PhoneEntry
from mycrm.core.phone import devices
from mycrm.core.phone.entries import EntryKind, apply_once
from mycrm.core.records.services import InteractionInput, log_interaction


def test_a_phone_is_kept_as_a_hash_and_removed_phones_open_nothing(session: Session,
                                                                    now: datetime) -> None:
    phone, secret = devices.pair_phone(session=session, now=now, name="Android · Chrome")
    token = devices.token_of(phone, secret)
    stored = session.exec(select(PairedPhone)).one()
    assert secret not in stored.secret_hash and len(stored.secret_hash) == 64
    assert devices.verify_token(session, token) is stored
    assert devices.verify_token(session, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert devices.verify_token(session, "garbage") is None
    assert devices.verify_token(session, f"{phone.id}.") is None
    assert [row.name for row in devices.list_phones(session)] == ["Android · Chrome"]
    assert devices.remove_phone(session=session, now=now, phone_id=stored.id or 0)
    session.flush()
    assert devices.verify_token(session, token) is None
    assert devices.list_phones(session) == []


def test_last_seen_is_written_at_most_once_a_minute(session: Session, now: datetime) -> None:
    phone, _secret = devices.pair_phone(session=session, now=now, name="iPhone")
    assert not devices.touch_phone(session, phone, now + timedelta(seconds=30))
    assert devices.touch_phone(session, phone, now + timedelta(minutes=2))
    assert phone.last_seen_at == now + timedelta(minutes=2)


@pytest.mark.parametrize("agent, name", [
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari",
     "Android · Chrome"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 "
     "Mobile/15E148 Safari/604.1", "iPhone · Safari"),
    ("Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/116 MicroMessenger/8.0",
     "Android · WeChat"),
    ("", "Phone"),
])
def test_phone_names_come_from_the_browser(agent: str, name: str) -> None:
    assert devices.phone_name(agent) == name


def test_an_entry_is_applied_once_and_marked_as_from_the_phone(session: Session,
                                                               now: datetime) -> None:
    customer = create_customer(session=session, now=now, data=CustomerInput(name="青禾"))
    assert customer.id is not None
    calls = []

    def write() -> int | None:
        record = log_interaction(session=session, now=now, data=InteractionInput(
            customer_id=customer.id or 0, kind="visit", occurred_at=now, discussion="续约"))
        calls.append(record.id)
        return record.id

    first, again = (apply_once(session, entry_id="entry-0001", phone_id=None,
                               kind=EntryKind.RECORD, now=now, write=write) for _ in range(2))
    assert first == ({"ok": True, "id": calls[0]}, False)
    assert again == ({"ok": True, "id": calls[0]}, True)
    assert len(calls) == 1 and len(session.exec(select(Interaction)).all()) == 1
    assert session.exec(select(PhoneEntry)).one().ref_id == calls[0]
    items = timeline(session, customer.id)
    record = next(i for i in items if i.kind == "record")
    assert record.payload["source"] == "phone"
    assert all("source" not in i.payload for i in items if i.kind != "record")
    with pytest.raises(ValueError):
        apply_once(session, entry_id="short", phone_id=None, kind=EntryKind.RECORD, now=now,
                   write=write)
