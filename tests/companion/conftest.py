"""A companion server on 127.0.0.1 over a data file with customers, and a phone paired to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from mycrm.companion.guard import Throttle
from mycrm.companion.server import CompanionServer, ServerConfig
from mycrm.core.changes import Change
from mycrm.core.customers.services import ContactInput, CustomerInput, create_customer
from mycrm.core.db.engine import session_scope
from phone_client import Phone, phone_for


@pytest.fixture
def customers(engine: Engine, now: datetime) -> dict[str, int]:
    ids = {}
    with session_scope(engine) as session:
        for name, contact in (("杭州青禾科技", ContactInput(name="王磊", phone="+86 138 0000 1111",
                                                            email="wang@qinghe.cn")),
                              ("Acme Corp", ContactInput(name="Jane Roe", phone="555-0100")),
                              ("<img src=x onerror=alert(1)>", None)):
            customer = create_customer(session=session, now=now, data=CustomerInput(
                name=name, renewal_date="2027-03-01", amount="120000",
                contact=contact))
            assert customer.id is not None
            ids[name] = customer.id
    return ids


@pytest.fixture
def changes() -> list[Change]:
    return []


@pytest.fixture
def start_server(db_path: Path, engine: Engine, tmp_path: Path, now: datetime,
                 changes: list[Change]) -> Iterator[Callable[..., CompanionServer]]:
    started: list[CompanionServer] = []

    def start(**overrides: object) -> CompanionServer:
        from mycrm.ui.companion.page_text import page_texts

        # On a thread of the test (the same app as in the child process the desktop
        # starts): the tests' fixed clock and throttle reach it as they are.
        options: dict[str, object] = {
            "in_process": True,
            "data_path": db_path, "host": "127.0.0.1", "port": 0, "https": True,
            "cert_dir": tmp_path / "phone", "zone": "Asia/Shanghai", "clock": lambda: now,
            # Tests make many refused requests on purpose; the delays are tested on their own.
            "on_change": changes.append, "texts": page_texts(),
            "throttle": Throttle(free=10_000, limit=100_000)}
        options.update(overrides)
        server = CompanionServer(ServerConfig(**options))  # type: ignore[arg-type]
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def server(start_server: Callable[..., CompanionServer],
           customers: dict[str, int]) -> CompanionServer:
    return start_server()


@pytest.fixture
def phone(server: CompanionServer) -> Phone:
    phone = phone_for(server)
    reply = phone.pair(server.pairing_link())
    assert reply.status == 303, reply.text
    return phone
