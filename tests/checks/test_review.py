"""``set_status``: only the front matter's status changes, or nothing does."""

from __future__ import annotations

import pytest

from byline.checks.review import set_status
from byline.content.parse import parse
from byline.errors import InputError

BODY = "\nBody text.\n"


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("title: T\nstatus: draft\n", "title: T\nstatus: ready\n"),
        ("title: T\nstatus: 'draft'\n", "title: T\nstatus: ready\n"),
        ("title: T\nstatus: draft   # wip\n", "title: T\nstatus: ready   # wip\n"),
        ("title: T\n", "title: T\nstatus: ready\n"),
    ],
)
def test_the_status_line_changes_and_nothing_else(front: str, expected: str) -> None:
    doc = parse(f"---\n{front}---\n{BODY}", "posts/p.md")
    assert set_status(doc, "ready") == f"---\n{expected}---\n{BODY}"


@pytest.mark.parametrize(
    "front",
    [
        '{title: "F", status: draft, date: 2026-11-01}\n',
        '{title: "F"}\n',
        "title: T\nstatus: >-\n  draft\n",
        "title: T\nstatus:\n  draft\n",
    ],
)
def test_a_status_byline_cannot_rewrite_safely_is_refused(front: str) -> None:
    doc = parse(f"---\n{front}---\n{BODY}", "posts/p.md")
    with pytest.raises(InputError) as info:
        set_status(doc, "ready")
    assert str(info.value).startswith("posts/p.md:")
    assert "write 'status: draft' on a line of its own" in str(info.value)
