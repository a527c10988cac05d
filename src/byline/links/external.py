"""Web links of posts: gathered, checked once per URL (cache first), turned into diagnostics.

Two passes: every URL first; then, for ``http://`` links that work, their ``https://``
form, so a post can be told to link securely (``links.insecure``). Verdicts come from
``fetch``; this module only decides what each one means for the writer.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import httpx

from byline.config import SiteConfig
from byline.content.document import Document, Span
from byline.content.urls import split_url
from byline.diagnostics import Diagnostic, Fix, Severity, diagnostic_at
from byline.links.cache import load_cached, store_results
from byline.links.fetch import FetchSettings, UrlResult, check_urls
from byline.links.hosts import is_plainly_private
from byline.links.targets import classify

__all__ = ["ExternalRun", "Occurrence", "check_external", "external_diagnostics", "occurrences"]


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One web link or image in one post."""

    doc: Document
    span: Span
    url: str
    """The URL requested (the link's ``href`` without its ``#fragment``)."""
    kind: str
    """The link's kind (``inline``, ``reference``, ``bare``...) or ``image``."""


@dataclass(slots=True)
class ExternalRun:
    """The verdict of every URL, and what getting them cost."""

    results: dict[str, UrlResult] = field(default_factory=dict)
    requests: int = 0
    """HTTP requests made (0 when everything came from the cache)."""
    cached: int = 0
    """URLs answered from the ledger."""


def occurrences(
    documents: Iterable[Document], site: SiteConfig, exclude: Iterable[re.Pattern[str]] = ()
) -> list[Occurrence]:
    """Every http(s) link and image of ``documents`` that no ``exclude`` pattern matches."""
    patterns = list(exclude)
    out: list[Occurrence] = []
    for doc in documents:
        items = [(link.url, link.span, link.kind) for link in doc.links]
        items += [(image.src, image.span, "image") for image in doc.images]
        for href, span, kind in items:
            target = classify(href, site)
            if target.kind == "external" and not any(p.search(href) for p in patterns):
                out.append(Occurrence(doc, span, target.path, kind))
    return out


async def check_external(
    urls: Iterable[str],
    *,
    client: httpx.AsyncClient,
    settings: FetchSettings,
    conn: sqlite3.Connection | None,
    ttl_seconds: float,
    clock: Callable[[], float] = time.time,
) -> ExternalRun:
    """Verdicts for ``urls`` and the https form of working http ones, cache first."""
    run = ExternalRun()
    started = clock()
    first = list(dict.fromkeys(urls))
    await _check(
        run, first, client=client, settings=settings, conn=conn, ttl=ttl_seconds, clock=clock
    )
    upgrades = [v for v in (_variant(run, settings, u) for u in first) if v]
    remaining = max(0.0, settings.total_timeout - (clock() - started))
    if upgrades:
        bounded = replace(settings, total_timeout=max(remaining, 0.001))
        await _check(
            run, upgrades, client=client, settings=bounded, conn=conn, ttl=ttl_seconds, clock=clock
        )
    return run


def _variant(run: ExternalRun, settings: FetchSettings, url: str) -> str | None:
    """The https form of ``url`` worth trying: only for http links that work."""
    result = run.results.get(url)
    if result is None or result.verdict not in ("ok", "redirect"):
        return None
    variant = settings.https_variant(url)
    if not variant or variant == url or variant in run.results:
        return None
    if result.verdict == "redirect" and result.final_url.startswith("https://"):
        return None  # the redirect already says where to go
    return variant


async def _check(
    run: ExternalRun,
    urls: list[str],
    *,
    client: httpx.AsyncClient,
    settings: FetchSettings,
    conn: sqlite3.Connection | None,
    ttl: float,
    clock: Callable[[], float],
) -> None:
    cached = load_cached(conn, urls, now=clock(), ttl_seconds=ttl) if conn else {}
    if not settings.allow_private:  # a verdict cached while allowed is not shown now
        cached = {u: r for u, r in cached.items() if not is_plainly_private(_host(u))}
    run.results.update(cached)
    run.cached += len(cached)
    fresh, requests = await check_urls(
        [u for u in urls if u not in cached], client, settings, clock=clock
    )
    run.results.update(fresh)
    run.requests += requests
    if conn is not None:
        store_results(conn, fresh.values())


