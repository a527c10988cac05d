"""``byline check --fix`` and ``--diff`` on real posts nobody here wrote.

Every post of the shared corpus (and CRLF, BOM and no-final-newline copies of a few)
goes into a fresh blog. The fixes ``--diff`` shows, applied by hand, must give exactly
the files ``--fix`` writes; every other byte stays; a second run has nothing to fix;
and the check afterwards reports nothing new.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import CLI, corpus_files

pytestmark = pytest.mark.skipif(not corpus_files(), reason="shared corpus not available")

_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,(\d+))? @@")
_WEASEL_CUT = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)* | [A-Za-z]+(?: [A-Za-z]+)*")


def _copies(posts: Path) -> dict[str, bytes]:
    """The corpus posts, plus variants of every fifth: CRLF, a BOM, no final newline."""
    files: dict[str, bytes] = {}
    for n, path in enumerate(corpus_files()):
        name = f"{n:02d}-{path.parent.name}-{path.stem}.md".lower().replace("_", "-")
        data = path.read_bytes()
        files[name] = data
        if n % 5 == 0:
            crlf = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            files["crlf-" + name] = crlf
            files["bom-" + name] = b"\xef\xbb\xbf" + data
            files["bare-" + name] = b"\xef\xbb\xbf" + crlf.rstrip(b"\r\n")
    for name, data in files.items():
        (posts / name).write_bytes(data)
    return files


def _patches(diff: str) -> dict[str, list[tuple[int, list[str], list[str]]]]:
    """The hunks of a unified diff per file: (first old line, old lines, new lines)."""
    patches: dict[str, list[tuple[int, list[str], list[str]]]] = {}
    lines = diff.splitlines(keepends=True)
    i, current = 0, ""
    while i < len(lines):
        if lines[i].startswith("--- a/"):
            current = lines[i][6:-1]
            patches[current] = []
            i += 2
            continue
        match = _HUNK.match(lines[i])
        assert match, lines[i]
        want_old, want_new = int(match.group(2) or 1), int(match.group(3) or 1)
        old: list[str] = []
        new: list[str] = []
        i += 1
        while len(old) < want_old or len(new) < want_new:
            kind, body = lines[i][0], lines[i][1:]
            if i + 1 < len(lines) and lines[i + 1].startswith("\\ No newline"):
                body = body[:-1]
                i += 1
            if kind in " -":
                old.append(body)
            if kind in " +":
                new.append(body)
            i += 1
        patches[current].append((int(match.group(1)) - 1, old, new))
    return patches


def _apply(text: str, hunks: list[tuple[int, list[str], list[str]]]) -> str:
    lines = text.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    out: list[str] = []
    pos = 0
    for start, old, new in hunks:
        assert lines[start : start + len(old)] == old
        out += lines[pos:start] + new
        pos = start + len(old)
    return "".join(out + lines[pos:])


def _only_fixes_changed(before: str, after: str) -> list[str]:
    """Changes that are not a weasel word cut with one space, a language added after a
    fence or a heading's ``#`` run changed."""
    odd = []
    for old_line, new_line in zip(before.split("\n"), after.split("\n"), strict=True):
        ops = difflib.SequenceMatcher(None, old_line, new_line, autojunk=False).get_opcodes()
        for tag, a1, a2, b1, b2 in ops:
            old, new = old_line[a1:a2], new_line[b1:b2]
            fine = (
                tag == "equal"
                or (tag == "delete" and _WEASEL_CUT.fullmatch(old))
                or (tag == "insert" and new.isalpha() and old_line[:a1].lstrip() in ("```", "~~~"))
                or (set(old + new) == {"#"} and old_line[:a1].strip(" #") == "")
            )
            if not fine:
                odd.append(f"{old_line!r} -> {new_line!r}")
    return odd


def _findings(out: str) -> Counter[tuple[str, str, str]]:
    """Findings by post, rule and message (numbers blanked: a cut word changes counts).
    ``code.*`` is left out: a block that gains a language becomes one the runner tracks."""
    return Counter(
        (d["path"], d["rule"], re.sub(r"\d+", "N", d["message"]))
        for d in json.loads(out)["diagnostics"]
        if not d["rule"].startswith("code.")
    )


def test_fix_changes_only_what_diff_shows(blog: Path, cli: CLI) -> None:
    posts = blog / "posts"
    originals = _copies(posts)
    code, out, err = cli("check", "--format", "json")
    before = _findings(out)
    code, diff, err = cli("check", "--diff")
    assert (code, err) == (1, "")
    code, out, err = cli("check", "--fix", "--format", "json")
    after = _findings(out)
    patches = _patches(diff)
    fixed = {name: (posts / name).read_bytes() for name in originals}
    assert sum(err.count(f"posts/{name}: fixed") for name in originals) == len(patches)
    for name, data in originals.items():
        bom = data.startswith(b"\xef\xbb\xbf")
        assert fixed[name].startswith(b"\xef\xbb\xbf") == bom, name
        text = data.decode("utf-8").removeprefix("\ufeff")
        now = fixed[name].decode("utf-8").removeprefix("\ufeff")
        assert now == _apply(text, patches.get(f"posts/{name}", [])), name
        assert _only_fixes_changed(text, now) == [], name
    assert cli("check", "--diff")[:2] == (0, "")
    assert {name: (posts / name).read_bytes() for name in originals} == fixed
    assert after - before == Counter()
    assert sum((before - after).values()) >= len(patches)
