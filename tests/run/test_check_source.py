"""The ``code.*`` diagnostics ``byline check`` gets from the runner."""

from __future__ import annotations

from pathlib import Path

from byline.checks.sources import SOURCES, CheckOptions, load_sources
from byline.content.blog import Blog
from byline.run import check_source
from tests.run.conftest import run_posts, write_post

POST = (
    "```python\nx = 2\nprint(x * 21)\n```\n\n```output\n42\n```\n\n"
    "```text\nnot code\n```\n\n"
    "```python norun\nnever()\n```\n"
)


def _found(root: Path, **options: bool) -> list[tuple[int, str, str, str]]:
    blog = Blog.find(root)
    docs = [blog.load(p, cache=False) for p in blog.post_paths()]
    found = check_source.diagnostics(blog, docs, CheckOptions(**options))
    return [(d.line, d.rule, d.severity, d.message) for d in found]


def test_is_a_registered_source() -> None:
    assert "byline.run.check_source" in SOURCES
    assert check_source.diagnostics in load_sources()


def test_untested_until_the_block_passes(rblog: Path) -> None:
    write_post(rblog, "p", POST)
    assert _found(rblog) == [
        (
            5,
            "code.untested",
            "warning",
            "This python block has not passed since it last changed. "
            "Run 'byline run posts/p.md' to test it.",
        )
    ]
    run_posts(rblog)
    assert _found(rblog) == []
    write_post(rblog, "p", POST.replace("21", "20"))
    assert [f[1] for f in _found(rblog)] == ["code.untested"]


def test_a_stale_output_fence(rblog: Path) -> None:
    write_post(rblog, "p", POST)
    run_posts(rblog)
    write_post(rblog, "p", POST.replace("\n42\n", "\n41\n"))
    assert _found(rblog) == [
        (
            10,
            "code.stale-output",
            "error",
            "This output fence no longer matches what the block above prints "
            "(line 1: expected '41', got '42'). "
            "Run 'byline run --update posts/p.md' to refresh it.",
        )
    ]


def test_with_run_failures_become_diagnostics(rblog: Path) -> None:
    write_post(
        rblog,
        "p",
        "```python\nprint('a')\n```\n\n```output\nb\n```\n\n"
        "```python\ndef f():\n    raise KeyError('k')\nf()\n```\n\n"
        "```python session=slow timeout=0.3\nimport time\ntime.sleep(10)\n```\n\n"
        "```python standalone\nprint(f)\n```\n\n"
        "```python timeout=never\npass\n```\n",
        front="files: [missing/*.csv]\n",
    )
    found = _found(rblog, run=True)
    assert found == [
        (
            29,
            "code.failed",
            "error",
            "This block was not run: timeout=never in 'python timeout=never' is not a "
            "positive number of seconds. Write timeout=SECONDS, such as timeout=60.",
        ),
        (
            3,
            "code.failed",
            "error",
            "'missing/*.csv' in files: matches no file in the blog. "
            "Fix the path (it is relative to the blog folder) or add the file.",
        ),
        (
            6,
            "code.output-mismatch",
            "error",
            "The output differs from the output fence (line 1: expected 'b', got 'a'). "
            "Run 'byline run --update posts/p.md' to take the new output, or fix the code.",
        ),
        (
            16,
            "code.failed",
            "error",
            "This python block failed: KeyError: 'k'. Fix the code, or mark the block "
            "raises=KeyError if the error is the point.",
        ),
        (
            22,
            "code.timeout",
            "error",
            "This python block did not finish within 0.3 seconds and was stopped (it was at "
            "line 22). Make it faster, or raise the limit with timeout=SECONDS on the fence "
            "or [run] timeout in byline.toml.",
        ),
        (
            25,
            "code.not-standalone",
            "error",
            "This block is marked standalone but fails when run alone: NameError: name 'f' "
            "is not defined. Add the imports and definitions it needs from earlier blocks, "
            "or drop 'standalone'.",
        ),
    ]
