"""``byline idea add | list | prompts``: the backlog of post ideas."""

from __future__ import annotations

import datetime as dt

import typer
from rich.table import Table

from byline.cli.common import ExitCode, console, open_blog, print_json, report_errors
from byline.cli.new import check_type, create_file
from byline.content.document import Comment
from byline.content.post import AUDIENCES, Audience, nearest
from byline.content.scaffold import render_idea
from byline.content.slug import slugify
from byline.errors import InputError
from byline.ideas import CATEGORIES, PROMPTS
from byline.printable import counted, printable

__all__ = ["register"]

ideas_app = typer.Typer(help="Capture and browse post ideas.", no_args_is_help=True)


def _audience(name: str | None) -> Audience | None:
    if name is None or name in AUDIENCES:
        return name
    hint = nearest(name, AUDIENCES)
    did_you_mean = f"Did you mean '{hint}'? " if hint else ""
    raise InputError(
        f"unknown audience '{name}'. {did_you_mean}Use one of: {', '.join(AUDIENCES)}."
    )


@ideas_app.command("add")
def add(
    title: str = typer.Argument(..., help="Working title of the idea."),
    post_type: str | None = typer.Option(None, "--type", help="Post type it will become."),
    audience: str | None = typer.Option(None, "--audience", help="research, product or general."),
    note: str | None = typer.Option(None, "--note", help="A note to keep with the idea."),
    slug: str | None = typer.Option(None, "--slug", help="File name (default: from the title)."),
) -> None:
    """Write a post with status 'idea' (never overwrites)."""
    blog = open_blog()
    chosen_type = check_type(post_type) if post_type else None
    if note is not None and "-->" in note:
        raise InputError(
            "the note contains '-->', which would end the comment that keeps it and put "
            "the rest into the post. Write it another way, such as '->'."
        )
    text = render_idea(
        title, dt.date.today(), post_type=chosen_type, audience=_audience(audience), note=note
    )
    chosen = slug or slugify(title)
    if not chosen:
        raise InputError("the title has no letters or digits to make a slug from. Pass --slug.")
    path = create_file(blog, chosen, text)
    console.print(f"Added idea {printable(blog.display(path))}.", markup=False)


@ideas_app.command("list")
def list_ideas(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show ideas grouped by type and audience."""
    blog = open_blog()
    loaded = blog.load_all()
    report_errors(loaded.errors)
    ideas = [d for d in loaded.documents if d.front_matter.status == "idea"]
    ideas.sort(key=lambda d: (d.front_matter.type or "~", d.front_matter.audience or "~", d.title))
    rows = [
        {
            "slug": d.slug,
            "title": d.title,
            "type": d.front_matter.type,
            "audience": d.front_matter.audience,
            "notes": _notes(d.comments),
        }
        for d in ideas
    ]
    if as_json:
        print_json({"ideas": rows})
        raise typer.Exit(ExitCode.USAGE if loaded.errors else ExitCode.OK)
    if not rows:
        console.print('No ideas yet. Add one: byline idea add "TITLE" --type til', markup=False)
        if loaded.errors:
            raise typer.Exit(ExitCode.USAGE)
        return
    table = Table(title=counted(len(rows), "idea"), title_justify="left")
    for column in ("type", "audience", "title", "slug", "notes"):
        table.add_column(column)
    for row in rows:  # titles, slugs and notes are the user's: shown, not obeyed
        cells = [
            row["type"] or "-",
            row["audience"] or "-",
            row["title"],
            row["slug"],
            row["notes"],
        ]
        table.add_row(*(printable(cell or "") for cell in cells))
    console.print(table)
    if loaded.errors:
        raise typer.Exit(ExitCode.USAGE)


def _notes(comments: list[Comment]) -> str:
    for comment in comments:
        text = comment.text
        if text.startswith("notes:"):
            return " ".join(text.removeprefix("notes:").split())
    return ""


@ideas_app.command("prompts")
def prompts(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Print the six prompts for finding a topic and the six topic categories."""
    if as_json:
        print_json(
            {
                "prompts": [
                    {"question": p.question, "example": p.example, "type": p.suggests}
                    for p in PROMPTS
                ],
                "categories": [
                    {"name": c.name, "type": c.post_type, "best_for": c.best_for}
                    for c in CATEGORIES
                ],
            }
        )
        return
    console.print("Six questions that find a topic worth writing:\n", markup=False)
    for n, p in enumerate(PROMPTS, 1):
        console.print(f"{n}. {p.question}", markup=False)
        console.print(
            f"   e.g. {p.example}  -> byline idea add ... --type {p.suggests}", markup=False
        )
    console.print("\nSix topic categories and what each is best for:\n", markup=False)
    for c in CATEGORIES:
        console.print(f"- {c.name} ({c.post_type}): {c.best_for}", markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(ideas_app, name="idea")
