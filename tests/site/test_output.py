"""Writing output files: atomic, into folders made as needed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import byline.site.output
from byline.site.output import remove_leftovers, write_file
from tests.conftest import Interrupted


def test_write_file_makes_the_folders_it_needs(tmp_path: Path) -> None:
    write_file(tmp_path / "a" / "b" / "index.html", b"one")
    assert (tmp_path / "a" / "b" / "index.html").read_bytes() == b"one"
    write_file(tmp_path / "a" / "b" / "index.html", b"two")
    assert (tmp_path / "a" / "b" / "index.html").read_bytes() == b"two"
    assert [p.name for p in (tmp_path / "a" / "b").iterdir()] == ["index.html"]


def test_write_file_after_its_folder_was_removed(tmp_path: Path) -> None:
    # A long-running server writes again after the user deleted the output folder.
    write_file(tmp_path / "out" / "x" / "page.html", b"one")
    shutil.rmtree(tmp_path / "out")
    write_file(tmp_path / "out" / "x" / "page.html", b"two")
    assert (tmp_path / "out" / "x" / "page.html").read_bytes() == b"two"


def test_an_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Else ``.index.html.123.tmp`` stays in the output folder and is deployed with it."""
    write_file(tmp_path / "index.html", b"one")
    interrupted = lambda path, mode: Interrupted(Path(path).open(mode))  # noqa: E731, SIM115
    monkeypatch.setattr(byline.site.output, "open", interrupted, raising=False)
    with pytest.raises(KeyboardInterrupt):
        write_file(tmp_path / "index.html", b"two")
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]
    assert (tmp_path / "index.html").read_bytes() == b"one"


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid


def test_leftovers_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    """kill -9 skips every cleanup: the next build removes the temporary files of a process
    that is gone, and keeps those of one still writing (another build, the server)."""
    dead, out = _dead_pid(), tmp_path / "_site"
    (out / "posts" / "a").mkdir(parents=True)
    gone = [out / f".feed.xml.{dead}.tmp", out / "posts" / "a" / f".index.html.{dead}.tmp"]
    kept = [
        out / f".index.html.{os.getpid()}.tmp",  # a build still running
        out / "notes.tmp",  # a file of the user's static folder
        out / f".x.{dead}.tmp.html",
    ]
    for path in gone + kept:
        path.write_bytes(b"half")
    remove_leftovers(out)
    assert sorted(p for p in out.rglob("*") if p.is_file()) == sorted(kept)
