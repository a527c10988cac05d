"""Safe fixes: applying them to a post's text, and showing them as a diff."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from byline.checks.engine import check_document
from byline.checks.ruleset import RuleSet
from byline.content.document import Document
from byline.content.parse import parse
from byline.diagnostics import Fix

__all__ = ["apply_fixes", "fix_document", "unified_diff"]

_MAX_PASSES = 4


def apply_fixes(source: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """``source`` with every fix applied that neither overlaps nor touches an earlier one;
    returns (text, fixes applied).

    A fix that touches another waits for the next pass, which re-checks the text: each
    was judged safe on the text as it was, and two side by side can together break
    what each alone keeps ("a really very old car" -> "a old car").
    """
    chosen: list[Fix] = []
    for fix in sorted(fixes, key=lambda f: (f.start, f.end)):
        if chosen and fix.start <= chosen[-1].end:
            continue
        if 0 <= fix.start <= fix.end <= len(source):
            chosen.append(fix)
    parts, pos = [], 0
    for fix in chosen:
        parts.append(source[pos : fix.start])
        parts.append(fix.replacement)
        pos = fix.end
    parts.append(source[pos:])
    return "".join(parts), len(chosen)


def fix_document(doc: Document, ruleset: RuleSet) -> tuple[str, int]:
    """The post's text after its safe fixes, re-checking until nothing more is fixable.

    Some fixes uncover others (repairing one heading level can expose the next), so
    the post is re-parsed and re-checked a few times.
    """
    known = list(ruleset.ids)
    source, total = doc.source, 0
    current = doc
    for _ in range(_MAX_PASSES):
        result = check_document(current, ruleset, known)
        fixes = [d.fix for d in result.diagnostics if d.fix is not None]
        if not fixes:
            break
        source, applied = apply_fixes(source, fixes)
        total += applied
        current = parse(source, doc.path)
    return source, total


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one post, ``a/PATH`` to ``b/PATH``."""
    lines = difflib.unified_diff(
        _lines(before),
        _lines(after),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


def _lines(text: str) -> list[str]:
    """``text`` split after each ``\\n`` only, as patch tools read it: ``splitlines()``
    also breaks at form feeds, U+0085 and U+2028, which are text inside a line."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]
