"""Checking many posts: the result cache, source diagnostics and the summary.

Results are cached per post under ``.byline/cache/check/``, keyed by the post's
content and path, the effective settings, byline's version (and the sizes and times of
the rule and template files and of the English word list) and today's date (for
``seo.stale``), so an unchanged post is answered without running a rule.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from byline import __version__
from byline.checks.engine import PostResult, check_document, suppress
from byline.checks.prose.readability import Readability, band
from byline.checks.ruleset import RuleSet, build_ruleset
from byline.checks.sources import CheckOptions, load_sources
from byline.checks.spelling.dictionary import word_list_stamp
from byline.config import CONFIG_NAME
from byline.content.blog import Blog
from byline.content.document import Document
from byline.content.post import decode_source
from byline.diagnostics import Diagnostic, Summary
from byline.errors import BylineError, os_error
from byline.pickle_cache import cached, entry_name, prune, source_stamp

__all__ = [
    "CheckRun",
    "check_posts",
    "forget_other_results",
    "load_ruleset",
    "read_vocabulary",
    "summarize",
]


def read_vocabulary(blog: Blog) -> list[str]:
    """``[check] vocabulary`` plus the words of ``vocabulary.txt`` in the blog root."""
    words = list(blog.config.check.vocabulary)
    path = blog.root / "vocabulary.txt"
    if path.is_file():
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise os_error(exc, "read the vocabulary", path=blog.display(path)) from None
        for line in decode_source(data, blog.display(path)).splitlines():
            word = line.split("#", 1)[0].strip()
            if word:
                words.append(word)
    return words


def load_ruleset(blog: Blog, *, only: Iterable[str] = (), skip: Iterable[str] = ()) -> RuleSet:
    """The blog's effective rules: ``[check]`` of byline.toml, its vocabulary, ``only`` and
    ``skip`` (every config problem reported at once, with byline.toml's lines)."""
    path = blog.root / CONFIG_NAME
    text = path.read_text("utf-8") if path.is_file() else ""
    return build_ruleset(
        blog.config.check,
        only=only,
        skip=skip,
        vocabulary=read_vocabulary(blog),
        config_path=CONFIG_NAME,
        config_text=text,
    )


def _cache_key(doc: Document, ruleset: RuleSet) -> str:
    parts = (
        __version__,
        source_stamp("checks", "content", "templates"),  # an edited rule: no stale results
        word_list_stamp(),  # an upgraded pyspellchecker: no stale spelling findings
        str(doc.path),
        doc.source,
        ruleset.fingerprint,
        dt.date.today(),
    )
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()


def _cached(folder: Path | None, doc: Document, ruleset: RuleSet, known: list[str]) -> PostResult:
    if folder is None:
        return check_document(doc, ruleset, known)
    path = folder / entry_name(str(doc.path))
    key = _cache_key(doc, ruleset)
    return cached(path, key, lambda: check_document(doc, ruleset, known), kind=PostResult)


@dataclass(slots=True)
class CheckRun:
    """Everything one ``byline check`` found."""

    results: list[PostResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Rule and source diagnostics together, after suppressions."""
    errors: list[BylineError] = field(default_factory=list)
    """Posts that could not be checked (each says why)."""


def check_posts(
    blog: Blog,
    documents: Iterable[Document],
    ruleset: RuleSet,
    options: CheckOptions,
) -> CheckRun:
    """Run the rules (from the cache when possible) and every source on ``documents``."""
    docs = list(documents)
    folder = blog.cache_dir / "check" if options.use_cache else None
    known = list(ruleset.ids)
    run = CheckRun()
    checked: list[Document] = []
    for doc in docs:
        try:
            run.results.append(_cached(folder, doc, ruleset, known))
            checked.append(doc)
        except BylineError as exc:
            run.errors.append(exc)
    for result in run.results:
        run.diagnostics.extend(result.diagnostics)
    by_path = {str(d.path): d for d in checked}
    for source in load_sources(options):
        per_post: dict[str, list[Diagnostic]] = {}
        for d in ruleset.from_sources(source(blog, checked, options)):
            per_post.setdefault(d.path, []).append(d)
        for path, found in per_post.items():
            post = by_path.get(path)
            run.diagnostics.extend(found if post is None else suppress(post, found, known))
    run.diagnostics.sort(key=Diagnostic.sort_key)
    return run


def forget_other_results(blog: Blog, documents: Iterable[Document]) -> None:
    """Drop the cached results of every post but ``documents`` (after checking them all)."""
    prune(blog.cache_dir / "check", (entry_name(str(d.path)) for d in documents))


def summarize(run: CheckRun) -> Summary:
    """Files, words, counts by severity and the readability of all prose together."""
    summary = Summary(files=len(run.results), words=sum(r.words for r in run.results))
    summary.count(run.diagnostics)
    total = sum((r.readability for r in run.results), Readability(0, 0, 0))
    score = total.score
    if score is not None:
        summary.extra["readability"] = round(score, 1)
        summary.extra["readability_band"] = band(score)
    return summary
