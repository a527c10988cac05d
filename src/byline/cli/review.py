"""``byline review POST``: the pre-publication checklist, and ``status: ready`` when it passes."""

from __future__ import annotations

import datetime as dt
import sys
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from byline.checks.batch import check_posts, load_ruleset
from byline.checks.engine import EXTERNAL_FAMILIES
from byline.checks.review import (
    ANSWERS,
    ITEMS,
    Answer,
    ItemResult,
    body_hash,
    evaluate,
    load_answers,
    save_answer,
)
from byline.checks.review import set_status as with_status
from byline.checks.ruleset import all_rules
from byline.checks.sources import FAMILIES, SOURCES, CheckOptions
from byline.cli.common import ExitCode, console, err_console, open_blog, print_json
from byline.content.blog import Blog, write_atomic
from byline.content.document import Document
from byline.content.post import nearest
from byline.errors import InputError
from byline.ledger import open_blog_ledger
from byline.printable import printable

if TYPE_CHECKING:
    import sqlite3

__all__ = ["register"]

_MARK = {"pass": "pass", "fail": "FAIL", "waived": "waived", "unanswered": "?", "stale": "stale"}


def _parse_answers(values: list[str]) -> list[tuple[str, str]]:
    ids = [i.id for i in ITEMS]
    out: list[tuple[str, str]] = []
    for value in values:
        item, sep, answer = value.partition("=")
        if not sep or answer not in ANSWERS:
            raise InputError(
                f"--answer '{value}' must look like ITEM=pass, ITEM=fail or ITEM=waived."
            )
        if item not in ids:
            hint = nearest(item, ids)
            did_you_mean = f"Did you mean '{hint}'? " if hint else ""
            raise InputError(
                f"unknown checklist item '{item}'. {did_you_mean}Items: {', '.join(ids)}."
            )
        out.append((item, answer))
    return out


def _check_written(doc: Document) -> None:
    """Refuse ideas and outlines: the rules skip them, so every item would pass."""
    status = doc.front_matter.status
    if status == "idea":
        raise InputError(
            "is an idea; the checklist is for a written draft. "
            f"Promote it with 'byline new {doc.path.stem}' and write it first.",
            path=str(doc.path),
        )
    if status == "outline":
        raise InputError(
            "is an outline; the checklist is for a written draft. "
            "Write the draft and set 'status: draft' first.",
            path=str(doc.path),
        )


def _available() -> list[str]:
    """Rule ids, and the families that sources report (runner, link checker)."""
    families = [f for f in EXTERNAL_FAMILIES if f in {FAMILIES.get(name) for name in SOURCES}]
    return [*all_rules(), *families]


def _results(blog: Blog, doc: Document, post: str) -> list[ItemResult]:
    ruleset = load_ruleset(blog)
    run = check_posts(blog, [doc], ruleset, CheckOptions(links=True, use_cache=True))
    if run.errors:
        raise run.errors[0]
    with closing(open_blog_ledger(blog)) as conn:
        answers = load_answers(conn, post)
    return evaluate(run.diagnostics, answers, _available(), content_hash=body_hash(doc))


_REPLIES: dict[str, Answer | None] = {
    "p": "pass",
    "pass": "pass",
    "f": "fail",
    "fail": "fail",
    "w": "waived",
    "waive": "waived",
    "waived": "waived",
    "s": None,
    "skip": None,
    "": None,
}
"""What may be typed at the prompt (case aside), and the answer it gives; None skips."""
_CHOICES = "  [p]ass, [f]ail, [w]aive, [s]kip (default: skip): "


def _ask(result: ItemResult) -> tuple[Answer, str] | None:
    """Ask one question on the terminal until the reply is an answer; None to skip.

    Anything else is asked again ('perhaps' is not 'pass', nor an arrow key a skip), and
    a waiver asks for its reason until there is one, as ``--answer`` needs ``--note``.
    """
    console.print(result.item.text, markup=False)
    while (reply := input(_CHOICES).strip()).lower() not in _REPLIES:
        console.print(
            f"  '{printable(reply)}' is not an answer. "
            "Type p (pass), f (fail), w (waive) or s (skip).",
            markup=False,
        )
    answer = _REPLIES[reply.lower()]
    if answer is None:
        return None
    if answer == "pass":
        return answer, ""
    if answer == "fail":
        return answer, input("  Note (optional): ").strip()
    while not (note := input("  Why waive it? ").strip()):
        console.print(
            "  A waiver needs a reason: say why it does not apply to this post.", markup=False
        )
    return answer, note


