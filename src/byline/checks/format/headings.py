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


def _section_fix(doc: Document, index: int, parent: int) -> Fix | None:
    """Make heading ``index`` an H``parent + 1`` and move the headings after it, up to
    the next one at ``parent`` level or above, up with it, so siblings stay siblings
    ("## A, ###### B, ###### C" becomes "## A, ### B, ### C", not a nested "### B,
    #### C"). One fix from the first changed ``#`` run to the last; the text between
    is kept as it is. Setext and quoted headings are left alone, and end the fix.
    """
    stack, edits = [(parent, parent)], []
    for position, heading in enumerate(doc.headings[index:]):
        if position and heading.level <= parent:
            break
        while stack[-1][0] >= heading.level:
            stack.pop()
        level = min(heading.level, stack[-1][1] + 1)
        stack.append((heading.level, level))
        if level == heading.level:
            continue
        match = _ATX.match(doc.source, heading.span.start)
        if match is None:
            break
        edits.append((match.start(1), match.end(1), "#" * level))
    if not edits:
        return None
    start, end = edits[0][0], edits[-1][1]
    parts, pos = [], start
    for a, b, hashes in edits:
        parts += [doc.source[pos:a], hashes]
        pos = b
    more = len(edits) - 1
    plural = "s" if more > 1 else ""
    lifted = f", and lift the {more} heading{plural} after it to match" if more else ""
    return Fix(start, end, "".join(parts), f"make it an H{parent + 1}{lifted}")


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
    for index, heading in enumerate(doc.headings):
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
                fix=_section_fix(doc, index, previous),
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
