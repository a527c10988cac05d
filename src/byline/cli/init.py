"""``byline init [DIR] [--example]``: a new blog folder."""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import typer

from byline.cli.common import console
from byline.config import CONFIG_NAME, parse_config
from byline.errors import ConfigError, InputError, os_error

__all__ = ["register", "render_config"]

GITIGNORE = ".byline/\n_site/\n"


def render_config(title: str, author: str, base_url: str) -> str:
    """A commented ``byline.toml``."""
    q = json.dumps
    return f"""# byline settings: https://github.com/byline (docs/config.md lists every option)

[site]
title = {q(title)}
base_url = {q(base_url)}        # absolute URL of the site root: canonical URLs and feeds
permalink = "/posts/{{slug}}/"
language = "en"
description = "Notes on building and shipping machine learning systems."

[author]
name = {q(author)}
bio = "ML engineer. I write about what I build, measure and debug."

[goals]
posts = 6       # publish this many posts ...
months = 3      # ... within this many months (byline status shows progress)
target = "product"  # or "research": the kind of role the portfolio aims at

# Per-rule check settings, for example:
# [check.rules."prose.passive-voice"]
# severity = "off"
"""


def _copy_tree(source: Traversable, target: Path) -> list[Path]:
    written = []
    for item in source.iterdir():
        if item.name.startswith(("_", ".")):
            continue
        destination = target / item.name
        if item.is_dir():
            destination.mkdir(exist_ok=True)
            written += _copy_tree(item, destination)
        else:
            with destination.open("xb") as handle:
                handle.write(item.read_bytes())
            written.append(destination)
    return written


def _in_the_way(source: Traversable, target: Path) -> Path | None:
    """The first file of ``source`` that already exists under ``target``, if any."""
    for item in source.iterdir():
        if item.name.startswith(("_", ".")):
            continue
        destination = target / item.name
        if item.is_dir():
            found = _in_the_way(item, destination)
            if found is not None:
                return found
        elif destination.exists():
            return destination
    return None


def init_blog(root: Path, *, example: bool, title: str, author: str, base_url: str) -> list[Path]:
    """Create a blog in ``root``; refuses when a ``byline.toml`` is already there.

    Every refusal comes before the first write, so a refused init leaves no half-made blog.
    """
    config = root / CONFIG_NAME
    if config.exists():
        raise InputError(
            "already exists; this folder is a blog. Use it, or pick another folder.", path=config
        )
    if root.exists() and not root.is_dir():
        raise InputError("exists and is not a folder. Pick another path.", path=root)
    text = render_config(title, author, base_url)
    try:
        parse_config(text)
    except ConfigError:  # the title and name are any text: only the URL can be refused
        raise InputError(
            f"--base-url '{base_url}' must be an absolute http(s) URL such as "
            "'https://jane.dev'. Nothing was written."
        ) from None
    taken = _in_the_way(resources.files("byline") / "example", root) if example else None
    if taken is not None:
        raise InputError(
            "already exists; byline never overwrites a file. Use an empty folder for --example.",
            path=taken,
        )
    try:
        return _write_blog(root, example=example, config=text)
    except OSError as exc:  # a read-only folder, a file where a folder goes, a full disk
        raise os_error(exc, "create the blog") from None


def _write_blog(root: Path, *, example: bool, config: str) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    for folder in ("posts", "static/images", "templates"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / CONFIG_NAME).write_text(config, encoding="utf-8")
    written = [root / CONFIG_NAME]
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(GITIGNORE, encoding="utf-8")
        written.append(gitignore)
    if example:
        try:
            written += _copy_tree(resources.files("byline") / "example", root)
        except FileExistsError as exc:
            raise InputError(
                "already exists; byline never overwrites a file. "
                "Use an empty folder for --example.",
                path=exc.filename,
            ) from None
    return written


def register(app: typer.Typer) -> None:
    @app.command("init")
    def init(
        folder: str = typer.Argument(
            ".", metavar="directory", help="Folder for the blog (created if needed)."
        ),
        example: bool = typer.Option(False, "--example", help="Add sample posts of several types."),
        title: str = typer.Option("My ML blog", "--title", help="Site title."),
        author: str = typer.Option("Jane Doe", "--author", help="Your name."),
        base_url: str = typer.Option("https://example.com", "--base-url", help="Site URL."),
    ) -> None:
        """Create a new blog: byline.toml, posts/, static/ (and sample posts with --example)."""
        if not folder:  # Path('') is the current folder: an unset "$DIR" would make it a blog
            raise InputError(
                "the folder for the blog is empty (''). Name a folder, such as "
                "'byline init my-blog', or leave it out to make the current folder a blog."
            )
        directory = Path(folder)
        written = init_blog(
            directory, example=example, title=title, author=author, base_url=base_url
        )
        posts = [p for p in written if p.parent.name == "posts"]
        console.print(f"Created a blog in {directory}/ ({len(posts)} sample posts).", markup=False)
        console.print(
            f'Next: cd {directory} && byline new tutorial "Your first post"', markup=False
        )
