"""``byline build [--out DIR] [--drafts]``: write the static site."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from byline.cli.common import ExitCode, err_console, open_blog, print_json, report_errors
from byline.printable import counted, printable

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("build")
    def build(
        out: Path | None = typer.Option(
            None, "--out", help="Output folder (default: [build] output, '_site')."
        ),
        drafts: bool = typer.Option(
            False, "--drafts", help="Also build drafts and future-dated posts."
        ),
        jobs: int = typer.Option(
            0, "--jobs", "-j", min=0, help="Worker processes (0: one per core)."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print what was done as JSON."),
    ) -> None:
        """Build the site: post pages, home, tags, series, archive, feeds, sitemap, search."""
        from byline.site import BuildOptions, build_site

        blog = open_blog()
        report = build_site(blog, BuildOptions(out=out, drafts=drafts, jobs=jobs))
        code = ExitCode.USAGE if report.errors else ExitCode.OK
        if as_json:
            print_json(
                {
                    "out": str(report.out),
                    "posts": report.posts,
                    "rendered": report.rendered,
                    "written": len(report.written),
                    "removed": report.removed,
                    "warnings": report.warnings,
                    "errors": [str(e) for e in report.errors],
                    "timings": {k: round(v, 4) for k, v in report.timings.items()},
                }
            )
            raise typer.Exit(code)
        report_errors(report.errors)
        for warning in report.warnings:  # they quote titles, paths and URLs from posts
            err_console.print(printable(warning), markup=False)
        total = sum(report.timings.values())
        sys.stdout.write(  # plain text: no need to load Rich for one line
            f"Built {counted(report.posts, 'post')} into {printable(blog.display(report.out))}/: "
            f"{len(report.rendered)} rendered, {counted(len(report.written), 'file')} written, "
            f"{len(report.removed)} removed in {total:.2f} s.\n"
        )
        raise typer.Exit(code)
