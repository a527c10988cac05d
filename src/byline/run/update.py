"""``byline run --update``: write actual outputs into ``output`` fences, touching nothing else.

Edits are computed from the blocks' spans and applied from the end of the file back, so
every byte outside the changed fences stays as it was. A missing fence is inserted after
its block, indented like it (list items, block quotes) and with the file's newline style.
Figures left open by matplotlib are written next to the post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from byline.content.blog import write_atomic
from byline.content.document import CodeBlock, Document
from byline.run.engine import PostRun
from byline.run.report import output_mismatch
from byline.run.results import BlockResult

__all__ = ["Edit", "apply_edits", "output_edits", "write_figures"]

_BACKTICKS = re.compile(r"^[ \t>]*(`{3,}|~{3,})", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``source[start:end]`` with ``text``."""

    start: int
    end: int
    text: str


def apply_edits(source: str, edits: list[Edit]) -> str:
    """``source`` with non-overlapping ``edits`` applied."""
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        source = source[: edit.start] + edit.text + source[edit.end :]
    return source


def output_edits(post: PostRun) -> list[Edit]:
    """The edits that make every ``output`` fence show its block's actual output."""
    doc = post.doc
    newline = "\r\n" if "\r\n" in doc.source else "\n"
    edits: list[Edit] = []
    for step in post.plan.steps:
        result = post.block(step)
        if result is None or not _updatable(step.kind, result):
            continue
        if step.expected is None:
            if result.output and step.check != "none":
                edit = _insert(doc, step.block, result.output, newline)
                if edit is not None:
                    edits.append(edit)
        elif output_mismatch(step, result) is not None:
            edits.append(_replace(doc, step.expected, result.output, newline))
    return edits


def _updatable(kind: str, result: BlockResult) -> bool:
    return result.status == "passed" and kind in ("python", "bash", "command")


def _prefixes(doc: Document, block: CodeBlock) -> tuple[str, str]:
    """What precedes the fence on its first line, and the indentation of the other lines."""
    line = doc.lines.text(block.span.line - 1)
    at = line.find(block.fence)
    first = line[: max(at, 0)]
    return first, re.sub(r"[^ \t>]", " ", first)


def _fence_for(text: str, fence: str) -> str:
    runs = [len(m.group(1)) for m in _BACKTICKS.finditer(text) if m.group(1)[0] == fence[0]]
    return fence[0] * max(len(fence), 3, *(n + 1 for n in runs))


def _lines(text: str, prefix: str, newline: str) -> str:
    return "".join(prefix + line + newline for line in text.split("\n"))


def _insert(doc: Document, block: CodeBlock, output: str, newline: str) -> Edit | None:
    last = doc.lines.text(block.span.end_line - 1).strip(" \t>")
    if block.span.end_line == block.span.line or not last.startswith(block.fence):
        return None  # an unclosed fence runs to the end of the file: nowhere to insert
    _, prefix = _prefixes(doc, block)
    fence = _fence_for(output, "`")
    text = (
        f"{newline}{prefix.rstrip()}{newline}{prefix}{fence}output{newline}"
        f"{_lines(output, prefix, newline)}{prefix}{fence}"
    )
    return Edit(block.span.end, block.span.end, text)


def _replace(doc: Document, fence_block: CodeBlock, output: str, newline: str) -> Edit:
    first, prefix = _prefixes(doc, fence_block)
    fence = _fence_for(output, fence_block.fence)
    if len(fence) > len(fence_block.fence):  # the output holds a fence: rewrite the whole block
        text = (
            f"{first}{fence}{fence_block.info}{newline}"
            f"{_lines(output, prefix, newline) if output else ''}{prefix}{fence}"
        )
        return Edit(fence_block.span.start, fence_block.span.end, text)
    span = fence_block.code_span
    if span.start == span.end:  # an empty fence: add lines before its closing fence
        return Edit(span.start, span.start, _lines(output, prefix, newline) if output else "")
    if not output:
        return Edit(span.start, span.end + len(newline), "")
    return Edit(span.start, span.end, _lines(output, prefix, newline)[: -len(newline)])


def write_figures(post: PostRun, post_file: Path) -> list[Path]:
    """Save each figure the post's blocks left open as ``<slug>-N.svg`` (or ``figure=NAME``).

    Files are written only when their content changed; returns the paths written.
    """
    written: list[Path] = []
    count = 0
    for step in post.plan.steps:
        result = post.block(step)
        if result is None:
            continue
        name = re.sub(r"[^\w.-]+", "-", step.block.options.get("figure", "")).strip(".-")
        for n, svg in enumerate(result.figures, start=1):
            count += 1
            if not svg:
                continue
            stem = (f"{name}-{n}" if n > 1 else name) if name else f"{post.doc.slug}-{count}"
            target = post_file.parent / f"{stem}.svg"
            try:
                unchanged = target.read_text(encoding="utf-8") == svg
            except OSError:
                unchanged = False
            if not unchanged:
                write_atomic(target, svg)
                written.append(target)
    return written
