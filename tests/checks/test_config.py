"""``[check.rules."RULE"]`` settings: validated, every problem at once, nearest names."""

from __future__ import annotations

from dataclasses import fields

import pytest

from byline.checks.registry import load_rules
from byline.checks.ruleset import build_ruleset
from byline.config import parse_config
from byline.errors import ConfigError
from byline.schema import convert

TOML = """\
[check.rules."prose.hedge"]
severity = "off"

[check.rules."prose.sentence-length"]
max_word = 30
severity = "loud"

[check.rules."prose.paragraph-length"]
max_words = "many"
"""


def test_every_problem_reported_with_nearest_names() -> None:
    config = parse_config(TOML)
    with pytest.raises(ConfigError) as info:
        build_ruleset(config.check, config_text=TOML)
    assert info.value.problems == [
        "byline.toml:1: unknown rule 'prose.hedge'. Did you mean 'prose.hedging'? "
        "Run 'byline check --list-rules' to see them all.",
        "byline.toml:9: 'check.rules.\"prose.paragraph-length\".max_words' must be a whole "
        "number, not 'many' (text). Fix the value.",
        "byline.toml:6: 'check.rules.\"prose.sentence-length\".severity' must be one of error, "
        "warning, suggestion, off, not 'loud'. Fix the value.",
        "byline.toml:5: unknown setting 'max_word' for rule 'prose.sentence-length'. "
        "Did you mean 'max_words'? Known: severity, max_words, long_words, max_long_share, "
        "target_average, min_sentences.",
    ]


def test_a_rule_id_left_unquoted_is_told_to_quote_it() -> None:
    # [check.rules.prose.hedging] is TOML for a table 'prose' holding a table 'hedging'.
    text = '[site]\ntitle = "x"\n\n[check.rules.prose.hedging]\nseverity = "off"\n'
    config = parse_config(text)
    with pytest.raises(ConfigError) as info:
        build_ruleset(config.check, config_text=text)
    assert info.value.problems == [
        "byline.toml:4: [check.rules.prose.hedging] names rule 'prose' (TOML reads the dots "
        'as tables). Quote the rule id: [check.rules."prose.hedging"].'
    ]


def test_settings_severity_off_only_and_skip() -> None:
    text = """\
[check.rules."prose.weasel-words"]
severity = "error"
extra = ["just"]

[check.rules."prose.hedging"]
severity = "off"
"""
    rules = build_ruleset(parse_config(text).check, config_text=text)
    weasel = next(a for a in rules.rules if a.rule.id == "prose.weasel-words")
    assert weasel.settings.severity == "error"
    assert weasel.settings.extra == ("just",)  # type: ignore[attr-defined]
    assert weasel.severity_set
    assert "prose.hedging" not in rules.ids
    only = build_ruleset(parse_config("").check, only=["prose"], skip=["prose.readability"])
    assert all(r.startswith("prose.") for r in only.ids)
    assert "prose.readability" not in only.ids


def test_unknown_only_names_nearest() -> None:
    with pytest.raises(ConfigError) as info:
        build_ruleset(parse_config("").check, only=["spelling.typos"])
    assert str(info.value) == (
        "--only/--skip: unknown rule 'spelling.typos'. Did you mean 'spelling.typo'? "
        "Run 'byline check --list-rules' to see them all."
    )


def test_fingerprint_changes_with_settings() -> None:
    a = build_ruleset(parse_config("").check)
    text = '[check.rules."prose.sentence-length"]\nmax_words = 30\n'
    b = build_ruleset(parse_config(text).check, config_text=text)
    assert a.fingerprint != b.fingerprint


def test_every_rules_defaults_are_valid_settings() -> None:
    for rule in load_rules().values():
        base = rule.default_settings()
        assert (
            convert({f.name: getattr(base, f.name) for f in fields(base)}, rule.settings_type)
            == base
        )


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        build_ruleset(parse_config(text).check, config_text=text)
    return info.value.problems


