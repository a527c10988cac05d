"""``--format json``: exactly :func:`byline.diagnostics.report_dict`."""

from __future__ import annotations

import json as _json
from typing import Any

from byline.diagnostics import Diagnostic, Summary, report_dict

__all__ = ["render"]


def render(diagnostics: list[Diagnostic], summary: Summary, **_: Any) -> str:
    """The JSON envelope ``{"diagnostics": [...], "summary": {...}}``, indented."""
    return _json.dumps(report_dict(diagnostics, summary), indent=2, ensure_ascii=False) + "\n"
