"""The link checker as a source of ``byline check --links`` and as ``byline links``.

This is the edge of the pipeline: it opens the ledger, builds the HTTP client and reads
the clock, unless the caller passes its own (tests pass real local ones).
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from byline.checks.sources import CheckOptions
from byline.config import LinksConfig
from byline.content.blog import Blog
from byline.content.document import Document
from byline.diagnostics import Diagnostic
from byline.errors import ConfigError, RemoteError
from byline.ledger import open_blog_ledger
from byline.links.external import ExternalRun, check_external, external_diagnostics, occurrences
from byline.links.fetch import FetchSettings
from byline.links.internal import InternalChecker
from byline.links.targets import SiteIndex

__all__ = ["LinkReport", "check_links", "diagnostics", "exclude_patterns", "fetch_settings"]


@dataclass(slots=True)
class LinkReport:
    """Diagnostics of a link check, and what the check did."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    posts: int = 0
    links: int = 0
    """Links and images examined (internal and external)."""
    external: int = 0
    """Distinct web URLs of the posts (after exclusions)."""
    requests: int = 0
    """HTTP requests made."""
    cached: int = 0
    """Web URLs answered from the ledger without a request."""
    private: int = 0
    """Web URLs skipped as localhost or private addresses."""


def exclude_patterns(config: LinksConfig) -> tuple[re.Pattern[str], ...]:
    """``[links] exclude`` compiled, or a ``ConfigError`` naming the bad pattern."""
    patterns = []
    for text in config.exclude:
        try:
            patterns.append(re.compile(text))
        except re.error as exc:
            raise ConfigError(
                f"'links.exclude' pattern '{text}' is not a valid regular expression ({exc}). "
                "Fix the pattern (escape '.', '?' and '+' with a backslash).",
                path="byline.toml",
            ) from None
    return tuple(patterns)


def fetch_settings(config: LinksConfig, *, allow_private: bool = False) -> FetchSettings:
    """The engine's settings from ``[links]`` (``--allow-private`` adds to the config)."""
    return FetchSettings(
        timeout=config.timeout,
        total_timeout=config.total_timeout,
        per_host=config.per_host,
        delay=config.delay,
        allow_private=allow_private or config.allow_private,
    )


def check_links(
    blog: Blog,
    documents: list[Document],
    options: CheckOptions,
    *,
    settings: FetchSettings | None = None,
    client: Callable[[], httpx.AsyncClient] | None = None,
    conn: sqlite3.Connection | None = None,
    clock: Callable[[], float] = time.time,
) -> LinkReport:
    """Check ``documents``: internal links and images always, web URLs with ``external``.

    ``client`` makes the HTTP client (inside the event loop that uses it); ``conn`` is an
    open ledger. Both default to the real ones of ``blog``.
    """
    config = blog.config.links
    exclude = exclude_patterns(config)
    settings = settings or fetch_settings(config, allow_private=options.allow_private)
    report = LinkReport(posts=len(documents))
    index = _index(blog, documents, cache=options.use_cache)
    checker = InternalChecker(index, config.max_image_kb, exclude)
    for doc in documents:
        report.diagnostics.extend(checker.check(doc))
        report.links += len(doc.links) + len(doc.images)
    if options.external:
        found = occurrences(documents, blog.config.site, exclude)
        urls = list(dict.fromkeys(o.url for o in found))
        ttl = config.ttl_hours * 3600 if options.use_cache else 0.0
        ledger = conn if conn is not None else open_blog_ledger(blog)
        try:
            run = asyncio.run(
                _run(urls, client=client, settings=settings, conn=ledger, ttl=ttl, clock=clock)
            )
        finally:
            if conn is None:
                ledger.close()
        _raise_if_offline(run)
        report.diagnostics.extend(external_diagnostics(found, run, settings))
        report.external = len(urls)
        report.requests, report.cached = run.requests, run.cached
        report.private = sum(1 for u in urls if run.results[u].verdict == "private")
    return report


def _raise_if_offline(run: ExternalRun) -> None:
    """One clear error instead of a dead link per URL when no host could be reached.

    Every web URL of two or more hosts failing to connect (names that do not resolve,
    refused connections) says more about this machine's network than about the links.
    """
    fetched = [r for r in run.results.values() if not r.from_cache and r.verdict != "private"]
    if any(r.verdict != "unreachable" for r in fetched):
        return  # (a malformed URL, which urlsplit cannot read, is "broken")
    hosts = {urlsplit(r.url).hostname for r in fetched}
    if len(hosts) < 2:
        return
    first = fetched[0]
    raise RemoteError(
        f"no web address could be reached ({len(hosts)} hosts; {urlsplit(first.url).hostname}: "
        f"{first.detail}). This machine looks offline: web links were not checked. "
        "Run again when it is online, or leave out --external."
    )


def diagnostics(blog: Blog, documents: list[Document], options: CheckOptions) -> list[Diagnostic]:
    """The ``byline check`` source: ``links.*`` diagnostics with ``--links``/``--external``."""
    if not (options.links or options.external):
        return []
    return check_links(blog, documents, options).diagnostics


def _index(blog: Blog, documents: list[Document], *, cache: bool) -> SiteIndex:
    """Every post of the blog (links may point at posts not being checked)."""
    everything = {d.path.stem: d for d in blog.load_all(cache=cache).documents}
    everything.update({d.path.stem: d for d in documents})
    return SiteIndex.build(blog.root, blog.config.site, list(everything.values()))


def default_client(settings: FetchSettings) -> httpx.AsyncClient:
    """An HTTP client sized for ``settings`` (redirects are followed by the engine)."""
    limits = httpx.Limits(
        max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency
    )
    return httpx.AsyncClient(limits=limits, timeout=settings.timeout, follow_redirects=False)


async def _run(
    urls: list[str],
    *,
    client: Callable[[], httpx.AsyncClient] | None,
    settings: FetchSettings,
    conn: sqlite3.Connection,
    ttl: float,
    clock: Callable[[], float],
) -> ExternalRun:
    async with client() if client else default_client(settings) as http:
        return await check_external(
            urls, client=http, settings=settings, conn=conn, ttl_seconds=ttl, clock=clock
        )
