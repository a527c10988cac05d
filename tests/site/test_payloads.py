"""Nothing a post or byline.toml holds runs as script in the built site.

The payload blog puts script in every place a writer controls (front matter, settings,
headings, links, images, footnotes, tables, code fences, charts, diagrams, math, raw
HTML). Every built file is read back statically, and every page is loaded in Chromium,
hovered, focused and clicked, with a hook that records any payload that runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from byline.site import BuildReport
from tests.site.checks import active_content, site_active_content
from tests.site.payload_blog import PAYLOAD_IDS


def test_the_check_sees_each_kind_of_active_content() -> None:
    raw = (
        "<img src=x onerror=f()><a href='jav&#x09;ascript:x'>a</a><script>f()</script>"
        "<style>p{}</style><base href=/x/><form action=/x></form>"
        '<script type="application/ld+json">{"a": "</script>"}</script>'
        '<meta http-equiv="refresh" content="0">'
    )
    assert len(active_content(raw)) == 8


def test_no_built_file_holds_script_but_the_themes(
    payload_site: tuple[Path, BuildReport],
) -> None:
    site, report = payload_site
    assert report.errors == []
    assert site_active_content(site) == []
    page = next(site.glob("posts*/payloads/index.html")).read_text(encoding="utf-8")
    for payload in PAYLOAD_IDS:  # shown as text, so the payloads were all rendered
        shown = (f"__pwn({q}{payload}{q})" for q in ("'", "&#x27;", "&#39;"))
        assert any(text in page for text in shown), payload


HOOK = """(() => {
  const hits = [];
  Object.defineProperty(window, "__pwnHits", { value: hits });
  const record = (what) => (...args) => { hits.push(what + ": " + args.join(", ")); };
  Object.defineProperty(window, "__pwn", { value: record("__pwn") });
  window.alert = record("alert"); window.confirm = record("confirm"); window.prompt = record("prompt");
})();"""

LIVE = """() => {
  const bad = [], safe = ["http:", "https:", "mailto:", "tel:"];
  for (const el of document.querySelectorAll("*")) {
    for (const { name, value } of Array.from(el.attributes)) {
      if (name.startsWith("on")) bad.push(`${el.tagName} ${name}=${value}`);
      if (!["href", "src", "action", "formaction", "xlink:href", "poster", "cite"].includes(name)) continue;
      let protocol;
      try { protocol = new URL(value, document.baseURI).protocol; } catch { continue; }  // no URL
      const image = el.tagName === "IMG" && /^data:image\\/(png|jpe?g|gif|webp);/i.test(value);
      if (!safe.includes(protocol) && !image) bad.push(`${el.tagName} ${name}=${value}`);
    }
  }
  for (const el of document.querySelectorAll("iframe, object, embed, base, meta[http-equiv]")) {
    bad.push(el.outerHTML.slice(0, 100));
  }
  return bad;
}"""

TOUCH = """() => {
  for (const el of document.querySelectorAll("body *")) {
    for (const type of ["mouseover", "mouseenter", "focus", "click"]) {
      if (type === "click" && el.closest("a, button")) continue;  // would leave the page
      el.dispatchEvent(new Event(type, { bubbles: true }));
    }
  }
}"""


def test_no_payload_runs_in_a_browser(
    payload_site: tuple[Path, BuildReport], chromium: Any, serve: Any
) -> None:
    site, _ = payload_site
    base = serve(site)
    context = chromium.new_context()
    context.add_init_script(HOOK)
    ran: list[str] = []
    context.on("dialog", lambda dialog: (ran.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix().removesuffix("index.html")
        url = f"{base}/{quote(rel)}"
        page = context.new_page()
        page.goto(url, wait_until="load")
        if page.query_selector("pre.mermaid"):  # drawn once near the screen
            page.evaluate(
                "() => document.querySelectorAll('pre.mermaid').forEach(e => e.scrollIntoView())"
            )
            page.wait_for_function(
                "() => [...document.querySelectorAll('pre.mermaid')].every(e => e.querySelector('svg'))",
                timeout=30_000,
            )
        page.evaluate(TOUCH)
        page.wait_for_timeout(200)
        ran += [f"{rel}: {hit}" for hit in page.evaluate("() => Array.from(window.__pwnHits)")]
        ran += [f"{rel}: {bad}" for bad in page.evaluate(LIVE)]
        if page.url.split("#")[0] != url:
            ran.append(f"{rel}: went to {page.url}")
        page.close()
    page = context.new_page()
    page.goto(f"{base}/search/?q=pwn", wait_until="load")
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length === 2")
    ran += [f"search: {hit}" for hit in page.evaluate("() => Array.from(window.__pwnHits)")]
    ran += [f"search: {bad}" for bad in page.evaluate(LIVE)]
    context.close()
    assert ran == []
