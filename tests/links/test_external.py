"""Web links of posts: diagnostics, fixes, http->https over real TLS, and the TTL cache."""

from __future__ import annotations

import asyncio
import dataclasses
import re
import socket
import sqlite3
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from byline.config import SiteConfig
from byline.content.parse import parse
from byline.diagnostics import Diagnostic
from byline.ledger import open_ledger
from byline.links.external import ExternalRun, check_external, external_diagnostics, occurrences
from byline.links.fetch import FetchSettings
from tests.links.conftest import FAST
from tests.links.servers import Server

SITE = SiteConfig(base_url="https://ada.dev")


def check(
    source: str,
    settings: FetchSettings = FAST,
    *,
    conn: sqlite3.Connection | None = None,
    ttl: float = 0,
    clock: Callable[[], float] = lambda: 1000.0,
    client: Callable[[], httpx.AsyncClient] = httpx.AsyncClient,
) -> tuple[list[Diagnostic], ExternalRun, str]:
    doc = parse(source, "posts/a.md")
    found = occurrences([doc], SITE, [re.compile(r"skip-me")])

    async def go() -> ExternalRun:
        async with client() as http:
            return await check_external(
                [o.url for o in found],
                client=http,
                settings=settings,
                conn=conn,
                ttl_seconds=ttl,
                clock=clock,
            )

    run = asyncio.run(go())
    return external_diagnostics(found, run, settings), run, source


def lines(diagnostics: list[Diagnostic], base: str) -> list[str]:
    return [
        f"{d.line}:{d.column} {d.severity} {d.rule} {d.message}".replace(base, "")
        for d in diagnostics
    ]


def apply(source: str, diagnostic: Diagnostic) -> str:
    fix = diagnostic.fix
    assert fix is not None
    return source[: fix.start] + fix.replacement + source[fix.end :]


def test_each_verdict_becomes_one_diagnostic(server: Server) -> None:
    u = server.url
    source = (
        f"# A\n\n[ok]({u('/ok')}) [gone]({u('/missing')}) [moved]({u('/moved')})\n"
        f"{u('/hang')} <{u('/down')}> [temp]({u('/temp')}) [bot]({u('/forbidden')})\n"
        f"[x]({u('/skip-me')}) [mail](mailto:a@b.c) [own](https://ada.dev/posts/a/)\n"
    )
    diagnostics, run, _ = check(source)
    # Columns hold for any ephemeral port (always five digits on Linux).
    assert lines(diagnostics, server.base) == [
        "3:33 error links.broken '/missing' answered 404 Not Found. Fix or remove the link.",
        "3:72 warning links.redirect '/moved' moved permanently (301 Moved Permanently) to "
        "'/ok'. Link to the new address.",
        "4:1 warning links.broken '/hang' gave no answer within 0.5 s. Open it in a browser; "
        "if the site is just slow, raise [links] timeout.",
        "4:29 warning links.broken '/down' answered 503 Service Unavailable after 3 tries. "
        "Check it again later.",
        "4:95 warning links.broken '/forbidden' refused the checker (403 Forbidden); some sites "
        "block bots. Open it in a browser; if it works, add it to [links] exclude.",
    ]
    assert "skip-me" not in " ".join(run.results)  # excluded, never requested
    assert all("ada.dev" not in url for url in run.results)  # the own site is internal


def test_a_malformed_url_is_a_broken_link() -> None:
    diagnostics, run, _ = check("# A\n\n[p](http://127.0.0.1:99999/) <http://example.com:abc/>\n")
    assert lines(diagnostics, "") == [
        "3:1 error links.broken 'http://127.0.0.1:99999/' is broken: it is a malformed URL "
        "(its port '99999' is not a number from 0 to 65535). Fix the link.",
        "3:30 error links.broken 'http://example.com:abc/' is broken: it is a malformed URL "
        "(its port 'abc' is not a number from 0 to 65535). Fix the link.",
    ]
    assert run.requests == 0


def test_redirect_fix_rewrites_the_inline_url(server: Server) -> None:
    source = f'See [it]({server.url("/moved")} "T").\n'
    diagnostics, _, _ = check(source)
    assert apply(source, diagnostics[0]) == f'See [it]({server.url("/ok")} "T").\n'


def test_reference_style_links_are_checked_and_fixed_in_the_definition(server: Server) -> None:
    source = (
        f"See [one][r] and [two][missing].\n\n[r]: {server.url('/perm')}\n"
        f"[missing]: {server.url('/missing')}\n"
    )
    diagnostics, _, _ = check(source)
    assert lines(diagnostics, server.base) == [
        "1:5 warning links.redirect '/perm' moved permanently (308 Permanent Redirect) to '/ok'. "
        "Link to the new address.",
        "1:18 error links.broken '/missing' answered 404 Not Found. Fix or remove the link.",
    ]
    assert apply(source, diagnostics[0]).splitlines()[2] == f"[r]: {server.url('/ok')}"


def test_images_in_raw_html_are_checked(server: Server) -> None:
    source = f'<p><img src="{server.url("/missing")}" alt="x"></p>\n\n![y]({server.url("/ok")})\n'
    diagnostics, _, _ = check(source)
    assert lines(diagnostics, server.base) == [
        "1:4 error links.broken '/missing' answered 404 Not Found. Fix or remove the link.",
    ]


