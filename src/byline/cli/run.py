"""``byline run [PATH...]``: run the code blocks of posts, compare and capture their output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from byline.cli.common import (
    ExitCode,
    console,
    err_console,
    open_blog,
    print_json,
    report_errors,
)
from byline.content.blog import Blog, write_atomic
from byline.diagnostics import Diagnostic, Summary, report_dict
from byline.errors import InputError
from byline.printable import printable
from byline.run import (
    PostRun,
    Runner,
    RunOptions,
    apply_edits,
    output_edits,
    run_diagnostics,
    write_figures,
)
from byline.run.report import output_mismatch

__all__ = ["register", "verdicts"]


def verdicts(post: PostRun, *, updated: bool) -> dict[str, int]:
    """Blocks passed, failed and skipped (``norun`` or after a session stopped)."""
    counts = {"passed": 0, "failed": 0, "skipped": len(post.plan.skipped)}
    for step in post.plan.steps:
        result = post.block(step)
        alone = post.standalone(step)
        if result is None or result.status == "aborted":
            counts["skipped"] += 1
        elif (
            result.status != "passed"
            or result.mismatches
            or (not updated and output_mismatch(step, result) is not None)
            or (alone is not None and alone.status != "passed")
        ):
            counts["failed"] += 1
        else:
            counts["passed"] += 1
    counts["failed"] += len(post.plan.problems)
    return counts


def _update(blog: Blog, post: PostRun) -> int:
    """Write the outputs into the post's fences; returns how many fences changed."""
    edits = output_edits(post)
    if not edits:
        return 0
    write_atomic(
        blog.root / post.doc.path,
        apply_edits(post.doc.source, edits),
        shown=post.doc.path,
        expected=post.doc.source,
        changed="changed while its code was running; its output fences were not updated. "
        "Run 'byline run --update' again.",
    )
    return len(edits)


def _post_line(post: PostRun, counts: dict[str, int], updated: int, figures: int) -> str:
    ran = [r for r in post.results.values() if r.source == "ran"]
    cached = sum(1 for r in post.results.values() if r.source == "cache")
    sessions = len([u for u in post.plan.units if not u.standalone])
    parts = [f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped"]
    if ran:
        parts.append(f"{len(ran)} ran in {sum(r.seconds for r in ran):.2f} s")
    if cached:
        parts.append(f"{cached} from cache")
    if updated:
        parts.append(f"updated {updated} output fence{'s' * (updated != 1)}")
    if figures:
        parts.append(f"wrote {figures} figure{'s' * (figures != 1)}")
    if not post.plan.units and not post.plan.problems:
        skipped = f" ({counts['skipped']} marked norun)" if counts["skipped"] else ""
        return f"{post.doc.path}: no code blocks to run{skipped}"
    plural = "s" * (sessions != 1)
    return f"{post.doc.path}: {sessions} session{plural}: {'; '.join(parts)}"


def _print_diagnostic(d: Diagnostic) -> None:
    """The diagnostic and its diff or traceback: paths and the code's output are shown with
    their control characters as escapes, never sent to the terminal."""
    line = f"{d.path}:{d.line}:{d.column}: {d.message} [{d.rule}]"
    console.print(printable(line), markup=False)
    detail = d.data.get("diff") or d.data.get("traceback")
    if not detail and d.rule in ("code.failed", "code.timeout"):
        detail = d.data.get("output", "")
    for line in str(detail or "").rstrip().split("\n") if detail else ():
        console.print(f"    {printable(line)}", markup=False)


def register(app: typer.Typer) -> None:
    @app.command("run")
    def run(  # noqa: PLR0917 - Typer passes options as parameters
        paths: list[Path] = typer.Argument(None, help="Posts or folders (default: every post)."),
        update: bool = typer.Option(
            False, "--update", help="Write actual outputs into the posts' output fences."
        ),
        force: bool = typer.Option(False, "--force", help="Re-run even when cached or frozen."),
        offline: bool | None = typer.Option(
            None, "--offline/--online", help="Cut network access (default: on in CI)."
        ),
        jobs: int = typer.Option(
            0, "--jobs", "-j", min=0, help="Sessions at once (default: cores)."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Run the code blocks of posts and compare their output with the output fences."""
        blog = open_blog()
        loaded = blog.load_all(blog.resolve(paths) if paths else None)
        report_errors(loaded.errors)
        options = RunOptions(force=force, offline=offline, write_frozen=True, jobs=jobs)
        try:
            posts = Runner(blog, options).run(loaded.documents)
        except (KeyboardInterrupt, SystemExit) as exc:  # SystemExit: SIGTERM, see Runner.run
            err_console.print(
                "Interrupted: the running code was stopped and its work folders removed.",
                markup=False,
            )
            if isinstance(exc, SystemExit):
                raise
            raise typer.Exit(130) from None
        diagnostics: list[Diagnostic] = []
        totals = {"passed": 0, "failed": 0, "skipped": 0}
        rows: list[dict[str, Any]] = []
        for post in posts:
            try:
                changed = _update(blog, post) if update else 0
            except InputError as exc:
                loaded.errors.append(exc)
                report_errors([exc])
                changed = 0
            figures = write_figures(post, blog.root / post.doc.path)
            found = sorted(run_diagnostics(post, skip_outputs=update), key=Diagnostic.sort_key)
            counts = verdicts(post, updated=update)
            for name, value in counts.items():
                totals[name] += value
            diagnostics += found
            rows.append(_row(post, counts, changed, [blog.display(f) for f in figures]))
            if not as_json:
                line = _post_line(post, counts, changed, len(figures))
                console.print(printable(line), markup=False)
                for result in post.results.values():
                    if result.source == "frozen":
                        console.print(  # frozen/*.json is a file anyone may edit
                            printable(
                                f"  session {result.session}: frozen: last ran "
                                f"{result.when[:10]} on {result.host}"
                            ),
                            markup=False,
                        )
                for d in found:
                    _print_diagnostic(d)
        summary = Summary(files=len(posts), extra=totals).count(diagnostics)
        if as_json:
            print_json({**report_dict(diagnostics, summary), "posts": rows})
        else:
            console.print(
                f"{totals['passed']} passed, {totals['failed']} failed, "
                f"{totals['skipped']} skipped",
                markup=False,
            )
        if loaded.errors:
            raise typer.Exit(int(ExitCode.USAGE))
        if summary.errors:
            raise typer.Exit(int(ExitCode.FINDINGS))


def _row(post: PostRun, counts: dict[str, int], updated: int, figures: list[str]) -> dict[str, Any]:
    return {
        "path": str(post.doc.path),
        **counts,
        "updated_fences": updated,
        "figures": figures,
        "sessions": [
            {
                "session": r.session,
                "source": r.source,
                "seconds": r.seconds,
                "when": r.when,
                "host": r.host,
                "statuses": [b.status for b in r.blocks],
            }
            for r in post.results.values()
        ],
    }
