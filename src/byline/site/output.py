"""Writing the site's files: atomically, only when their fingerprint changed."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import stat
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from byline.config import SOURCE_FOLDERS
from byline.errors import BylineError
from byline.site.images import file_stat

if TYPE_CHECKING:
    from byline.site.builder import BuildReport

__all__ = [
    "Journal",
    "Writer",
    "begin_writing",
    "check_output_folder",
    "ensure_folder",
    "output_file",
    "output_path",
    "prune",
    "remove_leftovers",
    "remove_stale",
    "unfinished_builds",
    "write_file",
]


_FOLDERS: set[Path] = set()
"""Folders this process made or found: a build writes thousands of files into a few (the
body cache, ``cards/``), and asking for each again was a third of its ``mkdir`` calls."""


def ensure_folder(folder: Path) -> None:
    """Make ``folder`` (and its parents) unless this process already made or found it."""
    if folder not in _FOLDERS:
        folder.mkdir(parents=True, exist_ok=True)
        _FOLDERS.add(folder)


def check_output_folder(out: Path, root: Path, shown: str) -> None:
    """Refuse an output folder that is a file, or is, is inside or holds the blog's own
    folders (``shown`` names it in the message); a build deletes what it no longer makes.

    ``.byline/serve/`` is the dev server's own output folder, and allowed.
    """
    out, root = out.resolve(), root.resolve()
    if out.exists() and not out.is_dir():
        raise BylineError(
            f"the output folder {shown} is a file. Give --out or [build] output a folder "
            "of its own, such as '_site'."
        )
    if out == root or root.is_relative_to(out):
        what = "is the blog folder" if out == root else "holds the blog folder"
    else:
        what = ""
        for name in SOURCE_FOLDERS:
            folder = (root / name).resolve()
            if out == folder:
                what = f"is the blog's {name}/ folder"
            elif folder.is_relative_to(out):
                what = f"holds the blog's {name}/ folder"
            elif out.is_relative_to(folder) and not out.is_relative_to(root / ".byline/serve"):
                what = f"is inside the blog's {name}/ folder"
            if what:
                break
    if what:
        raise BylineError(
            f"the output folder {shown} {what}; a build there would overwrite your files "
            "and delete them when it cleans up. Give --out or [build] output a folder of "
            "its own, such as '_site'."
        )


def _inside(rel: str) -> bool:
    """True when the output-relative path ``rel`` names a file below its folder."""
    parts = PurePosixPath(rel).parts
    return (
        bool(parts)
        and not rel.startswith("/")
        and ".." not in parts
        and not any(c in rel for c in "\\:\0")
    )


def output_path(out: Path, rel: str) -> Path:
    """``out / rel``, refusing any ``rel`` that would name a file outside ``out``.

    The config refuses such permalinks; this is the last guard, so no setting or state
    file can make a build write over a file of the user's outside its folder.
    """
    if not _inside(rel):
        raise BylineError(
            f"refused to write '{rel}': it is outside the output folder {out}, and a build "
            "writes only inside it. Check [site] permalink in byline.toml."
        )
    return out / rel


def output_file(out: Path, rel: str) -> Path:
    """``out / rel`` (refused outside ``out``, as by ``output_path``), ready to be written:
    a symbolic link on the way, to the file or to a folder below ``out``, is removed.

    Such a link (placed by the user or a tool) could point outside the output folder, and
    writing through it would change a file there. Removing a link never touches its target;
    the write then makes a real file or folder in its place. ``out`` itself may be a link.
    """
    path = output_path(out, rel)
    current = out
    for part in PurePosixPath(rel).parts:
        current = current / part
        if current.is_symlink():
            current.unlink()
            _FOLDERS.discard(current)
    return path


def remove_stale(out: Path, rel: str) -> bool:
    """Delete the output file ``rel`` that the last build made and this one did not.

    Returns False, deleting nothing, unless ``rel`` is inside ``out`` (symbolic links
    followed): a state file written by a build that went astray must not turn this
    cleanup into deleting the user's files.
    """
    if not _inside(rel):
        return False
    path = out / rel
    try:
        inside = path.parent.resolve().is_relative_to(out.resolve())
    except OSError:
        return False
    if not inside:
        return False
    path.unlink(missing_ok=True)
    prune(path, out)
    return True


def _temporary(path: Path) -> Path:
    """Where ``path`` is written before its rename: ``.name.PID.tmp`` beside it (the PID
    lets ``remove_leftovers`` tell a killed writer's file from a running one's)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_file(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` via a temporary file and a rename."""
    folder = path.parent
    ensure_folder(folder)
    tmp = _temporary(path)
    try:
        handle = open(tmp, "wb")  # noqa: SIM115, PTH123 - closed below
    except FileNotFoundError:  # removed since (a server builds again after a clean)
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(tmp, "wb")  # noqa: SIM115, PTH123
    try:
        with handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:  # Ctrl-C, a full disk: no half-written file left to deploy
        tmp.unlink(missing_ok=True)
        raise


_LEFTOVER = re.compile(r"\..+\.(\d+)\.tmp")


def remove_leftovers(out: Path) -> None:
    """Delete the temporary files that a killed writer left in ``out`` (kill -9 skips
    every cleanup), so that they are never deployed with the site.

    A file is a leftover when it is named as ``write_file`` names them and the process
    in its name is gone; another build or the server still writing keeps its files.
    """
    for folder, _, names in os.walk(out):
        for name in names:
            match = _LEFTOVER.fullmatch(name)
            if match and not _running(int(match[1])):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))  # noqa: PTH108, PTH118 - walk's strings


def unfinished_builds(marks: Path, out: Path) -> list[Path]:
    """The marks of builds into ``out`` that did not finish: killed (kill -9 keeps the
    mark, ``marks/PID``), or an earlier build of this process that stopped on an error.

    One listing of ``marks``: a build with nothing to do asks too, since such a build may
    have left pages of an edit since undone.
    """
    try:
        found = [m for m in marks.iterdir() if m.name.isdigit()]
    except OSError:
        return []
    me = os.getpid()
    return [
        m
        for m in found
        if (int(m.name) == me or not _running(int(m.name))) and _mark_out(m) in ("", str(out))
    ]


def _mark_out(mark: Path) -> str:
    """The output folder a mark names ('' for a mark that names none)."""
    try:
        with open(mark, "rb") as handle:  # noqa: PTH123 - only its start
            head = handle.read(4096)
    except OSError:
        return ""
    return head.split(b"\0", 1)[0].decode("utf-8", "replace")


def begin_writing(marks: Path, out: Path, unfinished: list[Path]) -> tuple[Journal, set[str]]:
    """Mark that this process starts writing into ``out``; returns the journal to note
    each file in before it is written (close it and delete its mark when done), and the
    files that the ``unfinished`` builds may have written, to be drawn again or removed.

    Only after an unfinished build does a build search ``out`` for the temporary files
    it left (``remove_leftovers``, a walk of every folder of the site: 20 ms at 1,000
    posts, a tenth of a one-post rebuild in ``byline serve``).
    """
    marks.mkdir(parents=True, exist_ok=True)
    written: set[str] = set()
    if unfinished:
        remove_leftovers(out)
        for mark in unfinished:
            with contextlib.suppress(OSError):
                written.update(r.decode("utf-8") for r in mark.read_bytes().split(b"\0")[1:] if r)
            mark.unlink(missing_ok=True)
    return Journal(marks / str(os.getpid()), out), written


class Journal:
    """The files a build is about to write, noted in its mark before each is written:
    the build after one killed midway draws them again or removes them, so no page of an
    edit since undone, or of a post since deleted, stays in the site."""

    def __init__(self, mark: Path, out: Path) -> None:
        self.mark = mark
        self._fd = os.open(mark, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.write(self._fd, f"{out}\0".encode())

    def note(self, *rels: str) -> None:
        """Record ``rels`` (unbuffered: a kill right after still leaves them noted)."""
        if rels:
            os.write(self._fd, "".join(f"{rel}\0" for rel in rels).encode())

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        """Done: ``finish``; stopped by an error (a template's, Ctrl-C): ``close``."""
        if kind is None:
            self.finish()
        else:
            self.close()

    def finish(self) -> None:
        """The build is done: close and delete the mark."""
        self.close()
        self.mark.unlink(missing_ok=True)

    def close(self) -> None:
        """Close the journal and keep the mark: the build stopped on an error, and the
        next one redraws or removes what it noted (``byline serve`` goes on building)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True


class Writer:
    """Writes output files whose fingerprint changed and records every file produced."""

    def __init__(
        self,
        out: Path,
        old: dict[str, str],
        new: dict[str, str],
        report: BuildReport,
        journal: Journal,
    ) -> None:
        self.out, self.old, self.new, self.report = out, old, new, report
        self.journal = journal

    def fresh(self, rel: str, fingerprint: str) -> bool:
        """True when ``rel`` exists with this fingerprint (and is recorded as produced);
        never for a symbolic link put in its place, which the write replaces."""
        self.new[rel] = fingerprint
        if self.old.get(rel) != fingerprint:
            return False
        try:  # one lstat, as many as exists() took: the no-op build asks for every file
            return stat.S_ISREG(os.lstat(self.out / rel).st_mode)
        except OSError:
            return False

    def write(self, rel: str, data: bytes, fingerprint: str) -> None:
        self.journal.note(rel)
        write_file(output_file(self.out, rel), data)
        self.new[rel] = fingerprint
        self.report.written.append(rel)

    def put(self, rel: str, data: bytes) -> None:
        """Write ``data`` unless the file already holds it (by hash)."""
        fingerprint = hashlib.sha256(data).hexdigest()
        if not self.fresh(rel, fingerprint):
            self.write(rel, data, fingerprint)

    def copy(self, rel: str, source: Path) -> None:
        stat = file_stat(source)
        fingerprint = f"copy:{stat}"
        if self.fresh(rel, fingerprint):
            return
        self.journal.note(rel)
        target = output_file(self.out, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = _temporary(target)
        try:  # copied beside it, then renamed: the server never serves half an image
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        self.new[rel] = fingerprint
        self.report.written.append(rel)


def prune(path: Path, root: Path) -> None:
    """Remove folders left empty by a removed page, up to the output root."""
    folder = path.parent
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
