"""Full-text search: Chinese substrings, English prefixes, every indexed kind, and an index
that follows inserts, edits and deletes in the same transaction."""

from __future__ import annotations

from datetime import date, timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import Session, SQLModel, select

from mycrm.core.board import all_customers, board_column
from mycrm.core.customers import ContactInput, CustomerInput, create_customer
from mycrm.core.models import Contact, Customer, Interaction, Need, Todo
from mycrm.core.normalize import company_key
from mycrm.core.records import InteractionInput, log_interaction
from mycrm.core.search import (
    HitKind,
    SearchHit,
    customer_ids_matching,
    group_by_kind,
    include_object,
    match_expression,
    rebuild_index,
    search,
)
from mycrm.core.todos import TodoInput, create_todo


def customer(session: Session, now, name: str, contact: str = "", phone: str = "",  # type: ignore[no-untyped-def]
             email: str = "", industry: str = "") -> int:
    created = create_customer(session=session, now=now, data=CustomerInput(
        name=name, industry=industry, renewal_date=date(2027, 3, 31),
        contact=ContactInput(name=contact, phone=phone, email=email) if contact else None))
    assert created.id is not None
    return created.id


def found(hits: list[SearchHit], kind: HitKind) -> list[int]:
    return [h.ref_id for h in hits if h.kind == kind]


def test_chinese_substring_and_english_prefix_find_customers(session, now) -> None:  # type: ignore[no-untyped-def]
    yunfan = customer(session, now, "上海云帆信息科技有限公司")
    acme = customer(session, now, "Acme Robotics Ltd")
    customer(session, now, "北京华信达数据服务有限公司")
    assert found(search(session, "云帆信息"), HitKind.CUSTOMER) == [yunfan]
    assert found(search(session, "信息科技"), HitKind.CUSTOMER) == [yunfan]
    assert found(search(session, "acm"), HitKind.CUSTOMER) == [acme]
    assert found(search(session, "ROBOT"), HitKind.CUSTOMER) == [acme]
    assert found(search(session, "Robotics Acme"), HitKind.CUSTOMER) == [acme]
    assert search(session, "Acme Zebra") == []


def test_two_character_terms_search_names(session, now) -> None:  # type: ignore[no-untyped-def]
    yunfan = customer(session, now, "上海云帆信息科技有限公司", contact="王伟")
    other = customer(session, now, "Li Holdings", contact="Anna Li")
    hits = search(session, "云帆")
    assert found(hits, HitKind.CUSTOMER) == [yunfan]
    hits = search(session, "王伟")
    assert [h.customer_id for h in hits if h.kind == HitKind.CONTACT] == [yunfan]
    assert {h.customer_id for h in search(session, "Li")} == {other}


def test_contacts_phone_email_records_needs_and_todos_are_found(session, now) -> None:  # type: ignore[no-untyped-def]
    cid = customer(session, now, "Northwind Traders", contact="张敏",
                   phone="138 0013 8000", email="Zhang.Min@northwind.example")
    record = log_interaction(session=session, now=now, data=InteractionInput(
        customer_id=cid, kind="qbr", occurred_at=now - timedelta(days=1),
        discussion="客户希望在续约前上线单点登录", feedback="Export is slow at month end",
        next_steps="发送企业版报价"))
    need = Need(customer_id=cid, title="华南分公司部署", detail="Singapore rollout",
                created_at=now)
    session.add(need)
    todo = create_todo(session=session, now=now, data=TodoInput(
        title="Prepare the renewal quotation", customer_id=cid))
    session.flush()
    contact_id = session.exec(select(Contact.id).where(Contact.customer_id == cid)).one()
    assert found(search(session, "13800138000"), HitKind.CONTACT) == [contact_id]
    assert found(search(session, "0013"), HitKind.CONTACT) == [contact_id]
    assert found(search(session, "zhang.min"), HitKind.CONTACT) == [contact_id]
    assert found(search(session, "单点登录"), HitKind.INTERACTION) == [record.id]
    assert found(search(session, "month end"), HitKind.INTERACTION) == [record.id]
    assert found(search(session, "企业版"), HitKind.INTERACTION) == [record.id]
    assert found(search(session, "分公司"), HitKind.NEED) == [need.id]
    assert found(search(session, "singap"), HitKind.NEED) == [need.id]
    assert found(search(session, "quotat"), HitKind.TODO) == [todo.id]
    assert all(h.customer_id == cid for h in search(session, "Northwind"))


