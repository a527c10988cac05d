"""Each part of a rule that the checker's brief lists, by its exact message.

``examples.py`` shows that every rule fires; these show which part of it fired, so a
rule that loses one of its checks (the post-level sentence share, a table too wide for
a phone, the stuffing side of keyword density) fails here.
"""

from __future__ import annotations

import warnings

import pytest

from byline.checks.engine import check_document
from byline.checks.ruleset import build_ruleset
from byline.config import CheckConfig, parse_config
from byline.content.parse import parse
from tests.checks.examples import TUTORIAL_BODY, post

RULESET = build_ruleset(CheckConfig())
LONG = "Word " + " ".join(["word"] * 29) + "."
TUTORIAL_PARTS = TUTORIAL_BODY.split("\n## ")
SWAPPED = "\n## ".join(
    [TUTORIAL_PARTS[0], TUTORIAL_PARTS[2], TUTORIAL_PARTS[1], *TUTORIAL_PARTS[3:]]
)
TABLE = (
    "| "
    + " | ".join(f"c{i}" for i in range(8))
    + " |\n|"
    + "---|" * 8
    + "\n| "
    + " | ".join("1" for _ in range(8))
    + " |\n"
)
OUTLINE = "\n".join(f"## Part {n}\n\n- point one\n- point two\n" for n in range(8))


def messages(text: str, rule: str) -> list[str]:
    doc = parse(text, "posts/example.md")
    result = check_document(doc, RULESET, RULESET.ids)
    return [
        f"{d.line}:{d.column} {d.severity} {d.message}"
        for d in result.diagnostics
        if d.rule == rule
    ]


