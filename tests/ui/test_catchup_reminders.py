"""The first reminder pass after weeks away claims on a worker thread in bounded slices (one
short transaction each, the window's writes in between) and still lists every missed
reminder once, in due order, and notifies each due one once — also when a slice fails."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot
from sqlmodel import select

from mycrm.core.db.models import ReminderState, Todo
from mycrm.core.todos import reminders
from mycrm.core.todos.services import TodoInput, create_todo
from mycrm.ui.app.context import AppContext
from mycrm.ui.reminders import driver as driver_module
from mycrm.ui.reminders.driver import ReminderDriver
from mycrm.ui.reminders.notifier import Notifier

MISSED = 7


def _reminders(ctx: AppContext, now: datetime) -> tuple[list[int], int]:
    """``MISSED`` reminders that fell due days ago (the oldest first) and one due now."""
    missed = []
    for n in range(MISSED):
        wall = (now - timedelta(days=MISSED - n)).replace(tzinfo=None)
        todo = ctx.run(create_todo, data=TodoInput(title=f"missed {n}", remind_wall=wall,
                                                   remind_tz="UTC"))
        assert todo.id is not None
        missed.append(todo.id)
    due = ctx.run(create_todo, data=TodoInput(
        title="due now", remind_wall=(now - timedelta(seconds=30)).replace(tzinfo=None),
        remind_tz="UTC"))
    assert due.id is not None
    return missed, due.id


def _states(ctx: AppContext) -> dict[int, str]:
    return ctx.read(lambda s: {t.id: t.reminder_state for t in s.exec(select(Todo))})


def test_the_first_pass_claims_in_slices_off_the_gui_thread(
        qtbot: QtBot, ctx: AppContext, now: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    missed, due = _reminders(ctx, now)
    monkeypatch.setattr(driver_module, "FIRST_PASS_SLICE", 3)
    slices: list[tuple[str, int]] = []
    real = reminders.claim_planned

    def claim_planned(**kwargs: object) -> reminders.Claimed:
        plan = kwargs["plan"]
        assert isinstance(plan, reminders.ClaimPlan)
        slices.append((threading.current_thread().name, len(plan.due) + len(plan.missed)))
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reminders, "claim_planned", claim_planned)
    notifier = Notifier(None, desktop=lambda _title, _body: None)
    driver = ReminderDriver(ctx, notifier)
    with qtbot.waitSignal(driver.missed_found, timeout=30_000) as listed, \
            qtbot.waitSignal(driver.fired, timeout=30_000) as fired:
        driver.start_in_background()
    assert listed.args == [missed], "every missed reminder once, the oldest first"
    assert fired.args == [[due]]
    assert [size for _, size in slices] == [3, 3, 2], "bounded transactions"
    assert {name for name, _ in slices} == {"mycrm-reminders"}
    assert threading.current_thread().name not in {name for name, _ in slices}
    assert all(_states(ctx)[i] == ReminderState.FIRED.value for i in [*missed, due])
    with qtbot.assertNotEmitted(driver.missed_found), qtbot.assertNotEmitted(driver.fired):
        driver.tick()  # nothing is claimed twice
    driver.stop()


def test_what_the_slices_claimed_before_one_failed_is_listed_and_the_rest_follows(
        qtbot: QtBot, ctx: AppContext, now: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    missed, due = _reminders(ctx, now)
    monkeypatch.setattr(driver_module, "FIRST_PASS_SLICE", 3)
    real = reminders.claim_planned
    calls: list[int] = []

    def flaky(**kwargs: object) -> reminders.Claimed:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database is locked")
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reminders, "claim_planned", flaky)
    driver = ReminderDriver(ctx, Notifier(None, desktop=lambda _title, _body: None))
    listed: list[list[int]] = []
    driver.missed_found.connect(listed.append)
    with qtbot.waitSignal(driver.missed_found, timeout=30_000):
        driver.start_in_background()
    first = listed[0]
    assert first == [i for i in missed if i in first] and 0 < len(first) < MISSED
    monkeypatch.setattr(reminders, "claim_planned", real)
    with qtbot.waitSignal(driver.missed_found), qtbot.waitSignal(driver.fired) as fired:
        driver.tick()  # the next pass claims what stayed pending
    assert fired.args == [[due]]
    everything = [i for ids in listed for i in ids]
    assert sorted(everything) == sorted(missed)
    assert len(everything) == len(set(everything)), "each listed once"
    assert all(_states(ctx)[i] == ReminderState.FIRED.value for i in missed)
    driver.stop()


def test_the_missed_list_records_delivery_in_slices_off_the_gui_thread(
        qtbot: QtBot, ctx: AppContext, now: datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    from mycrm.ui.reminders import missed_dialog
    from mycrm.ui.reminders.missed_dialog import MissedDialog

    missed, _due = _reminders(ctx, now)
    ctx.run(reminders.claim)  # as the first pass does: listed ones are FIRED, not yet seen
    monkeypatch.setattr(missed_dialog, "DELIVERY_SLICE", 3)
    slices: list[tuple[str, list[int]]] = []
    real = reminders.record_delivered

    def record_delivered(**kwargs: object) -> list[int]:
        ids = kwargs["todo_ids"]
        assert isinstance(ids, list)
        slices.append((threading.current_thread().name, list(ids)))
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reminders, "record_delivered", record_delivered)
    dialog = MissedDialog(ctx, missed, background=True)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == MISSED, timeout=30_000)
    assert [ids for _, ids in slices] == [missed[:3], missed[3:6], missed[6:]]
    assert threading.current_thread().name not in {name for name, _ in slices}
    delivered = ctx.read(lambda s: {t.id: t.fired_at for t in s.exec(select(Todo))})
    assert all(delivered[i] is not None for i in missed), "listed = delivered, each of them"
