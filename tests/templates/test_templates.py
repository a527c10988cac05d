"""The six post templates: sections, budgets, prompts."""

from __future__ import annotations

import pytest

from byline.content.post import POST_TYPES
from byline.templates import load_template, templates

TUTORIAL_BUDGETS = [
    ("The problem", 100, 150),
    ("Prerequisites", 50, 100),
    ("Architecture overview", 100, 200),
    ("Step-by-step implementation", 800, 1500),
    ("Results", 200, 300),
    ("Troubleshooting", 100, 200),
    ("Next steps", 75, 125),
]


def test_every_type_has_a_template() -> None:
    assert [t.type for t in templates()] == list(POST_TYPES)


def test_tutorial_budgets_follow_the_classic_structure() -> None:
    tutorial = load_template("tutorial")
    assert [(s.title, s.min, s.max) for s in tutorial.sections] == TUTORIAL_BUDGETS
    assert "diagram" in tutorial.sections[2].needs


def test_til_is_300_to_500_words() -> None:
    til = load_template("til")
    assert (til.min_words, til.max_words) == (300, 500)


def test_comparison_details_cover_the_five_criteria() -> None:
    detailed = load_template("comparison").sections[2]
    assert detailed.subsections == ("Setup", "Performance", "Features", "Ecosystem", "Cost")


@pytest.mark.parametrize("post_type", POST_TYPES)
def test_sections_are_well_formed(post_type: str) -> None:
    template = load_template(post_type)  # type: ignore[arg-type]
    assert 3 <= len(template.sections) <= 8
    for section in template.sections:
        assert 0 < section.min < section.max
        assert section.prompt.endswith(".")
        assert section.title.lower() in section.aliases or section.aliases


def test_docs_show_every_budget() -> None:
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "templates.md").read_text("utf-8")
    for template in templates():
        assert f"Total: {template.min_words}-{template.max_words} words." in docs
        for s in template.sections:
            assert f"| {s.title} | {s.min}-{s.max} | {s.prompt}" in docs
