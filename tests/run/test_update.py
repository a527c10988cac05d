"""``--update``: outputs written into fences, the rest of the file byte-for-byte."""

from __future__ import annotations

from pathlib import Path

from byline.run import apply_edits, output_edits
from tests.run.conftest import run_posts, write_post


def _updated(root: Path, body: str) -> str:
    path = write_post(root, "p", body)
    (post,) = run_posts(root)
    return apply_edits(path.read_text(encoding="utf-8"), output_edits(post))


def _body(text: str) -> str:
    return text.split("---\n\n", 1)[1]


def test_stale_fence_is_rewritten_and_nothing_else(rblog: Path) -> None:
    body = (
        "Prose  with  odd spacing.  \n\n"
        "```python\nprint('new')\nprint(1)\n```\n\n"
        "```output\nold\n```\n\n"
        "~~~python\nprint('x ' * 2)\n~~~\n\n"
        "~~~output\nx x\n~~~\n"
        "Trailing prose without a final newline"
    )
    out = _body(_updated(rblog, body))
    assert out == body.replace("```output\nold\n```", "```output\nnew\n1\n```")


def test_missing_fence_is_inserted_after_its_block(rblog: Path) -> None:
    body = "```python\nprint('a')\n```\nText right after.\n\n```python\nx = 1\n```\n"
    out = _body(_updated(rblog, body))
    assert out == (
        "```python\nprint('a')\n```\n\n```output\na\n```\n"
        "Text right after.\n\n```python\nx = 1\n```\n"
    )


def test_matching_fences_wildcards_and_check_none_are_left_alone(rblog: Path) -> None:
    body = (
        "```python\nprint('loss=0.4123')\n```\n\n```output\nloss=0.4...\n```\n\n"
        "```python check=none\nimport time\nprint(time.time())\n```\n\n```output\n1.0\n```\n\n"
        "```python check=none\nprint('no fence wanted')\n```\n"
    )
    assert _body(_updated(rblog, body)) == body


def test_empty_fence_and_emptied_output(rblog: Path) -> None:
    body = (
        "```python\nprint('fill me')\n```\n\n```output\n```\n\n"
        "```bash\ntrue\n```\n\n```output\nstale\n```\n"
    )
    out = _body(_updated(rblog, body))
    assert out == (
        "```python\nprint('fill me')\n```\n\n```output\nfill me\n```\n\n"
        "```bash\ntrue\n```\n\n```output\n```\n"
    )


def test_indented_blocks_and_crlf_keep_their_style(rblog: Path) -> None:
    body = "1. Step one:\n\n   ```python\n   print('in a list')\n   ```\n\n2. Step two.\n"
    path = write_post(rblog, "p", body)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    (post,) = run_posts(rblog)
    text = apply_edits(path.read_bytes().decode(), output_edits(post))
    assert text.split("---\r\n\r\n", 1)[1] == (
        "1. Step one:\r\n\r\n   ```python\r\n   print('in a list')\r\n   ```\r\n\r\n"
        "   ```output\r\n   in a list\r\n   ```\r\n\r\n2. Step two.\r\n"
    )


def test_output_holding_a_fence_gets_a_longer_fence(rblog: Path) -> None:
    body = "```python\nprint('```')\n```\n\n```output\nold\n```\n"
    out = _body(_updated(rblog, body))
    assert out == "```python\nprint('```')\n```\n\n````output\n```\n````\n"


def test_failed_blocks_console_and_pycon_are_not_updated(rblog: Path) -> None:
    body = (
        "```python\nprint('partial')\nraise ValueError\n```\n\n```output\nold\n```\n\n"
        "```console\n$ echo a\nb\n```\n"
    )
    assert _body(_updated(rblog, body)) == body
