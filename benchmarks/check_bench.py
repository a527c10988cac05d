"""byline check vs proselint and write-good on the shared corpus, one core, alternating.

Every tool gets the same files (the 33 real posts of ``shared/corpus/deepspeed``,
copied into a throwaway blog for byline) as one process per run; runs alternate
between the tools so machine load hits them alike. byline runs every rule except
links and code, with ``--no-cache``. Words are counted once (whitespace-separated
words of the files) and used for every tool. Reports median wall time, words/s and
ratios, then each tool's start-up and checking timed apart (fresh processes).

It then measures what an editor sees on each keystroke: ``byline lsp`` (started once,
rules kept loaded) re-checking each post after an edit, from the edit's message to
the diagnostics' arrival, against proselint run on the one file (editor plugins for
proselint start one process per check). Both on one core.

Last, what a writer sees re-running ``byline check`` on a whole blog (``--blog N``
posts made by ``shared/tools/bench-corpus``): the first check (nothing cached), a check
with nothing changed (every post answered from the cache) and one after a post changed.
The peers keep no cache, so these are byline's alone.

    .venv/bin/python benchmarks/check_bench.py [--runs 5] [--edits 5] [--blog 1000]

proselint comes from the ``bench`` extra; write-good is installed with npm into a
temporary folder (needs ``npm``). A missing peer is reported and skipped.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.lsp_client import Client

ROOT = Path(__file__).resolve().parents[1]
GEN_CORPUS = next(
    (
        p / "tools" / "bench-corpus" / "gen_corpus.py"
        for p in (ROOT.parent / "shared", ROOT.parents[1] / "shared")
        if (p / "tools" / "bench-corpus" / "gen_corpus.py").is_file()
    ),
    None,
)
CORPUS_CANDIDATES = [
    ROOT.parent / "shared" / "corpus" / "deepspeed",
    ROOT.parents[1] / "shared" / "corpus" / "deepspeed",
]
BIN = Path(sys.executable).parent


def corpus() -> list[Path]:
    for folder in CORPUS_CANDIDATES:
        if folder.is_dir():
            return sorted(folder.rglob("*.md"))
    sys.exit("shared/corpus/deepspeed not found beside the repository")


def one_core(cmd: list[str]) -> list[str]:
    return ["taskset", "-c", "0", *cmd] if shutil.which("taskset") else cmd


def make_blog(tmp: Path, files: list[Path]) -> Path:
    blog = tmp / "blog"
    subprocess.run([str(BIN / "byline"), "init", str(blog)], check=True, capture_output=True)
    for i, path in enumerate(files):
        name = f"{i:02d}-" + "-".join(path.parts[-3:]).replace("_", "-").lower()
        shutil.copy(path, blog / "posts" / name)
    return blog


def install_write_good(tmp: Path) -> Path | None:
    if not shutil.which("npm"):
        return None
    folder = tmp / "npm"
    folder.mkdir()
    done = subprocess.run(
        ["npm", "install", "--silent", "--prefix", str(folder), "write-good"],
        capture_output=True,
        check=False,
    )
    exe = folder / "node_modules" / ".bin" / "write-good"
    return exe if done.returncode == 0 and exe.exists() else None


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one run.

    CPU time is what the ratio uses: the machine is shared, and wall time swings with
    other people's load while CPU time barely moves.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(one_core(cmd), cwd=cwd, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


BYLINE_CHILD = """
import sys, time
t0 = time.process_time()
from pathlib import Path
from byline.checks.engine import check_document
from byline.checks.ruleset import build_ruleset
from byline.config import CheckConfig
from byline.content.parse import parse
rules = build_ruleset(CheckConfig())
t1 = time.process_time()
for path in sys.argv[1:]:
    check_document(parse(Path(path).read_text("utf-8"), path), rules, rules.ids)
