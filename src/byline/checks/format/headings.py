"""Heading structure: one H1, no skipped levels, no empty headings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from byline.checks.registry import Settings, at, check
from byline.content.document import Document, Heading
from byline.diagnostics import Diagnostic, Fix

__all__ = ["HeadingLevelSettings"]

_ATX = re.compile(r"[ ]{0,3}(#{1,6})(?=[ \t]|$)")


@dataclass(frozen=True, slots=True, kw_only=True)
class HeadingLevelSettings(Settings):
    pass


def _level_fix(doc: Document, heading: Heading, level: int) -> Fix | None:
    """Rewrite an ATX heading's ``#`` run to ``level`` (setext headings are left alone)."""
    match = _ATX.match(doc.source, heading.span.start)
    if match is None:
        return None
    start, end = match.span(1)
    return Fix(start, end, "#" * level, f"make it an H{level}")


@check("format.heading-levels", severity="warning", scope="heading")
def heading_levels(doc: Document, settings: HeadingLevelSettings) -> Iterator[Diagnostic]:
    """Headings are the outline screen readers and search engines navigate by.

    The title is the only H1, levels go down one step at a time (axe
    ``heading-order``; Yoast ``singleH1``) and no heading is empty. ``--fix`` repairs
    levels of ``#`` headings.
    """
    rule, severity = "format.heading-levels", settings.severity
    title_is_h1 = bool(doc.front_matter.title)
    previous = 1 if title_is_h1 else 0
    seen_h1 = title_is_h1
    extra_h1 = 0
    first_extra: Heading | None = None
    for heading in doc.headings:
        span = heading.span
        if not heading.text.strip():
            yield at(
                doc,
                span.start,
                span.end,
                rule,
                severity,
                "This heading is empty. Give it text or remove it.",
            )
        if heading.level == 1:
            if seen_h1:
                extra_h1 += 1
                if extra_h1 == 1:
                    first_extra = heading
                previous = 1
                continue
            seen_h1 = True
        elif previous and heading.level > previous + 1:
            yield at(
                doc,
                span.start,
                span.end,
                rule,
                severity,
                f"This H{heading.level} skips a level after an H{previous}. "
                f"Make it an H{previous + 1}.",
                fix=_level_fix(doc, heading, previous + 1),
            )
        previous = heading.level
    if first_extra is not None:
        why = "the title is the page's H1" if title_is_h1 else "only the title should be an H1"
        span = first_extra.span
        count = extra_h1 + (0 if title_is_h1 else 1)
        what = f"{count} H1 headings but {why}"
        if count == 1:
            what = "an H1 heading, but the title is already the page's H1"
        yield at(
            doc,
            span.start,
            span.end,
            rule,
            severity,
            f"This post has {what}. Make the sections H2 and their subsections H3.",
        )
