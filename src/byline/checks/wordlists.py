"""Word lists shipped as data in ``checks/data/`` and the shared phrase matcher.

Word-list rules (weasel words, hedges, throat-clearing openers, generic link text)
are data given to one matcher, so adding a phrase never means writing code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from importlib import resources

from byline.content.document import Document, Sentence

__all__ = ["compile_phrases", "effective", "sentence_matches", "wordlist"]


@cache
def wordlist(name: str) -> tuple[str, ...]:
    """The entries of ``data/<name>.txt``: one per line, ``#`` starts a comment."""
    text = resources.files("byline.checks").joinpath(f"data/{name}.txt").read_text("utf-8")
    out = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            out.append(entry)
    return tuple(out)


def effective(words: Iterable[str], extra: Iterable[str], allow: Iterable[str]) -> tuple[str, ...]:
    """A rule's list: its words plus ``extra`` minus ``allow`` (case-insensitive)."""
    dropped = {a.lower() for a in allow}
    merged = dict.fromkeys(w if w.startswith("re:") else w.lower() for w in (*words, *extra))
    return tuple(w for w in merged if w not in dropped)


@lru_cache(maxsize=128)
def compile_phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any phrase as whole words.

    Spaces in a phrase match any run of whitespace; longer phrases win. An entry
    starting with ``re:`` is a regular expression.
    """
    if not phrases:
        return re.compile(r"(?!x)x")
    alternatives = sorted(
        (p[3:] if p.startswith("re:") else re.escape(p).replace(r"\ ", r"\s+") for p in phrases),
        key=len,
        reverse=True,
    )
    alternatives = [a.replace("'", "['’]") for a in alternatives]
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(alternatives) + r")(?![\w'’-])", re.I)


def sentence_matches(
    doc: Document, pattern: re.Pattern[str], *, lists: bool = True
) -> Iterator[tuple[Sentence, re.Match[str]]]:
    """Every match of ``pattern`` in the prose sentences of ``doc`` (code never included)."""
    for paragraph in doc.paragraphs:
        if not lists and paragraph.in_list:
            continue
        if pattern.search(paragraph.text) is None:
            continue
        for sentence in paragraph.sentences:
            for match in pattern.finditer(sentence.text):
                yield sentence, match
