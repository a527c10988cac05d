"""The pickle cache's helpers."""

from __future__ import annotations

import os
from pathlib import Path

import byline.checks.prose.wording
import byline.content.pulldown
from byline.pickle_cache import source_stamp


def _touched(path: Path, *packages: str) -> str:
    """The stamp of ``packages`` computed with ``path``'s mtime moved by 1 ns."""
    stat = path.stat()
    try:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
        return source_stamp.__wrapped__(*packages)
    finally:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_an_edited_module_changes_the_stamp_of_its_package_only() -> None:
    rule = Path(byline.checks.prose.wording.__file__ or "")
    parser = Path(byline.content.pulldown.__file__ or "")
    both = source_stamp.__wrapped__("checks", "content")
    assert _touched(rule, "checks", "content") != both
    assert _touched(parser, "checks", "content") != both
    content = source_stamp.__wrapped__("content")
    assert _touched(parser, "content") != content
    assert _touched(rule, "content") == content
    assert source_stamp.__wrapped__("checks", "content") == both
