"""Post slugs (short ASCII file names) and heading anchor ids (GitHub style)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["AnchorIds", "anchor_id", "is_valid_slug", "slugify"]

_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "how",
        "i",
        "in",
        "into",
        "is",
        "it",
        "its",
        "my",
        "of",
        "on",
        "or",
        "our",
        "the",
        "this",
        "to",
        "vs",
        "we",
        "what",
        "when",
        "why",
        "with",
        "you",
        "your",
    ]
)
# Letters that NFKD does not split into an ASCII letter and an accent.
_FOLD = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MAX_WORDS = 6
_MAX_CHARS = 60


def slugify(title: str, *, max_words: int = _MAX_WORDS) -> str:
    """A short, lowercase, hyphenated ASCII slug.

    ``"How I Fine-Tuned Llama 3"`` -> ``fine-tuned-llama-3``.

    Accents are folded to ASCII, stop words are dropped (unless nothing else is left),
    and the result keeps at most ``max_words`` words and 60 characters. The result
    only ever contains ``[a-z0-9-]``, so it cannot name a path outside ``posts/``.
    """
    folded = unicodedata.normalize("NFKD", title.translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode()
    words = [w for w in _NON_ALNUM.split(ascii_text.lower()) if w]
    kept = [w for w in words if w not in _STOP_WORDS] or words
    slug = ""
    for word in kept[:max_words]:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > _MAX_CHARS:
            break
        slug = candidate
    return slug or (kept[0][:_MAX_CHARS] if kept else "")


def is_valid_slug(slug: str) -> bool:
    """True when ``slug`` is lowercase ASCII words joined by single hyphens."""
    return bool(_SLUG.match(slug)) and len(slug) <= 80


_ANCHOR_DROP = re.compile(r"[^\w\- ]", re.UNICODE)


def anchor_id(text: str) -> str:
    """GitHub's heading id: lowercase, punctuation dropped, spaces to hyphens.

    Unicode letters are kept (``"Über Ähnlichkeit"`` -> ``über-ähnlichkeit``), as on GitHub.
    """
    return _ANCHOR_DROP.sub("", text.strip().lower()).replace(" ", "-")


class AnchorIds:
    """Hands out heading ids unique within one post: ``setup``, ``setup-1``, ``setup-2``."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def unique(self, text: str) -> str:
        """The id for a heading with this text, suffixed when already used."""
        base = anchor_id(text) or "section"
        candidate = base
        count = self._seen.get(base, 0)
        while candidate in self._seen and (count := count + 1):
            candidate = f"{base}-{count}"
        self._seen[base] = max(count, self._seen.get(base, 0))
        self._seen.setdefault(candidate, 0)
        return candidate
