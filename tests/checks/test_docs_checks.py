"""docs/checks.md describes every rule."""

from __future__ import annotations

from pathlib import Path

from byline.checks.registry import load_rules

DOC = Path(__file__).resolve().parents[2] / "docs" / "checks.md"


def test_every_rule_is_documented() -> None:
    text = DOC.read_text("utf-8")
    for rule_id in load_rules():
        assert f"| `{rule_id}` |" in text, rule_id