print(t1 - t0, time.process_time() - t1)
"""

PROSELINT_CHILD = """
import sys, time
t0 = time.process_time()
from pathlib import Path
from proselint.checks import __register__
from proselint.config import load_from
from proselint.registry import CheckRegistry
from proselint.tools import LintFile
config = load_from(None)
CheckRegistry().register_many(__register__)
t1 = time.process_time()
for path in sys.argv[1:]:
    LintFile(Path(path)).lint(config)
print(t1 - t0, time.process_time() - t1)
"""


def interpreter(script: str) -> str:
    """The Python that runs an installed console script (its ``#!`` line)."""
    first = Path(script).read_text("utf-8", errors="replace").splitlines()[0]
    return first[2:].strip() if first.startswith("#!") else sys.executable


def start_up_apart(files: list[Path], proselint: str | None, runs: int) -> None:
    """Each tool's start-up and its checking, timed apart in a fresh process per run.

    The child imports the tool and loads its rules (start-up), then checks every file
    once, as ``byline check`` and ``proselint check`` do: nothing is remembered from an
    earlier pass, so what byline keeps per paragraph or word is only reused within the
    corpus, as in a real run. CPU time of the child, median of ``runs``, alternating.
    """
    children = {"byline": [sys.executable, "-c", BYLINE_CHILD]}
    if proselint:
        children["proselint"] = [interpreter(proselint), "-c", PROSELINT_CHILD]
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in children}
    for _ in range(runs):
        for name, cmd in children.items():
            out = subprocess.run(
                one_core([*cmd, *map(str, files)]),
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            times[name].append((float(out[0]), float(out[1])))
    print(f"start-up and checking apart (CPU s, median of {runs} fresh processes):")
    checking = {}
    for name, pairs in times.items():
        start = statistics.median(p[0] for p in pairs)
        checking[name] = statistics.median(p[1] for p in pairs)
        print(f"  {name:10} start-up {start:6.3f}  checking {checking[name]:6.3f}")
    if "proselint" in checking:
        ratio = checking["proselint"] / checking["byline"]
        print(f"  byline / proselint, checking only (start-up left out): {ratio:.2f}x")


def cached_blog(tmp: Path, posts: int, runs: int) -> None:
    """``byline check`` on a blog of ``posts`` posts: first run, nothing changed, one edit."""
    if GEN_CORPUS is None:
        print("shared/tools/bench-corpus not found: the cached-blog measurement is skipped")
        return
    blog = tmp / "big"
    subprocess.run([str(BIN / "byline"), "init", str(blog)], check=True, capture_output=True)
    options = ["--n", str(posts), "--seed", "42", "--layout", "plain", "--out", str(blog)]
    subprocess.run([sys.executable, str(GEN_CORPUS), *options], check=True, capture_output=True)
    check = [str(BIN / "byline"), "check"]
    first = timed(check, blog)
    unchanged = [timed(check, blog) for _ in range(runs)]
    post = sorted((blog / "posts").glob("*.md"))[posts // 2]
    edited = []
    for n in range(runs):
        post.write_text(post.read_text("utf-8") + f"\nOne more sentence, number {n}.\n", "utf-8")
        edited.append(timed(check, blog))
    print(
        f"byline check, blog of {posts} posts: first run {first[0]:.2f} s; nothing changed "
        f"{statistics.median(w for w, _ in unchanged):.2f} s "
        f"({statistics.median(c for _, c in unchanged):.2f} s CPU); one post changed "
        f"{statistics.median(w for w, _ in edited):.2f} s (medians of {runs}, wall)"
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def editor(blog: Path, edits: int, proselint: str | None) -> None:
    """Per-keystroke latency: byline lsp vs a proselint process per check, one core."""
    if importlib.util.find_spec("pygls") is None:
        print("pygls not installed (pip install -e '.[lsp]'): byline lsp skipped")
        return
    posts = sorted((blog / "posts").glob("*.md"))
    client = Client(blog, one_core([sys.executable, "-m", "byline", "lsp"]))
    try:
        client.request(
            "initialize", {"processId": None, "rootUri": blog.as_uri(), "capabilities": {}}
        )
        client.notify("initialized", {})
        texts = {p: p.read_text("utf-8") for p in posts}
        for path, text in texts.items():  # open every post once (warm-up)
            client.open(path, text)
        latencies: list[float] = []
        round_times: list[float] = []
        for n in range(edits):
            total = 0.0
            for path, text in texts.items():
                edited = text + ("\nOne more sentence." * (n + 1))
                start = time.perf_counter()
                client.change(path, edited, n + 2)
                took = time.perf_counter() - start
                latencies.append(took)
                total += took
            round_times.append(total)
    finally:
        client.close()
    words = sum(len(t.split()) for t in texts.values())
    median, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    print(
        f"byline lsp, one edit per post ({len(posts)} posts x {edits}): median "
        f"{1000 * median:.1f} ms, p95 {1000 * p95:.1f} ms, "
        f"max {1000 * max(latencies):.1f} ms; {words / min(round_times):,.0f} words/s"
    )
    if proselint:
        per_file = [timed([proselint, "check", str(p)], blog)[1] for p in posts]
        print(
            f"proselint, one process per file: median {1000 * statistics.median(per_file):.0f} ms "
            f"CPU, p95 {1000 * percentile(per_file, 0.95):.0f} ms; "
            f"{words / sum(per_file):,.0f} words/s"
        )
        print(
            f"per-check latency, proselint / byline lsp (medians): "
            f"{statistics.median(per_file) / statistics.median(latencies):.0f}x"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--blog", type=int, default=1000, help="posts of the cached-blog run")
    args = parser.parse_args()
    files = corpus()
    words = sum(len(p.read_text("utf-8").split()) for p in files)
    with tempfile.TemporaryDirectory() as raw:
        tmp = Path(raw)
        blog = make_blog(tmp, files)
        tools: dict[str, list[str]] = {"byline": [str(BIN / "byline"), "check", "--no-cache"]}
        proselint = shutil.which("proselint", path=str(BIN)) or shutil.which("proselint")
        if proselint:
            tools["proselint"] = [proselint, "check", *map(str, files)]
        else:
            print("proselint not installed (pip install -e '.[bench]'): skipped")
        write_good = install_write_good(tmp)
        if write_good:
            tools["write-good"] = [str(write_good), "--parse", *map(str, files)]
        else:
            print("write-good could not be installed with npm: skipped")
        walls: dict[str, list[float]] = {name: [] for name in tools}
        cpus: dict[str, list[float]] = {name: [] for name in tools}
        for cmd in tools.values():  # warm-up: disk cache, .pyc files
            timed(cmd, blog)
        for _ in range(args.runs):
            for name, cmd in tools.items():
                wall, cpu = timed(cmd, blog)
                walls[name].append(wall)
                cpus[name].append(cpu)
        editor(blog, args.edits, tools.get("proselint", [None])[0])
        if args.blog:
            cached_blog(tmp, args.blog, args.runs)
    print(f"corpus: {len(files)} files, {words:,} words (wc -w); {args.runs} runs, one core")
    print(f"{'tool':12} {'CPU s':>7} {'words/s':>10} {'wall s':>7}  CPU runs")
    cpu_median = {name: statistics.median(t) for name, t in cpus.items()}
    for name, t in cpus.items():
        runs = " ".join(f"{x:.2f}" for x in t)
        wall = statistics.median(walls[name])
        print(
            f"{name:12} {cpu_median[name]:7.3f} {words / cpu_median[name]:10,.0f} "
            f"{wall:7.3f}  [{runs}]"
        )
    for peer in ("proselint", "write-good"):
        if peer in cpu_median:
            print(f"byline / {peer} (CPU): {cpu_median[peer] / cpu_median['byline']:.2f}x")
    start_up_apart(files, tools.get("proselint", [None])[0], args.runs)
    return 0


if __name__ == "__main__":
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # byline runs with .pyc files, as installed
    os.environ.setdefault("NO_COLOR", "1")
    sys.exit(main())
