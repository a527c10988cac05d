"""Normalising output and comparing it with output fences."""

from __future__ import annotations

import pytest

from byline.run.expect import diff, ellipsis_match, first_difference, matches, normalise


def test_normalise_strips_terminal_noise_and_the_work_folder() -> None:
    raw = "\x1b[32mok\x1b[0m  \r\nepoch 1 10%\repoch 1 100%\nsaved /tmp/byline-run-x/model.pt\n\n"
    assert normalise(raw, ("/tmp/byline-run-x",)) == "ok\nepoch 1 100%\nsaved <tmp>/model.pt"


def test_control_characters_become_escapes_but_tabs_stay() -> None:
    assert normalise("a\x00b\x07\tc\x7f\x0c") == "a\\x00b\\x07\tc\\x7f\\x0c"


def test_progress_bar_ending_in_a_carriage_return_keeps_its_last_state() -> None:
    assert normalise("50%\r100%\r\n") == "100%"
    assert normalise("done 100%\r") == "done 100%"


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        ("loss=0.4...", "loss=0.41237", True),
        ("a\n...\nz", "a\nb\nc\nz", True),
        ("...", "", True),
        ("a...b...c", "a1b2c", True),
        ("a...b...c", "a1c2b", False),
        ("ab...ba", "aba", False),
        ("exact", "exact", True),
        ("exact", "exact!", False),
    ],
)
def test_ellipsis_matches_any_text(expected: str, actual: str, ok: bool) -> None:
    assert ellipsis_match(expected, actual) is ok


def test_modes() -> None:
    assert matches("x...", "xyz", "ellipsis")
    assert not matches("x...", "xyz", "exact")
    assert matches("anything", "else", "none")


def test_diff_and_first_difference() -> None:
    assert first_difference("a\nb\nc", "a\nB\nc") == (2, "b", "B")
    assert first_difference("a", "a\nextra") == (2, "", "extra")
    assert diff("a\nb", "a\nc").splitlines() == [
        "--- expected",
        "+++ actual",
        "@@ -1,2 +1,2 @@",
        " a",
        "-b",
        "+c",
    ]
