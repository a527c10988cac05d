"""``byline status``: every post by lifecycle stage, and the portfolio goal."""

from __future__ import annotations

import datetime as dt

import typer
from rich.table import Table

from byline.cli.common import ExitCode, console, open_blog, print_json, report_errors
from byline.content.post import STATUSES
from byline.printable import printable
from byline.status import goal_progress, post_status

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("status")
    def status(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
        """Show posts by lifecycle stage with words against budget, and the portfolio goal."""
        blog = open_blog()
        loaded = blog.load_all()
        report_errors(loaded.errors)
        rows = [post_status(d) for d in loaded.documents]
        goal = goal_progress(blog.config.goals, loaded.documents, dt.date.today())
        if as_json:
            print_json(
                {
                    "stages": {s: [r.to_dict() for r in rows if r.status == s] for s in STATUSES},
                    "goal": goal.to_dict(),
                    "errors": [str(e) for e in loaded.errors],
                }
            )
            raise typer.Exit(ExitCode.USAGE if loaded.errors else ExitCode.OK)
        title = printable(blog.config.site.title)
        table = Table(title=f"{title}: {len(rows)} posts", title_justify="left")
        for column, justify in (
            ("stage", "left"),
            ("post", "left"),
            ("type", "left"),
            ("words", "right"),
            ("budget", "right"),
            ("date", "left"),
        ):
            table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
        for stage in STATUSES:
            for r in sorted((r for r in rows if r.status == stage), key=lambda r: r.slug):
                budget = f"{r.budget_min}-{r.budget_max}" if r.budget_min else "-"
                slug = printable(r.slug)  # a file name may hold an escape sequence
                table.add_row(stage, slug, r.type or "-", str(r.words), budget, r.date or "-")
        console.print(table)
        pace = "on track" if goal.on_track else f"behind: {goal.expected_by_now:g} expected by now"
        console.print(
            f"Portfolio goal: {goal.published} of {goal.target} posts published "
            f"{goal.start} to {goal.end} ({goal.days_left} days left, {pace}).",
            markup=False,
        )
        if loaded.errors:
            raise typer.Exit(ExitCode.USAGE)
