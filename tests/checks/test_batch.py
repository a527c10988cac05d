"""The check result cache: what its key covers."""

from __future__ import annotations

import os
from pathlib import Path

import byline.checks.prose.wording
import byline.content.pulldown
from byline.checks.batch import _code_stamp


def _touched(path: Path) -> str:
    """The code stamp computed with ``path``'s modification time moved by 1 ns."""
    stat = path.stat()
    try:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
        return _code_stamp.__wrapped__()
    finally:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_an_edited_rule_or_parser_module_changes_the_cache_key() -> None:
    before = _code_stamp.__wrapped__()
    for module in (byline.checks.prose.wording, byline.content.pulldown):
        assert _touched(Path(module.__file__ or "")) != before
    assert _code_stamp.__wrapped__() == before