CASES = [
    (
        "format.code-language",
        "```\n$ pip install torch\n```\n\n```\nx := 1\n```\n",
        [
            "1:1 warning This code block has no language. It looks like console: open the fence "
            "with ```console.",
            "5:1 warning This code block has no language. Add one after the fence, e.g. ```python.",
        ],
    ),
    (
        "prose.sentence-length",
        " ".join([LONG] * 8 + ["Short one here."] * 4),
        [
            "1:1 suggestion 67% of this post's sentences have more than 25 words (average 21.0). "
            "Split the longest; aim for an average of 15-20."
        ],
    ),
    (
        "prose.paragraph-length",
        " ".join(["word"] * 160) + ".",
        [
            "1:1 suggestion This paragraph has 1 sentence and 160 words. Split it "
            "(at most 8 sentences, 150 words)."
        ],
    ),
    (
        "structure.template",
        post(SWAPPED),
        [
            "15:1 warning 'Prerequisites' comes too late: the tutorial template puts it earlier. "
            "Move the section up."
        ],
    ),
    (
        "structure.template",
        post(TUTORIAL_BODY.replace("## Troubleshooting", "## Other")),
        [
            "6:1 warning The tutorial template's section 'Troubleshooting' is missing. Add an H2 "
            "'## Troubleshooting': The errors readers will hit and how to fix each one."
        ],
    ),
    (
        "structure.template",
        post(TUTORIAL_BODY.replace("## Prerequisites\n\n", "## Prerequisites\n\n" + "word " * 300)),
        [
            "19:1 suggestion 'Prerequisites' has 375 words; its budget is 50-100. It is too long: "
            "Tools, versions and knowledge needed, with install commands."
        ],
    ),
    (
        "structure.template",
        post(TUTORIAL_BODY.replace("## Prerequisites\n\n", "## Prerequisites\n\nOne.\n\n## X\n\n")),
        [
            "19:1 suggestion 'Prerequisites' has 1 word; its budget is 50-100. It is too short: "
            "Tools, versions and knowledge needed, with install commands."
        ],
    ),
    (
        "format.mobile",
        TABLE,
        [
            "1:1 suggestion This table has 8 columns. Split it or transpose it (at most 6 fit a phone)."
        ],
    ),
    (
        "format.mobile",
        # U+2028 and a form feed are not line breaks in a file: the long line is line 3
        '```python\nx = "a\u2028b\fc"\ny = ' + "1 + " * 40 + "1\n```\n",
        [
            "3:1 suggestion This code line has 165 characters. Wrap it at 120 or fewer so it reads on a phone."
        ],
    ),
    (
        "format.heading-levels",
        post("## Setup\n\n#### Details\n"),
        ["15:1 warning This H4 skips a level after an H2. Make it an H3."],
    ),
    (
        "format.heading-levels",
        post("# Fine-tune Llama 3\n\n## Setup\n"),
        [
            "13:1 warning This post has an H1 heading, but the title is already the page's H1. "
            "Make the sections H2 and their subsections H3."
        ],
    ),
    (
        "format.heading-levels",
        "# One\n\ntext\n\n# Two\n",
        [
            "5:1 warning This post has 2 H1 headings but only the title should be an H1. "
            "Make the sections H2 and their subsections H3."
        ],
    ),
    (
        "format.heading-levels",
        "## \n",
        ["1:1 warning This heading is empty. Give it text or remove it."],
    ),
    (
        "seo.keyword-density",
        post(" ".join(["Adapters train fast."] * 600) + " LoRA is one."),
        [
            "8:1 warning The keyword 'LoRA' appears in 1 sentence; a post of 1,803 words needs "
            "about 2. Use it where it fits naturally."
        ],
    ),
    (
        "seo.keyword-density",
        post(" ".join(["LoRA trains fast."] * 80)),
        [
            "8:1 warning The keyword 'LoRA' appears in 80 sentences (34.4 % adjusted density). "
            "Above 3 % reads as stuffing; vary the wording."
        ],
    ),
    (
        "seo.length",
        post("Short."),
        ["12:1 suggestion The post has 1 word; a tutorial needs about 855 to cover its topic."],
    ),
    (
        "structure.thesis",
        post("Body.", thesis='"' + " ".join(["word"] * 45) + '"'),
        [
            "7:1 warning The thesis has 1 sentence and 45 words. Say the point in one sentence "
            "of at most 40 words."
        ],
    ),
    (
        "structure.outline",
        post(
            "## Only one\n\n- a point\n\n## Notes\n\n- Code: the training loop\n", status="outline"
        ),
        [
            "5:1 warning The outline has 1 section. Plan 5-8 H2 sections.",
            "13:1 warning 'Only one' has 1 bullet. Give it 2-3 bullets: the points it makes.",
        ],
    ),
    (
        "structure.outline",
        post(OUTLINE + "\n## Notes\n\n- Code: the training loop\n", status="outline"),
        [],
    ),
    (
        "structure.outline",
        post(
            OUTLINE
            + "\n## Extra\n\n- Benchmark setup\n- Benchmark results\n\n## Notes\n\n- Code: loop\n",
            status="outline",
        ),
        ["5:1 warning The outline has 9 sections. Plan 5-8 H2 sections."],
    ),
    (
        "structure.outline",
        post(OUTLINE, status="outline", thesis='""'),
        [
            "5:1 warning The outline has no thesis. Add 'thesis:' in one sentence.",
            "5:1 warning The outline does not say which code or diagrams the post needs. Add a "
            "bullet such as 'Code: training loop' or 'Diagram: data flow'.",
        ],
    ),
    (
        "prose.readability",
        " ".join(
            ["Heterogeneous computational infrastructures necessitate sophisticated orchestration."]
            * 3
        ),
        [
            "1:1 suggestion Reading ease is 0 (very difficult). Use shorter sentences and plainer "
            "words to reach at least 30."
        ],
    ),
    (
        "spelling.typo",
        "We recieve the batch. The trainig loop is short.",
        [
            "1:4 warning 'recieve' is misspelled. Write 'receive'.",
            "1:27 suggestion 'trainig' may be misspelled. Did you mean 'training'? "
            "If not, add it to vocabulary.txt.",
        ],
    ),
    ("structure.limitations", post("Text.", type="tutorial"), []),
    (
        "structure.limitations",
        post("| a | b |\n|---|---|\n| 1 | 2 |\n", type="comparison"),
        [
            "6:1 warning This comparison never says where the approach does not work. Add a "
            "'Limitations' section: when it fails, at what scale, under which assumptions."
        ],
    ),
]


@pytest.mark.parametrize(("rule", "text", "expected"), CASES)
def test_rule_part(rule: str, text: str, expected: list[str]) -> None:
    assert messages(text, rule) == expected


def test_guessing_a_code_blocks_language_prints_no_python_warning() -> None:
    # Parsing the block as Python printed Python's own SyntaxWarning for odd literals
    # ("<unknown>:2: SyntaxWarning: invalid decimal literal") under byline check's output.
    from byline.checks.format.code import detect_language

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert detect_language("import os\nx = 1if os else 2\n") == "python"
    assert [str(w.message) for w in caught] == []


def test_an_outline_note_word_is_a_word_not_a_pattern() -> None:
    # needs_words were pasted into a regular expression as they are: "(gpu" raised re.error.
    config = parse_config('[check.rules."structure.outline"]\nneeds_words = ["(gpu", "c++"]\n')
    ruleset = build_ruleset(config.check)
    noted = post(OUTLINE + "\n## Notes\n\n- C++: the kernel\n", status="outline")
    unnoted = post(OUTLINE, status="outline")
    found = [
        [
            d.message
            for d in check_document(parse(text, "posts/o.md"), ruleset, ruleset.ids).diagnostics
            if d.rule == "structure.outline"
        ]
        for text in (noted, unnoted)
    ]
    assert found[0] == []
    assert found[1] == [
        "The outline does not say which code or diagrams the post needs. Add a bullet such as "
        "'Code: training loop' or 'Diagram: data flow'."
    ]
