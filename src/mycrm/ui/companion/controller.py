"""Phone access for one window: starts and stops the companion server, and brings what the
phone changed into the desktop.

The server (``mycrm.companion``) runs in a child process of its own, so no phone's request
holds the window's event loop (they would share the interpreter on a thread). Its callbacks
arrive on the thread reading the child's pipe and are re-emitted here through Qt signals,
which Qt queues into the GUI thread, where they become ``ctx.changed`` — so every page and
the reminder driver react to a phone's entry exactly as to one made on the desktop.
Nothing of the server is imported until the user turns phone access on. It turns itself off
after the quiet period of the settings (unless "keep on") and when the app quits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow

from mycrm.core.changes import Change
from mycrm.core.settings.preferences import PhoneSettings, load_phone_settings
from mycrm.ui.app.context import AppContext
from mycrm.ui.common.i18n import translator

if TYPE_CHECKING:
    from mycrm.companion.server import CompanionServer

log = logging.getLogger(__name__)
_t = translator("phone_access")
IDLE_CHECK_MS = 60_000
CHANGES_COALESCE_MS = 150  # the first phone entry shows within this; a burst reloads once

# Interface names that are not the Wi-Fi a phone shares (listed, but offered after it).
_KINDS = (
    (("tun", "tap", "wg", "ppp", "utun", "ipsec", "tailscale", "zt"), "vpn"),
    (("docker", "br-", "veth", "cni", "flannel", "podman"), "docker"),
    (("virbr", "vmnet", "vboxnet", "vnic", "hyperv", "vethernet"), "vm"),
)


@dataclass(frozen=True)
class Address:
    ip: str
    interface: str
    kind: str  # "lan", "vpn", "docker", "vm"

    @property
    def label(self) -> str:
        words = {"lan": _t("this network"), "vpn": _t("VPN"), "docker": _t("Docker"),
                 "vm": _t("virtual machine")}
        kind = words.get(self.kind, self.kind)
        if not self.interface:
            return _t("%1 (%2)").replace("%1", self.ip).replace("%2", kind)
        return _t("%1 (%2, %3)").replace("%1", self.ip).replace(
            "%2", self.interface).replace("%3", kind)


def interface_kind(name: str) -> str:
    lowered = name.lower()
    for prefixes, kind in _KINDS:
        if lowered.startswith(prefixes):
            return kind
    return "lan"


def local_addresses() -> list[Address]:
    """This machine's addresses a phone could reach: the one on the default route first,
    then the other private ones (IPv4, IPv6 unique-local), VPN/Docker/VM ones last."""
    from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface

    from mycrm.companion.netinfo import default_route_address, is_private_client

    found: list[Address] = []
    for interface in QNetworkInterface.allInterfaces():
        flags = interface.flags()
        if not flags & QNetworkInterface.InterfaceFlag.IsUp or \
                flags & QNetworkInterface.InterfaceFlag.IsLoopBack:
            continue
        for entry in interface.addressEntries():
            ip = entry.ip()
            text = ip.toString()
            v4 = ip.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol
            if not is_private_client(text) or text.startswith(("127.", "fe80")) or \
                    (not v4 and not text.lower().startswith(("fc", "fd"))):
                continue
            found.append(Address(text, interface.humanReadableName(),
                                 interface_kind(interface.name())))
    preferred = default_route_address()
    order = {"lan": 0, "vpn": 2, "docker": 3, "vm": 3}
    found.sort(key=lambda a: (a.ip != preferred, order.get(a.kind, 1), ":" in a.ip, a.ip))
    if preferred and all(a.ip != preferred for a in found):
        found.insert(0, Address(preferred, "", "lan"))
    return found


class PhoneAccess(QObject):
    state_changed = Signal(bool)
    paired = Signal(int, str)  # phone id, name
    failed = Signal(str)  # what went wrong, in words for the user
    # Emitted on the thread reading the server's pipe; Qt queues them into the GUI thread.
    _changed_from_server = Signal(object)
    _paired_from_server = Signal(int, str)
    _lost_from_server = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.server: CompanionServer | None = None
        self.on_since: datetime | None = None
        self.starting = False
        self._changed_from_server.connect(self._server_changed)
        self._lost_from_server.connect(self._server_lost)
        # A phone's burst of entries (an outbox resent after a dead spot) reaches the pages
        # as one change: they reload once, not once per entry.
        self.pending = Change.NONE
        self.flush_timer = QTimer(self, singleShot=True, interval=CHANGES_COALESCE_MS)
        self.flush_timer.timeout.connect(self.flush_changes)
        self._paired_from_server.connect(self.paired)
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(IDLE_CHECK_MS)
        self.idle_timer.timeout.connect(self.check_idle)

    # --- state -------------------------------------------------------------------------------
    @property
    def is_on(self) -> bool:
        return self.server is not None and self.server.listening

    def settings(self) -> PhoneSettings:
        return self.ctx.read(load_phone_settings)

    def status_text(self) -> str:
        """For the status line and the tray's tooltip; "" while off."""
        if not self.is_on or self.server is None:
            return ""
        return _t("Phone access on — %1").replace("%1", self.server.url.split("://", 1)[1])

    # --- on and off ----------------------------------------------------------------------------
    def turn_on(self, address: str = "") -> bool:
        """Start listening on ``address`` (else the saved one, else the default route's).
        False, with ``failed`` emitted, when it cannot.

        Waits for the server's process to listen (about a second: its imports), painting
        meanwhile but holding back the user's input — a second click cannot start a second
        server."""
        if self.is_on:
            return True
        if self.starting:
            return False
        settings = self.settings()
        host = address
        if not host:
            addresses = [a.ip for a in local_addresses()]
            # The saved address may be gone (another network): then today's first.
            host = settings.address if settings.address in addresses else (
                addresses[0] if addresses else "")
        if not host:
            self.failed.emit(_t("This laptop is not on a network. Connect to the Wi-Fi the "
                                "phone uses, then turn phone access on again."))
            return False
        from mycrm.companion.server import CompanionError, CompanionServer, ServerConfig
        from mycrm.ui.companion.page_text import page_texts
        from mycrm.ui.records.need_editor import follow_up_title

        server = CompanionServer(ServerConfig(
            data_path=self.ctx.data_path, host=host, port=settings.port,
            https=settings.https, cert_dir=self.ctx.data_path.parent / "phone",
            zone=self.ctx.zone, clock=self.ctx.now, texts=page_texts(),
            on_change=self._changed_from_server.emit,
            on_paired=self._paired_from_server.emit, on_lost=self._lost_from_server.emit,
            follow_up_title=follow_up_title()))
        self.starting = True
        try:
            server.start(pump=_paint)
        except CompanionError as error:
            log.warning("phone access could not start: %s", error)
            self.failed.emit(self._failure_text(error.reason, host))
            return False
        finally:
            self.starting = False
        self.server = server
        self.on_since = self.ctx.now()
        self.idle_timer.start()
        self.state_changed.emit(True)
        return True

    def turn_off(self) -> None:
        if self.server is None:
            return
        self.idle_timer.stop()
        server, self.server = self.server, None
        server.stop()
        self.flush_changes()
        self.on_since = None
        self.state_changed.emit(False)

    def restart(self, address: str = "") -> bool:
        """Start again (another address, HTTPS switched): the phones stay paired."""
        self.turn_off()
        return self.turn_on(address)

    def pairing_link(self) -> str:
        return self.server.pairing_link() if self.server is not None else ""

    def check_idle(self) -> bool:
        """Turn off after the quiet period (unless "keep on"); True if it did."""
        if not self.is_on or self.server is None:
            return False
        settings = self.settings()
        if settings.keep_on:
            return False
        last = self.server.last_activity or self.on_since
        if last is not None and self.ctx.now() - last >= timedelta(minutes=settings.idle_minutes):
            log.info("phone access: off after %d quiet minutes", settings.idle_minutes)
            self.turn_off()
            return True
        return False

    def start_if_kept_on(self) -> None:
        """At start: phone access comes back on when the user chose "keep on"."""
        try:
            keep = self.settings().keep_on
        except Exception:  # noqa: BLE001 — start-up goes on without the phone
            log.exception("cannot read the phone settings")
            return
        if keep:
            self.turn_on()

    # --- from the server (on another thread) -----------------------------------------------------
    def _server_changed(self, change: object) -> None:
        if isinstance(change, Change) and change:
            self.pending |= change
            if not self.flush_timer.isActive():
                self.flush_timer.start()

    def flush_changes(self) -> None:
        """Hand what the phones changed since the last flush to the pages, in one signal."""
        self.flush_timer.stop()
        what, self.pending = self.pending, Change.NONE
        if what:
            self.ctx.changed.emit(what)

    def _server_lost(self) -> None:
        """The server's process ended on its own (killed, crashed): say so, and be off."""
        if self.server is None or self.server.listening:
            return
        self.turn_off()
        self.failed.emit(_t("Phone access stopped unexpectedly. Turn it on again, or see "
                            "the log file."))

    @staticmethod
    def _failure_text(reason: str, host: str) -> str:
        if reason == "certificate":
            return _t("Phone access could not make its certificate. Try plain HTTP in "
                      "Phone access, or see the log file.")
        if reason == "port_in_use":
            return _t("No free port on %1. Close the program using it and try again.").replace(
                "%1", host)
        return _t("Phone access could not listen on %1 (the network may have changed). "
                  "Choose another address and try again.").replace("%1", host)


def _paint() -> None:
    """While phone access starts: let the windows repaint and the timers run, but keep the
    user's clicks and keys for after."""
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents, 10)


def phone_access_for(window: QMainWindow) -> PhoneAccess:
    """The window's phone access (made on first use): its status line shows while it is
    on."""
    existing = getattr(window, "phone_access", None)
    if isinstance(existing, PhoneAccess):
        return existing
    ctx: AppContext = window.ctx  # type: ignore[attr-defined]
    access = PhoneAccess(ctx, parent=window)
    label = QLabel()
    label.setObjectName("phoneStatus")
    label.hide()
    window.statusBar().addPermanentWidget(label)

    def show_state(_on: bool) -> None:
        label.setText(access.status_text())
        label.setVisible(access.is_on)

    access.state_changed.connect(show_state)
    access.failed.connect(lambda message: window.statusBar().showMessage(message, 15000))
    window.phone_access = access  # type: ignore[attr-defined]
    return access
