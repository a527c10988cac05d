"""Code blocks: a language on every fence, and lines a phone can show."""

from __future__ import annotations

import ast
import json
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from byline.checks.registry import Limit, Settings, at, check
from byline.content.document import CodeBlock, Document
from byline.diagnostics import Diagnostic, Fix

__all__ = ["CodeLanguageSettings", "MobileSettings", "detect_language"]

_PYTHON = re.compile(
    r"^\s*(?:def \w+\(|class \w+[(:]|import \w|from [\w.]+ import |print\(|@\w+|if __name__)"
)
_SHELL = re.compile(
    r"^\s*(?:\$ |pip3? install |python3? |git |cd |export |conda |docker |apt(?:-get)? |npm |"
    r"curl |wget |mkdir |deepspeed |torchrun |accelerate |huggingface-cli |sudo |nvidia-smi)"
)


def detect_language(code: str) -> str | None:
    """The language of ``code`` when it is unmistakable, else None.

    JSON that parses; Python that parses and has a ``def``/``import``/``print(`` line;
    shell where every line is a known command (``console`` when lines start with ``$``).
    """
    stripped = code.strip()
    if not stripped:
        return None
    if stripped[0] in "{[":
        try:
            json.loads(stripped)
        except ValueError:
            pass
        else:
            return "json"
    lines = [line for line in stripped.splitlines() if line.strip() and not line.startswith("#")]
    if lines and all(_SHELL.match(line) for line in lines):
        return "console" if any(line.lstrip().startswith("$ ") for line in lines) else "bash"
    if any(_PYTHON.match(line) for line in lines):
        try:
            with warnings.catch_warnings():  # Python's SyntaxWarning would go to stderr
                warnings.simplefilter("ignore", SyntaxWarning)
                ast.parse(stripped)
        except (SyntaxError, ValueError):
            return None
        return "python"
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeLanguageSettings(Settings):
    pass


def _language_fix(doc: Document, block: CodeBlock) -> Fix | None:
    lang = detect_language(block.code)
    if lang is None:
        return None
    line_end = doc.source.find("\n", block.span.start)
    line = doc.source[block.span.start : line_end if line_end >= 0 else len(doc.source)]
    marker = line.lstrip()
    if marker.rstrip("\r") != block.fence:
        return None
    pos = block.span.start + len(line) - len(marker) + len(block.fence)
    return Fix(pos, pos, lang, f"add the language '{lang}'")


@check("format.code-language", severity="warning", scope="code")
def code_language(doc: Document, settings: CodeLanguageSettings) -> Iterator[Diagnostic]:
    """A fence without a language gets no highlighting and tells the reader nothing.

    Name the language after the opening fence (markdownlint MD040); byline adds it
    with ``--fix`` when the code is unmistakably JSON, Python or shell.
    """
    for block in doc.code_blocks:
        if not block.fenced or block.lang:
            continue
        fix = _language_fix(doc, block)
        advice = (
            f"It looks like {fix.replacement}: open the fence with ```{fix.replacement}."
            if fix
            else "Add one after the fence, e.g. ```python."
        )
        yield at(
            doc,
            block.span.start,
            block.span.start + len(block.fence),
            "format.code-language",
            settings.severity,
            f"This code block has no language. {advice}",
            fix=fix,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class MobileSettings(Settings):
    max_code_line: Limit = 120
    """Code lines longer than this scroll sideways even on a laptop, let alone a phone."""
    max_table_columns: Limit = 6
    """Tables with more columns than this do not fit a phone screen."""
    skip_languages: tuple[str, ...] = ("text", "console", "output", "log", "diff", "csv", "json")
    """Output-like blocks, whose lines you cannot rewrap."""


@check("format.mobile", severity="suggestion", scope="code")
def mobile(doc: Document, settings: MobileSettings) -> Iterator[Diagnostic]:
    """Most readers open posts on a phone; very wide code and tables are unreadable there.

    Wrap long code lines (one argument per line) and split wide tables. Reported once
    per block, at its longest line.
    """
    for block in doc.code_blocks:
        if block.lang in settings.skip_languages:
            continue
        lines = block.code.split("\n")  # not splitlines: U+2028 or a form feed ends no line
        longest = max(range(len(lines)), key=lambda i: len(lines[i]), default=-1)
        if longest < 0 or len(lines[longest]) <= settings.max_code_line:
            continue
        line_no = block.code_span.line - 1 + longest
        start = doc.lines.starts[line_no]
        yield at(
            doc,
            start,
            start + len(lines[longest]),
            "format.mobile",
            settings.severity,
            f"This code line has {len(lines[longest])} characters. Wrap it at "
            f"{settings.max_code_line} or fewer so it reads on a phone.",
        )
    for table in doc.tables:
        columns = len(table.header)
        if columns > settings.max_table_columns:
            yield at(
                doc,
                table.span.start,
                table.span.start,
                "format.mobile",
                settings.severity,
                f"This table has {columns} columns. Split it or transpose it "
                f"(at most {settings.max_table_columns} fit a phone).",
            )
