"""Built fixture sites, a local HTTP server for them, and a headless Chromium."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from byline.cli.init import init_blog
from byline.content.blog import Blog
from byline.site import BuildOptions, BuildReport, build_site
from tests.site.blogs import corpus_dir, make_corpus_blog, make_feature_blog
from tests.site.payload_blog import make_payload_blog

TODAY = dt.date(2026, 6, 1)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def build(root: Path, **options: Any) -> BuildReport:
    """Build the blog at ``root`` as of ``TODAY``, in this process."""
    options.setdefault("today", TODAY)
    return build_site(Blog.find(root), BuildOptions(**options))


@pytest.fixture(scope="session")
def feature_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """The feature blog, built once (read-only for tests)."""
    root = make_feature_blog(tmp_path_factory.mktemp("feature") / "blog")
    return root / "_site", build(root, jobs=1)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """The example blog of ``byline init --example``, built once."""
    root = tmp_path_factory.mktemp("example") / "blog"
    init_blog(root, example=True, title="Example", author="Ada", base_url="https://ada.dev")
    return root / "_site", build(root, today=dt.date(2026, 11, 29))


@pytest.fixture(scope="session")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """The payload blog (script in every field, link, heading and block), built once."""
    root = make_payload_blog(tmp_path_factory.mktemp("payload") / "blog")
    return root / "_site", build(root, jobs=1)


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """The DeepSpeed corpus as a blog, built once."""
    corpus = corpus_dir()
    if corpus is None:
        pytest.skip("shared corpus not found")
    root = make_corpus_blog(tmp_path_factory.mktemp("corpus") / "blog", corpus)
    return root / "_site", build(root)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def serve() -> Iterator[Any]:
    """``serve(folder)`` -> base URL of a real HTTP server on 127.0.0.1 for that folder."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        handler = functools.partial(_Quiet, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _need(condition: bool, what: str) -> None:
    if not condition:
        if os.environ.get("BYLINE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{what} is required (BYLINE_REQUIRE_BROWSER=1) but missing")
        pytest.skip(f"{what} not installed")


@pytest.fixture(scope="package")
def chromium() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright (never a downloaded browser).

    Package scope: Playwright's sync API keeps an event loop running in this thread
    until it stops, and any later test that calls ``asyncio.run`` (the link checker)
    would fail with "cannot be called from a running event loop". It stops when the
    ``tests/site`` tests are done, whatever runs after them."""
    _need(Path(CHROMIUM).exists(), "chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def java() -> str:
    path = shutil.which("java")
    _need(path is not None, "java (for the Nu HTML checker)")
    assert path is not None
    return path