def test_results_are_grouped_by_kind_names_first(session, now) -> None:  # type: ignore[no-untyped-def]
    cid = customer(session, now, "Renewal Partners", contact="Renata Renewal")
    for i in range(3):
        log_interaction(session=session, now=now, data=InteractionInput(
            customer_id=cid, kind="call", occurred_at=now - timedelta(days=i),
            discussion=f"renewal call {i}"))
    hits = search(session, "renewal")
    kinds = [h.kind for h in hits]
    assert kinds == sorted(kinds)
    groups = group_by_kind(hits)
    assert list(groups) == [HitKind.CUSTOMER, HitKind.CONTACT, HitKind.INTERACTION]
    assert len(groups[HitKind.INTERACTION]) == 3
    assert len(search(session, "renewal", limit=2)) == 2 + 2  # names and records each capped


def test_index_follows_updates_and_deletes(session, now) -> None:  # type: ignore[no-untyped-def]
    cid = customer(session, now, "Old Name Trading")
    row = session.get(Customer, cid)
    assert row is not None
    row.name = "Brand New Trading"
    row.name_key = company_key(row.name)  # as customers.update_customer keeps it
    session.add(row)
    session.flush()
    assert search(session, "Old Name") == []
    assert found(search(session, "Brand New"), HitKind.CUSTOMER) == [cid]
    row.state = "visited"  # not an indexed column: the index row stays
    session.add(row)
    session.flush()
    assert found(search(session, "Brand New"), HitKind.CUSTOMER) == [cid]
    session.delete(row)
    session.flush()
    assert search(session, "Brand New") == []
    assert session.connection().exec_driver_sql("SELECT count(*) FROM search_index").scalar() == 0


def test_query_syntax_is_never_interpreted(session, now) -> None:  # type: ignore[no-untyped-def]
    cid = customer(session, now, 'Quote "Corp" OR NOT*')
    assert match_expression(['"Corp"']) == '"""Corp"""'
    assert found(search(session, '"Corp" OR'), HitKind.CUSTOMER) == [cid]
    assert search(session, "NEAR(a b)") == []
    assert search(session, "100%") == []
    assert search(session, "   ") == []


def test_board_and_customer_filters_use_the_index(session, now) -> None:  # type: ignore[no-untyped-def]
    a = customer(session, now, "深圳前海智联物流有限公司", contact="Maria Garcia",
                 industry="物流")
    customer(session, now, "Fabrikam Manufacturing GmbH", contact="李强")
    assert customer_ids_matching("前海智联") is not None
    assert customer_ids_matching("前海") is None  # too short for trigrams: LIKE instead
    assert [c.id for c in board_column(session, "to_contact", search="前海智联")] == [a]
    assert [c.id for c in board_column(session, "to_contact", search="garcia")] == [a]
    assert [c.id for c in board_column(session, "to_contact", search="前海")] == [a]
    assert [c.id for c in all_customers(session, search="MARIA")] == [a]


def test_rebuild_index_restores_a_lost_index(session, now) -> None:  # type: ignore[no-untyped-def]
    cid = customer(session, now, "Contoso Pharmaceuticals", contact="James Lee")
    todo = create_todo(session=session, now=now, data=TodoInput(title="Call Contoso"))
    session.flush()
    conn = session.connection()
    conn.exec_driver_sql("DROP TRIGGER search_customer_ai")
    conn.exec_driver_sql("DELETE FROM search_index")
    assert search(session, "contoso") == []
    rebuild_index(conn)
    hits = search(session, "contoso")
    assert found(hits, HitKind.CUSTOMER) == [cid]
    assert found(hits, HitKind.TODO) == [todo.id]
    assert session.exec(select(Todo).where(Todo.id == todo.id)).one().customer_id is None
    later = customer(session, now, "Contoso Labs")  # the trigger is back
    assert later in found(search(session, "contoso labs"), HitKind.CUSTOMER)


def test_autogenerate_does_not_drop_the_index(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        diff = compare_metadata(context, SQLModel.metadata)
    assert not [d for d in diff if "search_index" in repr(d)]
    assert Interaction.__tablename__ == "interaction"  # models are untouched
