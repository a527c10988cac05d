"""Front matter: every bad input gets one clear message with its line."""

from __future__ import annotations

import datetime as dt

import pytest

from byline.content.parse import parse
from byline.content.post import decode_source
from byline.errors import InputError

_DATE_FORMS = "Use YYYY-MM-DD, or a date and time such as 2026-01-01 09:30 or 2026-01-01T09:30:00Z."


def error_of(source: str) -> str:
    with pytest.raises(InputError) as info:
        parse(source, "posts/p.md")
    return str(info.value)


def test_fields_are_typed() -> None:
    doc = parse(
        "---\ntitle: LoRA on one GPU\ndate: 2026-03-01\nupdated: '2026-04-02'\nstatus: published\n"
        "type: tutorial\ntags: [lora, fine-tuning]\nkeywords: a, b\naudience: product\n"
        "check: {ignore: [prose.hedging]}\nenv: [HF_TOKEN]\nfiles: [data.csv]\nexcerpt: kept\n---\n",
        "posts/p.md",
    )
    fm = doc.front_matter
    assert fm.title == "LoRA on one GPU"
    assert fm.date == dt.date(2026, 3, 1)
    assert fm.updated == dt.date(2026, 4, 2)
    assert (fm.status, fm.type, fm.audience) == ("published", "tutorial", "product")
    assert fm.tags == ("lora", "fine-tuning")
    assert fm.keywords == ("a", "b")
    assert fm.check_ignore == ("prose.hedging",)
    assert (fm.env, fm.files) == (("HF_TOKEN",), ("data.csv",))
    assert fm.extra == {"excerpt": "kept"}
    assert doc.slug == "p"


def test_missing_closing_fence() -> None:
    assert error_of("---\ntitle: x\n\nBody\n") == (
        "posts/p.md:1: front matter has no closing '---'. Add '---' after the last field."
    )


def test_broken_yaml_names_the_line() -> None:
    assert error_of("---\ntitle: ok\ndescription: a: b: c\n---\n") == (
        "posts/p.md:3: front matter is not valid YAML (mapping values are not allowed in this context). "
        "Check the quoting and indentation on this line; quote values that contain ': '."
    )


def test_unknown_type_suggests_the_nearest() -> None:
    assert error_of("---\ntitle: x\ntype: tutorail\n---\n") == (
        "posts/p.md:3: unknown type 'tutorail'. Did you mean 'tutorial'? "
        "Use one of: tutorial, deep-dive, comparison, paper-summary, opinion, til."
    )


def test_unknown_status() -> None:
    assert error_of("---\ntitle: x\nstatus: done\n---\n") == (
        "posts/p.md:3: unknown status 'done'. "
        "Use one of: idea, outline, draft, review, ready, published."
    )


def test_bad_date() -> None:
    assert error_of("---\ntitle: x\n\ndate: 2026-13-45\n---\n") == (
        f"posts/p.md:4: 'date' is not a valid date: '2026-13-45'. {_DATE_FORMS}"
    )


def test_front_matter_must_be_a_mapping() -> None:
    assert error_of("---\n- a\n- b\n---\n") == (
        "posts/p.md:2: front matter must be a mapping of 'field: value' lines. "
        "Write one field per line, such as 'title: My post'."
    )


def test_wrong_kind_of_value() -> None:
    assert error_of("---\ntitle: [a, b]\n---\n") == (
        "posts/p.md:2: 'title' must be text, not a list. Write it on one line."
    )


def test_non_utf8_names_line_and_byte() -> None:
    with pytest.raises(InputError) as info:
        decode_source(b"---\ntitle: x\n---\n\ncaf\xe9 au lait\n", "posts/p.md")
    assert str(info.value) == (
        "posts/p.md:5: is not valid UTF-8 (byte 0xe9 at column 4). Save the file as UTF-8."
    )


def test_bom_is_dropped() -> None:
    assert decode_source("\ufeff---\n".encode(), "p.md") == "---\n"


def test_no_front_matter_is_fine() -> None:
    doc = parse("# Title\n\nText.\n", "README.md")
    assert doc.title == "Title"
    assert doc.front_matter.status == "draft"


def test_unclosed_quote_or_bracket_names_the_line_that_opens_it() -> None:
    assert error_of('---\ntitle: "Bad yaml\nstatus: draft\n---\n') == (
        "posts/p.md:2: front matter is not valid YAML (a quoted value starts on this line "
        "and is never closed). Close the quote, or remove it."
    )
    assert error_of("---\ntitle: x\ntags: [a, b\nstatus: draft\n---\n") == (
        "posts/p.md:3: front matter is not valid YAML (a '[' list starts on this line "
        "and is never closed). Close it with ']'."
    )
    assert error_of("---\ncheck: {ignore: [seo]\nstatus: draft\n---\n") == (
        "posts/p.md:2: front matter is not valid YAML (a '{' mapping starts on this line "
        "and is never closed). Close it with '}'."
    )


