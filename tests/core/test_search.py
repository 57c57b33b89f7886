"""Full-text search: Chinese substrings, English prefixes, every indexed kind, and an index
that follows inserts, edits and deletes in the same transaction (``search_index`` for
every kind, ``search_names`` for customers and contacts)."""

from __future__ import annotations

from datetime import date, timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event
from sqlmodel import Session, SQLModel, select

from mycrm.core.common.normalize import company_key
from mycrm.core.customers.board import all_customers, board_column
from mycrm.core.customers.services import (
    ContactInput,
    CustomerInput,
    add_contact,
    create_customer,
    set_archived,
)
from mycrm.core.db.database_only import NAMES_TABLE, include_object, rebuild_index
from mycrm.core.db.models import Contact, Customer, Interaction, Need, Todo
from mycrm.core.records.services import InteractionInput, log_interaction
from mycrm.core.rules import like_pattern
from mycrm.core.search import (
    KEY_LIKE,
    LIKE,
    WITHIN,
    HitKind,
    SearchHit,
    customer_ids_matching,
    customer_search_condition,
    customer_search_terms,
    find_customers,
    group_by_kind,
    match_expression,
    search,
)
from mycrm.core.todos.services import TodoInput, create_todo


def customer(session: Session, now, name: str, contact: str = "", phone: str = "",
             email: str = "", industry: str = "") -> int:
    created = create_customer(session=session, now=now, data=CustomerInput(
        name=name, industry=industry, renewal_date=date(2027, 3, 31),
        contact=ContactInput(name=contact, phone=phone, email=email) if contact else None))
    assert created.id is not None
    return created.id


def found(hits: list[SearchHit], kind: HitKind) -> list[int]:
    return [h.ref_id for h in hits if h.kind == kind]


def test_chinese_substring_and_english_prefix_find_customers(session, now) -> None:
    yunfan = customer(session, now, "上海云帆信息科技有限公司")
    acme = customer(session, now, "Acme Robotics Ltd")
    customer(session, now, "北京华信达数据服务有限公司")
    assert found(search(session, "云帆信息"), HitKind.CUSTOMER) == [yunfan]
    assert found(search(session, "信息科技"), HitKind.CUSTOMER) == [yunfan]
    assert found(search(session, "acm"), HitKind.CUSTOMER) == [acme]
    assert found(search(session, "ROBOT"), HitKind.CUSTOMER) == [acme]
    assert found(search(session, "Robotics Acme"), HitKind.CUSTOMER) == [acme]
    assert search(session, "Acme Zebra") == []


def test_two_character_terms_search_names(session, now) -> None:
    yunfan = customer(session, now, "上海云帆信息科技有限公司", contact="王伟")
    other = customer(session, now, "Li Holdings", contact="Anna Li")
    hits = search(session, "云帆")
    assert found(hits, HitKind.CUSTOMER) == [yunfan]
    hits = search(session, "王伟")
    assert [h.customer_id for h in hits if h.kind == HitKind.CONTACT] == [yunfan]
    assert {h.customer_id for h in search(session, "Li")} == {other}


def test_contacts_phone_email_records_needs_and_todos_are_found(session, now) -> None:
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


def test_results_are_grouped_by_kind_names_first(session, now) -> None:
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


def test_index_follows_updates_and_deletes(session, now) -> None:
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
    assert session.connection().exec_driver_sql(
        f"SELECT count(*) FROM {NAMES_TABLE}").scalar() == 0


def test_query_syntax_is_never_interpreted(session, now) -> None:
    cid = customer(session, now, 'Quote "Corp" OR NOT*')
    assert match_expression(['"Corp"']) == '"""Corp"""'
    assert found(search(session, '"Corp" OR'), HitKind.CUSTOMER) == [cid]
    assert search(session, "NEAR(a b)") == []
    assert search(session, "100%") == []
    assert search(session, "   ") == []


def test_board_and_customer_filters_use_the_index(session, now) -> None:
    a = customer(session, now, "深圳前海智联物流有限公司", contact="Maria Garcia",
                 industry="物流")
    customer(session, now, "Fabrikam Manufacturing GmbH", contact="李强")
    assert customer_ids_matching("前海智联") is not None
    assert customer_ids_matching("前海") is not None  # two characters: the names' pairs
    assert customer_ids_matching("前") is None  # one character: LIKE instead
    assert [c.id for c in board_column(session, "to_contact", search="前海智联")] == [a]
    assert [c.id for c in board_column(session, "to_contact", search="garcia")] == [a]
    assert [c.id for c in board_column(session, "to_contact", search="前海")] == [a]
    assert [c.id for c in all_customers(session, search="MARIA")] == [a]


