"""Shared fixtures: a fresh blog folder, the CLI runner, the shared corpus."""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from byline.cli.app import main
from byline.cli.init import init_blog

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "deepspeed"
if not CORPUS.is_dir():  # CI lays shared/ beside the clone; a developer may have it one up
    CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "deepspeed"


@pytest.fixture(scope="session", autouse=True)
def _user_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """byline's per-user cache (the spelling index) goes to a folder of the test run."""
    os.environ["BYLINE_CACHE_DIR"] = str(tmp_path_factory.mktemp("user-cache"))


def corpus_files() -> list[Path]:
    """The real posts of ../shared/corpus (read-only)."""
    return sorted(CORPUS.rglob("*.md")) if CORPUS.is_dir() else []


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty blog in a temporary folder, which is also the current folder."""
    root = tmp_path / "blog"
    init_blog(root, example=False, title="Test blog", author="Ada", base_url="https://ada.dev")
    monkeypatch.chdir(root)
    yield root


@pytest.fixture
def example_blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The example blog of ``byline init --example``, as the current folder."""
    root = tmp_path / "example"
    init_blog(root, example=True, title="Example", author="Ada", base_url="https://ada.dev")
    monkeypatch.chdir(root)
    yield root


class Typed(io.StringIO):
    """What the user types at a terminal: stdin that says it is one. A line starting with
    ``\x03`` is Ctrl-C (reading it raises KeyboardInterrupt); the end of the text is Ctrl-D."""

    def isatty(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> str:
        line = super().readline(size)
        if line.startswith("\x03"):
            raise KeyboardInterrupt
        return line


class CLI:
    """Runs ``byline`` in-process and captures its exit code and output; ``typed`` is what
    the user types at the terminal (stdin is then a terminal)."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: str, typed: str | None = None) -> tuple[int, str, str]:
        self.capsys.readouterr()
        stdin = sys.stdin
        if typed is not None:
            sys.stdin = Typed(typed)
        try:
            code = main(list(args))
        finally:
            sys.stdin = stdin
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CLI:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    os.environ.pop("FORCE_COLOR", None)
    return CLI(capsys)


class Interrupted:
    """A file whose writing Ctrl-C (or a full disk) stops: it exists, nothing is in it yet.

    Wrap the handle ``open`` returned: ``Interrupted(path.open("x"))``.
    """

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> Interrupted:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: object) -> int:
        raise KeyboardInterrupt


def refuse(monkeypatch: pytest.MonkeyPatch, method: str, path: Path) -> None:
    """Make ``Path.<method>`` on ``path`` (or anything under it) fail as on a file the user
    may not touch: ``chmod`` does not stop root, who runs the tests in CI containers."""
    real = getattr(Path, method)
    denied = path.resolve()

    def refused(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.resolve().is_relative_to(denied):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, method, refused)