def _ask_open(
    conn: sqlite3.Connection,
    results: list[ItemResult],
    post: str,
    *,
    content_hash: str,
    now: dt.datetime,
) -> None:
    """Ask the open questions, saving each answer as it is given.

    Ctrl-C stops with exit 130, as in `byline run`; the end of the input (Ctrl-D)
    before the last question is an input error (exit 2). Both say the answers are kept.
    """
    command = f"'byline review {printable(post)}'"
    for r in results:
        if r.checked or r.state not in ("unanswered", "stale"):
            continue
        try:
            reply = _ask(r)
        except KeyboardInterrupt:
            sys.stdout.write("\n")  # end the line of the prompt
            err_console.print(
                f"Interrupted: the answers you gave are saved. Run {command} again to answer "
                "the rest.",
                markup=False,
            )
            raise typer.Exit(130) from None
        except EOFError:
            sys.stdout.write("\n")
            raise InputError(
                "the input ended before every question was answered. The answers you gave "
                f"are saved: run {command} again to answer the rest, or give them with "
                "--answer ITEM=pass."
            ) from None
        if reply:
            save_answer(
                conn,
                post,
                r.item.id,
                answer=reply[0],
                note=reply[1],
                content_hash=content_hash,
                now=now,
            )


def _print(results: list[ItemResult]) -> None:
    group = ""
    for r in results:
        if r.item.group != group:
            group = r.item.group
            console.print(f"\n{group}", markup=False)
        how = "checked" if r.checked else "asked"
        detail = f" ({printable(r.detail)})" if r.detail else ""  # a note or findings: user text
        console.print(
            f"  [{_MARK[r.state]:>6}] {r.item.id}: {r.item.text} [{how}]{detail}", markup=False
        )


def register(app: typer.Typer) -> None:
    @app.command("review")
    def review(
        post: Path = typer.Argument(..., help="The post to review."),
        answer: list[str] = typer.Option(None, "--answer", help="ITEM=pass|fail|waived (repeat)."),
        note: str = typer.Option("", "--note", help="Why (needed to waive)."),
        no_input: bool = typer.Option(False, "--no-input", help="Never ask on the terminal."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Walk the pre-publication checklist; the post becomes 'ready' when it all passes."""
        blog = open_blog()
        if post.is_dir():
            raise InputError(
                "is a folder; byline review takes one post. Pass a file such as posts/my-post.md.",
                path=str(post),
            )
        path = blog.resolve([post])[0]
        doc = blog.load(path, cache=False)
        shown = str(doc.path)
        _check_written(doc)
        given = _parse_answers(answer or [])
        content_hash = body_hash(doc)
        now = dt.datetime.now(dt.UTC)
        results = _results(blog, doc, shown)
        by_id = {r.item.id: r for r in results}
        for item, value in given:
            if value == "waived" and not note.strip():
                raise InputError(f"waiving '{item}' needs a reason. Add --note \"why\".")
            if by_id[item].checked and value == "pass":
                raise InputError(
                    f"byline checks '{item}' itself. Fix its findings, or waive it with --note."
                )
        with closing(open_blog_ledger(blog)) as conn:
            for item, value in given:
                save_answer(
                    conn, shown, item, answer=value, note=note, content_hash=content_hash, now=now
                )
            if not no_input and not as_json and sys.stdin.isatty():
                _ask_open(conn, results, shown, content_hash=content_hash, now=now)
        results = _results(blog, doc, shown)
        left = [r for r in results if not r.done]
        became_ready = False
        if not left and doc.front_matter.status in ("draft", "review"):
            write_atomic(
                blog.root / doc.path,
                with_status(doc, "ready"),
                shown=doc.path,
                expected=doc.source,
                changed="changed while you answered the checklist; your version is kept and "
                f"its status was not set to 'ready'. Run 'byline review {printable(shown)}' "
                "again.",
            )
            became_ready = True
        if as_json:
            print_json(
                {
                    "post": shown,
                    "ready": not left,
                    "status": "ready" if became_ready else doc.front_matter.status,
                    "items": [
                        {
                            "id": r.item.id,
                            "group": r.item.group,
                            "text": r.item.text,
                            "state": r.state,
                            "checked": r.checked,
                            "detail": r.detail,
                        }
                        for r in results
                    ],
                }
            )
        else:
            console.print(f"Review of {printable(shown)}", markup=False)
            _print(results)
            console.print("", markup=False)
            if left:
                names = ", ".join(r.item.id for r in left)
                console.print(
                    f"{len(left)} of {len(results)} items left: {names}. Fix the failures, "
                    "answer the questions (--answer ITEM=pass), or waive with --note.",
                    markup=False,
                )
            elif became_ready:
                console.print(
                    f"Every item passes or is waived: {printable(shown)} is now 'ready'.",
                    markup=False,
                )
            else:
                console.print(
                    f"Every item passes or is waived (status stays '{doc.front_matter.status}').",
                    markup=False,
                )
        if left:
            raise typer.Exit(int(ExitCode.FINDINGS))
