"""Phone access on the desktop: the switch starts and stops a real server, the QR code in
the dialog reads back as the pairing link, a phone's entry reaches ``ctx.changed`` in the
GUI thread, the quiet period turns it off, the checklist appears when no phone comes, and
the paired phones can be removed."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlmodel import select

from mycrm.core.changes import Change
from mycrm.core.db.models import PairedPhone
from mycrm.core.phone.devices import pair_phone
from mycrm.core.settings.preferences import PhoneSettings, save_phone_settings
from mycrm.ui.app.context import AppContext
from mycrm.ui.companion.controller import CHANGES_COALESCE_MS, PhoneAccess, interface_kind
from mycrm.ui.companion.dialog import PhoneAccessDialog
from mycrm.ui.companion.phones import PhonesList
from phone_client import phone_for


@pytest.fixture
def access(ctx: AppContext, qtbot: QtBot) -> Iterator[PhoneAccess]:
    access = PhoneAccess(ctx)
    yield access
    access.turn_off()


def test_the_switch_starts_and_stops_a_server_on_the_address_given(access: PhoneAccess
                                                                   ) -> None:
    assert not access.is_on and access.status_text() == ""
    states: list[bool] = []
    access.state_changed.connect(states.append)
    assert access.turn_on("127.0.0.1")
    assert access.is_on and access.server is not None
    assert access.server.url.startswith("https://127.0.0.1:")
    assert "127.0.0.1" in access.status_text()
    port = access.server.port
    access.turn_off()
    assert states == [True, False] and not access.is_on
    with pytest.raises(OSError):  # nobody listens there any more
        import socket
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_a_change_from_the_server_thread_reaches_ctx_changed_in_the_gui_thread(
        access: PhoneAccess, ctx: AppContext, qtbot: QtBot) -> None:
    seen: list[tuple[object, bool]] = []
    ctx.changed.connect(lambda what: seen.append(
        (what, threading.current_thread() is threading.main_thread())))
    worker = threading.Thread(target=access._changed_from_server.emit, args=(Change.RECORDS,))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert seen == [(Change.RECORDS, True)]


def test_a_burst_of_phone_changes_reaches_the_pages_as_one(
        access: PhoneAccess, ctx: AppContext, qtbot: QtBot) -> None:
    seen: list[object] = []
    ctx.changed.connect(seen.append)

    def burst() -> None:
        for what in (Change.RECORDS, Change.TODOS, Change.RECORDS, Change.CUSTOMERS):
            access._changed_from_server.emit(what)

    worker = threading.Thread(target=burst)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    qtbot.wait(2 * CHANGES_COALESCE_MS)
    assert seen == [Change.RECORDS | Change.TODOS | Change.CUSTOMERS]


def test_a_phone_pairing_through_the_dialog_is_named_and_listed(
        access: PhoneAccess, ctx: AppContext, qtbot: QtBot, tmp_path: Path) -> None:
    assert access.turn_on("127.0.0.1")
    dialog = PhoneAccessDialog(access)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.link.startswith(access.server.url + "/pair?code=")  # type: ignore[union-attr]
    if shutil.which("zbarimg"):
        image = tmp_path / "qr.png"
        assert dialog.qr.pixmap().save(str(image))
        read = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True,
                              text=True, timeout=30).stdout.strip()
        assert read == dialog.link
    assert "SHA-256" in dialog.fingerprint.text()
    phone = phone_for(access.server)
    assert phone.pair(dialog.link).status == 303
    qtbot.waitUntil(lambda: "Paired" in dialog.status.text(), timeout=5000)
    assert dialog.phones.tree.topLevelItemCount() == 1
    assert dialog.phones.tree.topLevelItem(0).text(0) == "Android · Chrome"  # type: ignore[union-attr]
    assert phone.pair(dialog.link).status == 403  # a code works once


def test_the_checklist_appears_when_no_phone_comes(access: PhoneAccess, qtbot: QtBot) -> None:
    assert access.turn_on("127.0.0.1")
    dialog = PhoneAccessDialog(access)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.checklist.isVisible()
    assert dialog.checklist_timer.isActive() and dialog.checklist_timer.interval() == 60_000
    dialog.checklist_timer.setInterval(10)
    dialog.checklist_timer.start()
    qtbot.waitUntil(dialog.checklist.isVisible, timeout=2000)
    assert "Wi-Fi" in dialog.checklist.text()


def test_quiet_phone_access_turns_itself_off_unless_kept_on(
        access: PhoneAccess, ctx: AppContext, now: datetime) -> None:
    clock = {"now": now}
    ctx.set_clock(lambda: clock["now"])
    assert access.turn_on("127.0.0.1")
    clock["now"] = now + timedelta(minutes=119)
    assert not access.check_idle() and access.is_on
    ctx.run(save_phone_settings, values=PhoneSettings(keep_on=True))
    clock["now"] = now + timedelta(minutes=121)
    assert not access.check_idle() and access.is_on
    ctx.run(save_phone_settings, values=PhoneSettings(keep_on=False, idle_minutes=120))
    assert access.check_idle() and not access.is_on


def test_keep_on_turns_it_on_again_at_start(access: PhoneAccess, ctx: AppContext,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mycrm.ui.companion.controller.local_addresses", lambda: [])
    access.start_if_kept_on()
    assert not access.is_on
    ctx.run(save_phone_settings, values=PhoneSettings(keep_on=True, address="127.0.0.1"))
    failures: list[str] = []
    access.failed.connect(failures.append)
    access.start_if_kept_on()  # no network: says so, does not raise
    assert not access.is_on and "not on a network" in failures[0]


def test_removing_a_phone_deletes_it(ctx: AppContext, qtbot: QtBot, now: datetime) -> None:
    with ctx.session() as session:
        pair_phone(session=session, now=now, name="iPhone · Safari")
        pair_phone(session=session, now=now, name="Android · Chrome")
    phones = PhonesList(ctx)
    qtbot.addWidget(phones)
    assert phones.tree.topLevelItemCount() == 2 and not phones.remove_button.isEnabled()
    phones.tree.setCurrentItem(phones.tree.topLevelItem(0))  # type: ignore[arg-type]
    assert phones.remove_button.isEnabled()
    assert phones.remove_selected(confirm=False)
    names = ctx.read(lambda s: [p.name for p in s.exec(select(PairedPhone))])
    assert len(names) == 1 and phones.tree.topLevelItemCount() == 1
    phones.tree.setCurrentItem(phones.tree.topLevelItem(0))  # type: ignore[arg-type]
    phones.remove_selected(confirm=False)
    assert phones.stack.currentWidget() is phones.empty


@pytest.mark.parametrize("name, kind", [("wlp2s0", "lan"), ("eth0", "lan"), ("tun0", "vpn"),
                                        ("wg0", "vpn"), ("docker0", "docker"),
                                        ("br-1a2b", "docker"), ("virbr0", "vm"),
                                        ("vboxnet0", "vm")])
def test_addresses_are_labelled_by_interface(name: str, kind: str) -> None:
    assert interface_kind(name) == kind
