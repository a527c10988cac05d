"""Front matter ignores and inline byline-disable / byline-enable comments."""

from __future__ import annotations

import pytest

from byline.checks.engine import check_document
from byline.checks.ruleset import build_ruleset
from byline.config import CheckConfig
from byline.content.parse import parse
from byline.errors import InputError

RULES = build_ruleset(CheckConfig(), only=["prose.weasel-words", "prose.hedging"])


def rules_at(text: str) -> list[tuple[str, int]]:
    result = check_document(parse(text, "posts/a.md"), RULES, RULES.ids)
    return [(d.rule, d.line) for d in result.diagnostics]


def test_inline_disable_enable_and_next_line() -> None:
    text = (
        "It is very good.\n\n"
        "<!-- byline-disable prose.weasel-words -->\n\n"
        "It is very good. Maybe.\n\n"
        "<!-- byline-enable prose.weasel-words -->\n\n"
        "It is very good.\n\n"
        "<!-- byline-disable-next-line prose -->\n"
        "It is very good. Maybe.\n"
    )
    assert rules_at(text) == [
        ("prose.weasel-words", 1),
        ("prose.hedging", 5),
        ("prose.weasel-words", 9),
    ]


def test_disable_without_rule_covers_everything_to_the_end() -> None:
    assert rules_at("Maybe.\n\n<!-- byline-disable -->\n\nIt is very good. Maybe.\n") == [
        ("prose.hedging", 1)
    ]


def test_front_matter_ignore() -> None:
    text = "---\ntitle: T\ncheck: {ignore: [prose.hedging]}\n---\nIt is very good. Maybe.\n"
    assert rules_at(text) == [("prose.weasel-words", 5)]


def test_a_rule_name_is_never_answered_with_a_family_name() -> None:
    """'prose.nope' is not a misspelt 'prose': with nothing close among the rules, the
    message lists the family's rules instead of suggesting the family."""
    with pytest.raises(InputError) as info:
        rules_at("Text.\n\n<!-- byline-disable prose.nope -->\n")
    message = str(info.value)
    assert message.startswith("posts/a.md:3: unknown rule 'prose.nope'. The prose rules are ")
    assert "Did you mean 'prose'?" not in message
    assert "prose.hedging, " in message and "prose.weasel-words." in message


def test_unknown_rule_in_comment_names_nearest() -> None:
    with pytest.raises(InputError) as info:
        rules_at("Text.\n\n<!-- byline-disable prose.weasel -->\n")
    assert str(info.value) == (
        "posts/a.md:3: unknown rule 'prose.weasel'. Did you mean 'prose.weasel-words'? "
        "Run 'byline check --list-rules' to see them all."
    )


def test_other_parts_of_byline_may_be_named() -> None:
    assert rules_at("<!-- byline-disable code.untested links -->\n\nMaybe.\n") == [
        ("prose.hedging", 3)
    ]


def test_rules_switched_off_may_still_be_named() -> None:
    """A post's comments and ignores stay valid under --only, --skip and severity "off"."""
    text = (
        "---\ntitle: T\ncheck: {ignore: [spelling.typo]}\n---\n"
        "<!-- byline-disable prose.sentence-length -->\n\nIt is very good.\n"
    )
    assert rules_at(text) == [("prose.weasel-words", 7)]


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ("byline-disable ,,,", "'byline-disable ,,,' names no rule"),
        ("byline-disablex prose", "unknown directive 'byline-disablex'"),
        ("BYLINE-DISABLE prose", "unknown directive 'BYLINE-DISABLE'"),
        ("byline-disable-line prose", "unknown directive 'byline-disable-line'"),
    ],
)
def test_a_malformed_directive_is_an_error(comment: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        rules_at(f"Text.\n\n<!-- {comment} -->\n\nIt is very good.\n")
    assert str(info.value).startswith(f"posts/a.md:3: {message}")


def test_comments_that_are_not_directives_are_left_alone() -> None:
    assert rules_at("<!-- byline is great -->\n\n<!-- a note -->\n\nMaybe.\n") == [
        ("prose.hedging", 5)
    ]


def test_every_bad_directive_of_a_post_is_reported_at_once() -> None:
    with pytest.raises(InputError) as info:
        rules_at(
            "<!-- byline-disable prose.weasel -->\n\nText.\n\n<!-- byline-enabel prose -->\n\n"
            "---\n\n<!-- byline-disable-next-line spelling.typos -->\nText.\n"
        )
    assert [p.split(" ", 1)[0] for p in info.value.problems] == [
        "posts/a.md:1:",
        "posts/a.md:5:",
        "posts/a.md:9:",
    ]
