"""``byline links``: check links between posts, anchors, images and (with --external) the web."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from byline.checks.sources import CheckOptions
from byline.cli.common import ExitCode, open_blog, print_json, report_errors
from byline.diagnostics import Summary, report_dict
from byline.links.check_source import LinkReport, check_links
from byline.printable import counted
from byline.report.text import render

__all__ = ["links_line", "register"]


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
        named = {p.resolve() for p in paths or [] if not p.is_dir()}
        documents = [  # as in 'byline check': ideas only when named as files
            d
            for d in loaded.documents
            if d.front_matter.status != "idea" or (blog.root / d.path).resolve() in named
        ]
        options = CheckOptions(
            links=True, external=external, allow_private=allow_private, use_cache=not no_cache
        )
        report = check_links(blog, documents, options)
        summary = Summary(files=len(documents), words=sum(d.words for d in documents))
        summary.count(report.diagnostics)
        report_errors(loaded.errors)
        if as_json:
            print_json(report_dict(report.diagnostics, summary))
        else:
            color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
            sys.stdout.write(render(report.diagnostics, summary, color=bool(color)))
            sys.stdout.write(links_line(report, external=external) + "\n")
        if loaded.errors:
            raise typer.Exit(int(ExitCode.USAGE))
        if summary.errors or (strict and summary.warnings):
            raise typer.Exit(int(ExitCode.FINDINGS))


def links_line(report: LinkReport, *, external: bool) -> str:
    """What the check did: ``Links: 12 checked; 3 web URLs: 4 requests, 0 from the cache.``"""
    line = f"Links: {report.links:,} checked"
    if not external:
        return line + "; add --external to check web URLs."
    line += (
        f"; {counted(report.external, 'web URL')}: {counted(report.requests, 'request')}, "
        f"{report.cached:,} from the cache"
    )
    if report.private:
        line += f", {report.private:,} private skipped (--allow-private checks them)"
    return line + "."
