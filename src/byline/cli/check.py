"""``byline check [PATH...]``: the writing, structure, format, SEO and spelling rules."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from byline.checks.batch import check_posts, forget_other_results, load_ruleset, summarize
from byline.checks.fixes import fix_document, unified_diff
from byline.checks.ruleset import RuleSet, all_rules
from byline.checks.sources import SOURCE_RULES, CheckOptions
from byline.cli.common import (
    ExitCode,
    console,
    err_console,
    open_blog,
    print_json,
    report_errors,
)
from byline.content.blog import Blog, write_atomic
from byline.content.document import Document
from byline.errors import InputError
from byline.printable import counted, printable
from byline.report import FORMATS, Format, render
from byline.report.github import error_annotations

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["register", "select_documents"]


def _split(option: str, values: list[str] | None) -> list[str]:
    """The rules of ``--only``/``--skip`` values; one that names none (``--only ''``) is a
    mistake, which would otherwise run every rule or skip none."""
    rules = []
    for raw in values or []:
        if not (words := [v.strip() for v in raw.split(",") if v.strip()]):
            raise InputError(
                f"{option} was given no rule. Name rules or families, comma-separated, such "
                f"as {option} prose,format.heading-levels; 'byline check --list-rules' lists them."
            )
        rules += words
    return rules


def select_documents(
    blog: Blog, paths: list[Path], *, cache: bool
) -> tuple[list[Document], list[InputError | Exception]]:
    """The posts to check: the given paths, or every post; ideas only when named as files."""
    loaded = blog.load_all(blog.resolve(paths) if paths else None, cache=cache)
    named = {p.resolve() for p in paths if not p.is_dir()}
    docs = [
        d
        for d in loaded.documents
        if d.front_matter.status != "idea" or (blog.root / d.path).resolve() in named
    ]
    return docs, list(loaded.errors)


def _report_errors(errors: list[InputError | Exception], fmt: str) -> None:
    """The posts that could not be read: ``::error`` annotations for ``--format github``
    (on stderr, which the Actions runner also reads), else one plain line each."""
    if fmt == "github":
        sys.stderr.write(error_annotations(errors))
    else:
        report_errors(errors)


def _color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _fix(
    blog: Blog, docs: list[Document], ruleset: RuleSet, *, write: bool, notes: Console
) -> tuple[int, list[InputError]]:
    """Apply (or with ``write=False`` show) safe fixes; returns how many posts change, and
    the posts that could not be written.

    What was fixed goes to ``notes``: stderr when stdout carries a JSON or SARIF report.
    A post that cannot be written does not stop the others.
    """
    changed = 0
    failed: list[InputError] = []
    for doc in docs:
        after, count = fix_document(doc, ruleset)
        if not count or after == doc.source:
            continue
        changed += 1
        if write:
            path = blog.root / doc.path
            bom = "\ufeff" if path.read_bytes().startswith(b"\xef\xbb\xbf") else ""
            try:
                write_atomic(
                    path,
                    bom + after,
                    shown=doc.path,
                    expected=doc.source,
                    changed="changed while byline was fixing it; your version is kept and the "
                    "fixes were not written. Run 'byline check --fix' again.",
                )
            except InputError as exc:
                failed.append(exc)
                continue
            notes.print(
                f"{printable(str(doc.path))}: fixed {counted(count, 'problem')}.",
                markup=False,
            )
        else:
            sys.stdout.write(unified_diff(str(doc.path), doc.source, after))
    return changed, failed


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check(  # noqa: PLR0917 - Typer maps options to parameters
        paths: list[Path] = typer.Argument(None, help="Posts or folders (default: every post)."),
        fmt: str = typer.Option("text", "--format", "-f", help="text, json, sarif or github."),
        strict: bool = typer.Option(False, "--strict", help="Fail (exit 1) on warnings too."),
        run: bool = typer.Option(False, "--run", help="Run code blocks and report failures."),
        force: bool = typer.Option(False, "--force", help="Ignore the code-run cache."),
        links: bool = typer.Option(False, "--links", help="Check internal links and images."),
        external: bool = typer.Option(False, "--external", help="Also check http(s) links."),
        allow_private: bool = typer.Option(
            False, "--allow-private", help="Check links to localhost and private addresses."
        ),
        no_cache: bool = typer.Option(False, "--no-cache", help="Bypass every cache."),
        fix: bool = typer.Option(False, "--fix", help="Apply safe fixes to the posts."),
        diff: bool = typer.Option(False, "--diff", help="Show the safe fixes; write nothing."),
        only: list[str] = typer.Option(None, "--only", help="Run only these rules or families."),
        skip: list[str] = typer.Option(None, "--skip", help="Skip these rules or families."),
        list_rules: bool = typer.Option(False, "--list-rules", help="List the rules and exit."),
    ) -> None:
        """Check posts: writing, structure, formatting, SEO and spelling (exit 1 on errors)."""
        if fmt not in FORMATS:
            raise InputError(f"unknown format '{fmt}'. Use one of: {', '.join(FORMATS)}.")
        if fix and diff:
            raise InputError("--fix writes the fixes and --diff only shows them. Choose one.")
        if diff and fmt != "text":
            raise InputError(f"--diff prints a unified diff; drop --format {fmt}.")
        only_rules, skip_rules = _split("--only", only), _split("--skip", skip)
        if list_rules:
            _list_rules(as_json=fmt == "json")
            return
        blog = open_blog()
        ruleset = load_ruleset(blog, only=only_rules, skip=skip_rules)
        docs, errors = select_documents(blog, paths or [], cache=not no_cache)
        _report_errors(errors, fmt)
        if fix or diff:
            notes = console if fmt == "text" else err_console
            changed, failed = _fix(blog, docs, ruleset, write=not diff, notes=notes)
            if failed:  # each post's line, then exit 2, as for a post that cannot be read
                _report_errors(list(failed), fmt)
                raise typer.Exit(ExitCode.USAGE)
            if diff:
                raise typer.Exit(int(ExitCode.FINDINGS) if changed else 0)
            docs, _ = select_documents(blog, paths or [], cache=False)
        options = CheckOptions(
            run=run,
            force=force,
            links=links or external,
            external=external,
            allow_private=allow_private or blog.config.links.allow_private,
            use_cache=not no_cache,
        )
        result = check_posts(blog, docs, ruleset, options)
        if not paths and not no_cache:
            forget_other_results(blog, docs)
        _report_errors(list(result.errors), fmt)
        summary = summarize(result)
        help_ = {r.id: r.summary for r in all_rules().values()}
        out = render(
            _format(fmt),
            result.diagnostics,
            summary,
            color=fmt == "text" and _color(),
            rule_help=help_,
        )
        sys.stdout.write(out)
        if errors or result.errors:
            raise typer.Exit(int(ExitCode.USAGE))
        if summary.errors or (strict and summary.warnings):
            raise typer.Exit(int(ExitCode.FINDINGS))


def _list_rules(*, as_json: bool) -> None:
    rows: list[tuple[str, str, str]] = [(r.id, r.severity, r.summary) for r in all_rules().values()]
    rows += [(rule_id, sev, why) for rule_id, (sev, why) in sorted(SOURCE_RULES.items())]
    if as_json:
        print_json({"rules": [{"id": i, "severity": s, "summary": w} for i, s, w in rows]})
        return
    for rule_id, severity, summary in rows:
        console.print(f"{rule_id:28} {severity:10} {summary}", markup=False)


def _format(name: str) -> Format:
    return name  # type: ignore[return-value]
