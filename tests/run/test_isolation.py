"""Front matter ``files:``: the data files a post's code may read, from the blog only."""

from __future__ import annotations

from pathlib import Path

from byline.run.isolation import expand_files


def test_files_are_found_relative_to_the_blog(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    (root / "data" / "more").mkdir(parents=True)
    for name in ("data/a.csv", "data/more/b.csv", "notes.txt"):
        (root / name).write_text("x\n")
    found, missing = expand_files(root, ["data", "notes.txt", "gone/*.csv"])
    assert [p.relative_to(root).as_posix() for p in found] == [
        "data/a.csv",
        "data/more/b.csv",
        "notes.txt",
    ]
    assert missing == ["gone/*.csv"]


def test_files_outside_the_blog_are_never_matched(tmp_path: Path) -> None:
    root = tmp_path / "blog"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("not the post's\n")
    patterns = ["../secret.txt", "data/../../secret.txt", str(tmp_path / "secret.txt")]
    assert expand_files(root, patterns) == ([], patterns)
