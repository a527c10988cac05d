"""Sentence rhythm: runs of sentences that start with the same word."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from byline.checks.registry import Settings, at, check
from byline.content.document import Document, Sentence
from byline.diagnostics import Diagnostic
from byline.schema import AtLeast

__all__ = ["SameStartSettings"]

_FIRST_WORD = re.compile(r"[\"'“‘(\[*_]*([^\W\d_][\w'’-]*)(\s*[\d:])?")


@dataclass(frozen=True, slots=True, kw_only=True)
class SameStartSettings(Settings):
    run: Annotated[int, AtLeast(2)] = 3
    """Consecutive sentences starting with the same word that are flagged (Yoast: 3)."""


def _first_word(sentence: Sentence) -> str | None:
    match = _FIRST_WORD.match(sentence.text)
    if match is None or match.group(2):
        return None  # a label such as "Table 3:" or "Step 1:" rather than prose
    return match.group(1)


def _runs(doc: Document) -> Iterator[list[Sentence]]:
    """Prose sentences in stretches of consecutive paragraphs of one section."""
    current: list[Sentence] = []
    last: tuple[int, int] | None = None
    for index, paragraph in enumerate(doc.paragraphs):
        if paragraph.in_list or paragraph.in_quote:
            continue
        key = (paragraph.section, index)
        if last is None or last[0] != key[0] or last[1] != index - 1:
            if current:
                yield current
            current = []
        current.extend(paragraph.sentences)
        last = key
    if current:
        yield current


@check("prose.same-start", severity="warning", scope="sentence")
def same_start(doc: Document, settings: SameStartSettings) -> Iterator[Diagnostic]:
    """Three sentences in a row that open alike read as a list someone forgot to format.

    Vary the openings, or make it a real list (Yoast's consecutive-sentences check).
    List items and code are not judged.
    """
    for sentences in _runs(doc):
        words = [_first_word(s) for s in sentences]
        i = 0
        while i < len(words):
            j = i
            while j + 1 < len(words) and words[i] is not None and words[j + 1] == words[i]:
                j += 1
            if j - i + 1 >= settings.run:
                first, last = sentences[i], sentences[j]
                yield at(
                    doc,
                    first.span.start,
                    last.span.end,
                    "prose.same-start",
                    settings.severity,
                    f"{j - i + 1} sentences in a row start with '{words[i]}'. "
                    "Vary the openings or make it a list.",
                )
            i = j + 1
