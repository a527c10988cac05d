"""Text of new files: a post scaffolded from its template, an idea, an idea promoted to a draft."""

from __future__ import annotations

import datetime as dt
import json
import re

from byline.content.post import Audience, PostType
from byline.templates import Template

__all__ = ["promote_idea", "render_idea", "render_post", "render_sections"]


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def render_sections(template: Template) -> str:
    """Each section as an H2 with its word budget and prompt in an HTML comment."""
    parts = []
    for section in template.sections:
        needs = f" Include: {', '.join(section.needs)}." if section.needs else ""
        parts.append(
            f"## {section.title}\n\n"
            f"<!-- {section.min}-{section.max} words. {section.prompt}{needs} -->\n"
        )
        for sub in section.subsections:
            parts.append(f"### {sub}\n\n<!-- {section.title}: {sub.lower()}. -->\n")
    return "\n".join(parts)


def render_post(template: Template, title: str, today: dt.date) -> str:
    """A new draft: front matter to fill and the template's sections."""
    return (
        "---\n"
        f"title: {_quote(title)}\n"
        f"date: {today.isoformat()}\n"
        "status: draft\n"
        f"type: {template.type}\n"
        'thesis: ""\n'
        'keyword: ""\n'
        'description: ""\n'
        "tags: []\n"
        "---\n\n"
        f"<!-- {template.summary} Fill in thesis (one sentence), keyword and description "
        "(150-160 characters) above. -->\n\n"
        f"{render_sections(template)}"
    )


def render_idea(
    title: str,
    today: dt.date,
    *,
    post_type: PostType | None = None,
    audience: Audience | None = None,
    note: str | None = None,
) -> str:
    """An idea: a post with ``status: idea`` and the notes in a comment."""
    lines = ["---", f"title: {_quote(title)}", "status: idea"]
    if post_type:
        lines.append(f"type: {post_type}")
    if audience:
        lines.append(f"audience: {audience}")
    lines.append(f"created: {today.isoformat()}")
    lines.append("---")
    text = "\n".join(lines) + "\n"
    if note:
        text += f"\n<!-- notes:\n{note.strip()}\n-->\n"
    return text


_STATUS_LINE = re.compile(r"^status:[^\n]*$", re.M)
_TYPE_LINE = re.compile(r"^type:[^\n]*$", re.M)


def promote_idea(source: str, template: Template, today: dt.date) -> str:
    """An idea's text turned into a draft: status and type set, missing fields added,
    its notes kept, the template's sections appended. Everything else stays as it was."""
    assert source.startswith("---")
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$", source[3:], re.M)
    assert end is not None
    fm_end = 3 + end.start()
    front, body = source[:fm_end], source[fm_end:]
    front = _STATUS_LINE.sub("status: draft", front, count=1)
    if _TYPE_LINE.search(front):
        front = _TYPE_LINE.sub(f"type: {template.type}", front, count=1)
    else:
        front = front.rstrip("\n") + f"\ntype: {template.type}\n"
    for name, value in (
        ("date", today.isoformat()),
        ("thesis", '""'),
        ("keyword", '""'),
        ("description", '""'),
    ):
        if not re.search(rf"^{name}:", front, re.M):
            front = front.rstrip("\n") + f"\n{name}: {value}\n"
    body = body.rstrip("\n") + "\n\n" + render_sections(template)
    return front + body
