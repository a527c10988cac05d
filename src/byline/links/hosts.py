"""Being a polite client: private addresses left alone, and each host paced on its own.

A blog post may link to ``http://localhost:8888`` (a notebook) or a company intranet;
requesting those from a laptop or a CI runner checks nothing useful and may poke at
services that never expected it, so they are skipped unless allowed. Every other host
gets at most ``per_host`` requests at once, ``delay`` seconds apart, and stops for
everyone when it answers 429 with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

__all__ = ["HostGate", "PrivateHosts", "is_plainly_private", "is_private_address"]


def is_private_address(text: str) -> bool:
    """True for loopback, private, link-local, reserved and unspecified IP addresses."""
    try:
        address = ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
        or address.is_multicast
    )


def is_plainly_private(host: str) -> bool:
    """True for ``localhost`` names and private IP literals (no DNS lookup needed)."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return True
    return is_private_address(host)


class PrivateHosts:
    """Decides, once per host name, whether it is local or private.

    IP literals and ``localhost`` names are decided at once; other names are resolved
    (the request would resolve them anyway) and count as private when any address is.
    A name that does not resolve is not private: the request then reports it unreachable.
    """

    def __init__(self, resolve_timeout: float = 5.0) -> None:
        self._known: dict[str, bool] = {}
        self._timeout = resolve_timeout

    async def is_private(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        if host not in self._known:
            self._known[host] = await self._decide(host)
        return self._known[host]

    async def _decide(self, host: str) -> bool:
        if is_plainly_private(host):
            return True
        try:
            ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
        except ValueError:
            pass
        else:
            return False  # a public IP literal
        loop = asyncio.get_running_loop()
        try:
            infos = await asyncio.wait_for(
                loop.getaddrinfo(host, None, type=socket.SOCK_STREAM), self._timeout
            )
        except (OSError, TimeoutError, UnicodeError):
            return False
        return any(is_private_address(str(info[4][0])) for info in infos)


class HostGate:
    """Paces the requests to one host: a concurrency limit, a delay, and pauses."""

    def __init__(self, per_host: int, delay: float) -> None:
        self._slots = asyncio.Semaphore(per_host)
        self._delay = delay
        self._not_before = 0.0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one of the host's slots, starting no sooner than the pacing allows."""
        async with self._slots:
            loop = asyncio.get_running_loop()
            while (wait := self._not_before - loop.time()) > 0:
                await asyncio.sleep(wait)  # re-checked: a 429 may have pushed it back
            self._not_before = loop.time() + self._delay
            yield

    def pause(self, seconds: float) -> None:
        """No request to this host starts within ``seconds`` (after a 429 Retry-After)."""
        loop = asyncio.get_running_loop()
        self._not_before = max(self._not_before, loop.time() + seconds)
