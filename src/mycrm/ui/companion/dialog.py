"""The Phone access dialog: the switch, the QR code with the address beside it, the
certificate's fingerprint and what the phone's one-time warning means, the other addresses,
"keep on", plain HTTP (with a warning), the quiet period, the checklist shown when no phone
arrives within a minute, and the paired phones."""

from __future__ import annotations

import html
import io

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mycrm.core.common.validation import ValidationError
from mycrm.core.settings.preferences import PhoneSettings, save_phone_settings
from mycrm.ui.companion.controller import PhoneAccess, local_addresses, phone_access_for
from mycrm.ui.companion.phones import PhonesList

CODE_SECONDS = 300  # mycrm.companion.app.PAIRING_TTL
CHECKLIST_AFTER_MS = 60_000
QR_PIXELS = 232


def qr_pixmap(text: str, size: int = QR_PIXELS) -> QPixmap:
    """``text`` as a QR code: black on white with its quiet zone (readable in a dark
    palette too)."""
    import segno

    buffer = io.BytesIO()
    code = segno.make(text, error="m")
    scale = max(2, size // (code.symbol_size(border=4)[0]))
    code.save(buffer, kind="png", scale=scale, border=4, dark="#000000", light="#ffffff")
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


def fingerprint_html(fingerprint: str) -> str:
    """The fingerprint in two lines of four-byte groups, the first group in bold (what a
    person compares first)."""
    parts = html.escape(fingerprint).split(":")
    groups = [":".join(parts[i:i + 4]) for i in range(0, len(parts), 4)]
    if not groups or not groups[0]:
        return ""
    half = (len(groups) + 1) // 2
    first = f"<b>{groups[0]}</b>"
    lines = [" ".join([first, *groups[1:half]]), " ".join(groups[half:])]
    return "<br><tt>" + "<br>".join(line for line in lines if line) + "</tt>"


class PhoneAccessDialog(QDialog):
    def __init__(self, access: PhoneAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.access = access
        self.ctx = access.ctx
        self.link = ""
        self.setWindowTitle(self.tr("Phone access"))
        settings = access.settings()

        self.switch = QCheckBox(self.tr("Let my phone reach mycrm on this network"))
        self.switch.setChecked(access.is_on)
        self.switch.toggled.connect(self._switch)
        intro = QLabel(self.tr(
            "Scan the code with the phone's camera: its browser opens mycrm, already paired. "
            "Nothing listens on the network while this is off."))
        intro.setWordWrap(True)

        self.qr = QLabel()
        self.qr.setFixedSize(QR_PIXELS + 8, QR_PIXELS + 8)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setAccessibleName(self.tr("Pairing QR code"))
        self.address = QLabel()
        big = QFont(self.address.font())
        big.setPointSizeF(big.pointSizeF() * 1.35)
        big.setBold(True)
        self.address.setFont(big)
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint = QLabel()
        self.fingerprint.setWordWrap(True)
        self.fingerprint.setTextFormat(Qt.TextFormat.RichText)  # our own hex, never user text
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning = QLabel(self.tr(
            "The first time, the phone says the connection is not private. That is expected: "
            "this laptop made its own certificate. Check that the fingerprint the phone shows "
            "begins like the one above, then choose Advanced → Proceed."))
        self.warning.setWordWrap(True)
        self.expiry = QLabel()
        self.new_code = QPushButton(self.tr("New code"))
        self.new_code.clicked.connect(self.show_code)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.checklist = QLabel(self.tr(
            "No phone yet? Check:\n"
            "• the phone is on the same Wi-Fi as this laptop — not a guest network, which "
            "keeps devices apart;\n"
            "• the laptop's firewall allows mycrm (answer its prompt, or allow the port);\n"
            "• no VPN is on, on the phone or the laptop;\n"
            "• or try another address below."))
        self.checklist.setWordWrap(True)
        self.checklist.hide()
        self.checklist_timer = QTimer(self, singleShot=True, interval=CHECKLIST_AFTER_MS)
        self.checklist_timer.timeout.connect(self.checklist.show)
        self.countdown = QTimer(self, interval=1000)
        self.countdown.timeout.connect(self._tick)
        self.seconds_left = 0

        side = QVBoxLayout()
        side.addWidget(self.address)
        side.addWidget(self.fingerprint)
        side.addWidget(self.warning)
        code_row = QHBoxLayout()
        code_row.addWidget(self.expiry, 1)
        code_row.addWidget(self.new_code)
        side.addLayout(code_row)
        side.addStretch(1)
        self.pairing = QWidget()
        pairing = QHBoxLayout(self.pairing)
        pairing.setContentsMargins(0, 0, 0, 0)
        pairing.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        pairing.addLayout(side, 1)

        options = QGroupBox(self.tr("Options"))
        form = QFormLayout(options)
        self.addresses = QComboBox()
        self.addresses.setAccessibleName(self.tr("Address"))
        self._fill_addresses()
        self.addresses.activated.connect(self._address_chosen)
        form.addRow(self.tr("Address:"), self.addresses)
        self.keep_on = QCheckBox(self.tr("Keep on (also after a restart of mycrm)"))
        self.keep_on.setChecked(settings.keep_on)
        self.keep_on.toggled.connect(self._save_options)
        form.addRow("", self.keep_on)
        self.idle = QSpinBox(minimum=5, maximum=24 * 60, singleStep=15,
                             suffix=self.tr(" min"))
        self.idle.setValue(settings.idle_minutes)
        self.idle.setAccessibleName(self.tr("Turn off after quiet minutes"))
        self.idle.valueChanged.connect(self._save_options)
        form.addRow(self.tr("Turn off after quiet:"), self.idle)
        self.plain_http = QCheckBox(self.tr("Use plain HTTP (no certificate warning)"))
        self.plain_http.setChecked(not settings.https)
        self.plain_http.toggled.connect(self._http_toggled)
        self.http_warning = QLabel(self.tr(
            "Without HTTPS, anyone on this network can read what the phone and laptop say, "
            "customer data included. Use it only on a network you trust."))
        self.http_warning.setWordWrap(True)
        self.http_warning.setVisible(not settings.https)
        form.addRow("", self.plain_http)
        form.addRow("", self.http_warning)

        phones = QGroupBox(self.tr("Paired phones"))
        self.phones = PhonesList(self.ctx)
        QVBoxLayout(phones).addWidget(self.phones)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.switch)
        layout.addWidget(intro)
        layout.addWidget(self.pairing)
        layout.addWidget(self.status)
        layout.addWidget(self.checklist)
        layout.addWidget(options)
        layout.addWidget(phones)
        layout.addWidget(buttons)

        access.state_changed.connect(self._state_changed)
        access.paired.connect(self._paired)
        access.failed.connect(self._failed)
        self._state_changed(access.is_on)

    # --- on / off ------------------------------------------------------------------------------
    def _switch(self, on: bool) -> None:
        if on and not self.access.is_on:
            if not self.access.turn_on(str(self.addresses.currentData() or "")):
                self.switch.blockSignals(True)
                self.switch.setChecked(False)
                self.switch.blockSignals(False)
        elif not on:
            self.access.turn_off()

    def _state_changed(self, on: bool) -> None:
        self.switch.blockSignals(True)
        self.switch.setChecked(on)
        self.switch.blockSignals(False)
        self.pairing.setVisible(on)
        if on:
            self.show_code()
        else:
            self.countdown.stop()
            self.checklist_timer.stop()
            self.checklist.hide()
            self.link = ""
            self.status.setText(self.tr("Phone access is off."))
        self.adjustSize()

    def show_code(self) -> None:
        """A new one-time code: the QR, the address, the fingerprint, the countdown."""
        server = self.access.server
        if server is None:
            return
        self.link = self.access.pairing_link()
        self.qr.setPixmap(qr_pixmap(self.link))
        self.address.setText(server.url.split("://", 1)[1])
        self.fingerprint.setText(
            self.tr("Certificate fingerprint (SHA-256): %1").replace(
                "%1", fingerprint_html(server.fingerprint))
            if server.fingerprint else self.tr("Plain HTTP: no certificate."))
        self.warning.setVisible(bool(server.fingerprint))
        self.status.setText(self.tr("Waiting for a phone…"))
        self.seconds_left = CODE_SECONDS
        self._tick()
        self.countdown.start()
        self.checklist.hide()
        self.checklist_timer.start()

    def _tick(self) -> None:
        if self.seconds_left <= 0:
            self.countdown.stop()
            self.expiry.setText(self.tr("This code has expired."))
            return
        minutes, seconds = divmod(self.seconds_left, 60)
        self.expiry.setText(self.tr("Code valid for %1:%2").replace("%1", str(minutes)).replace(
            "%2", f"{seconds:02d}"))
        self.seconds_left -= 1

    def _paired(self, _phone_id: int, name: str) -> None:
        self.checklist_timer.stop()
        self.checklist.hide()
        self.countdown.stop()
        self.seconds_left = 0
        self.expiry.setText(self.tr("The code was used. “New code” pairs another phone."))
        self.status.setText(self.tr("Paired: %1").replace("%1", name))
        self.phones.reload()

    def _failed(self, message: str) -> None:
        self.status.setText(message)

    # --- options ---------------------------------------------------------------------------------
    def _fill_addresses(self) -> None:
        self.addresses.clear()
        for address in local_addresses():
            self.addresses.addItem(address.label, address.ip)
        server = self.access.server
        if server is not None:
            index = self.addresses.findData(server.config.host)
            if index >= 0:
                self.addresses.setCurrentIndex(index)
        if not self.addresses.count():
            self.addresses.addItem(self.tr("No network"), "")

    def _address_chosen(self, _index: int) -> None:
        self._save_options()
        if self.access.is_on:
            self.access.restart(str(self.addresses.currentData() or ""))

    def _http_toggled(self, plain: bool) -> None:
        self.http_warning.setVisible(plain)
        self._save_options()
        if self.access.is_on:
            self.access.restart(str(self.addresses.currentData() or ""))

    def values(self) -> PhoneSettings:
        current = self.access.settings()
        return PhoneSettings(idle_minutes=self.idle.value(), keep_on=self.keep_on.isChecked(),
                             https=not self.plain_http.isChecked(), port=current.port,
                             address=str(self.addresses.currentData() or ""))

    def _save_options(self) -> None:
        try:
            self.ctx.run(save_phone_settings, values=self.values())
        except ValidationError:
            self.status.setText(self.tr("That setting is out of range."))

    def done(self, result: int) -> None:
        self.countdown.stop()
        self.checklist_timer.stop()
        super().done(result)


def show_phone_access(window: QMainWindow) -> PhoneAccessDialog:
    """Data ▸ Phone access… and the tray's entry: the dialog for the window's phone access."""
    dialog = PhoneAccessDialog(phone_access_for(window), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
