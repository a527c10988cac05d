"""The four report formats over one model."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

from jsonschema import Draft4Validator

from byline.diagnostics import Diagnostic, Fix, Summary, report_dict
from byline.printable import printable
from byline.report import render
from byline.report.text import summary_line

HERE = Path(__file__).parent

DIAGNOSTICS = [
    Diagnostic("posts/b.md", 3, 5, 3, 9, "prose.hedging", "warning", "'maybe' hedges, a lot."),
    Diagnostic(
        "posts/a.md",
        1,
        1,
        1,
        5,
        "prose.weasel-words",
        "suggestion",
        "'very' adds no: info.",
        fix=Fix(10, 15, "", "remove 'very'"),
    ),
    Diagnostic("posts/a.md", 7, 1, 7, 20, "format.image-alt", "error", "No alt.\n100%"),
]


def summary() -> Summary:
    s = Summary(files=2, words=1234)
    s.count(DIAGNOSTICS)
    s.extra.update({"readability": 45.2, "readability_band": "difficult"})
    return s


def test_text_groups_by_file_with_summary_line() -> None:
    out = render("text", DIAGNOSTICS, summary())
    assert out == (
        "posts/a.md:1:1 suggestion prose.weasel-words 'very' adds no: info.\n"
        "posts/a.md:7:1 error format.image-alt No alt.\\n100%\n"
        "\n"
        "posts/b.md:3:5 warning prose.hedging 'maybe' hedges, a lot.\n"
        "\n"
        "2 files, 1,234 words: 1 error, 1 warning, 1 suggestion. Readability: 45 (difficult).\n"
    )


def test_text_colour_only_when_asked() -> None:
    assert "\033[" not in render("text", DIAGNOSTICS, summary())
    assert "\033[31merror" in render("text", DIAGNOSTICS, summary(), color=True)


def test_summary_line_without_prose() -> None:
    assert summary_line(Summary(files=1, words=0)) == (
        "1 file, 0 words: 0 errors, 0 warnings, 0 suggestions."
    )


def test_json_is_report_dict() -> None:
    out = json.loads(render("json", DIAGNOSTICS, summary()))
    assert out == report_dict(DIAGNOSTICS, summary())
    assert out["summary"]["readability_band"] == "difficult"


def test_github_annotations_are_escaped() -> None:
    lines = render("github", DIAGNOSTICS, summary()).splitlines()
    assert lines[0] == (
        "::notice file=posts/a.md,line=1,col=1,endLine=1,endColumn=5,"
        "title=prose.weasel-words::'very' adds no: info."
    )
    assert lines[1] == (
        "::error file=posts/a.md,line=7,col=1,endLine=7,endColumn=20,"
        "title=format.image-alt::No alt.%0A100%25"
    )
    assert lines[-1].startswith("2 files, 1,234 words")


def test_sarif_is_valid_against_the_official_schema() -> None:
    schema = json.loads((HERE / "sarif-schema-2.1.0.json").read_text("utf-8"))
    log = json.loads(render("sarif", DIAGNOSTICS, summary(), rule_help={"prose.hedging": "Why."}))
    Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [
        "format.image-alt",
        "prose.hedging",
        "prose.weasel-words",
    ]
    assert [r["level"] for r in run["results"]] == ["note", "error", "warning"]
    assert run["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"][0] == {
        "deletedRegion": {"charOffset": 10, "charLength": 5},
        "insertedContent": {"text": ""},
    }


HOSTILE = [
    Diagnostic(
        "posts/bad\n::add-mask::x\x1b.md",
        2,
        1,
        2,
        9,
        "structure.title-promise",
        "warning",
        "'Thoughts on \x1b[31mRED\x1b[0m \x1b]0;pwned\x07\u2028\x85' promises nothing.",
    )
]


def test_github_annotations_carry_no_control_character() -> None:
    lines = render("github", HOSTILE, summary()).splitlines()
    assert lines[0] == (
        "::warning file=posts/bad%0A%3A%3Aadd-mask%3A%3Ax\\x1b.md,line=2,col=1,endLine=2,"
        "endColumn=9,title=structure.title-promise::'Thoughts on \\x1b[31mRED\\x1b[0m "
        "\\x1b]0;pwned\\x07\\u2028\\x85' promises nothing."
    )


def test_json_prints_no_control_character_and_keeps_the_values() -> None:
    out = render("json", HOSTILE, summary())
    assert printable(out.replace("\n", "")) == out.replace("\n", "")
    assert json.loads(out)["diagnostics"][0]["message"] == HOSTILE[0].message


def test_text_shows_control_characters_from_posts_as_escapes() -> None:
    out = render("text", HOSTILE, summary()).splitlines()[0]
    assert out == (
        "posts/bad\\n::add-mask::x\\x1b.md:2:1 warning structure.title-promise "
        "'Thoughts on \\x1b[31mRED\\x1b[0m \\x1b]0;pwned\\x07\\u2028\\x85' promises nothing."
    )
    coloured = render("text", HOSTILE, summary(), color=True).splitlines()[0]
    assert coloured.endswith(
        " \\x1b[31mRED\\x1b[0m \\x1b]0;pwned\\x07\\u2028\\x85' promises nothing."
    )
    assert coloured.startswith("\033[1mposts/bad\\n::add-mask::x\\x1b.md:2:1\033[0m ")


def test_sarif_uris_are_percent_encoded() -> None:
    path = "posts/weird-é-ü-名前 %,:;\"'\\.md"
    weird = Diagnostic(path, 1, 1, 1, 2, "prose.hedging", "warning", "x", fix=Fix(0, 1, "", "y"))
    log = json.loads(render("sarif", [weird], summary(), rule_help={}))
    schema = json.loads((HERE / "sarif-schema-2.1.0.json").read_text("utf-8"))
    Draft4Validator(schema).validate(log)
    result = log["runs"][0]["results"][0]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == ("posts/weird-%C3%A9-%C3%BC-%E5%90%8D%E5%89%8D%20%25%2C%3A%3B%22%27%5C.md")
    assert re.fullmatch(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*", uri)
    assert unquote(uri) == path
    assert result["fixes"][0]["artifactChanges"][0]["artifactLocation"]["uri"] == uri
