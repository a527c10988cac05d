"""The example blog's code runs green: what ``make demo`` shows."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CLI


def test_example_blog_runs_green(example_blog: Path, cli: CLI) -> None:
    code, out, err = cli("run", "--json")
    assert (code, err) == (0, ""), out
    report = json.loads(out)
    assert report["diagnostics"] == []
    posts = {p["path"]: p for p in report["posts"]}
    tutorial = posts["posts/bm25-retriever-python.md"]
    assert tutorial["failed"] == 0
    assert tutorial["passed"] >= 10
    assert report["summary"]["failed"] == 0
