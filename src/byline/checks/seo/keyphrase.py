"""Keyphrase matching shared by the SEO rules (Yoast's free-version semantics).

A keyphrase matches a text when all its content words appear in it, case-insensitive,
whole words; function words ("how", "to", "the") do not count.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["FUNCTION_WORDS", "content_words", "matcher", "mentions"]

FUNCTION_WORDS = frozenset(
    {
        *("a", "an", "the", "of", "in", "on", "for", "to", "with", "and", "or", "how"),
        *("what", "why", "when", "is", "are", "be", "your", "my", "i", "we", "you", "from"),
        *("by", "at", "vs", "versus", "as", "into", "using", "use", "it", "its", "this", "that"),
    }
)


def content_words(phrase: str) -> tuple[str, ...]:
    """The keyphrase's words that count, lower case."""
    words = re.findall(r"[\w][\w.+#-]*", phrase.lower())
    kept = tuple(w for w in words if w not in FUNCTION_WORDS)
    return kept or tuple(words)


@lru_cache(maxsize=256)
def matcher(phrase: str) -> tuple[re.Pattern[str], ...]:
    """One pattern per content word."""
    return tuple(
        re.compile(rf"(?<![\w-]){re.escape(w)}(?![\w-])", re.I) for w in content_words(phrase)
    )


def mentions(phrase: str, text: str) -> bool:
    """True when every content word of ``phrase`` occurs in ``text``."""
    patterns = matcher(phrase)
    return bool(patterns) and all(p.search(text) for p in patterns)
