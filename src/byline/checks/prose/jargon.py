"""Acronyms used before they are defined."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from byline.checks.registry import Settings, at, check
from byline.checks.spelling.dictionary import is_common
from byline.checks.wordlists import wordlist
from byline.content.document import Document
from byline.diagnostics import Diagnostic

__all__ = ["JargonSettings", "defined_acronyms"]

_ACRONYM = re.compile(r"(?<![\w\-/.])([A-Z]{2,6})(s?)(?![\w\-/]|\.\w|'\w)")


@dataclass(frozen=True, slots=True, kw_only=True)
class JargonSettings(Settings):
    allow: tuple[str, ...] = field(default_factory=lambda: wordlist("acronyms"))
    """Acronyms that need no definition."""
    extra: tuple[str, ...] = ()
    """More acronyms to accept (added to ``allow``)."""
    vocabulary: tuple[str, ...] = ()
    """The blog's vocabulary (``[check] vocabulary``, ``vocabulary.txt``); set by byline."""


# The forms of a definition, each capturing the acronym it defines: "(WLT)", "WLT (Words
# Like This)", "WLT stands for / is short for / means", "WLT, short for" and "..., or
# WLT". One scan finds every acronym a text defines (the rule used to compile two
# patterns per acronym, a sixth of its time); a test checks that both readings agree.
_DEFINED = re.compile(
    r"\(\s*([A-Z]{2,6})s?\s*[),;]"
    r"|\b([A-Z]{2,6})s?(?=\s*\(\s*[A-Za-z]|\s+(?:stands for|is short for|means)|,\s+short for)"
    r"|\bor\s+([A-Z]{2,6})s?\b"
)


def defined_acronyms(text: str) -> frozenset[str]:
    """The acronyms ``text`` defines.

    Recognised: "Words Like This (WLT)", "WLT (Words Like This)", "WLT stands for"
    (or "is short for", "means"), "WLT, short for" and "words like this, or WLT".
    """
    return frozenset(a or b or c for a, b, c in _DEFINED.findall(text))


def _linked(doc: Document, start: int) -> bool:
    """True when the offset sits inside a link's text (the link explains the term)."""
    return any(link.span.start <= start < link.span.end for link in doc.links)


@check("prose.jargon-undefined", severity="warning", scope="sentence")
def jargon_undefined(doc: Document, settings: JargonSettings) -> Iterator[Diagnostic]:
    """An acronym the reader cannot expand stops them cold; define it at first use.

    Write "Fully Sharded Data Parallel (FSDP)" the first time, then "FSDP" (Microsoft
    and Google style guides, Vale's ``Acronyms``). Well-known acronyms (GPU, API, LLM,
    ...), your vocabulary and acronyms used as link text pass.
    """
    known = {a.lower() for a in (*settings.allow, *settings.extra, *settings.vocabulary)}
    seen: set[str] = set()
    later: frozenset[str] | None = None
    for paragraph in doc.paragraphs:
        for sentence in paragraph.sentences:
            for match in _ACRONYM.finditer(sentence.text):
                acronym = match.group(1)
                if acronym in seen or acronym.lower() in known:
                    continue
                if (acronym + match.group(2)).lower() in known:
                    continue
                if is_common(acronym.lower()):
                    continue  # an English word in capitals ("AFTER"), not an acronym
                seen.add(acronym)
                start, end = sentence.source_span(match.start(1), match.end(1))
                if acronym in defined_acronyms(sentence.text) or _linked(doc, start):
                    continue
                if later is None:
                    later = defined_acronyms("\n".join(p.text for p in doc.paragraphs))
                hint = ""
                if acronym in later:
                    hint = " (you define it later: move the definition here)"
                yield at(
                    doc,
                    start,
                    end,
                    "prose.jargon-undefined",
                    settings.severity,
                    f"'{acronym}' is used before it is defined{hint}. Spell it out at first "
                    f"use, e.g. 'Full Name ({acronym})', or add it to the vocabulary.",
                )
