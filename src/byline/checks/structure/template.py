"""The post type's template (sections, order, word budgets) and the outline stage."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from byline.checks.registry import Count, Limit, Settings, Word, at, check, counted
from byline.checks.structure.metadata import field_span
from byline.content.document import Document, Section
from byline.diagnostics import Diagnostic
from byline.schema import AtLeast
from byline.templates import SectionSpec, load_template

__all__ = ["OutlineSettings", "TemplateSettings", "find_sections", "normalise"]

_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[ivx]+\.|step \d+:?)\s+", re.I)
_WRITING = ("draft", "review", "ready", "published")


def normalise(heading: str) -> str:
    """Lower case, numbering and punctuation dropped: "2. The Problem!" -> "the problem"."""
    text = _NUMBERING.sub("", heading.strip().lower())
    return re.sub(r"[^\w\s;-]+", "", text).strip()


def _exact(spec: SectionSpec, heading: str) -> bool:
    return normalise(heading) in {normalise(spec.title), *spec.aliases}


def _loose(spec: SectionSpec, heading: str) -> bool:
    """An alias inside the heading, or the heading opening with the title's first word
    ("Step-by-step: build the retriever" is "Step-by-step implementation")."""
    name = normalise(heading)
    names = {normalise(spec.title), *spec.aliases}
    if any(re.search(rf"\b{re.escape(n)}\b", name) for n in names if len(n) > 3):
        return True
    first = normalise(spec.title).split()[0]
    return len(first) >= 6 and name.split()[:1] == [first]


def find_sections(doc: Document, specs: tuple[SectionSpec, ...]) -> list[int | None]:
    """For each template section, the index in ``doc.sections`` of the H2 that is it.

    Exact titles and aliases are matched first, so "Next steps" is not taken for the
    implementation section because of the alias "steps".
    """
    h2 = [(i, s.heading.text) for i, s in enumerate(doc.sections) if s.level == 2 and s.heading]
    found: list[int | None] = [None] * len(specs)
    used: set[int] = set()
    for match in (_exact, _loose):
        for n, spec in enumerate(specs):
            if found[n] is not None:
                continue
            hit = next((i for i, text in h2 if i not in used and match(spec, text)), None)
            if hit is not None:
                used.add(hit)
                found[n] = hit
    return found


@dataclass(frozen=True, slots=True, kw_only=True)
class TemplateSettings(Settings):
    budget_slack: Annotated[float, AtLeast(0)] = 0.25
    """A section may run this share under its minimum or over its maximum before it is flagged."""


@check("structure.template", severity="warning", scope="section", front_matter=True)
def template(doc: Document, settings: TemplateSettings) -> Iterator[Diagnostic]:
    """Each post type has a shape readers expect; a missing section is a missing answer.

    A tutorial needs its prerequisites, a comparison its summary table, a paper
    summary its limitations. Sections are matched by their H2 (or an alias), must come
    in the template's order, and each should stay within its word budget.
    """
    fm = doc.front_matter
    if fm.type is None or fm.status not in _WRITING:
        return
    specs = load_template(fm.type).sections
    found = find_sections(doc, specs)
    rule, severity = "structure.template", settings.severity
    type_start, type_end = field_span(doc, "type")
    last_index = -1
    for spec, index in zip(specs, found, strict=True):
        if index is None:
            yield at(
                doc,
                type_start,
                type_end,
                rule,
                severity,
                f"The {fm.type} template's section '{spec.title}' is missing. "
                f"Add an H2 '## {spec.title}': {spec.prompt}",
            )
            continue
        section = doc.sections[index]
        span = section.heading.span  # type: ignore[union-attr]
        if index < last_index:
            yield at(
                doc,
                span.start,
                span.end,
                rule,
                severity,
                f"'{spec.title}' comes too late: the {fm.type} template puts it earlier. "
                "Move the section up.",
            )
        last_index = max(last_index, index)
        yield from _budget(doc, section, spec, settings)


def _budget(
    doc: Document, section: Section, spec: SectionSpec, settings: TemplateSettings
) -> Iterator[Diagnostic]:
    words = section.total_words
    low, high = spec.min * (1 - settings.budget_slack), spec.max * (1 + settings.budget_slack)
    if low <= words <= high:
        return
    span = section.heading.span  # type: ignore[union-attr]
    what = "short" if words < low else "long"
    yield at(
        doc,
        span.start,
        span.end,
        "structure.template",
        "suggestion",
        f"'{spec.title}' has {counted(words, 'word')}; its budget is {spec.min}-{spec.max}. "
        f"It is too {what}: {spec.prompt}",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class OutlineSettings(Settings):
    min_sections: Count = 5
    max_sections: Limit = 8
    min_bullets: Count = 2
    max_bullets: Limit = 3
    needs_words: tuple[Word, ...] = (
        "code",
        "diagram",
        "figure",
        "chart",
        "table",
        "benchmark",
        "plot",
    )
    """Words that mark a note of the code or diagrams the post needs."""


def _is_notes(doc: Document, index: int, notes: re.Pattern[str]) -> bool:
    """True for the section of notes on needed code and diagrams ('- Code: ...' bullets only).

    It is part of the plan, not a section of the post: not counted, not given bullets.
    """
    items = [
        item for lst in doc.lists if lst.section == index and lst.depth == 0 for item in lst.items
    ]
    return bool(items) and all(notes.match(item.strip()) for item in items)


@check("structure.outline", severity="warning", scope="section", front_matter=True)
def outline(doc: Document, settings: OutlineSettings) -> Iterator[Diagnostic]:
    """An outline that holds up makes the draft fast; a vague one makes it wander.

    For ``status: outline``: a thesis, 5-8 section headers, 2-3 bullets under each,
    and a note of the code or diagrams you need to produce.
    """
    if doc.front_matter.status != "outline":
        return
    rule, severity = "structure.outline", settings.severity
    status = field_span(doc, "status")
    if not doc.front_matter.thesis.strip():
        yield at(
            doc,
            *status,
            rule,
            severity,
            "The outline has no thesis. Add 'thesis:' in one sentence.",
        )
    notes = re.compile(rf"({'|'.join(map(re.escape, settings.needs_words))})s?\s*:", re.I)
    sections = [
        (i, s) for i, s in enumerate(doc.sections) if s.level == 2 and not _is_notes(doc, i, notes)
    ]
    count = len(sections)
    if not settings.min_sections <= count <= settings.max_sections:
        yield at(
            doc,
            *status,
            rule,
            severity,
            f"The outline has {counted(count, 'section')}. Plan {settings.min_sections}-"
            f"{settings.max_sections} H2 sections.",
        )
    for index, section in sections:
        bullets = sum(
            len(lst.items) for lst in doc.lists if lst.section == index and lst.depth == 0
        )
        if not settings.min_bullets <= bullets <= settings.max_bullets:
            span = section.heading.span  # type: ignore[union-attr]
            yield at(
                doc,
                span.start,
                span.end,
                rule,
                severity,
                f"'{section.heading.text}' has {counted(bullets, 'bullet')}. Give it "  # type: ignore[union-attr]
                f"{settings.min_bullets}-{settings.max_bullets} bullets: the points it makes.",
            )
    body = doc.source[doc.body_start :].lower()
    if not any(re.search(rf"\b{re.escape(w.lower())}", body) for w in settings.needs_words):
        yield at(
            doc,
            *status,
            rule,
            severity,
            "The outline does not say which code or diagrams the post needs. Add a "
            "bullet such as 'Code: training loop' or 'Diagram: data flow'.",
        )
