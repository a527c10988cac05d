"""The post's promise: a one-sentence thesis and a title that says something."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from byline.checks.registry import Limit, Pattern, Settings, at, check, counted
from byline.content.document import Document
from byline.content.sentences import split_sentences
from byline.diagnostics import Diagnostic

__all__ = ["ThesisSettings", "TitlePromiseSettings", "field_span"]


def field_span(doc: Document, name: str) -> tuple[int, int]:
    """Offsets of the front matter line of ``name`` (the first line when it is missing)."""
    line = doc.front_matter.lines.get(name, 1)
    return doc.lines.starts[line - 1], doc.lines.ends[line - 1]


@dataclass(frozen=True, slots=True, kw_only=True)
class ThesisSettings(Settings):
    max_words: Limit = 40
    """A thesis longer than this is not one sentence's worth of point."""


@check("structure.thesis", severity="warning", scope="front-matter", front_matter=True)
def thesis(doc: Document, settings: ThesisSettings) -> Iterator[Diagnostic]:
    """A post with no one-sentence point wanders; write it down before the draft.

    Front matter ``thesis`` holds the claim the post argues, in one sentence. It keeps
    the draft on track and feeds the description and promotion copy.
    """
    text = doc.front_matter.thesis.strip()
    if doc.front_matter.status == "idea":
        return
    start, end = field_span(doc, "thesis")
    rule = "structure.thesis"
    if not text:
        yield at(
            doc,
            start,
            end,
            rule,
            settings.severity,
            "The post has no thesis. Add 'thesis:' with its point in one sentence.",
        )
        return
    sentences = split_sentences(text)
    words = len(text.split())
    if len(sentences) > 1 or words > settings.max_words:
        yield at(
            doc,
            start,
            end,
            rule,
            settings.severity,
            f"The thesis has {counted(len(sentences), 'sentence')} and {counted(words, 'word')}. "
            f"Say the point in one sentence of at most {settings.max_words} words.",
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class TitlePromiseSettings(Settings):
    patterns: tuple[Pattern, ...] = (
        r"^(?:some |a few |random |my )?(?:thoughts|notes|musings|reflections|ramblings)\b",
        r"^(?:an? )?(?:introduction|intro) to\b",
        r"^(?:a )?(?:look|glance) at\b",
        r"^(?:my )?experience(?:s)? with\b",
        r"^(?:let's talk|talking) about\b",
        r"^(?:on|about) \S+$",
        r"^(?:update|untitled|draft|new post|misc(?:ellaneous)?)\b",
        r"^(?:things|stuff) (?:i|we) learned$",
    )
    """Regular expressions (case-insensitive) of titles that promise nothing."""


@check("structure.title-promise", severity="warning", scope="heading")
def title_promise(doc: Document, settings: TitlePromiseSettings) -> Iterator[Diagnostic]:
    """A title like "Thoughts on X" gives no reason to click; promise a result.

    Name what the reader gets: "Fine-tune Llama 3 on one GPU with LoRA" beats
    "Notes on LoRA".
    """
    title = doc.title.strip()
    if not title:
        return
    for pattern in settings.patterns:
        if re.search(pattern, title, re.I):
            if doc.front_matter.title:
                start, end = field_span(doc, "title")
            else:
                h1 = next(h for h in doc.headings if h.level == 1)
                start, end = h1.span.start, h1.span.end
            yield at(
                doc,
                start,
                end,
                "structure.title-promise",
                settings.severity,
                f"The title '{title}' promises nothing specific. Say what the reader "
                "will get, e.g. 'Cut inference cost 3x with vLLM'.",
            )
            return