def test_a_bad_value_inside_brackets_is_not_called_unclosed() -> None:
    assert error_of("---\ntags: [x, y: z: w]\n---\n") == (
        "posts/p.md:2: front matter is not valid YAML (did not find expected ',' or ']'). "
        "Check the quoting and indentation on this line; quote values that contain ': '."
    )


def test_every_field_problem_is_reported_at_once() -> None:
    with pytest.raises(InputError) as info:
        parse("---\ntitle: x\ntype: tutorail\ndate: 2026-13-45\nstatus: done\n---\n", "posts/p.md")
    error = info.value
    assert error.line == 3  # the first problem locates the error
    assert str(error).splitlines() == [
        "posts/p.md:3: unknown type 'tutorail'. Did you mean 'tutorial'? "
        "Use one of: tutorial, deep-dive, comparison, paper-summary, opinion, til.",
        f"posts/p.md:4: 'date' is not a valid date: '2026-13-45'. {_DATE_FORMS}",
        "posts/p.md:5: unknown status 'done'. "
        "Use one of: idea, outline, draft, review, ready, published.",
    ]
    assert len(error.problems) == 3


def test_nul_bytes_mean_the_file_is_not_text() -> None:
    data = b"---\ntitle: x\n---\n\nSome text\x00\x00 more\n"
    with pytest.raises(InputError) as info:
        decode_source(data, "posts/p.md")
    assert str(info.value) == (
        "posts/p.md:5: contains NUL bytes (column 10), so it is not a text file. "
        "Save the post as UTF-8 text."
    )


def test_check_names_the_key_it_does_not_know() -> None:
    assert error_of("---\ncheck: {bogus: 1}\n---\n") == (
        "posts/p.md:2: unknown key 'bogus' in 'check'. It takes one key, 'ignore', "
        "such as check: {ignore: [prose.passive-voice]}."
    )
    assert error_of("---\ncheck: [seo]\n---\n") == (
        "posts/p.md:2: 'check' must be a mapping like {ignore: [prose.passive-voice]}."
    )


def test_a_field_given_twice_is_an_error() -> None:
    """YAML keeps the last of two equal keys, so the first would be lost without a word."""
    assert error_of("---\ntitle: A\ntags: [rag]\nstatus: draft\ntags: [llm]\n---\n") == (
        "posts/p.md:5: 'tags' is given twice (first on line 3); byline would keep only "
        "this one. Merge them into one line."
    )


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.domain)", "jav\\tascript:x", "dev.to/ada/x", "ftp://x.dev/"]
)
def test_a_canonical_url_must_be_a_web_address(url: str) -> None:
    assert error_of(f'---\ntitle: x\ncanonical_url: "{url}"\n---\n') == (
        f"posts/p.md:3: 'canonical_url' must be an http(s) URL such as "
        f"'https://dev.to/jane/my-post', not {url.replace(chr(92) + 't', chr(9))!r}."
    )


@pytest.mark.parametrize("image", ["javascript:alert(1)", "data:image/png;base64,AA", "C:/x.png"])
def test_an_image_must_be_a_path_or_a_web_address(image: str) -> None:
    assert error_of(f'---\ntitle: x\nimage: "{image}"\n---\n') == (
        f"posts/p.md:3: 'image' must be a path such as '/images/card.png' or an http(s) URL, "
        f"not '{image}'."
    )


def test_usual_canonical_urls_and_images_are_fine() -> None:
    fm = parse(
        "---\ntitle: x\ncanonical_url: https://dev.to/ada/x\nimage: /images/card.png\n---\n",
        "posts/p.md",
    ).front_matter
    assert (fm.canonical_url, fm.image) == ("https://dev.to/ada/x", "/images/card.png")
    fm = parse("---\nimage: HTTPS://cdn.dev/card.png\n---\n", "posts/p.md").front_matter
    assert fm.image == "HTTPS://cdn.dev/card.png"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date", "2026-01-01 25:00"),
        ("date", "2026-01-01T10:61:00Z"),
        ("updated", "2026-02-30 10:00"),
        ("date", "2026-01-01 and then some"),
        ("date", "2026-01-01T"),
    ],
)
def test_a_date_or_time_that_is_not_a_real_one_is_refused(field: str, value: str) -> None:
    """Only the first ten characters used to be read, so the time was never looked at."""
    assert error_of(f"---\ntitle: x\n{field}: {value}\n---\n") == (
        f"posts/p.md:3: '{field}' is not a valid date: {value!r}. {_DATE_FORMS}"
    )


