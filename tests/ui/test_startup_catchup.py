"""The revisit catch-up at start-up runs on a worker thread in short batches: the window
answers and saves the user's edits meanwhile, the result is the rule's own (each due
customer reset once), and a process killed mid-way is finished by the next start without
doubling anything."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, text
from sqlmodel import select

from mycrm.core.customers import revisit
from mycrm.core.customers.services import CustomerInput, create_customer
from mycrm.core.db.engine import open_database, session_scope
from mycrm.core.db.models import Customer, State
from mycrm.core.records.services import InteractionInput, log_interaction
from mycrm.ui.app import background
from mycrm.ui.app.context import AppContext

DUE = 23  # customers whose last visit is 120 days back (period 90: all due)


def _portfolio(engine: Engine, now: datetime) -> list[int]:
    """``DUE`` visited customers due for a revisit at ``now``, and one visited recently."""
    visit = now - timedelta(days=120)
    ids = []
    with session_scope(engine) as session:
        for n in range(DUE + 1):
            customer = create_customer(session=session, data=CustomerInput(name=f"C{n}"),
                                       now=visit)
            assert customer.id is not None
            when = visit if n < DUE else now - timedelta(days=3)
            log_interaction(session=session, now=when, data=InteractionInput(
                customer_id=customer.id, kind="visit", occurred_at=when))
            ids.append(customer.id)
    return ids[:DUE]


class Outcome(NamedTuple):
    states: dict[int, str]  # customer id → state
    keys: list[str]  # the revisit to-dos' cycle keys
    resets: dict[int, int]  # customer id → revisit resets recorded


def _outcome(engine: Engine) -> Outcome:
    """What the rule leaves: customers per state, the revisit to-dos' cycle keys, and the
    number of revisit resets recorded per customer."""
    with engine.connect() as conn:
        states = {int(i): str(st) for i, st in conn.execute(
            text("SELECT id, state FROM customer")).all()}
        keys = sorted(str(k) for (k,) in conn.execute(text(
            "SELECT origin_key FROM todo WHERE origin = 'revisit'")))
        resets = {int(i): int(n) for i, n in conn.execute(text(
            "SELECT customer_id, count(*) FROM timelineevent WHERE kind = 'state_changed' "
            "AND json_extract(payload, '$.reason') = 'revisit_due' GROUP BY customer_id")).all()}
    return Outcome(states, keys, resets)


def test_the_catch_up_runs_off_the_gui_thread_while_the_window_answers_and_saves(
        qtbot: QtBot, ctx: AppContext, engine: Engine, now: datetime, monkeypatch) -> None:
    due = _portfolio(engine, now)
    monkeypatch.setattr(background, "CATCH_UP_BATCH", 5)
    threads: list[str] = []
    hold = threading.Event()  # the second batch waits (outside its transaction) until set
    real = revisit.run_revisit_batch

    def batch(**kwargs: object) -> revisit.RevisitBatch:
        threads.append(threading.current_thread().name)
        if len(threads) == 2:
            assert hold.wait(30), "the test never let the catch-up go on"
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(revisit, "run_revisit_batch", batch)
    finished: list[list[int]] = []
    ctx.catch_up_finished.connect(finished.append)
    job = ctx.catch_up()
    assert job is not None
    qtbot.waitUntil(lambda: len(threads) == 2)  # first batch committed, second waiting
    assert ctx.catching_up
    ticks: list[int] = []
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: ticks == [1])  # the event loop runs during the catch-up
    edited = ctx.run(create_customer, data=CustomerInput(name="Typed meanwhile"))
    assert ctx.read(lambda s: s.get(Customer, edited.id)) is not None  # the edit is saved
    first_batch = ctx.read(lambda s: [c.id for c in s.exec(select(Customer).where(
        Customer.state == State.TO_CONTACT.value, Customer.name != "Typed meanwhile"))])
    assert sorted(first_batch) == due[:5]  # only the committed batch so far
    hold.set()
    qtbot.waitUntil(lambda: bool(finished), timeout=30_000)
    assert sorted(finished[0]) == due
    assert set(threads) == {"mycrm-revisit"}, "every batch ran on the worker thread"
    assert threading.current_thread().name not in threads


def test_the_catch_up_equals_the_rule_run_at_once(qtbot: QtBot, ctx: AppContext,
                                                  engine: Engine, db_path: Path,
                                                  now: datetime, tmp_path: Path) -> None:
    _portfolio(engine, now)
    other_path = tmp_path / "direct.sqlite"
    with engine.connect() as conn:  # a consistent copy of the same file
        conn.exec_driver_sql(f"VACUUM INTO '{other_path}'")
    direct = open_database(other_path)
    try:
        with session_scope(direct) as session:
            at_once = revisit.run_revisit_rule(session=session, now=now, zone=ctx.zone,
                                               todo_title="Plan a visit to %1")
        job = background.RevisitCatchUp(db_path, now=now, zone=ctx.zone,
                                        todo_title="Plan a visit to %1", batch=4)
        done: list[list[int]] = []
        job.finished.connect(done.append)
        job.start()
        qtbot.waitUntil(lambda: bool(done), timeout=30_000)
        assert sorted(done[0]) == sorted(at_once) and len(at_once) == DUE
        assert _outcome(engine) == _outcome(direct)
    finally:
        direct.dispose()


KILLED_RUN = r"""
import sys
from datetime import datetime
from pathlib import Path
from typing import NamedTuple
from PySide6.QtCore import QCoreApplication
from mycrm.ui.app.background import RevisitCatchUp

app = QCoreApplication([])
job = RevisitCatchUp(Path(sys.argv[1]), now=datetime.fromisoformat(sys.argv[2]), zone="UTC",
                     todo_title="Plan a visit to %1", batch=3)
job.batch_done.connect(lambda ids: print("batch", len(ids), flush=True))
job.finished.connect(lambda ids: app.quit())
job.start()
app.exec()
"""


def test_a_catch_up_killed_mid_way_is_finished_by_the_next_run_without_doubling(
        qtbot: QtBot, engine: Engine, db_path: Path, now: datetime, tmp_path: Path) -> None:
    due = _portfolio(engine, now)
    engine.dispose()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, "-c", KILLED_RUN, str(db_path), now.isoformat()],
                             stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    for _ in range(2):  # two batches committed, then killed without any warning
        assert child.stdout.readline().startswith("batch")
    child.send_signal(signal.SIGKILL)
    child.wait(30)
    child.stdout.close()
    partly = _outcome(engine)
    reset_before = sorted(partly.resets)
    assert 6 <= len(reset_before) < DUE, "killed mid-way"
    assert set(partly.resets.values()) == {1}
    job = background.RevisitCatchUp(db_path, now=now, zone="UTC",
                                    todo_title="Plan a visit to %1", batch=3)
    done: list[list[int]] = []
    job.finished.connect(done.append)
    job.start()
    qtbot.waitUntil(lambda: bool(done), timeout=30_000)
    assert sorted(done[0]) == sorted(set(due) - set(reset_before))  # only the rest
    final = _outcome(engine)
    assert sorted(final.resets) == due
    assert set(final.resets.values()) == {1}, "each customer reset once"
    assert len(final.keys) == len(set(final.keys)) == DUE, "one to-do each"
    assert all(final.states[cid] == State.TO_CONTACT.value for cid in due)
