"""Running a rule set over a document, then applying the writer's suppressions.

Suppressions, in order: the post's front matter (``check: {ignore: [...]}``) and
inline comments ``<!-- byline-disable RULE -->`` ... ``<!-- byline-enable RULE -->``
(no RULE means every rule; ``byline-disable-next-line RULE`` covers one line).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from byline.checks.prose.readability import Readability, readability
from byline.checks.ruleset import RuleSet, is_known_rule, matches_rule, unknown_rule_message
from byline.content.document import Document
from byline.content.post import nearest
from byline.diagnostics import Diagnostic
from byline.errors import InputError
from byline.pickle_cache import by_fields

__all__ = ["EXTERNAL_FAMILIES", "PostResult", "Suppressions", "check_document", "suppress"]

EXTERNAL_FAMILIES = ("code", "links", "originality")
"""Rule families reported by other parts of byline (``byline.checks.sources``)."""

_DIRECTIVE = re.compile(r"^byline-(disable-next-line|disable|enable)(?:\s(.*))?$", re.S)
_DIRECTIVES = ("byline-disable", "byline-enable", "byline-disable-next-line")
_LOOKS_LIKE_DIRECTIVE = re.compile(r"^byline-\S*", re.I)


@by_fields
@dataclass(frozen=True, slots=True)
class PostResult:
    """What checking one post found (cached per content and settings)."""

    path: str
    diagnostics: tuple[Diagnostic, ...]
    words: int
    readability: Readability


@dataclass(slots=True)
class Suppressions:
    """Rules switched off for a whole post or for line ranges of it."""

    ignore: tuple[str, ...]
    ranges: list[tuple[str | None, int, int]]
    """(rule pattern or None for all, first line, last line) inclusive."""

    def covers(self, d: Diagnostic) -> bool:
        if any(matches_rule(p, d.rule) for p in self.ignore):
            return True
        for pattern, first, last in self.ranges:
            if first <= d.line <= last and (pattern is None or matches_rule(pattern, d.rule)):
                return True
        return False


def _names(text: str) -> list[str]:
    return [n for n in re.split(r"[\s,]+", text.strip()) if n]


def _check_names(doc: Document, names: Iterable[str], line: int, known: Iterable[str]) -> None:
    """Every name is a rule or family byline has, switched on (``known``) or not."""
    ids = list(known)
    for name in names:
        if name.split(".", 1)[0] in EXTERNAL_FAMILIES:
            continue
        if not any(matches_rule(name, r) for r in ids) and not is_known_rule(name):
            raise InputError(unknown_rule_message(name), path=doc.path, line=line)


def _directive(doc: Document, text: str, line: int) -> tuple[str, list[str]] | None:
    """(kind, rule names) of a ``byline-...`` comment; None for any other comment.

    A comment that starts like a directive but is none ("byline-disablex", upper case)
    and one whose list holds no name ("byline-disable ,,,") are errors: read as they
    are, they would silently do nothing, or switch off every rule.
    """
    match = _DIRECTIVE.match(text)
    if match is None:
        word = _LOOKS_LIKE_DIRECTIVE.match(text)
        if word is None:
            return None
        hint = nearest(word.group().lower(), list(_DIRECTIVES))
        did_you_mean = f" Did you mean '{hint}'?" if hint else ""
        raise InputError(
            f"unknown directive '{word.group()}'.{did_you_mean} Directives are "
            "byline-disable, byline-enable and byline-disable-next-line, in lower case.",
            path=doc.path,
            line=line,
        )
    rest = match.group(2) or ""
    names = _names(rest)
    if rest.strip() and not names:
        raise InputError(
            f"'{text.strip()}' names no rule. List rule ids after it, such as "
            f"'byline-{match.group(1)} prose.hedging', or none to mean every rule.",
            path=doc.path,
            line=line,
        )
    return match.group(1), names


def suppressions(doc: Document, known: Iterable[str]) -> Suppressions:
    """Read the front matter ignores and the inline directives of ``doc``.

    An unknown rule name is an ``InputError`` naming the nearest real one; every bad
    name and directive of the post is reported at once (``InputError.problems``).
    """
    ids = list(known)
    ignore = doc.front_matter.check_ignore
    problems: list[InputError] = []
    try:
        _check_names(doc, ignore, doc.front_matter.lines.get("check", 1), ids)
    except InputError as exc:
        problems.append(exc)
    ranges: list[tuple[str | None, int, int]] = []
    open_: dict[str | None, int] = {}
    last_line = doc.lines.position(len(doc.source))[0]
    for comment in doc.comments:
        line = comment.span.line
        try:
            directive = _directive(doc, comment.text, line)
            if directive is not None:
                _check_names(doc, directive[1], line, ids)
        except InputError as exc:
            problems.append(exc)
            continue
        if directive is None:
            continue
        kind, names = directive
        targets: list[str | None] = list(names) or [None]
        if kind == "disable-next-line":
            ranges.extend(
                (t, comment.span.end_line + 1, comment.span.end_line + 1) for t in targets
            )
        elif kind == "disable":
            for t in targets:
                open_.setdefault(t, line)
        else:
            for t in targets if names else list(open_):
                if t in open_:
                    ranges.append((t, open_.pop(t), line))
    ranges.extend((t, first, last_line) for t, first in open_.items())
    if len(problems) == 1:
        raise problems[0]
    if problems:
        first = problems[0]
        raise InputError(first.message, path=first.path, line=first.line, causes=problems)
    return Suppressions(ignore, ranges)


def suppress(
    doc: Document, diagnostics: Iterable[Diagnostic], known: Iterable[str]
) -> list[Diagnostic]:
    """``diagnostics`` minus those the post switches off."""
    sup = suppressions(doc, known)
    return [d for d in diagnostics if not sup.covers(d)]


def check_document(doc: Document, ruleset: RuleSet, known: Iterable[str]) -> PostResult:
    """Run every active rule on ``doc`` and apply its suppressions."""
    found: list[Diagnostic] = []
    has_front_matter = doc.body_start > 0
    for active in ruleset.rules:
        rule = active.rule
        if rule.front_matter and not has_front_matter:
            continue
        for d in rule.func(doc, active.settings):
            if active.severity_set and d.severity != active.settings.severity:
                found.append(replace(d, severity=active.settings.severity))
            else:
                found.append(d)
    kept = suppress(doc, found, known)
    kept.sort(key=Diagnostic.sort_key)
    return PostResult(str(doc.path), tuple(kept), doc.words, readability(doc))
