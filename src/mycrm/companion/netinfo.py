"""Which address to offer the phone, and which clients to let in.

Only called once phone access is on: finding the default route's address opens a UDP socket
that sends nothing (``connect`` on UDP only picks the route)."""

from __future__ import annotations

import ipaddress
import socket

# Private ranges a phone on the same network can come from (RFC 1918, link-local, IPv6
# unique-local and link-local), and this machine itself.
PRIVATE_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "127.0.0.0/8",
    "fc00::/7", "fe80::/10", "::1/128"))
_PROBE = ("192.0.2.1", 9)  # TEST-NET-1: routed like the internet, never contacted


def default_route_address() -> str | None:
    """This machine's address on the default route (the Wi-Fi or Ethernet a phone shares),
    or None when there is no route."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_PROBE)
            address = str(probe.getsockname()[0])
    except OSError:
        return None
    return None if address.startswith(("0.", "127.")) else address


def is_private_client(ip: str) -> bool:
    """Whether a client at ``ip`` may talk to the companion at all."""
    try:
        address = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in PRIVATE_NETWORKS)


def host_header_for(host: str, port: int) -> str:
    """The Host header a browser sends for ``host:port`` (IPv6 in brackets)."""
    shown = f"[{host}]" if ":" in host else host
    return f"{shown}:{port}"
