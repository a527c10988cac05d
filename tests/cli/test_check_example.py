"""The example blog: published posts pass every rule; the draft's planted findings show."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CLI


def test_example_blog(example_blog: Path, cli: CLI) -> None:
    code, _, _ = cli("run")  # without a passing run, code.untested would warn
    assert code == 0
    code, out, err = cli("check", "--format", "json", "--no-cache")
    assert err == ""
    data = json.loads(out)
    published = {
        f"posts/{p.name}"
        for p in (example_blog / "posts").glob("*.md")
        if "\nstatus: published" in p.read_text("utf-8")
    }
    noisy = [d for d in data["diagnostics"] if d["path"] in published]
    assert noisy == []
    assert code in (0, 1)


def test_example_draft_shows_each_deliberate_finding(example_blog: Path, cli: CLI) -> None:
    code, out, _ = cli("check", "--format", "json", "posts/measure-before-chunk-size.md")
    rules = sorted(d["rule"] for d in json.loads(out)["diagnostics"])
    assert rules == [
        "format.image-alt",
        "prose.hedging",
        "prose.jargon-undefined",
        "prose.vague-claim",
        "prose.weasel-words",
    ]
    assert code == 1
