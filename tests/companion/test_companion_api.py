"""What a paired phone can do, through the real server over HTTPS: every entry lands in the
data file through the core services (with their rules), once, and the desktop is told."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db_dump import dump_tables
from mycrm.companion.server import CompanionServer
from mycrm.core.changes import Change
from mycrm.core.db.models import (
    Contract,
    Customer,
    Interaction,
    Need,
    PairedPhone,
    PhoneEntry,
    Todo,
)
from phone_client import Phone, entry_id, phone_for

VISIT = {"kind": "visit", "occurred_wall": "2026-11-22T15:00", "tz": "Asia/Shanghai",
         "attendees": "王磊", "discussion": "续约意向强", "feedback": "满意",
         "next_steps": "发报价",
         "todos": [{"title": "发报价单", "remind_wall": "2026-11-23T09:00"},
                   {"title": "约下次 QBR", "remind_wall": None}]}


def _visit(customer_id: int, **extra: object) -> dict[str, object]:
    return {**VISIT, "customer_id": customer_id, "entry_id": entry_id(), **extra}


def test_a_visit_from_the_phone_is_a_visit_with_its_todos(
        phone: Phone, engine: Engine, customers: dict[str, int], changes: list[Change]) -> None:
    customer_id = customers["杭州青禾科技"]
    reply = phone.post("/api/records", _visit(customer_id))
    assert reply.status == 200, reply.text
    answer = reply.json()
    assert answer["ok"] and answer["duplicate"] is False
    with Session(engine) as session:
        record = session.get(Interaction, answer["id"])
        assert record is not None and record.kind == "visit" and record.discussion == "续约意向强"
        assert record.occurred_at == datetime(2026, 11, 22, 7, 0, tzinfo=UTC)  # 15:00 Shanghai
        customer = session.get(Customer, customer_id)
        assert customer is not None and customer.state == "visited"
        assert customer.last_visit_at == record.occurred_at
        todos = session.exec(select(Todo).where(Todo.interaction_id == record.id)
                             .order_by(col(Todo.id))).all()
        assert [t.title for t in todos] == ["发报价单", "约下次 QBR"]
        assert todos[0].remind_at == datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
        assert todos[0].remind_tz == "Asia/Shanghai" and todos[1].remind_at is None
    assert changes and all(c & Change.RECORDS for c in changes[-1:])
    summary = phone.get(f"/api/customers/{customer_id}").json()
    assert summary["state"] == "visited"
    records = [t for t in summary["timeline"] if t["kind"] == "record"]
    assert [(t["record_kind"], t["text"], t["source"]) for t in records] == [
        ("visit", "续约意向强", "phone")]
    assert {t["title"] for t in summary["todos"]} == {"发报价单", "约下次 QBR"}


def test_five_resends_of_one_entry_write_one_record(phone: Phone, engine: Engine,
                                                    customers: dict[str, int]) -> None:
    body = _visit(customers["Acme Corp"])
    answers = [phone.post("/api/records", body).json() for _ in range(5)]
    assert [a["duplicate"] for a in answers] == [False, True, True, True, True]
    assert len({a["id"] for a in answers}) == 1
    with Session(engine) as session:
        assert len(session.exec(select(Interaction)).all()) == 1
        assert len(session.exec(select(Todo)).all()) == 2
        assert len(session.exec(select(PhoneEntry)).all()) == 1


def test_today_lists_due_todos_and_done_and_snooze_work(
        phone: Phone, engine: Engine, customers: dict[str, int]) -> None:
    customer_id = customers["Acme Corp"]
    for title, wall in (("Overdue call", "2026-11-20T10:00"), ("Today's call", "2026-11-22T12:00"),
                        ("Next week", "2026-11-29T10:00")):
        reply = phone.post("/api/todos", {"entry_id": entry_id(), "customer_id": customer_id,
                                          "title": title, "remind_wall": wall, "tz": "UTC"})
        assert reply.status == 200, reply.text
    items = phone.get("/api/today").json()["items"]
    assert [(i["title"], i["group"]) for i in items] == [("Overdue call", "overdue"),
                                                       ("Today's call", "today")]
    assert items[0]["customer_name"] == "Acme Corp"
    done = phone.post(f"/api/todos/{items[0]['id']}/done", {"entry_id": entry_id()})
    snoozed = phone.post(f"/api/todos/{items[1]['id']}/snooze",
                         {"entry_id": entry_id(), "choice": "tomorrow"})
    assert done.status == snoozed.status == 200, (done.text, snoozed.text)
    assert phone.get("/api/today").json()["items"] == []
    with Session(engine) as session:
        first, second = (session.get(Todo, i["id"]) for i in items)
        assert first is not None and first.done_at is not None
        # tomorrow 9:00 on the laptop's clock (the fixture's zone: Shanghai) = 01:00 UTC
        assert second is not None and second.notify_at == datetime(2026, 11, 23, 1, 0,
                                                                   tzinfo=UTC)


def test_needs_and_renewals_go_through_the_core_rules(
        phone: Phone, engine: Engine, customers: dict[str, int]) -> None:
    customer_id = customers["杭州青禾科技"]
    need = phone.post("/api/needs", {"entry_id": entry_id(), "customer_id": customer_id,
                                     "title": "加购 20 个账号", "detail": "", "amount": "¥8,000.50",
                                     "follow_up_on": "2026-12-01"})
    renewal = phone.post("/api/renewals", {"entry_id": entry_id(), "customer_id": customer_id,
                                           "signed_on": "2026-11-22", "end_date": "2028-03-01",
                                           "amount": "150000"})
    assert need.status == renewal.status == 200, (need.text, renewal.text)
    with Session(engine) as session:
        row = session.exec(select(Need)).one()
        assert row.amount_cents == 800050
        assert session.exec(select(Todo).where(Todo.need_id == row.id)).one()  # follow-up
        contract = session.exec(select(Contract).where(Contract.kind == "renewal")).one()
        assert contract.amount_cents == 15_000_000
        customer = session.get(Customer, customer_id)
        assert customer is not None and str(customer.renewal_date) == "2028-03-01"
    kinds = [(t["kind"], t["source"]) for t in
             phone.get(f"/api/customers/{customer_id}").json()["timeline"]]
    assert ("renewed", "phone") in kinds and ("need_created", "phone") in kinds


def test_bad_entries_name_their_field_and_write_nothing(
        phone: Phone, db_path: Path, customers: dict[str, int]) -> None:
    customer_id = customers["Acme Corp"]
    before = dump_tables(db_path)
    cases: list[tuple[str, dict[str, object], str]] = [
        ("/api/renewals", {"customer_id": customer_id, "signed_on": "2026-02-30",
                           "end_date": "2027-01-01", "amount": "1"}, "signed_on"),
        ("/api/needs", {"customer_id": customer_id, "title": "x", "amount": "1.2亿元?"},
         "amount"),
        ("/api/records", {**VISIT, "customer_id": customer_id, "kind": "party"}, "kind"),
        ("/api/records", {**VISIT, "customer_id": customer_id, "occurred_wall": "2026-13-01T10:00"},
         "occurred_wall"),
        ("/api/records", {**VISIT, "customer_id": customer_id,
                          "todos": [{"title": "ok"}, {"title": ""}]}, "todos.1.title"),
        ("/api/todos", {"title": 5}, "title"),
        ("/api/todos", {"title": "x", "customer_id": "1"}, "customer_id"),
    ]
    for path, body, field in cases:
        reply = phone.post(path, {**body, "entry_id": entry_id()})
        assert reply.status == 400, (path, body, reply.text)
        assert field in reply.json()["fields"], (path, reply.text)
    for path, body in (("/api/records", {**VISIT, "customer_id": 999_999}),
                       ("/api/todos", {"title": "x", "customer_id": 999_999}),
                       ("/api/todos/999999/done", {})):
        reply = phone.post(path, {**body, "entry_id": entry_id()})
        assert (reply.status, reply.json()["error"]) == (404, "not_found"), (path, reply.text)
    assert dump_tables(db_path, before) == {**before, "pairedphone": dump_tables(db_path)[
        "pairedphone"]}


def test_search_and_summary_give_what_the_desktop_shows(
        phone: Phone, customers: dict[str, int]) -> None:
    found = phone.get("/api/customers?q=%E9%9D%92%E7%A6%BE").json()["items"]
    assert [c["name"] for c in found] == ["杭州青禾科技"]
    everyone = phone.get("/api/customers").json()["items"]
    assert {c["name"] for c in everyone} == set(customers)
    summary = phone.get(f"/api/customers/{customers['杭州青禾科技']}").json()
    assert summary["contacts"][0]["phone"] == "+86 138 0000 1111"
    assert summary["renewal_date"] == "2027-03-01" and summary["days_left"] == 99
    evil = phone.get(f"/api/customers/{customers['<img src=x onerror=alert(1)>']}").json()
    assert evil["name"] == "<img src=x onerror=alert(1)>"  # data, escaped by the page
    assert phone.get("/api/customers/999999").status == 404


def test_pairing_names_the_phone_and_tells_the_desktop(
        start_server: Callable[..., CompanionServer], engine: Engine,
        changes: list[Change]) -> None:
    paired: list[tuple[int, str]] = []
    server = start_server(on_paired=lambda i, n: paired.append((i, n)))
    phone = phone_for(server)
    assert phone.pair(server.pairing_link()).status == 303
    with Session(engine) as session:
        row = session.exec(select(PairedPhone)).one()
    assert paired == [(row.id, "Android · Chrome")] and row.name == "Android · Chrome"
    assert Change.SETTINGS in changes[-1]
    assert phone.load_page().status == 200 and phone.csrf
