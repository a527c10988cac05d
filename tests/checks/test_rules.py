"""Every rule flags its must-fire examples and passes its must-not-fire ones."""

from __future__ import annotations

import pytest

from byline.checks.engine import check_document
from byline.checks.registry import load_rules
from byline.checks.ruleset import build_ruleset
from byline.config import CheckConfig
from byline.content.parse import parse
from tests.checks.examples import EXAMPLES

RULESET = build_ruleset(CheckConfig())


def findings(text: str, rule: str) -> list[str]:
    doc = parse(text, "posts/example.md")
    result = check_document(doc, RULESET, RULESET.ids)
    return [d.message for d in result.diagnostics if d.rule == rule]


CASES = [(rule, text, True) for rule, (fire, _) in EXAMPLES.items() for text in fire] + [
    (rule, text, False) for rule, (_, ok) in EXAMPLES.items() for text in ok
]


@pytest.mark.parametrize(("rule", "text", "fires"), CASES)
def test_example(rule: str, text: str, fires: bool) -> None:
    found = findings(text, rule)
    assert bool(found) == fires, found


def test_every_rule_has_examples_docstring_and_matching_module() -> None:
    for rule_id, rule in load_rules().items():
        fire, ok = EXAMPLES.get(rule_id, ([], []))
        assert fire and ok, f"{rule_id} needs must-fire and must-not-fire examples"
        assert len(rule.doc.splitlines()) >= 3, f"{rule_id} needs a docstring saying why"
        family, _, name = rule_id.partition(".")
        assert rule.func.__module__.startswith(f"byline.checks.{family}."), rule_id
        assert name and name == name.lower() and " " not in name


def test_examples_only_name_real_rules() -> None:
    assert set(EXAMPLES) <= set(load_rules())
