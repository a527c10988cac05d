"""Word lists shipped as data in ``checks/data/`` and the shared phrase matcher.

Word-list rules (weasel words, hedges, throat-clearing openers, vague claims) are
data given to one matcher, so adding a phrase never means writing code. A regular
expression over a long alternation costs ~20 ms on 50k words in Python, so each
paragraph's set of words is computed once per document and a phrase list's regex
only runs on paragraphs that hold every word of one of its phrases ("it could be"
needs "it", "could" and "be"; "it" alone is in almost every paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from byline.content.document import Document, Paragraph, Sentence

__all__ = [
    "PhraseList",
    "compile_phrases",
    "effective",
    "paragraph_words",
    "phrase_list",
    "sentence_matches",
    "wordlist",
]

_WORDS = re.compile(r"[a-z]+(?:'[a-z]+)?")
_LEADING = re.compile(r"[a-z]+(?:'[a-z]+)?")


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


def _alternative(phrase: str) -> str:
    body = phrase[3:] if phrase.startswith("re:") else re.escape(phrase).replace(r"\ ", r"\s+")
    return body.replace("'", "['’]")


@lru_cache(maxsize=128)
def compile_phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any phrase as whole words.

    Spaces in a phrase match any run of whitespace; longer phrases win. An entry
    starting with ``re:`` is a regular expression.
    """
    if not phrases:
        return re.compile(r"(?!x)x")
    alternatives = sorted((_alternative(p) for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(alternatives) + r")(?![\w'’-])", re.I)


@dataclass(frozen=True, slots=True)
class PhraseList:
    """A compiled phrase list and the words each of its phrases needs."""

    pattern: re.Pattern[str]
    firsts: frozenset[str] | None
    """The words phrases start with; None when some entry is a regex without a literal
    first word (then every paragraph is searched)."""
    needs: tuple[frozenset[str], ...] = ()
    """For each phrase, words a paragraph must hold for it to match: all the words of a
    plain phrase, the literal first word of a regex."""

    def paragraphs(self, doc: Document) -> Iterator[Paragraph]:
        """The paragraphs of ``doc`` that may contain a phrase."""
        if self.firsts is None:
            yield from doc.paragraphs
            return
        firsts, needs = self.firsts, self.needs
        for paragraph, words in zip(doc.paragraphs, paragraph_words(doc), strict=True):
            if not firsts.isdisjoint(words) and any(need <= words for need in needs):
                yield paragraph


@lru_cache(maxsize=128)
def phrase_list(phrases: tuple[str, ...]) -> PhraseList:
    """The compiled form of ``phrases`` (cached)."""
    firsts: set[str] | None = set()
    needs: list[frozenset[str]] = []
    for phrase in phrases:
        if phrase.startswith("re:"):
            lead = _LEADING.match(phrase[3:])
            words = frozenset([lead.group()]) if lead else frozenset()
        else:
            lead = _LEADING.match(phrase.lower())
            words = frozenset(_WORDS.findall(phrase.lower().replace("’", "'")))
        if lead is None or firsts is None:
            firsts = None
            continue
        firsts.add(lead.group())
        needs.append(words)
    if firsts is None:
        return PhraseList(compile_phrases(phrases), None)
    return PhraseList(compile_phrases(phrases), frozenset(firsts), tuple(needs))


_last: list[tuple[Document, list[frozenset[str]]]] = []


def paragraph_words(doc: Document) -> list[frozenset[str]]:
    """Each paragraph's lower-case words, computed once per document."""
    if _last and _last[0][0] is doc:
        return _last[0][1]
    words = [frozenset(_WORDS.findall(p.text.lower().replace("’", "'"))) for p in doc.paragraphs]
    _last[:] = [(doc, words)]
    return words


def sentence_matches(
    doc: Document, phrases: PhraseList, *, lists: bool = True
) -> Iterator[tuple[Sentence, re.Match[str]]]:
    """Every match of the phrases in the prose sentences of ``doc`` (code never included)."""
    for paragraph in phrases.paragraphs(doc):
        if not lists and paragraph.in_list:
            continue
        for sentence in paragraph.sentences:
            for match in phrases.pattern.finditer(sentence.text):
                yield sentence, match
