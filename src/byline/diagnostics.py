"""Diagnostics: what a check, the runner or the link checker found, and where.

Every producer (checks, ``run``, ``links``) returns ``Diagnostic`` values; every
formatter (text, json, sarif, github) reads them. The JSON shape is the one
``byline check --format json`` prints:
``{"diagnostics": [...], "summary": {"files", "words", "errors", "warnings", "suggestions"}}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from byline.content.document import Document, Span
from byline.pickle_cache import by_fields

__all__ = [
    "SEVERITIES",
    "Diagnostic",
    "Fix",
    "Severity",
    "Summary",
    "diagnostic_at",
    "report_dict",
]

Severity = Literal["error", "warning", "suggestion"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)


@by_fields
@dataclass(frozen=True, slots=True)
class Fix:
    """A safe edit of the source: replace ``source[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str
    description: str


@by_fields
@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding at one place of one file."""

    path: str
    """File path as shown to the user (relative to the blog root)."""
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    """Rule id ``family.name``, e.g. ``prose.weasel-words``."""
    severity: Severity
    message: str
    """What is wrong and what to do, addressed to the writer as "you"."""
    fix: Fix | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False)
    """Extra figures for reports (e.g. the measured value and the threshold)."""

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.rule)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of one diagnostic."""
        out: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
        }
        if self.fix is not None:
            out["fix"] = {
                "start": self.fix.start,
                "end": self.fix.end,
                "replacement": self.fix.replacement,
                "description": self.fix.description,
            }
        return out


def diagnostic_at(
    doc: Document,
    span: Span,
    rule: str,
    severity: Severity,
    message: str,
    *,
    fix: Fix | None = None,
    data: dict[str, Any] | None = None,
) -> Diagnostic:
    """A diagnostic for ``span`` of ``doc``."""
    return Diagnostic(
        path=str(doc.path),
        line=span.line,
        column=span.column,
        end_line=span.end_line,
        end_column=span.end_column,
        rule=rule,
        severity=severity,
        message=message,
        fix=fix,
        data=data or {},
    )


@dataclass(slots=True)
class Summary:
    """Totals for a report."""

    files: int = 0
    words: int = 0
    errors: int = 0
    warnings: int = 0
    suggestions: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    """Further figures (e.g. the readability band)."""

    def count(self, diagnostics: list[Diagnostic]) -> Summary:
        """Add the severities of ``diagnostics`` to the totals; returns self."""
        for d in diagnostics:
            if d.severity == "error":
                self.errors += 1
            elif d.severity == "warning":
                self.warnings += 1
            else:
                self.suggestions += 1
        return self

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "words": self.words,
            "errors": self.errors,
            "warnings": self.warnings,
            "suggestions": self.suggestions,
            **self.extra,
        }


def report_dict(diagnostics: list[Diagnostic], summary: Summary) -> dict[str, Any]:
    """The ``--format json`` document."""
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    return {"diagnostics": [d.to_dict() for d in ordered], "summary": summary.to_dict()}
