"""The address of the client that sent a request, for rate limits and logs.

Behind a reverse proxy REMOTE_ADDR is the proxy's address and the client's is in X-Forwarded-For,
which the proxy appends to. Anyone can send that header, so it is believed only when the request
came from a trusted proxy (`settings.DWGK_TRUSTED_PROXIES`, addresses or networks), and only as far
as the chain of trusted proxies goes: read from the right, the first address that is not a trusted
proxy is the client.
"""

import functools
import ipaddress

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(request) -> str:
    """The client's address as text ("unknown" when even REMOTE_ADDR is missing or malformed)."""
    remote = _parse(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return "unknown"
    networks = _networks(tuple(settings.DWGK_TRUSTED_PROXIES))
    address = remote
    if _trusted(address, networks):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        for part in reversed(forwarded.split(",")):
            hop = _parse(part)
            if hop is None:
                # Written by the client, not by a proxy of ours: the last good hop is the client.
                break
            address = hop
            if not _trusted(hop, networks):
                break
    return str(address)


def _parse(text: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address in network for network in networks)


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
