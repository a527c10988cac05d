"""Mermaid diagrams: drawn by the site's own copy of Mermaid, or pre-rendered by mermaid-cli.

The pre-render tests need ``mmdc`` (``npm install -g @mermaid-js/mermaid-cli`` with
``PUPPETEER_SKIP_DOWNLOAD=1``) and a Chromium on ``PATH``; they skip without them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from byline.cli.init import init_blog
from byline.site import diagrams
from byline.site.diagrams import find_prerenderer
from tests.site.conftest import build
from tests.site.test_quality import AXE, CONTEXTS

FLOW = "graph TD\n  A[Data] --> B[Model]\n"
SEQUENCE = "sequenceDiagram\n  Alice->>Bob: Hello\n  Bob-->>Alice: Hi\n"
BROKEN = "graph TD\n  A[Data --> B\n"


def _post(title: str, *fences: str) -> str:
    body = "".join(f"\nSome text.\n\n```mermaid\n{fence}```\n" for fence in fences)
    return f"---\ntitle: {title}\ndate: 2026-01-02\nstatus: published\n---\n{body}"


def _blog(root: Path, mode: str, posts: dict[str, str]) -> Path:
    init_blog(root, example=False, title="Diagrams", author="Ada", base_url="https://ada.dev")
    with (root / "byline.toml").open("a", encoding="utf-8") as config:
        config.write(f'\n[build]\nmermaid = "{mode}"\n')
    for name, text in posts.items():
        (root / "posts" / name).write_text(text, encoding="utf-8")
    return root


def _mermaid_files(site: Path) -> list[str]:
    return sorted(p.name for p in (site / "assets").glob("*mermaid*"))


def _prerenderer_or_skip(tmp_path: Path) -> None:
    if find_prerenderer(tmp_path, "auto") is None:
        pytest.skip(
            "mermaid-cli (mmdc) or a Chromium is not on PATH: install them with "
            "PUPPETEER_SKIP_DOWNLOAD=1 npm install -g @mermaid-js/mermaid-cli"
        )


def test_the_script_ships_only_with_pages_that_need_it(tmp_path: Path) -> None:
    blog = _blog(
        tmp_path / "blog",
        "script",
        {
            "flow.md": _post("Flow", FLOW),
            "plain.md": "---\ntitle: Plain\nstatus: published\n---\nHi\n",
        },
    )
    build(blog)
    site = blog / "_site"
    html = (site / "posts" / "flow" / "index.html").read_text()
    assert (
        '<figure class="diagram"><pre class="mermaid" tabindex="0" role="region" '
        'aria-label="Diagram 1">graph TD\n  A[Data] --&gt; B[Model]\n</pre></figure>'
    ) in html
    script = re.search(r'<script src="(/assets/mermaid-init\.\w+\.js)" '
                       r'data-mermaid="(/assets/mermaid\.min\.\w+\.js)" defer></script>', html)  # fmt: skip
    assert script is not None
    assert all((site / url.lstrip("/")).is_file() for url in script.groups())
    assert (site / "assets" / "LICENSE-mermaid.txt").is_file()
    assert "mermaid" not in (site / "posts" / "plain" / "index.html").read_text()

    (blog / "posts" / "flow.md").write_text(_post("Flow"), encoding="utf-8")
    report = build(blog)
    assert _mermaid_files(site) == []
    assert sorted(r for r in report.removed if "mermaid" in r) == sorted(
        [url.lstrip("/") for url in script.groups()] + ["assets/LICENSE-mermaid.txt"]
    )


def test_a_site_without_diagrams_never_ships_mermaid(tmp_path: Path) -> None:
    blog = _blog(tmp_path / "blog", "auto", {"plain.md": _post("Plain")})
    build(blog)
    assert _mermaid_files(blog / "_site") == []


def test_diagrams_are_pre_rendered_to_cached_svg_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _prerenderer_or_skip(tmp_path)
    blog = _blog(
        tmp_path / "blog",
        "auto",
        {"two.md": _post("Two", FLOW, SEQUENCE, FLOW), "bad.md": _post("Bad", BROKEN)},
    )
    report = build(blog)
    site = blog / "_site"
    html = (site / "posts" / "two" / "index.html").read_text()
    images = re.findall(r'<img class="diagram-svg" src="(/diagrams/\w+\.svg)" alt="([^"]+)"', html)
    assert [alt for _, alt in images] == [
        "Diagram 1, a flowchart; its source follows",
        "Diagram 2, a sequence diagram; its source follows",
        "Diagram 3, a flowchart; its source follows",
    ]
    assert images[0][0] == images[2][0] != images[1][0]
    assert all((site / url.lstrip("/")).read_text().startswith("<svg") for url, _ in images)
    assert "<summary>Diagram 2 source</summary>" in html
    assert "mermaid" not in html.split("</article>")[1]  # no script for this page

    # The broken diagram is left to the browser, with a warning that says why.
    [warning] = report.warnings
    assert warning == (
        "posts/bad.md:9: diagram not pre-rendered: Parse error near 'TD  A[Data --> B'. "
        "Fix the Mermaid source; the page draws it in the browser until then."
    )
    assert '<pre class="mermaid"' in (site / "posts" / "bad" / "index.html").read_text()
    assert len(_mermaid_files(site)) == 3  # loader, bundle, licence

    # A cold build (no output, no build state) takes the SVG from the cache: no mmdc run.
    shutil.rmtree(site)
    for state in (blog / ".byline" / "cache" / "site").glob("state-*"):
        state.unlink()
    monkeypatch.setattr(diagrams.Prerenderer, "_run", lambda self, sources: pytest.fail(sources))
    (blog / "posts" / "bad.md").unlink()
    build(blog)
    assert (site / "posts" / "two" / "index.html").read_text() == html
    assert _mermaid_files(site) == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_post_with_a_diagram_is_parsed_once_when_pre_rendering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """The posts parsed to gather every diagram for one mmdc run are rendered from that
    parse, in this process or by forked workers, not parsed again."""
    _prerenderer_or_skip(tmp_path)
    from byline.content import parse as parse_module
    from byline.site import builder

    blog = _blog(
        tmp_path / "blog",
        "auto",
        {
            "flow.md": _post("Flow", FLOW),
            "seq.md": _post("Sequence", SEQUENCE),
            "plain.md": "---\ntitle: Plain\nstatus: published\n---\nmermaid, said once.\n",
            "other.md": "---\ntitle: Other\nstatus: published\n---\nNo diagram here.\n",
        },
    )
    log = tmp_path / "parsed.log"  # appended to by forked workers too
    real = parse_module.parse

    def counted(source: str, path: Path | str = "post.md", **options: Any) -> Any:
        with log.open("a", encoding="utf-8") as out:
            out.write(Path(path).name + "\n")
        return real(source, path, **options)

    monkeypatch.setattr(parse_module, "parse", counted)
    monkeypatch.setattr(builder, "PARALLEL_MIN", 2)
    report = build(blog, jobs=jobs)
    assert sorted(log.read_text().split()) == ["flow.md", "other.md", "plain.md", "seq.md"]
    assert sorted(report.rendered) == [
        "posts/flow.md",
        "posts/other.md",
        "posts/plain.md",
        "posts/seq.md",
    ]
    html = (blog / "_site" / "posts" / "flow" / "index.html").read_text()
    assert '<img class="diagram-svg"' in html


def test_switching_to_the_script_redoes_only_posts_with_diagrams(tmp_path: Path) -> None:
    _prerenderer_or_skip(tmp_path)
    blog = _blog(
        tmp_path / "blog", "auto", {"flow.md": _post("Flow", FLOW), "plain.md": _post("Plain")}
    )
    build(blog)
    config = blog / "byline.toml"
    config.write_text(config.read_text().replace('mermaid = "auto"', 'mermaid = "script"'))
    report = build(blog)
    assert report.rendered == ["posts/flow.md"]
    assert "diagrams/" not in (blog / "_site" / "posts" / "flow" / "index.html").read_text()
    assert not list((blog / "_site").glob("diagrams/*"))


def _draw(page: Any) -> None:
    """Scroll to the diagram and wait until it is drawn (script) or loaded (SVG file)."""
    page.locator("figure.diagram").first.scroll_into_view_if_needed()
    page.wait_for_function(
        """() => [...document.querySelectorAll('figure.diagram')].every(f =>
             f.querySelector('pre.mermaid[data-processed] svg') ||
             (f.querySelector('img') && f.querySelector('img').naturalWidth > 0))"""
    )


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["script", "auto"])
def test_the_example_tutorial_shows_its_flowchart(
    mode: str, tmp_path: Path, chromium: Any, serve: Any
) -> None:
    if mode == "auto":
        _prerenderer_or_skip(tmp_path)
    root = tmp_path / "blog"
    init_blog(root, example=True, title="Example", author="Ada", base_url="https://ada.dev")
    with (root / "byline.toml").open("a", encoding="utf-8") as config:
        config.write(f'\n[build]\nmermaid = "{mode}"\n')
    build(root, today=dt.date(2026, 11, 29))
    base = serve(root / "_site")
    problems: list[str] = []
    for name, options in CONTEXTS.items():
        context = chromium.new_context(**options)
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r, seen=requests: seen.append(r.url))
        page.on("console", lambda m, p=problems: p.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc, p=problems: p.append(str(exc)))
        page.goto(base + "/posts/nan-in-json/", wait_until="load")
        page.goto(base + "/posts/bm25-retriever-python/", wait_until="load")
        assert not any("mermaid.min" in url for url in requests)  # not before it is needed
        _draw(page)
        assert page.locator("figure.diagram svg, figure.diagram img").count() == 1
        shown = page.evaluate(
            "(() => { const d = document.querySelector('figure.diagram svg, figure.diagram img');"
            " const r = d.getBoundingClientRect(); return [r.width, r.height]; })()"
        )
        assert shown[0] > 200 and shown[1] > 20, shown
        fetched = any("mermaid.min" in url for url in requests)
        assert fetched == (mode == "script"), requests
        page.add_script_tag(content=AXE)  # the rest of the page: test_quality.py
        for violation in page.evaluate("async () => (await axe.run('figure.diagram')).violations"):
            problems.append(f"{name}: axe {violation['id']}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > options["viewport"]["width"]:  # type: ignore[index]
            problems.append(f"{name}: scrolls sideways ({width} px)")
        context.close()
    assert problems == []


@pytest.mark.browser
def test_a_diagram_mermaid_cannot_read_fails_quietly_in_place(
    tmp_path: Path, chromium: Any, serve: Any
) -> None:
    blog = _blog(tmp_path / "blog", "script", {"bad.md": _post("Bad", BROKEN)})
    build(blog)
    context = chromium.new_context(**CONTEXTS["mobile-light"])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(serve(blog / "_site") + "/posts/bad/", wait_until="load")
    _draw(page)
    assert "Syntax error in text" in page.inner_text("figure.diagram")
    assert page.text_content("figure.diagram details code") == BROKEN
    assert errors == []
    context.close()
