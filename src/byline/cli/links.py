"""``byline links``: check links between posts, anchors, images and (with --external) the web."""

from __future__ import annotations

import sys
from itertools import groupby
from pathlib import Path

import typer

from byline.checks.sources import CheckOptions
from byline.cli.common import ExitCode, open_blog, print_json, report_errors
from byline.diagnostics import Diagnostic, Summary, report_dict
from byline.links.check_source import LinkReport, check_links

__all__ = ["format_text", "register"]


def register(app: typer.Typer) -> None:
    @app.command("links")
    def links(
        paths: list[Path] = typer.Argument(None, help="Posts or folders (default: every post)."),
        *,
        external: bool = typer.Option(False, "--external", help="Also check http(s) URLs."),
        allow_private: bool = typer.Option(
            False, "--allow-private", help="Check links to localhost and private addresses too."
        ),
        no_cache: bool = typer.Option(
            False, "--no-cache", help="Request every URL again, ignoring [links] ttl_hours."
        ),
        strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
        as_json: bool = typer.Option(False, "--json", help="Print the diagnostics as JSON."),
    ) -> None:
        """Check internal links, #anchors and images; with --external, every web URL."""
        blog = open_blog()
        loaded = blog.load_all(blog.resolve(paths) if paths else None)
        options = CheckOptions(
            links=True, external=external, allow_private=allow_private, use_cache=not no_cache
        )
        report = check_links(blog, loaded.documents, options)
        summary = Summary(files=len(loaded.documents), words=sum(d.words for d in loaded.documents))
        summary.count(report.diagnostics)
        report_errors(loaded.errors)
        if as_json:
            print_json(report_dict(report.diagnostics, summary))
        else:
            sys.stdout.write(format_text(report.diagnostics))
            sys.stdout.write(_summary_line(summary, report, external) + "\n")
        if loaded.errors:
            raise typer.Exit(int(ExitCode.USAGE))
        if summary.errors or (strict and summary.warnings):
            raise typer.Exit(int(ExitCode.FINDINGS))


def format_text(diagnostics: list[Diagnostic]) -> str:
    """``path:line:col severity rule message`` lines, a blank line between files."""
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    blocks = []
    for _, group in groupby(ordered, key=lambda d: d.path):
        blocks.append(
            "".join(
                f"{d.path}:{d.line}:{d.column} {d.severity} {d.rule} {d.message}\n" for d in group
            )
        )
    return "\n".join(blocks) + ("\n" if blocks else "")


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _summary_line(summary: Summary, report: LinkReport, external: bool) -> str:
    counts = ", ".join(
        [
            _plural(summary.errors, "error"),
            _plural(summary.warnings, "warning"),
            _plural(summary.suggestions, "suggestion"),
        ]
    )
    line = f"{counts} in {_plural(summary.files, 'post')} ({_plural(report.links, 'link')} checked"
    if not external:
        return line + "; add --external to check web URLs)."
    web = (
        f"; {_plural(report.external, 'web URL')}: {_plural(report.requests, 'request')}, "
        f"{report.cached:,} from the cache"
    )
    if report.private:
        web += f", {report.private:,} private skipped (--allow-private checks them)"
    return line + web + ")."
