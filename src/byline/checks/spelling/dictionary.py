"""The English word list behind ``spelling.typo``, and edit-distance neighbours.

Words and their frequencies come from pyspellchecker's English list (MIT), read once
per process (about 50 ms). hunspell's suggestion engine costs 50-90 ms per unknown
word; one edit of an unknown word is generated in-process instead.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources

from byline.checks.wordlists import wordlist

__all__ = ["COMMON", "frequencies", "is_word", "misspellings", "neighbours", "vocabulary"]

COMMON = 500
"""Frequency above which a dictionary word counts as common (the list's floor is 50)."""

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@cache
def frequencies() -> dict[str, int]:
    """Lower-case English words and how often they occur in the list's source texts."""
    data = resources.files("spellchecker").joinpath("resources/en.json.gz").read_bytes()
    words: dict[str, int] = json.loads(gzip.decompress(data))
    return words


@cache
def vocabulary() -> frozenset[str]:
    """The shipped ML/dev vocabulary, lower case."""
    return frozenset(w.lower() for w in wordlist("vocabulary"))


@cache
def misspellings() -> dict[str, str]:
    """Known misspellings to their correction."""
    out = {}
    for entry in wordlist("misspellings"):
        typo, _, fix = entry.partition("->")
        out[typo.strip().lower()] = fix.strip()
    return out


def is_word(word: str, extra: frozenset[str] = frozenset()) -> bool:
    """True when ``word`` (lower case) or a simple inflection of it is known."""
    freq = frequencies()
    known = vocabulary()
    if word in freq or word in known or word in extra:
        return True
    for suffix, repl in (
        ("s", ""),
        ("es", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("ly", ""),
        ("er", ""),
        ("ers", ""),
        ("ation", "e"),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: len(word) - len(suffix)] + repl
            if stem in freq or stem in known or stem in extra:
                return True
    return False


def _edits(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    return deletes | transposes | replaces | inserts


def neighbours(word: str, extra: frozenset[str] = frozenset()) -> list[str]:
    """Common words one edit (Damerau) away from ``word``, most frequent first."""
    freq = frequencies()
    known = vocabulary() | extra
    found = [w for w in _edits(word) if w != word and (freq.get(w, 0) >= COMMON or w in known)]
    return sorted(found, key=lambda w: (-(freq.get(w, 0) + (10**6 if w in known else 0)), w))
