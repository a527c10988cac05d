"""The HTTP engine against real local servers: one test per verdict, plus politeness."""

from __future__ import annotations

import asyncio
import dataclasses
import socket

import pytest

from byline.links.fetch import USER_AGENT, https_variant, retry_after_seconds
from byline.links.hosts import PrivateHosts, is_private_address
from tests.links.conftest import FAST, run
from tests.links.servers import Server


def one(server: Server, path: str, **changes: object) -> tuple[str, int | None, str, str, int]:
    settings = dataclasses.replace(FAST, **changes)  # type: ignore[arg-type]
    results, requests = run([server.url(path)], settings)
    r = results[server.url(path)]
    return r.verdict, r.status, r.final_url.removeprefix(server.base), r.detail, requests


def test_200_is_ok_with_one_head_request(server: Server) -> None:
    assert one(server, "/ok") == ("ok", 200, "/ok", "200 OK", 1)
    assert server.state.paths() == [("HEAD", "/ok")]
    assert server.state.records[0].user_agent == USER_AGENT
    assert "byline/" in USER_AGENT and USER_AGENT.startswith("Mozilla/5.0 (compatible;")


def test_404_and_410_are_broken(server: Server) -> None:
    assert one(server, "/missing") == ("broken", 404, "/missing", "404 Not Found", 1)
    assert one(server, "/gone")[:4] == ("broken", 410, "/gone", "410 Gone")


@pytest.mark.parametrize(
    ("path", "detail"), [("/moved", "301 Moved Permanently"), ("/perm", "308 Permanent Redirect")]
)
def test_permanent_redirects_name_the_new_address(server: Server, path: str, detail: str) -> None:
    assert one(server, path) == ("redirect", 200, "/ok", detail, 2)


def test_temporary_redirect_is_ok(server: Server) -> None:
    assert one(server, "/temp") == ("ok", 200, "/ok", "200 OK", 2)


def test_permanent_then_temporary_redirect_points_at_the_permanent_target(server: Server) -> None:
    # /chain 301 -> /temp 302 -> /ok: the link should say /temp, where it moved for good.
    assert one(server, "/chain") == ("redirect", 200, "/temp", "301 Moved Permanently", 3)


def test_redirect_loop_is_broken_after_the_limit(server: Server) -> None:
    assert one(server, "/loop") == ("broken", 301, "/loop", "more than 3 redirects", 4)


def test_429_waits_for_retry_after_then_succeeds(server: Server) -> None:
    assert one(server, "/busy") == ("ok", 200, "/busy", "200 OK", 2)
    first, second = server.state.records
    assert second.at - first.at >= 0.9  # Retry-After: 1 was honoured


def test_429_asking_for_too_long_is_not_waited_for(server: Server) -> None:
    verdict = one(server, "/busy-long", max_retry_after=5)
    assert verdict == ("rate-limited", 429, "/busy-long", "429 Too Many Requests after 1 try", 1)


def test_500_then_200_is_retried_with_get(server: Server) -> None:
    assert one(server, "/flaky") == ("ok", 200, "/flaky", "200 OK", 2)
    assert server.state.paths() == [("HEAD", "/flaky"), ("GET", "/flaky")]


def test_persistent_5xx_is_a_server_error_after_every_retry(server: Server) -> None:
    verdict = one(server, "/down")
    assert verdict == ("server-error", 503, "/down", "503 Service Unavailable after 3 tries", 3)


def test_hanging_server_times_out(server: Server) -> None:
    assert one(server, "/hang") == ("timeout", None, "/hang", "no answer within 0.5 s", 1)


def test_head_405_falls_back_to_get(server: Server) -> None:
    assert one(server, "/no-head") == ("ok", 200, "/no-head", "200 OK", 2)
    assert server.state.paths() == [("HEAD", "/no-head"), ("GET", "/no-head")]


def test_403_even_to_get_is_refused(server: Server) -> None:
    assert one(server, "/forbidden")[:2] == ("refused", 403)
    assert server.state.paths() == [("HEAD", "/forbidden"), ("GET", "/forbidden")]