@pytest.mark.parametrize(
    "value",
    [
        "2026-01-01",
        "'2026-01-01'",
        "2026-01-01 09:30",
        "2026-01-01T09:30",
        "2026-01-01T09:30:00Z",
        "2026-01-01T09:30:00.250+02:00",
        "2026-01-01 09:30:00 +02:00",
        "2026-01-01t9:30:00",
        "2026-1-1",
        "20260101",
        "!!timestamp 2026-01-01 09:30:00",
        "!!timestamp 2026-01-01",
    ],
)
def test_dates_and_date_times_are_read_as_their_date(value: str) -> None:
    fm = parse(f"---\ntitle: x\ndate: {value}\n---\n", "posts/p.md").front_matter
    assert fm.date == dt.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("value", "shown"),
    [("maybe", "'maybe'"), ("1", "1"), ("[true]", "a list"), ("2026-01-01", "'2026-01-01'")],
)
def test_freeze_must_be_true_or_false(value: str, shown: str) -> None:
    assert error_of(f"---\ntitle: x\nfreeze: {value}\n---\n") == (
        f"posts/p.md:3: 'freeze' must be true or false, not {shown}."
    )


def test_a_quoted_true_is_not_a_boolean() -> None:
    assert error_of("---\ntitle: x\nfreeze: 'true'\n---\n") == (
        "posts/p.md:3: 'freeze' must be true or false, not 'true'. Remove the quotes."
    )


@pytest.mark.parametrize(
    ("value", "frozen"), [("true", True), ("false", False), ("yes", True), ("", False)]
)
def test_freeze_takes_a_boolean(value: str, frozen: bool) -> None:
    fm = parse(f"---\ntitle: x\nfreeze: {value}\n---\n", "posts/p.md").front_matter
    assert fm.freeze is frozen
    assert "freeze" not in fm.extra


@pytest.mark.parametrize(
    ("front", "line", "field", "count"),
    [
        ("title: |\n  Line one\n  line two\n", 2, "title", 2),
        ('description: "one\\ntwo\\nthree"\n', 2, "description", 3),
        ("tags: [a]\nthesis: >\n  First part.\n\n  Second part.\n", 3, "thesis", 2),
        ("series: |-\n  a\n  b\n", 2, "series", 2),
    ],
)
def test_a_one_line_field_with_a_line_break_is_refused(
    front: str, line: int, field: str, count: int
) -> None:
    """A title with a newline breaks <title>, the feeds and the one-line reports."""
    assert error_of(f"---\n{front}---\n") == (
        f"posts/p.md:{line}: '{field}' must be one line, not {count}. Write it on one line, "
        f"or use a folded block ('{field}: >-'), which joins its lines with spaces."
    )


def test_folded_and_wrapped_values_are_one_line() -> None:
    fm = parse(
        "---\ntitle: A title wrapped\n  over two lines\ndescription: >-\n  folded across\n"
        "  two lines\nthesis: >\n  A folded thesis\n  here.\ntitle_note: |\n  kept\n  as is\n---\n",
        "posts/p.md",
    ).front_matter
    assert fm.title == "A title wrapped over two lines"
    assert fm.description == "folded across two lines"
    assert fm.thesis == "A folded thesis here."
    assert fm.extra == {"title_note": "kept\nas is\n"}


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("title: !!int abc", "'abc' is not a whole number, as its '!!int' tag says"),
        ("title: !!int ''", "'' is not a whole number, as its '!!int' tag says"),
        ("title: !!float x1", "'x1' is not a number, as its '!!float' tag says"),
        ("freeze: !!bool maybe", "'maybe' is not true or false, as its '!!bool' tag says"),
        (
            "date: !!timestamp 2026-13-01",
            "'2026-13-01' is not a date, as its '!!timestamp' tag says",
        ),
        ("date: !!timestamp soon", "'soon' is not a date, as its '!!timestamp' tag says"),
    ],
)
def test_a_value_its_tag_cannot_read_names_the_line(field: str, message: str) -> None:
    assert error_of(f"---\nstatus: draft\n{field}\n---\n") == (
        f"posts/p.md:3: front matter: {message}. Remove the tag, or fix the value."
    )


def test_a_number_too_long_to_read_asks_for_quotes() -> None:
    assert error_of("---\ntitle: x\nseries: " + "9" * 5000 + "\n---\n") == (
        "posts/p.md:3: front matter: '99999999999999999999...' (5000 characters) is not a "
        "whole number byline can read. Quote the value to keep it as text."
    )
