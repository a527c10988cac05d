"""The HTTP engine: checks many URLs at once, politely, and says what each one is.

Per URL: HEAD first (no body to download); GET when a server rejects HEAD (400, 401,
403, 405, 406, 501) or fails with 5xx; redirects followed by hand up to a limit so that
permanent ones (301, 308) are seen; 429 and 5xx retried with exponential backoff, and
``Retry-After`` honoured by pausing the whole host; a timeout per request and one for
the whole run. The HTTP client and the clock are parameters, so tests pass real local
servers and the caller owns the connection pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpx

from byline import __version__
from byline.links.hosts import HostGate, PrivateHosts

__all__ = [
    "CACHED_VERDICTS",
    "USER_AGENT",
    "FetchSettings",
    "Fetcher",
    "UrlResult",
    "Verdict",
    "check_urls",
    "https_variant",
    "malformed",
    "retry_after_seconds",
]

USER_AGENT = f"Mozilla/5.0 (compatible; byline/{__version__}; link checker for a technical blog)"
"""Browser-like (some sites refuse unknown clients) but honest: it names byline."""

Verdict = Literal[
    "ok",  # 2xx, possibly after temporary redirects
    "redirect",  # 2xx after permanent redirects: update the link
    "broken",  # 4xx (404, 410...), a redirect loop, an invalid URL
    "refused",  # 401/403 even to GET: the site may block checkers
    "rate-limited",  # 429 after every retry
    "server-error",  # 5xx after every retry
    "timeout",  # no answer within the timeout
    "unreachable",  # DNS failure, connection refused or reset
    "private",  # localhost or a private address, not allowed
    "excluded",  # matches [links] exclude
    "unchecked",  # the run's time bound ran out first
]
CACHED_VERDICTS: frozenset[Verdict] = frozenset(
    [
        "ok",
        "redirect",
        "broken",
        "refused",
        "rate-limited",
        "server-error",
        "timeout",
    ]
)
"""Verdicts from a real answer (or its absence), which the ledger keeps for the TTL.

"unreachable" (a name that does not resolve, a refused connection) is not kept: it is
what every link gives while the machine is offline, and such a run must not make the
links look dead for a day after the network is back."""

_REDIRECTS = frozenset([301, 302, 303, 307, 308])
_PERMANENT = frozenset([301, 308])
_HEAD_REFUSED = frozenset([400, 401, 403, 405, 406, 501])


def malformed(url: str) -> str | None:
    """Why ``url`` cannot be requested as written (``it is a malformed URL (...)``), or None.

    urllib raises on a bad port only when it is read, and a socket may crash on one, so
    this is asked before anything else is done with a URL.
    """
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # an IPv6 address with its '[' left open
        return f"it is a malformed URL ({exc})"
    try:
        parts.port  # noqa: B018 - read for the ValueError it raises
    except ValueError:
        port = parts.netloc.rpartition(":")[2]
        return f"it is a malformed URL (its port '{port}' is not a number from 0 to 65535)"
    return None


def https_variant(url: str) -> str | None:
    """The ``https://`` form of an ``http://`` URL on the default port, else None.

    URLs with an explicit port are left alone: https on the same port cannot work.
    """
    if malformed(url):
        return None
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        return None
    if parts.port not in (None, 80):
        return None
    netloc = parts.netloc.rsplit(":", 1)[0] if parts.port == 80 else parts.netloc
    return parts._replace(scheme="https", netloc=netloc).geturl()


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchSettings:
    """How hard and how fast to check; ``[links]`` in byline.toml sets most of it."""

    timeout: float = 10.0
    """Seconds one request may take, from connecting to the response headers."""
    total_timeout: float = 300.0
    """Seconds the whole run may take; URLs not done by then are ``unchecked``."""
    per_host: int = 4
    """Requests in flight to one host."""
    delay: float = 0.0
    """Seconds between the starts of two requests to one host."""
    concurrency: int = 64
    """Requests in flight overall (keep the client's connection limit at least this)."""
    retries: int = 2
    """Extra tries after a 429, a 5xx or a dropped connection."""
    backoff: float = 0.5
    """First wait before a retry without ``Retry-After``; doubles each time."""
    max_retry_after: float = 30.0
    """Longest ``Retry-After`` honoured; a longer one ends the URL as ``rate-limited``."""
    max_redirects: int = 10
    allow_private: bool = False
    """Check localhost and private addresses too."""
    user_agent: str = USER_AGENT
    https_variant: Callable[[str], str | None] = https_variant
    """Where the https form of an http URL is (tests point it at a second local server)."""


@dataclass(frozen=True, slots=True)
class UrlResult:
    """What checking one URL found."""

    url: str
    verdict: Verdict
    status: int | None = None
    """The last HTTP status seen."""
    final_url: str = ""
    """For ``redirect``: the URL to link to instead; else where redirects ended."""
    detail: str = ""
    """Human words for the answer, e.g. ``404 Not Found``; for ``redirect`` the
    permanent status (``301 Moved Permanently``)."""
    checked_at: float = 0.0
    """Wall-clock time (``clock()``) of the check."""
    from_cache: bool = False
    requests: int = field(default=0, compare=False)
    """HTTP requests this check made (0 from the cache)."""


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError, IndexError):
        return None


