"""The pickle cache's helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import byline.checks.prose.wording
import byline.content.pulldown
from byline.pickle_cache import cached, source_stamp


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


def test_classes_pickled_by_fields_round_trip() -> None:
    import pickle

    from byline.checks.engine import PostResult
    from byline.checks.prose.readability import Readability
    from byline.content.parse import parse
    from byline.diagnostics import Diagnostic, Fix

    doc = parse(
        "---\ntitle: T\ntags: [a, b]\n---\n\n# T\n\nSome *text*, `code` and [a link](x).\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two\n\n```python\nx = 1\n```\n\n"
        "<!-- a note -->\n\n![alt](i.png)\n\n$$\nx\n$$\n\n---\n\n<div>html</div>\n",
        "posts/t.md",
    )
    doc.tokens = None
    assert doc.paragraphs[0].sentences  # computed: kept in the pickle too
    back = pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    assert back.blocks == doc.blocks and back.front_matter == doc.front_matter
    assert back.paragraphs[0].sentences == doc.paragraphs[0].sentences
    assert back.paragraphs[0].lines is back.lines  # shared, as in the original
    fix = Fix(1, 2, "", "drop it")
    result = PostResult(
        "posts/t.md",
        (Diagnostic("posts/t.md", 1, 2, 1, 3, "r.x", "warning", "m", fix, {"n": 1}),),
        9,
        Readability(9, 1, 12),
    )
    again = pickle.loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == result and again.diagnostics[0].data == {"n": 1}


def test_only_positional_dataclasses_can_be_pickled_by_fields() -> None:
    from dataclasses import dataclass, field

    import pytest

    from byline.pickle_cache import by_fields

    @dataclass(frozen=True, kw_only=True)
    class Named:
        a: int

    @dataclass(frozen=True)
    class Hidden:
        a: int
        b: int = field(init=False, default=0)

    for cls in (Named, Hidden):
        with pytest.raises(TypeError, match="by_fields"):
            by_fields(cls)


JUNK = [
    b"garbage\n",  # ValueError
    b"",  # EOFError
    b"\x80\x05K",  # truncated
    b"cnope\nthing\n.",  # ModuleNotFoundError
    b"V\\u12\n.",  # UnicodeDecodeError
    b"\x80\x05h\x05.",  # a memo entry that is not there
    b"cbuiltins\ndict\n(I1\ntR.",  # TypeError
    b"(I1\nI2\nd.",  # a value, but not of the kind cached
]


@pytest.mark.parametrize("junk", JUNK)
def test_junk_in_a_cache_file_is_a_miss(tmp_path: Path, junk: bytes) -> None:
    path = tmp_path / "cache" / "x.pickle"
    path.parent.mkdir()
    path.write_bytes(junk)
    assert cached(path, "k", lambda: ["computed"], kind=list) == ["computed"]
    assert cached(path, "k", lambda: ["again"], kind=list) == ["computed"]  # stored over the junk


def test_a_value_stored_under_another_key_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "x.pickle"
    assert cached(path, "one", lambda: 1) == 1
    assert cached(path, "two", lambda: 2) == 2
    assert cached(path, "two", lambda: 3) == 2
    assert cached(path, "one", lambda: 4) == 4


def test_an_edited_post_template_changes_the_stamp() -> None:
    """structure.template and seo.length read the templates' word budgets."""
    import byline.templates

    template = Path(byline.templates.__file__ or "").parent / "til.toml"
    both = source_stamp.__wrapped__("checks", "content", "templates")
    assert _touched(template, "checks", "content", "templates") != both
