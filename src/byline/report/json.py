"""``--format json``: exactly :func:`byline.diagnostics.report_dict`."""

from __future__ import annotations

import json as _json
from typing import Any

from byline.diagnostics import Diagnostic, Summary, report_dict
from byline.printable import printable_json

__all__ = ["render"]


def render(diagnostics: list[Diagnostic], summary: Summary, **_: Any) -> str:
    """The JSON envelope ``{"diagnostics": [...], "summary": {...}}``, indented; no raw
    control character from a post reaches the output (they are ``\\u`` escapes)."""
    text = _json.dumps(report_dict(diagnostics, summary), indent=2, ensure_ascii=False)
    return printable_json(text) + "\n"
