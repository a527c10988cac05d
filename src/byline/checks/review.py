"""The pre-publication checklist behind ``byline review POST``.

Items byline can check take their result from the rules (an item passes when its
rules report no error or warning); the others are questions for the writer, whose
answers live in the ledger (``review_answers``). A post is ready when every item
passes or was consciously waived (with a note).

An answer holds for the text it was given for: the ledger keeps :func:`body_hash` of the
post with each answer, and once the body changes the answer is ``stale`` and asked
again. The hash leaves out the front matter (byline itself writes ``status: ready``) and
how the text is wrapped, so only an edit of what the reader reads counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from byline.checks.ruleset import matches_rule
from byline.content.document import Document
from byline.content.post import verify_front_matter_edit
from byline.diagnostics import Diagnostic

__all__ = [
    "ANSWERS",
    "ITEMS",
    "Answer",
    "Item",
    "ItemResult",
    "StoredAnswer",
    "body_hash",
    "evaluate",
    "load_answers",
    "save_answer",
    "set_status",
]

Answer = Literal["pass", "fail", "waived"]
ANSWERS: tuple[Answer, ...] = ("pass", "fail", "waived")


@dataclass(frozen=True, slots=True)
class Item:
    """One line of the checklist."""

    id: str
    group: str
    """content, writing, formatting, seo or proofreading."""
    text: str
    """What must be true, addressed to the writer."""
    rules: tuple[str, ...] = ()
    """Rules or families that decide it; empty for a question only the writer can answer."""


ITEMS: tuple[Item, ...] = (
    Item(
        "thesis",
        "content",
        "The post argues one point, stated as a one-sentence thesis.",
        ("structure.thesis",),
    ),
    Item(
        "structure",
        "content",
        "The post has its type's sections, in order, within budget.",
        ("structure.template", "structure.outline"),
    ),
    Item(
        "hook", "content", "The opening tells the reader what they will get.", ("structure.hook",)
    ),
    Item(
        "limits",
        "content",
        "The post says where the approach does not work.",
        ("structure.limitations", "structure.listicle"),
    ),
    Item(
        "next-step",
        "content",
        "The post ends by telling the reader what to do next.",
        ("structure.conclusion",),
    ),
    Item(
        "original",
        "content",
        "The post includes something a reader cannot get from the "
        "official documentation: your measurements, experience or a worked example.",
    ),
    Item(
        "accurate",
        "content",
        "Every number, claim and code output is correct, and its source is cited.",
    ),
    Item(
        "readable",
        "writing",
        "Sentences and paragraphs are short enough to follow.",
        (
            "prose.sentence-length",
            "prose.paragraph-length",
            "prose.readability",
            "prose.passive-voice",
            "prose.same-start",
        ),
    ),
    Item(
        "direct",
        "writing",
        "No weasel words, hedges or throat-clearing.",
        ("prose.weasel-words", "prose.hedging", "prose.throat-clearing"),
    ),
    Item(
        "claims",
        "writing",
        "Every comparative claim has a number or a source.",
        ("prose.vague-claim",),
    ),
    Item(
        "jargon", "writing", "Every acronym is defined at first use.", ("prose.jargon-undefined",)
    ),
    Item("voice", "writing", "Read aloud, it sounds like you, and your audience can follow it."),
    Item(
        "code-format",
        "formatting",
        "Code blocks name their language and fit a phone.",
        ("format.code-language", "format.mobile"),
    ),
    Item("images", "formatting", "Every image has alt text.", ("format.image-alt",)),
    Item(
        "layout",
        "formatting",
        "Headings nest properly; no wall of text; comparisons in a table.",
        ("format.heading-levels", "format.wall-of-text", "format.comparison-table"),
    ),
    Item("rendered", "formatting", "You looked at the rendered page on a laptop and a phone."),
    Item(
        "title",
        "seo",
        "The title is specific, within 60 characters and has the keyword.",
        ("seo.title-length", "seo.title-keyword", "structure.title-promise"),
    ),
    Item(
        "description",
        "seo",
        "The meta description sells the post and has the keyword.",
        ("seo.meta-description",),
    ),
    Item(
        "keywords",
        "seo",
        "The keyword is in the intro, the subheadings and used naturally.",
        ("seo.keyword-intro", "seo.keyword-headings", "seo.keyword-density"),
    ),
    Item("slug", "seo", "The slug is short, readable and has the keyword.", ("seo.slug",)),
    Item(
        "links",
        "seo",
        "The post links your other posts and its sources with clear text.",
        ("seo.internal-links", "seo.outbound-links", "seo.link-text"),
    ),
    Item("length", "seo", "The post is long enough to cover its topic.", ("seo.length",)),
    Item("spelling", "proofreading", "No typos.", ("spelling.typo",)),
    Item("links-work", "proofreading", "Every link, anchor and image resolves.", ("links",)),
    Item(
        "code-runs", "proofreading", "Every code block runs and shows its real output.", ("code",)
    ),
    Item("read-through", "proofreading", "You read the whole post once more after the last edit."),
)


@dataclass(frozen=True, slots=True)
class ItemResult:
    """An item's state for one post."""

    item: Item
    state: Literal["pass", "fail", "waived", "unanswered", "stale"]
    checked: bool
    """True when byline decided it from the rules."""
    detail: str = ""
    """The findings behind a failure, or the writer's note."""

    @property
    def done(self) -> bool:
        return self.state in ("pass", "waived")