def test_a_rules_pattern_must_be_a_regular_expression() -> None:
    text = """\
[check.rules."structure.hook"]
pattern = "("

[check.rules."structure.title-promise"]
patterns = ["^thoughts on", "a{99999999999}"]
"""
    assert problems(text) == [
        "byline.toml:2: 'check.rules.\"structure.hook\".pattern' pattern '(' is not a valid "
        "regular expression (missing ), unterminated subpattern at position 0): escape '.', "
        "'?', '+' and '(' with a backslash. Fix the value.",
        "byline.toml:5: 'check.rules.\"structure.title-promise\".patterns.1' pattern "
        "'a{99999999999}' is not a valid regular expression (the repetition number is too "
        "large): escape '.', '?', '+' and '(' with a backslash. Fix the value.",
    ]


def test_counts_limits_and_shares_are_bounded() -> None:
    text = """\
[check.rules."prose.passive-voice"]
max_share = -1
examples = 0

[check.rules."prose.vague-claim"]
window = -1

[check.rules."prose.same-start"]
run = 1

[check.rules."prose.sentence-length"]
max_words = 0
max_long_share = 1.5
"""
    assert problems(text) == [
        "byline.toml:2: 'check.rules.\"prose.passive-voice\".max_share' must be at least 0, "
        "not -1. Fix the value.",
        "byline.toml:3: 'check.rules.\"prose.passive-voice\".examples' must be at least 1, "
        "not 0. Fix the value.",
        "byline.toml:9: 'check.rules.\"prose.same-start\".run' must be at least 2, not 1. "
        "Fix the value.",
        "byline.toml:12: 'check.rules.\"prose.sentence-length\".max_words' must be at least 1, "
        "not 0. Fix the value.",
        "byline.toml:13: 'check.rules.\"prose.sentence-length\".max_long_share' must be at "
        "most 1, not 1.5. Fix the value.",
        "byline.toml:6: 'check.rules.\"prose.vague-claim\".window' must be at least 0, not -1. "
        "Fix the value.",
    ]


def test_an_empty_phrase_or_pattern_is_refused() -> None:
    # An empty phrase is found between every two letters: hundreds of findings per post.
    text = """\
[check.rules."prose.hedging"]
extra = ["kind of", " "]

[check.rules."structure.title-promise"]
patterns = [""]
"""
    assert problems(text) == [
        "byline.toml:2: 'check.rules.\"prose.hedging\".extra.1' must be a word or phrase, not "
        "empty (it would be found everywhere): remove it. Fix the value.",
        "byline.toml:5: 'check.rules.\"structure.title-promise\".patterns.0' pattern '' is "
        "empty, which matches everything: remove it. Fix the value.",
    ]


def test_a_phrase_written_as_a_regular_expression_must_be_one() -> None:
    # An entry starting with 're:' is compiled as a regular expression with the rest.
    text = """\
[check.rules."prose.throat-clearing"]
extra = ["re:let(", "re:"]
"""
    assert problems(text) == [
        "byline.toml:2: 'check.rules.\"prose.throat-clearing\".extra.0' pattern 'let(' is not "
        "a valid regular expression (missing ), unterminated subpattern at position 3): escape "
        "'.', '?', '+' and '(' with a backslash. Fix the value.",
        "byline.toml:2: 'check.rules.\"prose.throat-clearing\".extra.1' pattern '' is empty, "
        "which matches everything: remove it. Fix the value.",
    ]


def test_a_rules_vocabulary_is_sent_to_check_vocabulary() -> None:
    # byline fills a rule's vocabulary from [check] vocabulary and vocabulary.txt: a value
    # written here was replaced without a word, and 'Known:' listed it as a setting.
    text = """\
[check.rules."spelling.typo"]
vocabulary = ["pgvector"]

[check.rules."prose.jargon-undefined"]
vocabulari = ["LLM"]
"""
    assert problems(text) == [
        "byline.toml:5: unknown setting 'vocabulari' for rule 'prose.jargon-undefined'. "
        "Known: severity, allow, extra.",
        "byline.toml:2: 'check.rules.\"spelling.typo\".vocabulary' is set by byline. Put the "
        "words in [check] vocabulary (or vocabulary.txt in the blog folder), which every rule "
        "reads.",
    ]


def test_an_empty_outline_note_word_is_refused() -> None:
    # "" is in every text: every outline would pass its "note of the code" check.
    assert problems('[check.rules."structure.outline"]\nneeds_words = ["code", ""]\n') == [
        "byline.toml:2: 'check.rules.\"structure.outline\".needs_words.1' must be a word or "
        "phrase, not empty (it would be found everywhere): remove it. Fix the value."
    ]