def _status_text(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


class Fetcher:
    """Checks URLs over one ``httpx.AsyncClient``; counts every request it makes."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        settings: FetchSettings,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.settings = settings
        self.clock = clock
        self.requests = 0
        self._gates: dict[str, HostGate] = {}
        self._private = PrivateHosts(resolve_timeout=settings.timeout)
        self._all = asyncio.Semaphore(settings.concurrency)
        self._headers = {
            "User-Agent": settings.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        }

    def _gate(self, url: str) -> HostGate:
        key = urlsplit(url).netloc.lower()
        if key not in self._gates:
            self._gates[key] = HostGate(self.settings.per_host, self.settings.delay)
        return self._gates[key]

    async def check(self, url: str) -> UrlResult:
        """Follow ``url`` to its final answer; never raises for network trouble."""
        made = self.requests
        result = await self._follow(url)
        return replace(result, checked_at=self.clock(), requests=self.requests - made)

    async def _follow(self, url: str) -> UrlResult:
        s = self.settings
        current, method, tries, hops = url, "HEAD", 0, 0
        moved_to, moved_status = "", 0  # where the leading permanent redirects point
        status: int | None = None
        while True:
            bad = malformed(current)
            if bad and not hops:
                return UrlResult(url, "broken", detail=bad)
            if bad:
                detail = f"it redirects to '{current}', a {bad.removeprefix('it is a ')}"
                return UrlResult(url, "broken", status, current, detail)
            host = urlsplit(current).hostname
            if not host:
                return UrlResult(url, "broken", detail="it is not a valid URL")
            if not s.allow_private and await self._private.is_private(host):
                return UrlResult(url, "private", final_url=current)
            outcome = await self._request(method, current)
            if isinstance(outcome, _Failure):
                if outcome.retryable and tries < s.retries:
                    await asyncio.sleep(s.backoff * 2**tries)
                    tries += 1
                    continue
                return replace(outcome.result, url=url, final_url=current)
            status, location, wait = outcome
            if status in _REDIRECTS and location:
                hops += 1
                if hops > s.max_redirects:
                    detail = f"more than {s.max_redirects} redirects"
                    return UrlResult(url, "broken", status, current, detail)
                nxt = urljoin(current, location)
                if status in _PERMANENT and moved_to == ("" if hops == 1 else current):
                    moved_to, moved_status = nxt, moved_status or status
                current = nxt
                continue
            if method == "HEAD" and status in _HEAD_REFUSED:
                method = "GET"
                continue
            if (status == 429 or status >= 500) and tries < s.retries:
                pause = wait if wait is not None else s.backoff * 2**tries
                if pause <= s.max_retry_after:
                    tries += 1
                    method = "GET" if status >= 500 else method  # some servers fail HEAD only
                    if status == 429:
                        self._gate(current).pause(pause)
                    else:
                        await asyncio.sleep(pause)
                    continue
            if moved_to and 200 <= status < 300:
                return UrlResult(url, "redirect", status, moved_to, _status_text(moved_status))
            return _verdict(url, status, current, tries)

    async def _request(self, method: str, url: str) -> tuple[int, str, float | None] | _Failure:
        """(status, Location, Retry-After seconds) of one request, or why it failed."""
        s = self.settings
        try:
            async with self._gate(url).slot(), self._all:
                self.requests += 1
                async with asyncio.timeout(s.timeout):
                    request = self.client.build_request(method, url, headers=self._headers)
                    response = await self.client.send(request, stream=True)
                    await response.aclose()
        except (TimeoutError, httpx.TimeoutException):
            detail = f"no answer within {s.timeout:g} s"
            return _Failure(UrlResult(url, "timeout", detail=detail))
        except httpx.ConnectError as exc:  # DNS failure or refused: retrying rarely helps
            return _Failure(UrlResult(url, "unreachable", detail=_reason(exc)))
        except httpx.InvalidURL as exc:
            return _Failure(UrlResult(url, "broken", detail=f"it is not a valid URL ({exc})"))
        except httpx.HTTPError as exc:  # dropped or garbled connection: worth another try
            return _Failure(UrlResult(url, "unreachable", detail=_reason(exc)), retryable=True)
        wait = retry_after_seconds(response.headers.get("retry-after"), self.clock())
        return response.status_code, response.headers.get("location", ""), wait


@dataclass(frozen=True, slots=True)
class _Failure:
    result: UrlResult
    retryable: bool = False


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


def _tries(retries: int) -> str:
    return "1 try" if retries == 0 else f"{retries + 1} tries"


def _verdict(url: str, status: int, final: str, tries: int) -> UrlResult:
    text = _status_text(status)
    if 200 <= status < 300:
        return UrlResult(url, "ok", status, final, text)
    if status in (401, 403):
        return UrlResult(url, "refused", status, final, text)
    if status == 429:
        return UrlResult(url, "rate-limited", status, final, f"{text} after {_tries(tries)}")
    if status >= 500:
        return UrlResult(url, "server-error", status, final, f"{text} after {_tries(tries)}")
    if 300 <= status < 400:
        return UrlResult(url, "broken", status, final, f"{text} without a Location")
    return UrlResult(url, "broken", status, final, text)


async def check_urls(
    urls: Iterable[str],
    client: httpx.AsyncClient,
    settings: FetchSettings,
    *,
    clock: Callable[[], float] = time.time,
) -> tuple[dict[str, UrlResult], int]:
    """Check every URL (once each); returns the results and the requests made.

    URLs still running when ``settings.total_timeout`` ends come back ``unchecked``.
    """
    fetcher = Fetcher(client, settings, clock=clock)
    unique = list(dict.fromkeys(urls))
    tasks = {url: asyncio.create_task(fetcher.check(url)) for url in unique}
    if tasks:
        await asyncio.wait(tasks.values(), timeout=settings.total_timeout)
    results: dict[str, UrlResult] = {}
    for url, task in tasks.items():
        if task.done():
            results[url] = task.result()  # a bug raises here rather than hide as a verdict
        else:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
            detail = f"the run reached its {settings.total_timeout:g} s bound first"
            results[url] = UrlResult(url, "unchecked", detail=detail, checked_at=clock())
    return results, fetcher.requests
