"""Control characters from posts and file names are printed as escapes, never obeyed."""

from __future__ import annotations

import json

from byline.printable import printable, printable_json


def test_control_characters_are_shown_as_escapes() -> None:
    assert printable("a\nb\rc\td") == "a\\nb\\rc\\td"
    assert printable("\x1b[31mRED\x1b[0m \x1b]0;pwned\x07") == (
        "\\x1b[31mRED\\x1b[0m \\x1b]0;pwned\\x07"
    )
    assert printable("\x00\x7f\x85\x9b\u2028\u2029") == "\\x00\\x7f\\x85\\x9b\\u2028\\u2029"


def test_other_text_is_kept() -> None:
    text = "Straße, 名前, emoji 🙂, a back\\slash and 'quotes' [bold]"
    assert printable(text) == text
    assert printable(printable("a\nb")) == "a\\nb"


def test_json_keeps_its_values_and_prints_no_control_character() -> None:
    value = {"message": "a\x7f\x85\x9b\u2028\u2029\x1b\nb"}
    text = printable_json(json.dumps(value, ensure_ascii=False))
    assert printable(text) == text
    assert json.loads(text) == value
