"""The address a visitor's phone opens from the demo hall's entrance poster, written into its config.

The hall prints its poster and QR code only with an address set in Home Assistant (its external
or internal URL: custom_components/service_hall/queue_page.py), never the one Home Assistant
detects. The run command sets ``homeassistant: internal_url:`` in the runtime copy of
configuration.yaml for the port it uses:

* ``SH_HALL_URL`` when set (e.g. ``http://hall-pc.local:8123``: the visitor knows best);
* else ``http://<LAN address>:<port>``: the address of the interface with the default route,
  which a phone on the same network reaches, when it is one a LAN can have (private, shared or
  global: not loopback, link-local or a documentation range such as 192.0.2.0/24);
* else ``http://<host name>.local:<port>`` (mDNS, which phones resolve on a LAN with Avahi or
  Bonjour).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Mapping
from pathlib import Path

# Ranges no LAN uses (RFC 5737 documentation, RFC 2544 benchmarking): a sandbox or a VM's
# placeholder, never an address a phone can reach.
UNREACHABLE = tuple(
    ipaddress.ip_network(net)
    for net in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "198.18.0.0/15")
)
INTERNAL_URL = re.compile(r"^([ \t]+internal_url:[ \t]*)\S+[ \t]*$", re.MULTILINE)


def default_route_address() -> str | None:
    """The local address of the interface with the default route (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("198.51.100.1", 9))  # routing only: UDP connect sends nothing
        except OSError:
            return None
        return str(probe.getsockname()[0])


def lan_reachable(address: str) -> bool:
    """Whether a phone on the machine's network could reach this address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast:
        return False
    return not any(ip in net for net in UNREACHABLE)


def hall_url(
    port: int,
    env: Mapping[str, str],
    address: str | None,
    hostname: str,
) -> str:
    """The address for the poster, by the rules of the module's docstring."""
    if chosen := env.get("SH_HALL_URL", "").strip():
        if not re.fullmatch(r"https?://[^/\s]+(/\S*)?", chosen):
            raise ValueError(f"SH_HALL_URL must be an http:// or https:// address (got {chosen!r})")
        return chosen.rstrip("/")
    if address is not None and lan_reachable(address):
        host = f"[{address}]" if ":" in address else address
        return f"http://{host}:{port}"
    return f"http://{hostname.split('.', maxsplit=1)[0]}.local:{port}"


def write_internal_url(configuration: Path, url: str) -> None:
    """Set ``internal_url:`` (under ``homeassistant:``) of the runtime copy of configuration.yaml."""
    text = configuration.read_text(encoding="utf-8")
    new, count = INTERNAL_URL.subn(lambda m: f"{m[1]}{url}", text, count=1)
    if count != 1:
        raise RuntimeError(f"no 'internal_url:' line under 'homeassistant:' in {configuration}")
    configuration.write_text(new, encoding="utf-8")
