"""Fixtures for the link checker: local servers and a way to run the async engine."""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import trustme

from byline.links.fetch import FetchSettings, UrlResult, check_urls
from tests.links.servers import Server, serve

# Small numbers keep the suite fast; the behaviour is the same as with the defaults.
FAST = FetchSettings(timeout=0.5, backoff=0.01, allow_private=True, max_redirects=3)


@pytest.fixture
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(ca: trustme.CA) -> Iterator[Server]:
    """A real https server with a certificate from a test CA (see ``client_factory``)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    with serve(context) as running:
        yield running


@pytest.fixture
def client_factory(ca: trustme.CA) -> Callable[[], httpx.AsyncClient]:
    """Makes clients that trust the test CA (and nothing else changes)."""

    def make() -> httpx.AsyncClient:
        context = ssl.create_default_context()
        ca.configure_trust(context)
        return httpx.AsyncClient(verify=context)

    return make


def run(
    urls: list[str],
    settings: FetchSettings = FAST,
    *,
    client: Callable[[], httpx.AsyncClient] = httpx.AsyncClient,
    clock: Callable[[], float] = time.time,
) -> tuple[dict[str, UrlResult], int]:
    """``check_urls`` with a fresh client in a fresh event loop."""

    async def go() -> Any:
        async with client() as http:
            return await check_urls(urls, http, settings, clock=clock)

    return asyncio.run(go())  # type: ignore[no-any-return]
