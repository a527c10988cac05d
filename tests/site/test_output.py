"""Writing output files: atomic, into folders made as needed."""

from __future__ import annotations

import shutil
from pathlib import Path

from byline.site.output import write_file


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
