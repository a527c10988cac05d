"""The theme: Jinja2 templates (the blog's ``templates/`` override them) and hashed assets.

A blog overrides any theme template by putting a file of the same name in its
``templates/`` folder, and adds CSS by putting ``*.css`` files at the top of ``static/``
(linked from every page after the theme's stylesheet). Asset names carry a content hash
(``/assets/style.1a2b3c4d.css``), so a host may cache them forever.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import traceback
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from byline.errors import InputError

if TYPE_CHECKING:
    from jinja2 import BaseLoader, Environment

__all__ = [
    "THEME_DIR",
    "Assets",
    "make_assets",
    "make_environment",
    "mermaid_assets",
    "template_error",
    "theme_key",
]

THEME_DIR = Path(str(resources.files("byline.site") / "theme"))
TEMPLATES = THEME_DIR / "templates"
STATIC = THEME_DIR / "static"


@dataclass(frozen=True, slots=True)
class Assets:
    """Theme files to write, by site path, and the URLs templates link to."""

    files: dict[str, bytes] = field(default_factory=dict)
    """Site path (no leading slash) -> content."""
    urls: dict[str, str] = field(default_factory=dict)
    """Logical name (``style.css``, ``site.js``, ``search.js``; ``mermaid.js`` and
    ``mermaid.min.js`` once ``mermaid_assets`` are added) -> site URL."""
    extra_css: tuple[str, ...] = ()
    """The blog's own stylesheets from ``static/*.css``."""


def _fingerprinted(name: str, data: bytes) -> str:
    stem, _, ext = name.rpartition(".")
    return f"assets/{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{ext}"


def make_assets(static_dir: Path) -> Assets:
    """Build the stylesheet (theme CSS + code colours) and scripts, with hashed names."""
    from byline.site.highlight import code_css

    files: dict[str, bytes] = {}
    urls: dict[str, str] = {}
    css = (STATIC / "style.css").read_text(encoding="utf-8") + "\n" + code_css()
    for name, data in (
        ("style.css", css.encode()),
        ("site.js", (STATIC / "site.js").read_bytes()),
        ("search.js", (STATIC / "search.js").read_bytes()),
    ):
        path = _fingerprinted(name, data)
        files[path] = data
        urls[name] = "/" + path
    files["assets/fonts/latinmodern-math.woff2"] = (
        STATIC / "fonts" / "latinmodern-math.woff2"
    ).read_bytes()
    extra = (
        tuple("/" + p.name for p in sorted(static_dir.glob("*.css")) if p.is_file())
        if static_dir.is_dir()
        else ()
    )
    return Assets(files, urls, extra)


@lru_cache(maxsize=2)
def _mermaid_files(stats: tuple[int, ...]) -> tuple[tuple[str, bytes], ...]:  # noqa: ARG001
    """The Mermaid files with their hashed names; ``stats`` (sizes, mtimes) key the cache."""
    bundle = (STATIC / "vendor" / "mermaid.min.js").read_bytes()
    init = (STATIC / "mermaid-init.js").read_bytes()
    return (
        (_fingerprinted("mermaid.min.js", bundle), bundle),
        (_fingerprinted("mermaid-init.js", init), init),
        ("assets/LICENSE-mermaid.txt", (STATIC / "vendor" / "LICENSE-mermaid.txt").read_bytes()),
    )


def mermaid_assets(assets: Assets) -> Assets:
    """``assets`` plus the Mermaid bundle (3.5 MB) and its loader, for sites whose pages
    draw diagrams in the browser; a site without such a page never ships them."""
    stats = [(STATIC / name).stat() for name in ("vendor/mermaid.min.js", "mermaid-init.js")]
    (bundle, data), (init, init_data), (licence, text) = _mermaid_files(
        tuple(n for s in stats for n in (s.st_size, s.st_mtime_ns))
    )
    files = {**assets.files, bundle: data, init: init_data, licence: text}
    urls = {**assets.urls, "mermaid.min.js": "/" + bundle, "mermaid.js": "/" + init}
    return Assets(files, urls, assets.extra_css)


def theme_key(blog_templates: Path) -> str:
    """Changes whenever a template (the theme's or the blog's) or a theme asset changes."""
    digest = hashlib.sha256()
    for folder in (TEMPLATES, STATIC, blog_templates):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".html", ".xml", ".css", ".js", ".txt"):
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _date(value: dt.date | None, fmt: str = "long") -> str:
    if value is None:
        return ""
    if fmt == "iso":
        return value.isoformat()
    return f"{value.day} {value:%B %Y}"


def make_environment(blog_templates: Path, compiled: Path | None = None) -> Environment:
    """Jinja2 with autoescape on; the blog's ``templates/`` wins over the theme.

    With ``compiled``, templates compiled once are kept there (Jinja2's bytecode cache,
    checked against each template's source), so a one-post edit does not compile the
    theme again (about 70 ms).
    """
    from jinja2 import (
        ChoiceLoader,
        Environment,
        FileSystemBytecodeCache,
        FileSystemLoader,
        StrictUndefined,
        select_autoescape,
    )

    loaders: list[BaseLoader] = [FileSystemLoader(str(TEMPLATES))]
    if blog_templates.is_dir():
        loaders.insert(0, _blog_loader(blog_templates))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(compiled))
    env.filters["date"] = _date
    return env


def _blog_loader(folder: Path) -> BaseLoader:
    """A loader of the blog's ``templates/`` that names a file that is not UTF-8."""
    from jinja2 import FileSystemLoader

    class BlogLoader(FileSystemLoader):
        def get_source(self, environment: Environment, template: str) -> Any:
            try:
                return super().get_source(environment, template)
            except UnicodeDecodeError:
                raise InputError(
                    "is not valid UTF-8. Save the file as UTF-8.",
                    path=f"{folder.name}/{template}",
                ) from None

    return BlogLoader(str(folder))


def template_error(exc: Exception, blog_templates: Path) -> InputError | None:
    """``exc``, raised while rendering a page, as an error at a line of one of the blog's
    templates; None when no blog template is to blame (then it is byline's bug)."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        where: tuple[str, int | None] | None = (exc.filename, exc.lineno)
    else:  # Jinja2 puts the template's file and line in the traceback's frames
        frames = traceback.extract_tb(exc.__traceback__)
        where = next(
            (
                (f.filename, f.lineno)
                for f in reversed(frames)
                if Path(f.filename).is_relative_to(blog_templates)
            ),
            None,
        )
    if where is None or not Path(where[0]).is_relative_to(blog_templates):
        return None
    name = Path(where[0]).relative_to(blog_templates).as_posix()
    if isinstance(exc, TemplateNotFound):
        message = (
            f"template '{exc.name}' not found. Add {blog_templates.name}/{exc.name}, or name "
            "one of the theme's templates, such as 'base.html'."
        )
    else:
        what = (getattr(exc, "message", None) or str(exc) or type(exc).__name__).rstrip(".")
        theirs = f", or delete it to use the theme's {name}" if (TEMPLATES / name).is_file() else ""
        message = f"{what}. Fix the template{theirs}."
    return InputError(message, path=f"{blog_templates.name}/{name}", line=where[1])
