"""The To-dos page's statements are built once per shape and reused with new values: on the
sample portfolio, at several "now"s and filters one after the other, every group's count and
pages are exactly what ``todo_reference.list_todos`` (which builds every row) gives."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from mycrm.core.data.sample import build_sample_portfolio
from mycrm.core.db.models import Customer, Todo
from mycrm.core.todos import lists
from mycrm.core.todos.lists import GROUP_ORDER, TodoFilter, todo_group_counts, todo_group_page
from todo_reference import list_todos


@pytest.fixture
def sample(session: Session, now: datetime) -> Session:
    build_sample_portfolio(session, now=now)
    session.commit()
    return session


def filters(session: Session) -> list[TodoFilter]:
    busiest = session.exec(select(Todo.customer_id).where(col(Todo.customer_id).is_not(None))
                           .group_by(col(Todo.customer_id))
                           .order_by(func.count(col(Todo.id)).desc())).first()
    assert busiest is not None
    word = session.exec(select(Todo.title)).first()
    assert word
    return [TodoFilter(), TodoFilter(customer_id=busiest), TodoFilter(text=word.split()[0]),
            TodoFilter(customer_id=busiest, text=word[:2], done_days=30)]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai", "America/New_York"])
def test_groups_at_several_nows_match_the_full_list(sample: Session, now: datetime,
                                                   zone: str) -> None:
    assert sample.exec(select(Customer.id)).first() is not None
    found_rows = 0
    for at in (now, now + timedelta(hours=7), now - timedelta(days=9), now + timedelta(days=3)):
        for flt in filters(sample):
            full = list_todos(sample, now=at, zone=zone, customer_id=flt.customer_id,
                              text=flt.text, done_days=flt.done_days)
            counts = todo_group_counts(sample, now=at, zone=zone, flt=flt)
            paged = []
            for group in GROUP_ORDER:
                members = [r for r in full if r.group is group]
                assert counts[group] == len(members), (at, flt, group)
                paged += [row for offset in range(0, len(members) + 5, 5)
                          for row in todo_group_page(sample, group=group, now=at, zone=zone,
                                                     flt=flt, limit=5, offset=offset)]
            assert paged == full, (at, flt)
            found_rows += len(full)
    assert found_rows  # the sample has to-dos in these groups


@pytest.mark.parametrize("scan_from", [1, 10**9])  # No date walked newest first, or sorted
def test_the_sections_of_one_reload_are_the_full_lists_first_rows(
        sample: Session, now: datetime, scan_from: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``todo_sections`` reads every group's first rows in one statement (and an unfiltered
    large No date group by walking the table): each group's count and first rows are the
    reference's, however many rows the page showed before."""
    monkeypatch.setattr(lists, "SCAN_FROM", scan_from)
    dated = sample.exec(select(Todo).where(col(Todo.remind_at).is_not(None))
                        .order_by(col(Todo.id))).all()
    for todo in dated[::7]:  # due by the reminder alone (no snooze instant)
        todo.notify_at = None
        sample.add(todo)
    for todo in dated[3::7]:  # a snooze instant and no reminder
        todo.remind_at = None
        sample.add(todo)
    for todo in dated[5::7]:  # done a day ago: Done recently
        todo.done_at = now - timedelta(days=1)
        sample.add(todo)
    customer_ids = sample.exec(select(Customer.id)).all()
    for i in range(45):  # undated to-dos, more than a page of them
        sample.add(Todo(title=f"someday {i}", created_at=now,
                        customer_id=customer_ids[i % 3] if i % 4 else None))
    sample.commit()
    for at in (now, now + timedelta(hours=7), now - timedelta(days=9)):
        for flt in filters(sample):
            full = list_todos(sample, now=at, zone="Asia/Shanghai",
                              customer_id=flt.customer_id, text=flt.text,
                              done_days=flt.done_days)
            for shown in (None, {group: 3 for group in GROUP_ORDER},
                          {GROUP_ORDER[0]: 41, GROUP_ORDER[3]: 25},
                          {group: 500 for group in GROUP_ORDER}):
                sections = lists.todo_sections(sample, now=at, zone="Asia/Shanghai",
                                               flt=flt, shown=shown)
                members = {group: [r for r in full if r.group is group]
                           for group in GROUP_ORDER}
                assert [s.group for s in sections] == [g for g in GROUP_ORDER if members[g]]
                for section in sections:
                    want = max(lists.TODO_PAGE, (shown or {}).get(section.group, 0))
                    assert section.count == len(members[section.group])
                    assert section.rows == members[section.group][:want], (at, flt)
