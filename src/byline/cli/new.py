"""``byline new TYPE TITLE``: scaffold a post from its template, or promote an idea."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from byline.cli.common import console, open_blog
from byline.content.blog import Blog, read_post, write_atomic
from byline.content.parse import parse
from byline.content.post import POST_TYPES, PostType, nearest, verify_front_matter_edit
from byline.content.scaffold import promote_idea, render_post
from byline.content.slug import is_valid_slug, slugify
from byline.errors import InputError, os_error
from byline.templates import load_template

__all__ = ["check_type", "create_file", "register"]


def check_type(name: str) -> PostType:
    """``name`` as a post type, or a usage error naming the nearest one."""
    if name in POST_TYPES:
        return name
    hint = nearest(name, POST_TYPES)
    did_you_mean = f"Did you mean '{hint}'? " if hint else ""
    raise InputError(
        f"unknown post type '{name}'. {did_you_mean}Use one of: {', '.join(POST_TYPES)}."
    )


def create_file(
    blog: Blog, slug: str, text: str, *, retry: str = "Choose another title or pass --slug."
) -> Path:
    """Write ``posts/<slug>.md`` without ever replacing an existing file.

    ``retry`` is what the message tells the writer to do when the file exists.
    """
    if not is_valid_slug(slug):
        raise InputError(
            f"'{slug}' is not a valid slug. Use lowercase letters, digits and hyphens, "
            "such as 'fine-tune-llama'."
        )
    path = blog.posts_dir / f"{slug}.md"
    data = _encoded(text)  # before the file exists: a failure leaves no post behind
    try:
        blog.posts_dir.mkdir(parents=True, exist_ok=True)
        handle = path.open("xb")
    except FileExistsError:
        raise InputError(
            f"already exists; byline never overwrites a post. {retry}",
            path=blog.display(path),
        ) from None
    except OSError as exc:
        raise os_error(exc, "create the post", path=blog.display(path)) from None
    try:
        with handle:
            handle.write(data)
    except BaseException as exc:  # Ctrl-C or a full disk: no empty post to trip over
        path.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise os_error(exc, "create the post", path=blog.display(path)) from None
        raise
    return path


def _encoded(text: str) -> bytes:
    """``text`` as UTF-8; text from a terminal in another encoding reaches Python as lone
    surrogates, which UTF-8 cannot hold."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            "the title or note is not valid UTF-8 text: your terminal sent it in another "
            "encoding. Set the terminal to UTF-8 (for example LANG=C.UTF-8) and type it again."
        ) from None


def _idea_path(blog: Blog, name: str) -> Path | None:
    for candidate in (name, slugify(name)):
        if candidate and is_valid_slug(candidate):
            path = blog.posts_dir / f"{candidate}.md"
            if path.is_file():
                return path
    return None


def promote(blog: Blog, path: Path, post_type: PostType | None, today: dt.date) -> Path:
    """Turn the idea at ``path`` into a draft with its template's sections."""
    source = read_post(path)
    shown = blog.display(path)
    doc = parse(source, shown)
    if doc.front_matter.status != "idea":
        raise InputError(
            f"is already a {doc.front_matter.status}, not an idea; byline never overwrites a post. "
            "Choose another title or pass --slug.",
            path=shown,
        )
    chosen = post_type or doc.front_matter.type
    if chosen is None:
        raise InputError(
            f"this idea has no type. Give one: byline new TYPE {path.stem}", path=shown
        )
    after = promote_idea(source, load_template(chosen), today)
    verify_front_matter_edit(
        source, after, shown, {"status": "draft", "type": chosen},
        line=doc.front_matter.lines.get("status", 1),
    )  # fmt: skip
    write_atomic(path, after, shown=shown, expected=source)
    return path


def register(app: typer.Typer) -> None:
    @app.command("new")
    def new(
        type_or_idea: str = typer.Argument(
            ..., metavar="TYPE", help="Post type, or an idea's slug."
        ),
        title: str | None = typer.Argument(None, help="Title of the post, or an idea's slug."),
        slug: str | None = typer.Option(
            None, "--slug", help="File name (default: from the title)."
        ),
    ) -> None:
        """Scaffold a post from its type's template (never overwrites), or promote an idea."""
        blog = open_blog()
        today = dt.date.today()
        if title is None:
            idea = _idea_path(blog, type_or_idea)
            if idea is None:
                if type_or_idea not in POST_TYPES:
                    hint = nearest(type_or_idea, POST_TYPES)
                    did_you_mean = f"Did you mean '{hint}'? " if hint else ""
                    raise InputError(
                        f"'{type_or_idea}' is neither a post type nor the slug of an idea. "
                        f"{did_you_mean}Types: {', '.join(POST_TYPES)}. "
                        "List your ideas with: byline idea list"
                    )
                raise InputError(f'give a title: byline new {type_or_idea} "TITLE"')
            path = promote(blog, idea, None, today)
            console.print(f"Promoted {blog.display(path)} to a draft.", markup=False)
            return
        post_type = check_type(type_or_idea)
        idea = None if slug else _idea_path(blog, title)
        if idea is not None and parse(read_post(idea), idea).front_matter.status == "idea":
            path = promote(blog, idea, post_type, today)
            article = "an" if post_type[0] in "aeiou" else "a"
            console.print(
                f"Promoted {blog.display(path)} to {article} {post_type} draft.", markup=False
            )
            return
        chosen = slug or slugify(title)
        if not chosen:
            raise InputError("the title has no letters or digits to make a slug from. Pass --slug.")
        if slug and _idea_path(blog, slug) is not None:
            existing = blog.posts_dir / f"{slug}.md"
            if parse(read_post(existing), existing).front_matter.status == "idea":
                raise InputError(
                    f"already exists as an idea. Promote it with: byline new {post_type} {slug}",
                    path=blog.display(existing),
                )
        template = load_template(post_type)
        retry = "Choose another --slug." if slug else "Choose another title or pass --slug."
        path = create_file(blog, chosen, render_post(template, title, today), retry=retry)
        console.print(
            f"Created {blog.display(path)} ({post_type}: {len(template.sections)} sections, "
            f"{template.min_words}-{template.max_words} words).",
            markup=False,
        )
