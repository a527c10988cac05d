"""Spelling in two tiers, tuned so published technical prose raises almost no flags.

Tier 1: a list of known misspellings ("recieve") is a warning; it is nearly silent
on correct text. Tier 2: a word no dictionary knows, that passes the technical filter,
occurs once in the post and is one edit from a common word ("pipline") is a
suggestion. Code, URLs, identifiers and math never reach the checker: they are not
in ``Sentence.text``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from byline.checks.registry import Limit, Settings, at, check
from byline.checks.spelling.dictionary import is_word, misspellings, neighbours
from byline.content.document import Document
from byline.diagnostics import Diagnostic

__all__ = ["TypoSettings"]

_TOKEN = re.compile(r"(?<![\w@#/\\.\-'’])[A-Za-z][a-z]+(?:['’][a-z]+)?(?![\w@/\\\-]|\.\w)")


@dataclass(frozen=True, slots=True, kw_only=True)
class TypoSettings(Settings):
    min_length: Limit = 5
    """Tier 2 ignores shorter words (short typos are usually other real words)."""
    dictionary_check: bool = True
    """Run tier 2; tier 1 (known misspellings) always runs."""
    vocabulary: tuple[str, ...] = ()
    """The blog's vocabulary (``[check] vocabulary``, ``vocabulary.txt``); set by byline."""
    allow: tuple[str, ...] = ()
    """More words to accept."""


@check("spelling.typo", severity="warning", scope="sentence")
def typo(doc: Document, settings: TypoSettings) -> Iterator[Diagnostic]:
    """Typos make readers doubt the care that went into the code and the numbers.

    Known misspellings are warnings; a rare word one edit from a common one is a
    suggestion. Add your own terms to ``vocabulary.txt`` in the blog folder.
    """
    known = misspellings()
    extra = frozenset(w.lower() for w in (*settings.vocabulary, *settings.allow))
    # One scan of all the prose (a newline is a boundary for the pattern, as a
    # paragraph's end is), each token lower-cased once.
    counts = Counter(_TOKEN.findall("\n".join(p.text for p in doc.paragraphs)))
    words = {token: token.lower().replace("’", "'") for token in counts}
    lowered: Counter[str] = Counter()
    for token, n in counts.items():
        lowered[words[token]] += n
    flagged: dict[str, str | None] = {}
    shortest = settings.min_length
    for token, word in words.items():
        if word in known and word not in extra:
            flagged[token] = None
        elif (
            settings.dictionary_check
            and len(word) >= shortest
            and lowered[word] == 1
            and _suspect(token, word, extra)
        ):
            options = neighbours(word, extra)
            if options:
                flagged[token] = options[0]
    if flagged:
        yield from _locate(doc, flagged, known, settings)


def _suspect(token: str, word: str, extra: frozenset[str]) -> bool:
    """Tier 2's filter for a word seen once: not a name, and unknown to every word list.

    Identifiers never get here: the token pattern only takes plain lower-case words
    (an initial capital allowed), so ``camelCase``, ``snake_case``, ``v1.2`` are skipped.
    """
    if token[0].isupper():
        return False  # names (a capitalised typo is caught by tier 1)
    bare = word.removesuffix("'s")
    return not (is_word(bare, extra) or ("'" in bare and is_word(bare.replace("'", ""), extra)))


def _locate(
    doc: Document, flagged: dict[str, str | None], known: dict[str, str], settings: TypoSettings
) -> Iterator[Diagnostic]:
    for paragraph in doc.paragraphs:
        if not any(token in paragraph.text for token in flagged):
            continue
        for sentence in paragraph.sentences:
            for match in _TOKEN.finditer(sentence.text):
                token = match.group()
                if token not in flagged:
                    continue
                start, end = sentence.source_span(match.start(), match.end())
                guess = flagged[token]
                if guess is None:
                    fix = known[token.lower().replace("’", "'")]
                    yield at(
                        doc,
                        start,
                        end,
                        "spelling.typo",
                        settings.severity,
                        f"'{token}' is misspelled. Write '{fix}'.",
                    )
                    continue
                yield at(
                    doc,
                    start,
                    end,
                    "spelling.typo",
                    "suggestion",
                    f"'{token}' may be misspelled. Did you mean '{guess}'? "
                    "If not, add it to vocabulary.txt.",
                )