def checkable(item: Item, available: Iterable[str]) -> bool:
    """True when some rule or source that decides ``item`` is present."""
    names = list(available)
    return any(any(matches_rule(p, r) or r == p for r in names) for p in item.rules)


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """What the writer said about one item, and for which text."""

    answer: str
    note: str = ""
    content_hash: str = ""
    """:func:`body_hash` of the post when the answer was given ('' if unknown)."""

    def stale(self, content_hash: str) -> bool:
        """True when the post's body changed since the answer was given."""
        return bool(self.content_hash) and self.content_hash != content_hash


_SPACE = re.compile(r"\s+")


def body_hash(doc: Document) -> str:
    """A hash of what the reader reads: the body, with runs of white space as one space."""
    body = doc.source[doc.body_start :]
    return hashlib.sha256(_SPACE.sub(" ", body).strip().encode()).hexdigest()


def _stale_detail(stored: StoredAnswer) -> str:
    return f"answered '{stored.answer}' before the body last changed; answer again"


def evaluate(
    diagnostics: list[Diagnostic],
    answers: dict[str, StoredAnswer],
    available: Iterable[str],
    *,
    content_hash: str = "",
) -> list[ItemResult]:
    """Every item's state from the findings and the stored answers.

    An answer given for another body (``content_hash``) counts as ``stale``: not done.
    """
    names = list(available)
    out = []
    for item in ITEMS:
        stored = answers.get(item.id, StoredAnswer(""))
        stale = stored.stale(content_hash)
        if checkable(item, names):
            found = [
                d
                for d in diagnostics
                if d.severity != "suggestion" and any(matches_rule(p, d.rule) for p in item.rules)
            ]
            if not found:
                out.append(ItemResult(item, "pass", True))
            elif stored.answer == "waived" and stale:
                out.append(ItemResult(item, "stale", True, _stale_detail(stored)))
            elif stored.answer == "waived":
                out.append(ItemResult(item, "waived", True, stored.note))
            else:
                where = ", ".join(f"{d.rule} line {d.line}" for d in found[:3])
                more = f" and {len(found) - 3} more" if len(found) > 3 else ""
                out.append(ItemResult(item, "fail", True, f"{where}{more}"))
            continue
        if stored.answer in ANSWERS and stale:
            out.append(ItemResult(item, "stale", False, _stale_detail(stored)))
            continue
        state = stored.answer if stored.answer in ANSWERS else "unanswered"
        out.append(ItemResult(item, state, False, stored.note))
    return out


def load_answers(conn: sqlite3.Connection, post: str) -> dict[str, StoredAnswer]:
    """The stored answers for ``post`` (its path relative to the blog)."""
    rows = conn.execute(
        "SELECT item, answer, note, content_hash FROM review_answers WHERE post = ?", (post,)
    )
    return {
        row["item"]: StoredAnswer(row["answer"], row["note"], row["content_hash"]) for row in rows
    }


def save_answer(
    conn: sqlite3.Connection,
    post: str,
    item: str,
    *,
    answer: str,
    note: str,
    content_hash: str,
    now: dt.datetime,
) -> None:
    """Record (or replace) one answer."""
    with conn:
        conn.execute(
            "INSERT OR REPLACE INTO review_answers "
            "(post, item, answer, note, content_hash, answered_at) VALUES (?, ?, ?, ?, ?, ?)",
            (post, item, answer, note, content_hash, now.isoformat(timespec="seconds")),
        )


_STATUS_VALUE = re.compile(
    r"^(status[ \t]*:[ \t]*)(?:'[\w-]*'|\"[\w-]*\"|[\w-]+)(?=[ \t]*(?:#.*)?$)"
)


def set_status(doc: Document, status: str) -> str:
    """The post's text with only its front matter ``status`` line changed (or added).

    Raises ``InputError`` when the front matter is laid out so that changing one line
    would not do it (a flow mapping, a status value on the next line).
    """
    source = doc.source
    line = doc.front_matter.lines.get("status")
    if line is not None:
        start, end = doc.lines.starts[line - 1], doc.lines.ends[line - 1]
        new = _STATUS_VALUE.sub(rf"\g<1>{status}", source[start:end], count=1)
        after = source[:start] + new + source[end:]
    else:
        closing = doc.body_line - 2  # 0-based line of the closing '---'
        start = doc.lines.starts[closing]
        newline = "\r\n" if source[doc.lines.ends[0] : doc.lines.ends[0] + 2] == "\r\n" else "\n"
        after = source[:start] + f"status: {status}{newline}" + source[start:]
    verify_front_matter_edit(source, after, doc.path, {"status": status}, line=line or 1)
    return after