def _host(url: str) -> str:
    parts = split_url(url)  # None: a malformed URL, cached as broken
    return (parts.hostname if parts is not None else None) or ""


def external_diagnostics(
    found: Iterable[Occurrence], run: ExternalRun, settings: FetchSettings
) -> list[Diagnostic]:
    """One diagnostic per web link whose verdict asks the writer to act."""
    out: list[Diagnostic] = []
    for occ in found:
        result = run.results.get(occ.url)
        if result is None:
            continue
        variant = settings.https_variant(occ.url)
        upgraded = run.results.get(variant) if variant else None
        made = _diagnostic(occ, result, variant, upgraded)
        if made:
            out.append(made)
    return out


def _diagnostic(
    occ: Occurrence,
    result: UrlResult,
    variant: str | None,
    upgraded: UrlResult | None,
) -> Diagnostic | None:
    url, doc = occ.url, occ.doc
    secure_works = upgraded is not None and upgraded.verdict in ("ok", "redirect")
    if variant and (
        (result.verdict == "ok" and secure_works)
        or (result.verdict == "redirect" and result.final_url == variant)
    ):
        message = f"'{url}' uses http://, but https:// works. Link to '{variant}' instead."
        return _at(occ, "links.insecure", "warning", message, variant)
    if result.verdict == "redirect":
        message = (
            f"'{url}' moved permanently ({result.detail}) to '{result.final_url}'. "
            "Link to the new address."
        )
        return _at(occ, "links.redirect", "warning", message, result.final_url)
    said = _problem(result)
    if not said:
        return None
    severity, message = said
    if result.from_cache:
        message += " (Cached; 'byline links --external --no-cache' checks again.)"
    return diagnostic_at(doc, occ.span, "links.broken", severity, message, data=_data(result))


def _problem(result: UrlResult) -> tuple[Severity, str] | None:
    url, detail = result.url, result.detail
    match result.verdict:
        case "broken" if result.status and result.status >= 400:
            return "error", f"'{url}' answered {detail}. Fix or remove the link."
        case "broken":
            return "error", f"'{url}' is broken: {detail}. Fix the link."
        case "unreachable":
            return "error", (
                f"'{url}' cannot be reached ({detail}). Check the address, "
                "and that this machine is online."
            )
        case "refused":
            return "warning", (
                f"'{url}' refused the checker ({detail}); some sites block bots. "
                "Open it in a browser; if it works, add it to [links] exclude."
            )
        case "rate-limited" | "server-error":
            return "warning", f"'{url}' answered {detail}. Check it again later."
        case "timeout":
            return "warning", (
                f"'{url}' gave {detail}. Open it in a browser; "
                "if the site is just slow, raise [links] timeout."
            )
        case "unchecked":
            return "warning", (
                f"'{url}' was not checked: {detail}. Run again (checked URLs are cached) "
                "or raise [links] total_timeout."
            )
    return None


def _data(result: UrlResult) -> dict[str, object]:
    return {"url": result.url, "verdict": result.verdict, "status": result.status}


def _at(occ: Occurrence, rule: str, severity: Severity, message: str, new: str) -> Diagnostic:
    fix = _url_fix(occ, new)
    return diagnostic_at(occ.doc, occ.span, rule, severity, message, fix=fix, data={"url": new})


def _url_fix(occ: Occurrence, new: str) -> Fix | None:
    """Replace the URL where it is written: in the link, or in its reference definition."""
    source, span = occ.doc.source, occ.span
    if occ.kind == "reference":
        match = re.search(
            r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?(" + re.escape(occ.url) + r")", source, re.MULTILINE
        )
        if not match:
            return None
        start, end = match.span(1)
    else:
        inside = source[span.start : span.end]
        if inside.count(occ.url) != 1:
            return None
        start = span.start + inside.index(occ.url)
        end = start + len(occ.url)
    return Fix(start, end, new, f"Link to {new}")
