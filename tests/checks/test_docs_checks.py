"""docs/checks.md describes every rule."""

from __future__ import annotations

from pathlib import Path

from byline.checks.registry import load_rules, setting_names

DOC = Path(__file__).resolve().parents[2] / "docs" / "checks.md"

SET_BY_BYLINE = {"severity", "vocabulary"}
"""Settings every rule has (severity) or byline fills in ([check] vocabulary)."""


def _rows(rule_id: str) -> list[str]:
    return [
        line for line in DOC.read_text("utf-8").splitlines() if line.startswith(f"| `{rule_id}` |")
    ]


def test_every_rule_is_documented() -> None:
    text = DOC.read_text("utf-8")
    for rule_id in load_rules():
        assert f"| `{rule_id}` |" in text, rule_id


def test_the_rules_table_shows_each_rules_default_severity_and_summary() -> None:
    for rule_id, rule in load_rules().items():
        cells = _rows(rule_id)[0].split(" | ")
        assert cells[1:3] == [rule.severity, rule.summary], rule_id


def test_every_setting_of_a_rule_is_named_in_its_row() -> None:
    # The family tables (or, for spelling, its section) name each setting a rule takes.
    text = DOC.read_text("utf-8")
    spelling = text.split("### Spelling", 1)[1].split("\n## ", 1)[0]
    missing = []
    for rule_id, rule in load_rules().items():
        described = spelling if rule_id == "spelling.typo" else _rows(rule_id)[-1]
        for name in setting_names(rule.settings_type):
            if name not in SET_BY_BYLINE and f"`{name}`" not in described:
                missing.append(f"{rule_id}: {name}")
    assert missing == []
