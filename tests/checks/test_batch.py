"""The check result cache: what its key covers."""

from __future__ import annotations

import pytest

import byline.checks.batch
from byline.checks.batch import _cache_key
from byline.checks.ruleset import build_ruleset
from byline.config import CheckConfig
from byline.content.parse import parse


def test_an_edited_rule_or_parser_module_changes_the_cache_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doc = parse("---\ntitle: T\n---\nText.\n")
    rules = build_ruleset(CheckConfig())
    asked: list[tuple[str, ...]] = []

    def stamp(*packages: str) -> str:
        asked.append(packages)
        return f"code {len(asked)}"

    monkeypatch.setattr(byline.checks.batch, "source_stamp", stamp)
    assert _cache_key(doc, rules) != _cache_key(doc, rules)
    assert asked == [("checks", "content", "templates")] * 2


def test_another_english_word_list_changes_the_cache_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Upgrading pyspellchecker changes spelling.typo's findings while byline's version stays
    the same: a result found with the old list must not answer for the new one."""
    doc = parse("---\ntitle: T\n---\nText.\n")
    rules = build_ruleset(CheckConfig())
    lists = iter(["old list", "new list"])
    monkeypatch.setattr(byline.checks.batch, "word_list_stamp", lambda: next(lists))
    assert _cache_key(doc, rules) != _cache_key(doc, rules)