def variant_to(tls_server: Server) -> Callable[[str], str | None]:
    """Stand the https server in for the https form of any http URL (same path)."""

    def variant(url: str) -> str | None:
        if not url.startswith("http://"):
            return None
        return tls_server.base + "/" + url.split("/", 3)[3]

    return variant


@pytest.mark.parametrize(
    ("https_answer", "flagged"), [((200, {}), True), ((404, {}), False)], ids=["works", "404"]
)
def test_http_link_is_insecure_when_https_works(
    server: Server,
    tls_server: Server,
    client_factory: Callable[[], httpx.AsyncClient],
    https_answer: tuple[int, dict[str, str]],
    flagged: bool,
) -> None:
    tls_server.state.routes["/page"] = https_answer
    settings = dataclasses.replace(FAST, https_variant=variant_to(tls_server))
    source = f"Read [this]({server.url('/page')}).\n"
    server.state.routes["/page"] = (200, {})
    diagnostics, _run, _ = check(source, settings, client=client_factory)
    assert tls_server.state.paths() == [("HEAD", "/page")]  # over real TLS
    if not flagged:
        assert diagnostics == []
        return
    assert [d.message for d in diagnostics] == [
        f"'{server.url('/page')}' uses http://, but https:// works. "
        f"Link to '{tls_server.url('/page')}' instead."
    ]
    assert diagnostics[0].rule == "links.insecure"
    assert apply(source, diagnostics[0]) == f"Read [this]({tls_server.url('/page')}).\n"


def test_http_redirecting_to_its_https_form_is_insecure_not_a_redirect(
    server: Server, tls_server: Server, client_factory: Callable[[], httpx.AsyncClient]
) -> None:
    server.state.routes["/up"] = (301, {"Location": tls_server.url("/up")})
    tls_server.state.routes["/up"] = (200, {})
    settings = dataclasses.replace(FAST, https_variant=variant_to(tls_server))
    diagnostics, run, _ = check(f"<{server.url('/up')}>\n", settings, client=client_factory)
    assert [d.rule for d in diagnostics] == ["links.insecure"]
    assert run.requests == 2  # no separate https probe: the redirect showed it


def test_a_second_run_within_the_ttl_makes_no_request(server: Server, tmp_path: Path) -> None:
    conn = open_ledger(tmp_path / "ledger.db")
    source = f"[a]({server.url('/ok')}) [b]({server.url('/missing')}) [c]({server.url('/moved')})\n"
    first, run1, _ = check(source, conn=conn, ttl=3600, clock=lambda: 1000.0)
    served = len(server.state.records)
    assert (run1.requests, run1.cached, served) == (4, 0, 4)
    second, run2, _ = check(source, conn=conn, ttl=3600, clock=lambda: 1000.0 + 3599)
    assert (run2.requests, run2.cached, len(server.state.records)) == (0, 3, served)
    assert [d.rule for d in second] == [d.rule for d in first]
    assert second[0].message.endswith(
        "Fix or remove the link. (Cached; 'byline links --external --no-cache' checks again.)"
    )
    _third, run3, _ = check(source, conn=conn, ttl=3600, clock=lambda: 1000.0 + 3601)
    assert (run3.requests, run3.cached) == (4, 0)  # past the TTL: asked again
    rows = conn.execute("SELECT url, verdict, status FROM link_cache ORDER BY url").fetchall()
    assert [(r[0].removeprefix(server.base), r[1], r[2]) for r in rows] == [
        ("/missing", "broken", 404),
        ("/moved", "redirect", 200),
        ("/ok", "ok", 200),
    ]


def test_unreachable_rate_limited_and_unchecked_links_get_their_own_advice(
    server: Server,
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/x"
    settings = dataclasses.replace(FAST, timeout=5, total_timeout=1, max_retry_after=5)
    source = f"<{closed}>\n\n<{server.url('/busy-long')}>\n\n<{server.url('/hang')}>\n"
    diagnostics, _, _ = check(source, settings)
    found = [(d.rule, d.severity, d.message.replace(server.base, "")) for d in diagnostics]
    assert found == [
        (
            "links.broken",
            "error",
            f"'{closed}' cannot be reached (All connection attempts failed). Check the address, "
            "and that this machine is online.",
        ),
        (
            "links.broken",
            "warning",
            "'/busy-long' answered 429 Too Many Requests after 1 try. Check it again later.",
        ),
        (
            "links.broken",
            "warning",
            "'/hang' was not checked: the run reached its 1 s bound first. Run again "
            "(checked URLs are cached) or raise [links] total_timeout.",
        ),
    ]


def test_unreachable_links_are_not_cached(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A run made offline must not make every link look dead for the TTL."""
    from byline.ledger import open_ledger
    from byline.links.cache import load_cached, store_results
    from byline.links.fetch import UrlResult

    conn = open_ledger(tmp_path / "ledger.db")
    written = store_results(
        conn,
        [
            UrlResult("https://a.example/x", "unreachable", detail="no name", checked_at=100.0),
            UrlResult("https://b.example/y", "broken", 404, detail="404", checked_at=100.0),
        ],
    )
    assert written == 1
    urls = ["https://a.example/x", "https://b.example/y"]
    cached = load_cached(conn, urls, now=200.0, ttl_seconds=3600.0)
    assert list(cached) == ["https://b.example/y"]
