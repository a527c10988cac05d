"""The arc of a post: a hook, an ending that says what to do next, honest limits,
and lists that analyse rather than enumerate."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from byline.checks.registry import Count, Limit, Pattern, Settings, at, check
from byline.checks.structure.metadata import field_span
from byline.content.document import Document, Paragraph
from byline.diagnostics import Diagnostic

__all__ = ["ConclusionSettings", "HookSettings", "LimitationsSettings", "ListicleSettings"]

_WRITING = ("draft", "review", "ready", "published")


def _first_paragraph(doc: Document) -> Paragraph | None:
    return next((p for p in doc.paragraphs if not p.in_list and p.words >= 5), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class HookSettings(Settings):
    pattern: Pattern = (
        r"\byou(?:'ll| will| can| get| learn| see| build|'re going to)\b|\bby the end\b|"
        r"\bthis (?:post|article|guide|tutorial|comparison|piece|write-up) "
        r"(?:shows|explains|walks|covers|teaches|gives|compares|measures)|\bgives you\b"
        r"|\bhere's how\b|\bhere is how\b|\b(?:i|we)(?:'ll| will) show\b|\bhow to\b|\d"
    )
    """What counts as telling the reader what they will get (case-insensitive)."""


@check("structure.hook", severity="warning", scope="paragraph", front_matter=True)
def hook(doc: Document, settings: HookSettings) -> Iterator[Diagnostic]:
    """Readers decide in the first paragraph whether to stay; tell them what they get.

    The opening should name the payoff ("you will fine-tune an 8B model on one GPU")
    or a concrete result (a number), not background.
    """
    if doc.front_matter.status not in _WRITING:
        return
    first = _first_paragraph(doc)
    if first is None or re.search(settings.pattern, first.text, re.I):
        return
    yield at(
        doc,
        first.span.start,
        first.span.end,
        "structure.hook",
        settings.severity,
        "The first paragraph does not say what the reader will get. Name the payoff "
        "('you will ...') or lead with the result.",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ConclusionSettings(Settings):
    pattern: Pattern = (
        r"(?:^|[.!?]\s+|\n)(?:try|start|read|clone|install|run|check out|follow|subscribe|share|"
        r"get started|give it|use|download|join|contribute|star|open an issue|let me know|add|"
        r"set|switch|replace|measure|pick|choose|write|build|fork|apply|enable|turn on|"
        r"compare|test|go|look at|"
        r"tell me|reply|next,)\b|\bnext steps?\b|\bwhat's next\b|\bfurther reading\b|"
        r"\byou can now\b|\bif you want to\b"
    )
    """What counts as telling the reader what to do next (case-insensitive)."""


@check("structure.conclusion", severity="warning", scope="section", front_matter=True)
def conclusion(doc: Document, settings: ConclusionSettings) -> Iterator[Diagnostic]:
    """A post that just stops wastes the reader's attention at its peak.

    End by telling the reader what to do next: try it, read further, run the code,
    reply with their results. Checked in the last section.
    """
    if doc.front_matter.status not in _WRITING or not doc.paragraphs:
        return
    last_section = max(p.section for p in doc.paragraphs)
    text = "\n".join(p.text for p in doc.paragraphs if p.section == last_section)
    if re.search(settings.pattern, text, re.I):
        return
    section = doc.sections[last_section]
    span = section.heading.span if section.heading else doc.paragraphs[-1].span
    yield at(
        doc,
        span.start,
        span.end,
        "structure.conclusion",
        settings.severity,
        "The post ends without telling the reader what to do next. Close with a next "
        "step: try it, read further, run the code, share results.",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class LimitationsSettings(Settings):
    types: tuple[str, ...] = ("comparison", "deep-dive", "paper-summary")
    """Post types that must say where the approach does not work."""
    pattern: Pattern = (
        r"\blimitations?\b|\bcaveats?\b|\btrade-?offs?\b|\bdrawbacks?\b|\bdownsides?\b|"
        r"\bwhen not to\b|\bpitfalls?\b|\bweakness(?:es)?\b|\bdoes not work\b|"
        r"\bdoesn't work\b|\bfails? when\b|\bfalls short\b|\bbreaks down\b|\bnot suitable\b"
    )
    """What counts as discussing limits (case-insensitive)."""


@check("structure.limitations", severity="warning", scope="post", front_matter=True)
def limitations(doc: Document, settings: LimitationsSettings) -> Iterator[Diagnostic]:
    """A method with no stated limits reads as a sales pitch, and readers trust it less.

    Comparisons, deep-dives and paper summaries say where the approach does not work:
    the workloads, scales or assumptions under which it fails.
    """
    fm = doc.front_matter
    if fm.type not in settings.types or fm.status not in _WRITING:
        return
    text = "\n".join([*(h.text for h in doc.headings), *(p.text for p in doc.paragraphs)])
    if re.search(settings.pattern, text, re.I):
        return
    yield at(
        doc,
        *field_span(doc, "type"),
        "structure.limitations",
        settings.severity,
        f"This {fm.type} never says where the approach does not work. Add a "
        "'Limitations' section: when it fails, at what scale, under which assumptions.",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ListicleSettings(Settings):
    min_items: Limit = 5
    """Lists shorter than this are not judged."""
    max_item_words: Limit = 8
    """An item this short says what, not why."""
    min_prose_words: Count = 40
    """Prose words the list's section needs for the list to count as analysed."""


@check("structure.listicle", severity="warning", scope="section")
def listicle(doc: Document, settings: ListicleSettings) -> Iterator[Diagnostic]:
    """A bare list of tools or links is a bookmark folder, not a post.

    Say what each entry is good for, when to pick it and what you found; readers
    come for the judgement, not the names.
    """
    for lst in doc.lists:
        if lst.depth or len(lst.items) < settings.min_items:
            continue
        anchors = sum(
            1
            for link in doc.links
            if link.url.startswith("#") and lst.span.start <= link.span.start < lst.span.end
        )
        if anchors >= 0.8 * len(lst.items):
            continue  # a table of contents
        short = sum(1 for item in lst.items if len(item.split()) <= settings.max_item_words)
        if short < 0.8 * len(lst.items):
            continue
        prose = sum(p.words for p in doc.paragraphs if p.section == lst.section and not p.in_list)
        if prose >= settings.min_prose_words:
            continue
        yield at(
            doc,
            lst.span.start,
            lst.span.end,
            "structure.listicle",
            settings.severity,
            f"A list of {len(lst.items)} short entries with little analysis around it. "
            "Say what each is good for and when to pick it.",
        )
