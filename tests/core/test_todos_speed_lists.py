"""The To-dos page's customer filter: its last row read alone agrees with the paged order."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlmodel import Session

from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.engine import session_scope
from mycrm.core.todos.lists import filter_customer_last, filter_customers

NOW = datetime(2026, 6, 10, 23, 0, tzinfo=UTC)


def test_the_last_filter_customer_is_the_last_of_the_paged_order(engine: Engine) -> None:
    with Session(engine) as s:
        assert filter_customer_last(s) is None
    for names in (["Zeta", "alpha", "zeta"], ["北京", "Zeta", "北京", "beta"]):
        with session_scope(engine) as s:
            for name in names:
                create_customer(session=s, now=NOW, data=CustomerInput(name=name))
        with Session(engine) as s:
            assert filter_customer_last(s) == filter_customers(s, limit=100)[-1]


def test_the_first_showing_reads_run_on_any_portfolio(engine: Engine) -> None:
    from mycrm.core.todos.lists import first_showing_reads

    with Session(engine) as s:
        first_showing_reads(s, now=NOW, zone="Asia/Shanghai")  # empty: nothing to fail on
    with session_scope(engine) as s:
        create_customer(session=s, now=NOW, data=CustomerInput(name="Acme"))
    with Session(engine) as s:
        first_showing_reads(s, now=NOW)
