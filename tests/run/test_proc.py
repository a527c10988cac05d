"""The output sink of a running block: what is kept, what is dropped, and the note."""

from __future__ import annotations

from byline.run.proc import Sink


def test_output_past_the_limit_is_dropped_with_a_note() -> None:
    sink = Sink(4)
    sink.feed(b"abc")
    sink.feed(b"def\n")
    assert sink.take() == "abcd\n[byline: output truncated, 3 more bytes not kept]\n"
    sink.feed(b"abcde")
    assert sink.take() == "abcd\n[byline: output truncated, 1 more byte not kept]\n"


def test_only_blank_space_past_the_limit_is_no_truncation() -> None:
    # A block printing exactly the limit, then its final newline, failed its comparison.
    sink = Sink(4)
    sink.feed(b"abcd\n")
    sink.feed(b"  \n")
    assert sink.take() == "abcd"
    assert sink.take() == ""
