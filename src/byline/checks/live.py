"""Checking text that is being edited: one post at a time, from memory, settings kept warm.

``byline check`` pays for Python's start-up, imports and the rule set on every run.
An editor wants diagnostics on each keystroke, so ``LiveChecker`` (behind
``byline lsp``) keeps the blog's rules loaded and re-checks only the text it is given:
a post of 2,000 words takes tens of milliseconds. The rules and suppressions are those
of ``byline check``; diagnostics from other parts of byline (``code.*`` from running
code, ``links.*`` from the link checker) need ``byline check --run/--links``.

The rule set is rebuilt when ``byline.toml`` or ``vocabulary.txt`` changes on disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from byline.checks.engine import check_document
from byline.checks.ruleset import RuleSet
from byline.config import CONFIG_NAME, load_config
from byline.content.document import Document, LineIndex
from byline.content.parse import parse
from byline.diagnostics import Diagnostic
from byline.errors import BylineError, InputError

__all__ = ["LiveChecker", "LiveResult"]


@dataclass(slots=True)
class LiveResult:
    """What checking one text found: diagnostics, or the error that stopped it."""

    document: Document | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: BylineError | None = None
    """Invalid front matter (an ``InputError``) or an invalid ``byline.toml``."""


class LiveChecker:
    """The rules of the blog at ``root``, kept loaded between checks."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.posts_dir = (root / "posts").resolve()
        """Where the posts are (resolved): ``byline check`` takes no other file."""
        self._stamp: tuple[tuple[int, int], ...] | None = None
        self._ruleset: RuleSet | None = None

    def _files(self) -> tuple[Path, Path]:
        return self.root / CONFIG_NAME, self.root / "vocabulary.txt"

    def _current_stamp(self) -> tuple[tuple[int, int], ...]:
        out = []
        for path in self._files():
            try:
                stat = path.stat()
                out.append((stat.st_mtime_ns, stat.st_size))
            except OSError:
                out.append((0, -1))
        return tuple(out)

    def ruleset(self) -> RuleSet:
        """The blog's rules, rebuilt when its settings or vocabulary changed.

        Raises ``ConfigError`` when ``byline.toml`` is invalid.
        """
        stamp = self._current_stamp()
        if self._ruleset is None or stamp != self._stamp:
            from byline.checks.batch import load_ruleset
            from byline.content.blog import Blog

            self._ruleset = load_ruleset(Blog(self.root, load_config(self.root)))
            self._stamp = stamp
        return self._ruleset

    def shown(self, path: Path) -> str:
        """``path`` relative to the blog root (as ``byline check`` shows it)."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)

    def check(self, path: Path, text: str) -> LiveResult:
        """Check ``text`` as the post at ``path`` (which need not be saved)."""
        try:
            text.encode("utf-8")  # 16 us for a post of 24 kB: nothing beside the rules
        except UnicodeEncodeError as exc:  # a lone surrogate, from a client's bad UTF-16
            return LiveResult(error=_lone_surrogate(text, exc.start, self.shown(path)))
        try:
            rules = self.ruleset()
            doc = parse(text.removeprefix("\ufeff"), self.shown(path))
            result = check_document(doc, rules, rules.ids)
        except BylineError as exc:
            return LiveResult(error=exc)
        return LiveResult(doc, list(result.diagnostics))


def _lone_surrogate(text: str, at: int, shown: str) -> InputError:
    """The error for the lone surrogate at offset ``at`` of ``text``."""
    line, column = LineIndex(text).position(at)
    return InputError(
        f"has a character that is not valid Unicode (U+{ord(text[at]):04X}, half of a "
        f"UTF-16 pair, at column {column}). Delete it, or save the file as UTF-8.",
        path=shown,
        line=line,
    )
