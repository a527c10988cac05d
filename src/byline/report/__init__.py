"""Formatters of diagnostics: text, json, sarif, github. Small modules over one model."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from byline.diagnostics import Diagnostic, Summary
from byline.report import github, json, sarif, text

__all__ = ["FORMATS", "Format", "render"]

Format = Literal["text", "json", "sarif", "github"]
FORMATS: dict[str, Callable[..., str]] = {
    "text": text.render,
    "json": json.render,
    "sarif": sarif.render,
    "github": github.render,
}


def render(
    fmt: Format,
    diagnostics: list[Diagnostic],
    summary: Summary,
    *,
    color: bool = False,
    rule_help: dict[str, str] | None = None,
) -> str:
    """The report in ``fmt``; ``rule_help`` maps rule ids to their one-line reason."""
    return FORMATS[fmt](diagnostics, summary, color=color, rule_help=rule_help or {})
