"""The board's columns (``board_columns``, ``board_column``: pages off the index, totals
from ``portfolio_state``, filtered matches ranked in one statement) equal a plain reference
query of the core rule: active customers of the state that match the filter
(``customer_search_clause``), soonest renewal first, no date last, ties by name then id,
with their open to-dos counted one by one."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from mycrm.core.customers.board import (
    BoardCard,
    board_column,
    board_column_count,
    board_columns,
)
from mycrm.core.customers.services import (
    ContactInput,
    CustomerInput,
    change_state,
    create_customer,
    set_archived,
)
from mycrm.core.data.sample import build_sample_portfolio
from mycrm.core.db.models import Customer, Todo
from mycrm.core.rules import active_customer_clause
from mycrm.core.search import customer_search_clause
from mycrm.core.todos.services import TodoInput, complete_todo, create_todo

STATES = ("to_contact", "in_touch", "visited")
FILTERS = ["", "a", "李", "%", "_", "LI", "科技", "云帆", "Twin", "tWIN pe", "138 00",
           "example.com", "有限公司", "Acme Robotics, Inc.", "ＡＣＭＥ", "nothing-matches-this",
           '"quoted"', "o'brien", "1 a", "  spaced  ", "twin p", "138 0", "李 娜"]


def reference(session: Session, state: str, search: str) -> list[BoardCard]:
    """The rule, written plainly: one query over the customers, to-dos counted per card."""
    statement = select(Customer).where(active_customer_clause(), Customer.state == state)
    if search.strip():
        statement = statement.where(customer_search_clause(search))
    customers = session.exec(statement.order_by(
        col(Customer.renewal_date).is_(None), col(Customer.renewal_date), col(Customer.name),
        col(Customer.id))).all()

    def open_todos(customer_id: int | None) -> int:
        return int(session.exec(select(func.count()).select_from(Todo).where(
            Todo.customer_id == customer_id, col(Todo.done_at).is_(None))).one())

    return [BoardCard(c.id or 0, c.name, c.tier, c.state, c.industry, c.renewal_date,
                      c.last_visit_at, open_todos(c.id)) for c in customers]


@pytest.fixture
def portfolio(session: Session, now: datetime) -> Session:
    """The sample portfolio plus what makes the board's rule visible: customers archived and
    lost, equal names and equal renewal dates (the ties), no renewal dates, moved states,
    contacts to match, open and done to-dos."""
    build_sample_portfolio(session, now=now)
    today = now.date()
    extra = [("Twin Peaks", 10, "Lin Wei"), ("Twin Peaks", 10, "O'Brien"),
             ("Twin Peaks", None, "李娜"), ("Acme Robotics", 10, "100% Li"),
             ("twin peaks lower", -5, "Anna_Li"), ("Gone Ltd", 3, "Li Gone"),
             ("Lost Li Co", 4, "Lost Li")]
    ids = []
    for name, days, person in extra:
        customer = create_customer(session=session, data=CustomerInput(
            name=name, industry="Retail",
            renewal_date=None if days is None else today + timedelta(days=days),
            contact=ContactInput(name=person, phone="138 0000 1234",
                                 email=f"{person.split()[0].lower()}@example.com")), now=now)
        assert customer.id is not None
        ids.append(customer.id)
    set_archived(session=session, customer_id=ids[5], archived=True, now=now)
    lost = session.get(Customer, ids[6])
    assert lost is not None
    lost.lost_on = today
    session.add(lost)
    all_ids = [i for i in session.exec(select(Customer.id).order_by(col(Customer.id)))
               if i is not None]
    for i, customer_id in enumerate(all_ids):
        if i % 3:
            change_state(session=session, customer_id=customer_id, now=now,
                         state=STATES[i % 3])
        for n in range(i % 4):
            todo = create_todo(session=session, now=now,
                               data=TodoInput(title=f"t{n}", customer_id=customer_id))
            if n == 1:
                assert todo.id is not None
                complete_todo(session=session, todo_id=todo.id, now=now)
    session.flush()
    return session


@pytest.mark.parametrize("search", FILTERS)
def test_the_board_equals_the_reference(portfolio: Session, search: str) -> None:
    expected = {state: reference(portfolio, state, search) for state in STATES}
    for limit in (1, 2, 5, 30, 500):
        pages = board_columns(portfolio, dict.fromkeys(STATES, limit), search)
        assert list(pages) == list(STATES)
        for state in STATES:
            assert pages[state].cards == expected[state][:limit], (search, state, limit)
            assert pages[state].total == len(expected[state]), (search, state, limit)
    uneven = dict(zip(STATES, (1, 7, 3), strict=True))
    pages = board_columns(portfolio, uneven, search)
    for state, limit in uneven.items():
        assert pages[state].cards == expected[state][:limit]
        assert pages[state].total == len(expected[state])
    # A column read alone, whole and page by page (what a scrolling view fetches).
    for state in STATES:
        assert board_column(portfolio, state, search) == expected[state], (search, state)
        assert board_column_count(portfolio, state, search) == len(expected[state])
        for size in (1, 3, 30):
            chunks = [board_column(portfolio, state, search, limit=size, offset=start)
                      for start in range(0, len(expected[state]) + size, size)]
            assert [card for chunk in chunks for card in chunk] == expected[state], size
        assert board_column(portfolio, state, search, limit=5,
                            offset=len(expected[state]) + 2) == []


def test_the_reference_finds_what_the_filters_name(portfolio: Session) -> None:
    """The filters above are not vacuous: they find customers by name, by contact (name,
    phone, e-mail), by normalised name and by one character, and leave the inactive out."""

    def names(search: str) -> set[str]:
        return {c.name for state in STATES for c in reference(portfolio, state, search)}

    assert names("twin peaks") == {"Twin Peaks", "twin peaks lower"}
    assert names("o'brien") == {"Twin Peaks"}
    assert "Acme Robotics" in names("100%")
    assert "Acme Robotics" in names("Acme Robotics, Inc.")
    assert "Twin Peaks" in names("李")
    assert not names("nothing-matches-this")
    assert not {"Gone Ltd", "Lost Li Co"} & names("li")
    assert sum(len(reference(portfolio, s, "")) for s in STATES) == portfolio.exec(
        select(func.count()).select_from(Customer).where(active_customer_clause())).one()


def test_unfiltered_totals_follow_writes_in_the_same_transaction(portfolio: Session,
                                                                 now: datetime) -> None:
    """The totals kept by trigger (``portfolio_state``) move with a state change, an archive
    and a new customer before anything is committed."""
    first = board_columns(portfolio, dict.fromkeys(STATES, 2))["to_contact"].cards[0]
    change_state(session=portfolio, customer_id=first.id, state="visited", now=now)
    set_archived(session=portfolio, customer_id=board_column(portfolio, "in_touch", limit=1)[0].id,
                 archived=True, now=now)
    create_customer(session=portfolio, data=CustomerInput(name="Brand New"), now=now)
    pages = board_columns(portfolio, dict.fromkeys(STATES, 3))
    for state in STATES:
        expected = reference(portfolio, state, "")
        assert pages[state].total == len(expected)
        assert pages[state].cards == expected[:3]
