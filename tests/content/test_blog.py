"""A blog folder: resolving post paths, the parse cache, atomic writes."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from byline.content.blog import Blog, write_atomic
from byline.content.parse import parse
from byline.errors import InputError
from tests.conftest import corpus_files


def test_a_file_outside_posts_is_an_input_error(blog: Path, tmp_path: Path) -> None:
    (blog / "notes.md").write_text("# x\n")
    with pytest.raises(InputError) as info:
        Blog.find().resolve(["notes.md"])
    assert str(info.value) == (
        "notes.md: is not a post of this blog: posts live in posts/. "
        "Move the file there or pass a file from it."
    )


def test_missing_post(blog: Path) -> None:
    with pytest.raises(InputError) as info:
        Blog.find().resolve(["posts/nope.md"])
    assert str(info.value) == (
        "posts/nope.md: no such post. Check the path, or run 'byline status'."
    )


def test_folders_stand_for_their_posts(blog: Path) -> None:
    (blog / "posts/b.md").write_text("# b\n")
    (blog / "posts/a.md").write_text("# a\n")
    assert [p.name for p in Blog.find().resolve(["posts"])] == ["a.md", "b.md"]


def test_the_blog_folder_stands_for_its_posts(blog: Path) -> None:
    (blog / "posts/a.md").write_text("# a\n")
    assert [p.name for p in Blog.find().resolve(["."])] == ["a.md"]


def test_a_folder_outside_posts_is_an_input_error(blog: Path, tmp_path: Path) -> None:
    (blog / "drafts").mkdir()
    (blog / "drafts/a.md").write_text("# a\n")
    with pytest.raises(InputError) as info:
        Blog.find().resolve(["drafts"])
    assert str(info.value) == (
        "drafts: is not the posts folder of this blog: posts live in posts/. "
        "Move the files there, or pass posts/ or a file from it."
    )


def test_a_missing_file_outside_posts_is_missing(blog: Path) -> None:
    with pytest.raises(InputError) as info:
        Blog.find().resolve(["nope.md"])
    assert str(info.value) == "nope.md: no such post. Check the path, or run 'byline status'."


def test_parse_cache_returns_the_same_document(blog: Path) -> None:
    path = blog / "posts/a.md"
    path.write_text("---\ntitle: A\n---\n\nSome text here. And more.\n")
    site = Blog.find()
    first = site.load(path)
    assert list((blog / ".byline/cache/parse").glob("*.pickle"))
    second = site.load(path)
    assert second.sentences == first.sentences
    assert str(second.path) == "posts/a.md"
    path.write_text("---\ntitle: B\n---\n\nOther text.\n")
    assert site.load(path).title == "B"


def test_loaded_documents_are_parsed_documents_without_tokens(blog: Path) -> None:
    """Only the site renders tokens, and it parses posts itself: the parse cache keeps
    none (they were three quarters of the time to read a cached post back)."""
    site = Blog.find()
    for n, original in enumerate(corpus_files()[:12]):
        path = blog / "posts" / f"{n:02d}.md"
        path.write_bytes(original.read_bytes())
        fresh = parse(path.read_text("utf-8"), f"posts/{n:02d}.md")
        fresh.tokens = None
        for doc in (site.load(path, cache=False), site.load(path), site.load(path)):
            assert doc.tokens is None
            assert (doc.lines.starts, doc.lines.ends) == (fresh.lines.starts, fresh.lines.ends)
            assert replace(doc, lines=fresh.lines) == fresh
            assert doc.sentences == fresh.sentences


def test_an_edited_parser_parses_cached_posts_again(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import byline.content.blog
    import byline.content.parse

    path = blog / "posts/a.md"
    path.write_text("---\ntitle: A\n---\n\nSome text here.\n")
    site = Blog.find()
    parses: list[object] = []
    real = byline.content.parse.parse

    def counting(*args: object, **kwargs: object) -> object:
        parses.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(byline.content.parse, "parse", counting)
    monkeypatch.setattr(byline.content.blog, "source_stamp", lambda *_: "parser one")
    site.load(path)
    site.load(path)
    assert len(parses) == 1  # the second came from the cache
    monkeypatch.setattr(byline.content.blog, "source_stamp", lambda *_: "parser two")
    site.load(path)
    assert len(parses) == 2


def test_write_atomic_replaces_exactly(tmp_path: Path) -> None:
    target = tmp_path / "p.md"
    target.write_bytes(b"old\r\n")
    target.chmod(0o640)
    write_atomic(target, "new\r\nline\n")
    assert target.read_bytes() == b"new\r\nline\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["p.md"]


def test_write_atomic_writes_through_a_symlink(tmp_path: Path) -> None:
    """A post that is a link stays a link: the file it points to gets the new text."""
    target = tmp_path / "elsewhere" / "p.md"
    target.parent.mkdir()
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    (tmp_path / "posts").mkdir()
    link = tmp_path / "posts" / "p.md"
    link.symlink_to(Path("..", "elsewhere", "p.md"))
    write_atomic(link, "new\n")
    assert link.is_symlink()
    assert link.readlink() == Path("..", "elsewhere", "p.md")
    assert target.read_bytes() == b"new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in (tmp_path / "posts").iterdir()] == ["p.md"]
    assert [p.name for p in target.parent.iterdir()] == ["p.md"]


def test_write_atomic_follows_a_chain_of_symlinks(tmp_path: Path) -> None:
    target = tmp_path / "p.md"
    target.write_text("old\n")
    (tmp_path / "middle.md").symlink_to("p.md")
    (tmp_path / "link.md").symlink_to("middle.md")
    write_atomic(tmp_path / "link.md", "new\n")
    assert (tmp_path / "link.md").is_symlink() and (tmp_path / "middle.md").is_symlink()
    assert target.read_text() == "new\n"


def _odd_entries(posts: Path) -> None:
    """Entries of posts/ named like posts that are not readable regular files."""
    (posts / "loop.md").symlink_to("loop.md")
    (posts / "broken.md").symlink_to("nowhere.md")
    os.mkfifo(posts / "fifo.md")
    (posts / "folder.md").mkdir()


ODD = {
    "loop.md": "is a symbolic link that leads back to itself (a loop). Fix the link or remove it.",
    "broken.md": "is a symbolic link to nowhere.md, which does not exist. "
    "Fix the link or remove it.",
    "fifo.md": "is a named pipe, not a Markdown file. Move it out of posts/.",
    "folder.md": "is a folder, not a Markdown file. Rename it or move it out of posts/.",
}


def test_entries_of_posts_that_are_not_files_are_load_errors(blog: Path) -> None:
    """Listed with the posts and reported, never skipped without a word or read (a pipe
    would block) or crashed on (a loop)."""
    (blog / "posts/a.md").write_text("# a\n")
    _odd_entries(blog / "posts")
    (blog / "posts/.#a.md").symlink_to("ada@host.1234")  # an editor's lock: not a post
    site = Blog.find()
    assert [p.name for p in site.post_paths()] == [
        "a.md",
        "broken.md",
        "fifo.md",
        "folder.md",
        "loop.md",
    ]
    loaded = site.load_all()
    assert [str(d.path) for d in loaded.documents] == ["posts/a.md"]
    assert [str(e) for e in loaded.errors] == [
        f"posts/{name}: {ODD[name]}" for name in ("broken.md", "fifo.md", "folder.md", "loop.md")
    ]


@pytest.mark.parametrize("name", sorted(ODD))
def test_a_named_entry_that_is_not_a_file_says_what_it_is(blog: Path, name: str) -> None:
    _odd_entries(blog / "posts")
    with pytest.raises(InputError) as info:
        Blog.find().resolve([f"posts/{name}"])
    assert str(info.value) == f"posts/{name}: {ODD[name]}"


def test_a_symlinked_post_is_a_post_wherever_it_points(blog: Path, tmp_path: Path) -> None:
    (tmp_path / "y.md").write_text("# y\n")
    (blog / "posts/y.md").symlink_to(tmp_path / "y.md")
    assert Blog.find().resolve(["posts/y.md"]) == [blog / "posts/y.md"]


def test_the_parse_cache_keeps_one_file_per_post(blog: Path) -> None:
    """Files are named after the post and hold its content key: an edit replaces the
    post's file instead of leaving one behind, and a whole-blog load drops the files of
    posts that are gone (and of the older, content-named layout)."""
    folder = blog / ".byline/cache/parse"
    site = Blog.find()
    a, b = blog / "posts/a.md", blog / "posts/b.md"
    for n in range(3):
        a.write_text(f"---\ntitle: A{n}\n---\n\nSome text here, edit {n}.\n")
        assert site.load(a).title == f"A{n}"
    b.write_text("---\ntitle: B\n---\n\nOther text.\n")
    site.load(b)
    assert len(list(folder.glob("*.pickle"))) == 2
    (folder / ("0" * 64 + ".pickle")).write_bytes(b"an entry of the old layout")
    b.unlink()
    assert [d.title for d in site.load_all().documents] == ["A2"]
    assert len(list(folder.glob("*.pickle"))) == 1
    assert site.load(a).title == "A2"


def test_write_atomic_refuses_a_post_changed_since_it_was_read(tmp_path: Path) -> None:
    """The writer saved a new version after byline read the post: the fix computed from
    the old text must not replace it."""
    target = tmp_path / "p.md"
    target.write_text("saved by the editor\n")
    with pytest.raises(InputError) as info:
        write_atomic(target, "fixed\n", shown="posts/p.md", expected="read by byline\n")
    assert str(info.value) == (
        "posts/p.md: changed while byline was working on it; your version is kept and "
        "byline wrote nothing. Run the command again."
    )
    assert target.read_text() == "saved by the editor\n"
    assert [p.name for p in tmp_path.iterdir()] == ["p.md"]


def test_write_atomic_compares_just_before_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The editor saves while the new text is being written to the temporary file."""
    target = tmp_path / "p.md"
    target.write_text("\ufeffold\n")  # a BOM is not a change: byline reads past it
    real_fdopen = os.fdopen

    def editor_saves(*args: object, **kwargs: object) -> object:
        target.write_text("saved by the editor\n")
        return real_fdopen(*args, **kwargs)  # type: ignore[call-overload]

    with monkeypatch.context() as patched:
        patched.setattr(os, "fdopen", editor_saves)
        with pytest.raises(InputError, match="changed while byline was working on it"):
            write_atomic(target, "new\n", expected="old\n")
    assert target.read_text() == "saved by the editor\n"
    target.write_text("\ufeffold\n")
    write_atomic(target, "new\n", expected="old\n")
    assert target.read_text() == "new\n"


def test_write_atomic_is_done_when_another_byline_wrote_the_same_text(tmp_path: Path) -> None:
    """Two reviews of one post at once: the second finds 'status: ready' already there."""
    target = tmp_path / "p.md"
    target.write_text("status: ready\n")
    write_atomic(target, "status: ready\n", expected="status: draft\n")
    assert target.read_text() == "status: ready\n"
    assert [p.name for p in tmp_path.iterdir()] == ["p.md"]
