"""Page layout: no walls of text, and comparisons in a table."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from byline.checks.registry import Limit, Settings, at, check
from byline.content.document import Document, Paragraph
from byline.diagnostics import Diagnostic

__all__ = ["ComparisonTableSettings", "WallOfTextSettings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class WallOfTextSettings(Settings):
    max_words: Limit = 350
    """Prose words allowed without a heading, list, table, code block or image (Yoast: 300/350)."""


def _runs(doc: Document) -> Iterator[list[Paragraph]]:
    """Stretches of plain paragraphs with nothing else between them."""
    image_starts = sorted(i.span.start for i in doc.images)
    current: list[Paragraph] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph) and not block.in_list and not block.in_quote:
            span = block.span
            if not any(span.start <= s < span.end for s in image_starts):
                current.append(block)
                continue
        if current:
            yield current
        current = []
    if current:
        yield current


@check("format.wall-of-text", severity="warning", scope="section")
def wall_of_text(doc: Document, settings: WallOfTextSettings) -> Iterator[Diagnostic]:
    """Long unbroken prose makes readers give up; give the eye a landmark.

    More than ``max_words`` words without a heading, list, table, code block or image
    (Yoast's subheading distribution: orange over 300, red over 350 words).
    """
    for run in _runs(doc):
        words = sum(p.words for p in run)
        if words > settings.max_words:
            yield at(
                doc,
                run[0].span.start,
                run[-1].span.end,
                "format.wall-of-text",
                settings.severity,
                f"{words} words of prose without a heading, list, table, code or image. "
                f"Break it up (at most {settings.max_words}).",
                data={"words": words},
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class ComparisonTableSettings(Settings):
    types: tuple[str, ...] = ("comparison",)
    """Post types that must compare in a table."""


@check("format.comparison-table", severity="warning", scope="post", front_matter=True)
def comparison_table(doc: Document, settings: ComparisonTableSettings) -> Iterator[Diagnostic]:
    """Readers of a comparison want the verdict at a glance, in one table.

    Options as columns, criteria as rows (the comparison template's summary table).
    """
    if doc.front_matter.type not in settings.types or doc.tables:
        return
    if doc.front_matter.status in ("idea", "outline"):
        return
    line = doc.front_matter.lines.get("type", 1)
    start = doc.lines.starts[line - 1]
    yield at(
        doc,
        start,
        doc.lines.ends[line - 1],
        "format.comparison-table",
        settings.severity,
        "This comparison has no table. Add a summary table: options as columns, criteria as rows.",
    )
