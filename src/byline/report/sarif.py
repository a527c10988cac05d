"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning.

One run, tool ``byline`` with every reported rule (its reason as the description),
one result per diagnostic. Columns count Unicode code points, which the run declares.
Artifact URIs are the posts' relative paths, percent-encoded.
A safe fix becomes a SARIF ``fix`` with one replacement.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from byline import __version__
from byline.diagnostics import Diagnostic, Summary
from byline.printable import printable_json

__all__ = ["SCHEMA", "render", "sarif_log"]

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_LEVEL = {"error": "error", "warning": "warning", "suggestion": "note"}


def _uri(path: str) -> str:
    """``path`` as a relative URI reference (RFC 3986): each segment percent-encoded, so a
    space, ``%``, ``:`` or non-ASCII letter in a post's name stays a valid URI."""
    return quote(PurePath(path).as_posix(), safe="/")


def _result(d: Diagnostic, index: int) -> dict[str, Any]:
    region = {
        "startLine": d.line,
        "startColumn": d.column,
        "endLine": d.end_line,
        "endColumn": max(d.end_column, d.column),
    }
    location = {"physicalLocation": {"artifactLocation": {"uri": _uri(d.path)}, "region": region}}
    result: dict[str, Any] = {
        "ruleId": d.rule,
        "ruleIndex": index,
        "level": _LEVEL[d.severity],
        "message": {"text": d.message},
        "locations": [location],
    }
    if d.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": d.fix.description},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": _uri(d.path)},
                        "replacements": [
                            {
                                "deletedRegion": {
                                    "charOffset": d.fix.start,
                                    "charLength": d.fix.end - d.fix.start,
                                },
                                "insertedContent": {"text": d.fix.replacement},
                            }
                        ],
                    }
                ],
            }
        ]
    return result


def sarif_log(
    diagnostics: list[Diagnostic], rule_help: dict[str, str], default_levels: dict[str, str]
) -> dict[str, Any]:
    """The SARIF log as a dict."""
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    ids = sorted({d.rule for d in ordered})
    index = {rule: i for i, rule in enumerate(ids)}
    rules = []
    for rule in ids:
        text = rule_help.get(rule) or f"byline rule {rule}."
        rules.append(
            {
                "id": rule,
                "name": rule,
                "shortDescription": {"text": text},
                "defaultConfiguration": {"level": default_levels.get(rule, "warning")},
            }
        )
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "byline",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index[d.rule]) for d in ordered],
            }
        ],
    }


def render(
    diagnostics: list[Diagnostic],
    summary: Summary,  # noqa: ARG001 - every formatter takes the summary
    *,
    rule_help: dict[str, str],
    **_: Any,
) -> str:
    """The SARIF log as indented JSON."""
    levels: dict[str, str] = {}
    for d in diagnostics:
        levels.setdefault(d.rule, _LEVEL[d.severity])
    text = json.dumps(sarif_log(diagnostics, rule_help, levels), indent=2, ensure_ascii=False)
    return printable_json(text) + "\n"
