"""A blog folder: its config, its posts, and loading them one bad file at a time."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from byline import __version__
from byline.config import Config, find_blog_root, load_config
from byline.content.post import decode_source
from byline.errors import BylineError, InputError, os_error
from byline.pickle_cache import cached, entry_name, prune, source_stamp

if TYPE_CHECKING:  # a build with nothing to do never needs the Document classes
    from byline.content.document import Document

__all__ = ["Blog", "LoadResult", "read_post", "write_atomic"]


def _without_tokens(source: str, path: Path) -> Document:
    from byline.content.parse import parse  # not at import: a no-op build parses nothing

    doc = parse(source, path)
    doc.tokens = None
    return doc


def _place(path: Path) -> Path:
    """``path`` made absolute with its folder resolved but not its last part: where a
    symbolic link is, rather than where it points (and no error for a looping link)."""
    absolute = path.absolute()
    if absolute.name in ("", ".."):
        return absolute.resolve()
    return absolute.parent.resolve() / absolute.name


_CHANGED = (
    "changed while byline was working on it; your version is kept and byline wrote "
    "nothing. Run the command again."
)
"""What ``write_atomic`` says by default when the post is no longer what byline read."""


def write_atomic(
    path: Path,
    text: str,
    *,
    shown: Path | str | None = None,
    expected: str | None = None,
    changed: str = _CHANGED,
) -> None:
    """Replace ``path`` with ``text`` via a temporary file and a rename (never half-written).

    Text is written as UTF-8 with newlines exactly as given. When ``path`` is a symbolic
    link, the file it points to is replaced (beside it, keeping its permissions) and the
    link stays: renaming onto the link itself would turn it into a plain file and leave
    the writer's real file unchanged. A write the system refuses, or a read-only file
    (the rename alone would replace it), is an ``InputError`` naming the file as
    ``shown`` (default: ``path``); the file is then unchanged.

    ``expected`` is the post's text as byline read it (as ``read_post`` gives it). When
    the file holds something else just before the rename (the writer saved from an
    editor meanwhile), nothing is written and the ``InputError`` says ``changed``: a
    text computed from the old version must never replace the new one.
    """
    shown = path if shown is None else shown
    if path.is_symlink():
        path = path.resolve()
    try:
        _refuse_read_only(path)
        _replace(path, text, expected)
    except _Changed:
        raise InputError(changed, path=shown) from None
    except OSError as exc:
        raise os_error(exc, "write the post", path=shown) from None


class _Changed(Exception):
    """The post is no longer the text byline read."""


def _still(path: Path, expected: str | None, text: str) -> bool:
    """True when ``path`` still holds ``expected`` (always, when nothing is expected), or
    already holds ``text``: another byline did the same work meanwhile."""
    if expected is None:
        return True
    try:
        return decode_source(path.read_bytes(), path) in (expected, text.removeprefix("\ufeff"))
    except (InputError, FileNotFoundError):
        return False


def _refuse_read_only(path: Path) -> None:
    """Raise when ``path`` is a file its owner made read-only: no write bit is set (which
    root would otherwise ignore) or the system says this user may not write it."""
    if path.exists() and (not path.stat().st_mode & 0o222 or not os.access(path, os.W_OK)):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))


def _replace(path: Path, text: str, expected: str | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        if not _still(path, expected, text):  # compared last: the window is the rename alone
            raise _Changed
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as a post (a message), or None for a regular file.

    Asked before reading: reading a named pipe would wait for a writer forever.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return (
                f"is a symbolic link to {path.readlink()}, which does not exist. "
                "Fix the link or remove it."
            )
        return "no such file. Check the path."
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        return "is a symbolic link that leads back to itself (a loop). Fix the link or remove it."
    if stat.S_ISDIR(mode):
        return "is a folder, not a Markdown file. Rename it or move it out of posts/."
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        return f"is {kind}, not a Markdown file. Move it out of posts/."
    return None


def read_post(path: Path, shown: Path | str | None = None) -> str:
    """A post's text, decoded as UTF-8 or an ``InputError`` saying where it is not.

    ``shown`` is the path messages use (default: ``path``).
    """
    shown = path if shown is None else shown
    try:
        problem = _not_a_file(path)
        if problem is None:
            return decode_source(path.read_bytes(), shown)
    except OSError as exc:
        raise os_error(exc, "read the post", path=shown) from None
    raise InputError(problem, path=shown)


@dataclass(slots=True)
class LoadResult:
    """Posts that parsed, and the errors of those that did not."""

    documents: list[Document] = field(default_factory=list)
    errors: list[BylineError] = field(default_factory=list)


@dataclass(slots=True)
class Blog:
    """A blog folder with a ``byline.toml``."""

    root: Path
    config: Config

    @classmethod
    def find(cls, start: Path | None = None) -> Blog:
        """The blog at or above ``start`` (default: the current folder)."""
        root = find_blog_root(start)
        return cls(root, load_config(root))

    @property
    def posts_dir(self) -> Path:
        return self.root / "posts"

    @property
    def static_dir(self) -> Path:
        return self.root / "static"

    @property
    def state_dir(self) -> Path:
        """``.byline/``: the ledger and caches (gitignored)."""
        return self.root / ".byline"

    @property
    def cache_dir(self) -> Path:
        return self.state_dir / "cache"

    def make_state_dir(self) -> Path:
        """``.byline/``, made when missing; an ``InputError`` when something is in its way."""
        try:
            self.state_dir.mkdir(exist_ok=True)
        except FileExistsError:
            raise InputError(
                "is a file, but byline keeps its ledger and caches in a folder of that name. "
                "Move the file aside; byline will create the folder.",
                path=self.display(self.state_dir),
            ) from None
        except OSError as exc:
            raise os_error(
                exc, "create byline's folder", path=self.display(self.state_dir)
            ) from None
        return self.state_dir

    def display(self, path: Path) -> str:
        """``path`` relative to the blog root when inside it, for messages.

        A symbolic link is shown where it is (``posts/x.md``), not where it points.
        """
        try:
            if path.is_symlink():
                return str((path.parent.resolve() / path.name).relative_to(self.root))
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    def post_paths(self) -> list[Path]:
        """Every ``posts/*.md`` entry, sorted by name.

        Entries that are not regular files (a folder, a pipe, a broken link) are listed
        too, so that loading them reports what is wrong instead of skipping them without
        a word; hidden ones are not (an editor's lock link such as ``.#post.md``).
        """
        if not self.posts_dir.is_dir():
            return []
        entries = self.posts_dir.glob("*.md")
        return sorted(p for p in entries if not p.name.startswith(".") or p.is_file())

    def resolve(self, paths: Iterable[Path | str]) -> list[Path]:
        """Paths given on the command line, checked to be posts of this blog.

        ``posts/`` or the blog's own folder stands for every post. A file or folder
        outside ``posts/`` is an error, and so is a path that does not exist or is not
        a regular file. A symbolic link in ``posts/`` is a post wherever it points.
        """
        out: list[Path] = []
        posts = self.posts_dir.resolve()
        for raw in paths:
            path = Path(raw)
            where = _place(path)
            if path.is_dir() and path.resolve() in (posts, self.root.resolve()):
                out.extend(self.post_paths())
            elif path.is_dir() and where.parent != posts:
                raise InputError(
                    f"is not the posts folder of this blog: posts live in "
                    f"{self.display(posts)}/. Move the files there, or pass "
                    f"{self.display(posts)}/ or a file from it.",
                    path=raw,
                )
            elif not os.path.lexists(where):
                raise InputError("no such post. Check the path, or run 'byline status'.", path=raw)
            elif where.parent != posts:
                raise InputError(
                    f"is not a post of this blog: posts live in {self.display(posts)}/. "
                    "Move the file there or pass a file from it.",
                    path=raw,
                )
            elif (problem := _not_a_file(where)) is not None:
                raise InputError(problem, path=raw)
            else:
                out.append(where)
        return out

    def load(self, path: Path, *, cache: bool = True) -> Document:
        """Parse one post, from the parse cache when its content is unchanged.

        The document keeps no markdown-it tokens (``tokens`` is None): the commands that
        load posts (check, status, links, run) read the document's parts, and only the
        site renders tokens, from its own parse. Unpickling the tokens was three quarters
        of the time to read a cached post back.
        """
        return self._load(path, Path(self.display(path)), cache=cache)

    def _load(self, path: Path, shown: Path, *, cache: bool) -> Document:
        source = read_post(path, shown)
        if not cache:
            return _without_tokens(source, shown)
        from byline.content.document import DOCUMENT_FORMAT, Document

        code = source_stamp("content")  # an edited parser: no stale documents
        key = f"{__version__}\0{DOCUMENT_FORMAT}\0{code}\0{shown}\0{source}"
        return cached(
            self.cache_dir / "parse" / entry_name(str(shown)),
            hashlib.sha256(key.encode()).hexdigest(),
            lambda: _without_tokens(source, shown),
            kind=Document,
        )

    def load_all(self, paths: Iterable[Path] | None = None, *, cache: bool = True) -> LoadResult:
        """Parse many posts; a bad post is recorded in ``errors`` and the rest go on."""
        result = LoadResult()
        names = []
        for path in self.post_paths() if paths is None else paths:
            shown = Path(self.display(path))  # resolves the path: once per post
            names.append(entry_name(str(shown)))
            try:
                result.documents.append(self._load(path, shown, cache=cache))
            except BylineError as exc:
                result.errors.append(exc)
        if paths is None and cache:  # every post: the cache may forget the others
            prune(self.cache_dir / "parse", names)
        return result

    def iter_documents(self, *, cache: bool = True) -> Iterator[Document]:
        """Every post that parses, skipping the others."""
        yield from self.load_all(cache=cache).documents
