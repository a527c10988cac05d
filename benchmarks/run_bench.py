"""``byline run`` against pytest-markdown-docs and Sybil on the same code blocks.

Generates a blog of POSTS posts with BLOCKS stdlib-only Python blocks each (every block
imports, computes, asserts and prints, with its ``output`` fence), then times, median of
REPEATS runs after a warm-up:

* ``byline run --force`` (every session runs; ``-j`` cores and ``-j 1``),
* ``byline run`` with every session answered by the cache,
* ``pytest --markdown-docs`` and ``pytest`` + Sybil's ``PythonCodeBlockParser`` on the
  same files (they run the blocks in-process and do not compare the output fences).

Usage: ``python benchmarks/run_bench.py [--posts 50] [--blocks 10] [--repeats 3]``.
Needs ``pip install pytest-markdown-docs sybil`` (the ``bench`` extra); a missing peer is
reported and skipped.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
BLOCK = """\
import math
values = [math.sqrt(i + {seed}) for i in range({size})]
total = sum(values)
assert total > 0, "sqrt sums are positive"
print(f"block {n}: {{len(values)}} values, total {{total:.3f}}")
"""
SYBIL_CONFTEST = """\
from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser

pytest_collect_file = Sybil(parsers=[PythonCodeBlockParser()], patterns=["*.md"]).pytest()
"""


def make_blog(root: Path, posts: int, blocks: int) -> None:
    """A blog whose posts hold runnable blocks with correct output fences."""
    (root / "posts").mkdir(parents=True)
    (root / "byline.toml").write_text('[site]\ntitle = "bench"\n', encoding="utf-8")
    for p in range(posts):
        parts = [f"---\ntitle: Post {p}\n---\n\n# Post {p}\n\nSome prose before the code.\n"]
        for n in range(blocks):
            code = BLOCK.format(seed=p, size=200 + 10 * n, n=n)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(code, {})
            parts.append(f"\n```python\n{code}```\n\n```output\n{out.getvalue()}```\n")
        (root / "posts" / f"post-{p:03d}.md").write_text("".join(parts), encoding="utf-8")
    (root / "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider\n", "utf-8")


def timed(argv: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds of the children, exit status."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def measure(
    argv: list[str], cwd: Path, repeats: int, setup: Path | None = None
) -> dict[str, float]:
    """Median wall and CPU over ``repeats`` runs after one warm-up."""
    if setup is not None:
        (cwd / "conftest.py").write_text(setup.read_text("utf-8"), "utf-8")
    timed(argv, cwd)
    runs = [timed(argv, cwd) for _ in range(repeats)]
    if setup is not None:
        (cwd / "conftest.py").unlink()
    status = {r[2] for r in runs}
    return {
        "wall": statistics.median(r[0] for r in runs),
        "cpu": statistics.median(r[1] for r in runs),
        "ok": float(status == {0}),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--blocks", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    args = parser.parse_args()
    blocks = args.posts * args.blocks
    with tempfile.TemporaryDirectory(prefix="byline-run-bench-") as tmp:
        root = Path(tmp) / "blog"
        make_blog(root, args.posts, args.blocks)
        sybil_conftest = Path(tmp) / "sybil_conftest.py"
        sybil_conftest.write_text(SYBIL_CONFTEST, "utf-8")
        byline = str(BIN / "byline")
        pytest = [sys.executable, "-m", "pytest", "-q", "posts"]
        rows: dict[str, dict[str, float]] = {
            f"byline run --force (-j {os.cpu_count()})": measure(
                [byline, "run", "--force", "--online"], root, args.repeats
            ),
            "byline run --force --offline": measure(
                [byline, "run", "--force", "--offline"], root, args.repeats
            ),
            "byline run --force -j 1": measure(
                [byline, "run", "--force", "--online", "-j", "1"], root, args.repeats
            ),
            "byline run (all cached)": measure([byline, "run"], root, args.repeats),
        }
        if importlib.util.find_spec("pytest_markdown_docs"):
            rows["pytest --markdown-docs"] = measure(
                [*pytest, "--markdown-docs"], root, args.repeats
            )
        else:
            print("pytest-markdown-docs is not installed: skipped")
        if importlib.util.find_spec("sybil"):
            rows["pytest + Sybil"] = measure(pytest, root, args.repeats, setup=sybil_conftest)
        else:
            print("sybil is not installed: skipped")
    base = next(iter(rows.values()))
    print(f"{args.posts} posts x {args.blocks} blocks = {blocks} blocks, median of {args.repeats}")
    print(f"{'tool':34} {'wall s':>8} {'CPU s':>8} {'ms/block':>9} {'wall vs byline':>15} ok")
    for name, row in rows.items():
        ratio = row["wall"] / base["wall"]
        print(
            f"{name:34} {row['wall']:8.3f} {row['cpu']:8.3f} "
            f"{1000 * row['wall'] / blocks:9.2f} {ratio:14.2f}x {'yes' if row['ok'] else 'NO'}"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r["ok"] for r in rows.values()) else 1


if __name__ == "__main__":
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # byline runs with .pyc files, as installed
    sys.exit(main())
