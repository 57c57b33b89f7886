"""The certificate the companion serves HTTPS with, made on this laptop.

Self-signed (there is no authority a phone could ask about a laptop on a home network):
the phone's browser warns once, and the user compares the fingerprint shown beside the QR
code. Kept under the profile so the fingerprint stays the same between sessions; made anew
when the address it names is not the one in use.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
from dataclasses import dataclass
from pathlib import Path

from mycrm.core.common.files import write_atomically

CERT_NAME = "phone-cert.pem"
KEY_NAME = "phone-key.pem"
VALID_DAYS = 825  # the longest validity browsers accept for a server certificate


@dataclass(frozen=True)
class Certificate:
    cert_path: Path
    key_path: Path
    fingerprint: str  # SHA-256 of the DER, "AB:CD:…"


def _fingerprint(cert: object) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    assert isinstance(cert, x509.Certificate)
    return ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))


def _names_host(cert: object, host: str) -> bool:
    from cryptography import x509

    assert isinstance(cert, x509.Certificate)
    try:
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    wanted = ipaddress.ip_address(host.split("%", 1)[0])
    return wanted in names.get_values_for_type(x509.IPAddress)


def ensure_certificate(directory: Path, host: str, now: dt.datetime) -> Certificate:
    """The certificate for ``host`` (an IP address) in ``directory``: the one kept there if
    it names ``host`` and is still valid, else a new one."""
    from cryptography import x509

    cert_path, key_path = directory / CERT_NAME, directory / KEY_NAME
    if cert_path.exists() and key_path.exists():
        try:
            cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        except ValueError:
            cert = None
        if (cert is not None and _names_host(cert, host)
                and cert.not_valid_after_utc > now + dt.timedelta(days=1)):
            return Certificate(cert_path, key_path, _fingerprint(cert))
    return _make(directory, host, now)


def _make(directory: Path, host: str, now: dt.datetime) -> Certificate:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME,
                                         f"mycrm on {socket.gethostname()}"[:64])])
    addresses = {ipaddress.ip_address(host.split("%", 1)[0]), ipaddress.ip_address("127.0.0.1")}
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(a) for a in sorted(addresses, key=str)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = directory / CERT_NAME, directory / KEY_NAME
    _write(key_path, key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    _write(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return Certificate(cert_path, key_path, _fingerprint(cert))


def _write(path: Path, data: bytes) -> None:
    """Readable by the user alone (0600), whole or not at all."""
    write_atomically(path, data)