def test_rebuild_index_restores_a_lost_index(session, now) -> None:
    cid = customer(session, now, "Contoso Pharmaceuticals", contact="James Lee")
    todo = create_todo(session=session, now=now, data=TodoInput(title="Call Contoso"))
    session.flush()
    conn = session.connection()
    conn.exec_driver_sql("DROP TRIGGER search_customer_ai")
    conn.exec_driver_sql("DELETE FROM search_index")
    conn.exec_driver_sql(f"DROP TRIGGER {NAMES_TABLE}_customer_ai")
    conn.exec_driver_sql(f"DELETE FROM {NAMES_TABLE}")
    assert search(session, "contoso") == []
    rebuild_index(conn)
    hits = search(session, "contoso")
    assert found(hits, HitKind.CUSTOMER) == [cid]
    assert found(hits, HitKind.TODO) == [todo.id]
    assert session.exec(select(Todo).where(Todo.id == todo.id)).one().customer_id is None
    later = customer(session, now, "Contoso Labs")  # the trigger is back
    assert later in found(search(session, "contoso labs"), HitKind.CUSTOMER)


def test_autogenerate_does_not_drop_the_index(engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        diff = compare_metadata(context, SQLModel.metadata)
    assert not [d for d in diff if "search_index" in repr(d) or NAMES_TABLE in repr(d)]
    assert Interaction.__tablename__ == "interaction"  # models are untouched


# --- the names index -------------------------------------------------------------------

def sample(session: Session, now) -> dict[str, int]:
    ids = {
        "yunfan": customer(session, now, "上海云帆信息科技有限公司", contact="王伟",
                           phone="138 0013 8000", email="wang.wei@yunfan.example",
                           industry="软件"),
        "li": customer(session, now, "Li Holdings", contact="Anna Li", email="anna@li.example"),
        "renewal": customer(session, now, "Renewal Partners", contact="Renata Renewal"),
        "wuliu": customer(session, now, "深圳前海智联物流有限公司", contact="李强",
                          industry="物流"),
    }
    for i in range(3):
        log_interaction(session=session, now=now, data=InteractionInput(
            customer_id=ids["renewal"], kind="call", occurred_at=now - timedelta(days=i),
            discussion=f"renewal call {i} 王伟 li"))
    return ids


def names(hits: list[SearchHit]) -> set[tuple[HitKind, int]]:
    return {(h.kind, h.ref_id) for h in hits if h.kind in (HitKind.CUSTOMER, HitKind.CONTACT)}


QUERIES = ["王伟", "Li", "li", "LI", "云帆", "le", "物流", "13", "00", "ne", "Re", "a", "伟",
           "an li", "Renewal", "partners re", "云帆信息 软件", "yunfan 13", "ANNA", "%_", "e "]


def test_names_index_finds_what_a_substring_scan_finds(session: Session, now) -> None:
    """Two-character terms through the ``pairs`` column, long terms through ``body`` and
    one-character terms through ``LIKE`` find exactly the customers and contacts whose
    indexed text contains every term — at the start, in the middle and at the end of a name,
    a phone or an e-mail (the oracle here is a plain scan of the tables)."""
    sample(session, now)
    bodies = [(HitKind.CUSTOMER, c.id, f"{c.name} {c.name_key} {c.industry}")
              for c in session.exec(select(Customer))]
    bodies += [(HitKind.CONTACT, p.id, f"{p.name} {p.phone} {p.phone_key} {p.email}")
               for p in session.exec(select(Contact))]
    for query in QUERIES:
        terms = [t.casefold() for t in query.split()]
        expected = {(kind, ref) for kind, ref, body in bodies
                    if all(t in body.casefold() for t in terms)}
        assert names(search(session, query)) == expected, query
    assert names(search(session, "王伟")) and names(search(session, "le"))
    assert names(search(session, "13"))


def test_two_character_terms_are_an_index_lookup(session: Session, now,
                                                 ) -> None:
    ids = sample(session, now)
    statements: list[str] = []
    conn = session.connection()

    def seen(_conn, _cursor, statement, _params, _context, _many):
        statements.append(statement)

    event.listen(conn, "before_cursor_execute", seen)
    try:
        hits = search(session, "王伟")
    finally:
        event.remove(conn, "before_cursor_execute", seen)
    assert {h.customer_id for h in hits} == {ids["yunfan"]}
    queried = [q for q in statements if "sqlite_master" not in q]
    exact = [q for q in queried if "c.name_key = " in q]  # the exact name: ix_customer_name_key
    assert len(exact) == 1
    assert queried and all(f"FROM {NAMES_TABLE} WHERE {NAMES_TABLE} MATCH" in q and "LIMIT" in q
                           for q in queried if q not in exact)
    assert not any("LIKE" in q for q in queried)  # no scan of every customer and contact


def test_names_rank_the_best_match_first(session: Session, now) -> None:
    """Names that start with the term come first however many newer names contain it."""
    first = customer(session, now, "Li Ning")
    longer = customer(session, now, "Lighthouse Logistics")
    others = [customer(session, now, f"Holdings of Li {i:02d}")
              for i in range(60)]  # newer, and more than ``limit`` of them
    for text_ in ("li", "LI", "li ning"):
        hits = [h for h in search(session, text_, limit=10) if h.kind == HitKind.CUSTOMER]
        assert len(hits) == (10 if text_ != "li ning" else 1)
        assert hits[0].ref_id == first, text_
    ids = [h.ref_id for h in search(session, "li", limit=10) if h.kind == HitKind.CUSTOMER]
    assert ids[:2] == [first, longer]  # then the longer name that starts with it
    assert sorted(ids[2:]) == others[-8:]  # then the newest of the others


def test_names_index_follows_edits_of_customers_and_contacts(session: Session,
                                                             now) -> None:
    cid = customer(session, now, "旧名字贸易", contact="赵六", phone="139 1111 2222")
    row = session.get(Customer, cid)
    assert row is not None
    row.name = "新名称贸易"
    row.name_key = company_key(row.name)
    session.add(row)
    contact = session.exec(select(Contact).where(Contact.customer_id == cid)).one()
    contact.name = "钱七"
    session.add(contact)
    session.flush()
    assert search(session, "旧名") == []
    assert found(search(session, "新名"), HitKind.CUSTOMER) == [cid]
    assert search(session, "赵六") == []
    assert found(search(session, "钱七"), HitKind.CONTACT) == [contact.id]
    session.delete(contact)
    session.flush()
    assert search(session, "钱七") == []
    assert found(search(session, "39"), HitKind.CONTACT) == []


def test_a_one_character_term_narrows_an_indexed_search(session: Session,
                                                        now) -> None:
    a = customer(session, now, "Acme Robotics X")
    customer(session, now, "Acme Robotics")
    assert found(search(session, "acme x"), HitKind.CUSTOMER) == [a]
    assert found(search(session, "ro x"), HitKind.CUSTOMER) == [a]


def test_find_customers_for_the_palette(session: Session, now) -> None:
    """Customers by their name, industry or a contact, archived and lost ones left out on
    request, never more than ``limit`` — on both schemas."""
    ids = sample(session, now)
    archived = customer(session, now, "Li Archive Co")
    row = session.get(Customer, archived)
    assert row is not None
    row.archived_at = now
    session.add(row)
    many = [customer(session, now, f"Lima Trading {i}") for i in range(12)]
    session.flush()
    assert [c.id for c in find_customers(session, "王伟")] == [ids["yunfan"]]  # a contact
    assert [c.id for c in find_customers(session, "云帆信息")] == [ids["yunfan"]]
    assert [c.id for c in find_customers(session, "物流")] == [ids["wuliu"]]  # industry
    assert [c.id for c in find_customers(session, "0013 8000")] == [ids["yunfan"]]  # phone
    assert find_customers(session, "nothing like it") == []
    assert find_customers(session, "   ") == []
    everyone = {c.id for c in find_customers(session, "li", limit=100)}
    assert {ids["li"], archived, *many} <= everyone
    active = {c.id for c in find_customers(session, "li", limit=100, include_inactive=False)}
    assert archived not in active and ids["li"] in active
    few = find_customers(session, "li", limit=5)
    assert len(few) == 5 and len({c.id for c in few}) == 5
    found = find_customers(session, "云帆")[0]
    assert (found.name, found.industry) == ("上海云帆信息科技有限公司", "软件")


def test_board_filter_through_the_names_index(session: Session, now) -> None:
    """What the board's filter gets from the names index."""
    a = customer(session, now, "深圳前海智联物流有限公司", contact="Maria Garcia",
                 phone="139 0000 1111", industry="物流")
    b = customer(session, now, "Fabrikam Manufacturing GmbH", contact="李强")

    def ids(text_: str) -> list[int]:
        statement = customer_ids_matching(text_)
        assert statement is not None, text_
        return sorted(set(session.exec(statement).scalars()))  # type: ignore[call-overload]

    assert ids("前海") == [a]  # two characters: the pairs column answers
    assert ids("garcia") == [a] and ids("MARIA gar") == [a] and ids("物流") == [a]
    assert ids("李强") == [b] and ids("gm") == [b]
    assert ids("0000 11") == [a]
    assert ids("nothing") == []
    assert customer_ids_matching("a") is None  # one character: LIKE
    assert customer_ids_matching("  ") is None


def test_palette_fills_up_to_its_limit_past_contacts_and_archived_names(session, now) -> None:
    """Many contacts of one customer, or archived namesakes, must not crowd active matches
    out of the palette's list."""
    bros = customer(session, now, "Lee Bros")
    holdings = customer(session, now + timedelta(seconds=1), "Lee Holdings")
    for i in range(4):
        add_contact(session=session, now=now, customer_id=holdings,
                    data=ContactInput(name=f"Lee {i}"))
    for i in range(4):
        archived = customer(session, now + timedelta(seconds=2 + i), f"Leeward {i}")
        set_archived(session=session, customer_id=archived, archived=True, now=now)
    found = find_customers(session, "Lee", limit=3, include_inactive=False)
    assert {c.id for c in found} == {bros, holdings}
    assert len(find_customers(session, "Lee", limit=3)) == 3


def test_palette_matches_the_normalised_company_name(session, now) -> None:
    acme = customer(session, now, "Acme")
    for text in ("ＡＣＭＥ", "Acme Co., Ltd.", "Acme Inc"):
        assert [c.id for c in find_customers(session, text)] == [acme], text


def test_an_exact_name_ranks_first_however_many_newer_names_start_alike(session, now) -> None:
    acme = customer(session, now, "Acme")
    for i in range(60):
        customer(session, now + timedelta(seconds=i + 1), f"Acme Branch {i:02d}")
    assert found(search(session, "Acme"), HitKind.CUSTOMER)[0] == acme
    assert found(search(session, "acme", limit=2), HitKind.CUSTOMER)[0] == acme
    assert find_customers(session, "Acme", limit=5)[0].id == acme


def test_a_one_character_term_is_a_like_of_the_text_narrowed_by_the_index(
        session: Session, now) -> None:
    """A text with a one-character term is matched by ``LIKE`` of the whole text (name,
    industry, a contact's name, phone or e-mail; the normalised name); with longer terms
    beside it, only among the customers the names index finds for them — which changes
    nothing found, as a row containing the text contains each of its terms."""
    customer(session, now, "Renewal Quest Ltd", contact="Anna Q", phone="138 0000 1111")
    customer(session, now, "深圳前海智联物流有限公司", contact="王 伟", phone="139 0000 2222")
    customer(session, now, "Quiet Renewals", contact="Bo Renewal q")
    customer(session, now, "Fabrikam GmbH", contact="x renewal")
    customer(session, now, "ＡＣＭＥ Robotics", contact="Zed", phone="138 1234 0000")
    customer(session, now, "100% Q Co", contact="Li_Q")

    def ids(condition) -> set[int]:
        return {i for i in session.exec(select(Customer.id).where(condition)) if i is not None}

    texts = ["renewal q", "RENEWAL Q", "138 0", "138 00 1", "王 伟", "前海 智", "acme r",
             "ＡＣＭＥ R", "100% q", "li_q x", "q renewal", "renewals q", "Anna Q"]
    narrowed = 0
    for text_ in texts:
        shape, values = customer_search_terms(text_)
        assert LIKE in shape, text_
        narrowed += WITHIN in shape
        plain_shape = tuple(p for p in shape if p != WITHIN)
        plain_values = tuple(v for p, v in zip(shape, values, strict=True) if p != WITHIN)
        assert plain_shape in ((LIKE,), (LIKE, KEY_LIKE))
        assert plain_values[0] == like_pattern(text_.strip())
        assert ids(customer_search_condition(shape, values)) == ids(
            customer_search_condition(plain_shape, plain_values)), text_
    assert narrowed == len(texts) - 1  # all but "王 伟" have a term the index can answer
    for text_, count in (("renewal q", 2), ("138 0", 1), ("王 伟", 1), ("100% q", 1),
                         ("li_q x", 0), ("Anna Q", 1)):
        assert len(ids(customer_search_condition(*customer_search_terms(text_)))) == count
