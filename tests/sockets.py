"""The network sockets a process holds, read from /proc as `ss -p` would: the inodes of the
process's socket descriptors matched against the kernel's TCP and UDP tables."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

LISTEN = "0A"  # TCP state in /proc/net/tcp*
TABLES = ("tcp", "tcp6", "udp", "udp6")


@dataclass(frozen=True)
class InetSocket:
    table: str  # tcp, tcp6, udp or udp6
    address: str
    port: int
    state: str

    @property
    def listening(self) -> bool:
        return self.table.startswith("tcp") and self.state == LISTEN


def _socket_inodes(pid: int | str) -> set[str]:
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(fd_dir / fd)
        except OSError:
            continue  # closed meanwhile
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    return inodes


def _address(hex_address: str) -> tuple[str, int]:
    host, port = hex_address.split(":")
    raw = bytes.fromhex(host)
    # /proc prints each 32-bit word in host (little-endian) order.
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    return str(ipaddress.ip_address(words)), int(port, 16)


def inet_sockets(pid: int | str = "self") -> list[InetSocket]:
    """Every TCP/UDP socket (IPv4 and IPv6) the process ``pid`` holds."""
    inodes = _socket_inodes(pid)
    found = []
    for table in TABLES:
        lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        for line in lines:
            fields = line.split()
            if fields[9] in inodes:
                address, port = _address(fields[1])
                found.append(InetSocket(table, address, port, fields[3]))
    return found


def listening(pid: int | str = "self") -> list[InetSocket]:
    return [s for s in inet_sockets(pid) if s.listening]