def test_closed_port_is_unreachable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    results, requests = run([f"http://127.0.0.1:{port}/x"])
    assert results[f"http://127.0.0.1:{port}/x"].verdict == "unreachable"
    assert requests == 1


def test_a_malformed_url_is_broken_without_a_request() -> None:
    bad = ["http://127.0.0.1:99999/", "http://example.com:abc/"]
    for allow_private in (True, False):  # no address is looked up either
        settings = dataclasses.replace(FAST, allow_private=allow_private)
        results, requests = run(bad, settings)
        assert requests == 0
        assert [(r.verdict, r.detail) for r in results.values()] == [
            ("broken", "it is a malformed URL (its port '99999' is not a number from 0 to 65535)"),
            ("broken", "it is a malformed URL (its port 'abc' is not a number from 0 to 65535)"),
        ]


def test_a_redirect_to_a_malformed_url_is_broken(server: Server) -> None:
    assert one(server, "/bad-port") == (
        "broken",
        301,
        "http://127.0.0.1:99999/x",
        "it redirects to 'http://127.0.0.1:99999/x', a malformed URL "
        "(its port '99999' is not a number from 0 to 65535)",
        1,
    )


def test_private_addresses_are_skipped_without_a_request(server: Server) -> None:
    urls = [server.url("/ok"), f"http://localhost:{server.server_address[1]}/ok"]
    results, requests = run(urls, dataclasses.replace(FAST, allow_private=False))
    assert [results[u].verdict for u in urls] == ["private", "private"]
    assert requests == 0
    assert server.state.records == []


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("172.16.0.1", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("[::1]", True),
        ("::ffff:10.0.0.1", True),
        ("0.0.0.0", True),
        ("93.184.216.34", False),
        ("2606:4700::1111", False),
        ("example.com", False),
    ],
)
def test_private_address_ranges(address: str, private: bool) -> None:
    assert is_private_address(address) is private


def test_localhost_names_are_private_without_resolving() -> None:
    hosts = PrivateHosts()
    assert asyncio.run(hosts.is_private("LOCALHOST")) is True
    assert asyncio.run(hosts.is_private("notebook.localhost")) is True


def test_the_run_is_bounded_in_total(server: Server) -> None:
    settings = dataclasses.replace(FAST, timeout=5, total_timeout=0.3)
    results, _ = run([server.url("/hang"), server.url("/ok")], settings)
    assert results[server.url("/ok")].verdict == "ok"
    unchecked = results[server.url("/hang")]
    assert (unchecked.verdict, unchecked.detail) == (
        "unchecked",
        "the run reached its 0.3 s bound first",
    )


def test_per_host_limit_and_delay(server: Server) -> None:
    urls = [server.url(f"/slow/{i}") for i in range(6)]
    results, requests = run(urls, dataclasses.replace(FAST, per_host=2, delay=0.02))
    assert {r.verdict for r in results.values()} == {"ok"} and requests == 6
    assert server.state.max_in_flight <= 2
    starts = sorted(r.at for r in server.state.records)
    # Starts are 0.02 s apart at the client; connection setup may blur single gaps.
    assert starts[-1] - starts[0] >= 0.07


def test_each_url_is_requested_once(server: Server) -> None:
    results, requests = run([server.url("/ok"), server.url("/ok")])
    assert list(results) == [server.url("/ok")] and requests == 1


@pytest.mark.parametrize(
    ("url", "variant"),
    [
        ("http://jane.dev/a?b=1", "https://jane.dev/a?b=1"),
        ("http://jane.dev:80/a", "https://jane.dev/a"),
        ("http://jane.dev:8080/a", None),
        ("https://jane.dev/a", None),
        ("http://jane.dev:99999/a", None),
        ("http://jane.dev:abc/a", None),
    ],
)
def test_https_variant(url: str, variant: str | None) -> None:
    assert https_variant(url) == variant


def test_retry_after_forms() -> None:
    assert retry_after_seconds("120", now=0) == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:30 GMT", now=1445412480.0) == 30
    assert retry_after_seconds("soon", now=0) is None
    assert retry_after_seconds(None, now=0) is None
