"""``byline.toml``: the typed schema, its defaults, and finding the blog folder.

Every option is a documented field. Loading reports every problem at once, each as
``byline.toml:LINE: what is wrong. what to do.``, and unknown keys name the nearest
real one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import posixpath
import re
import shlex
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from byline.content.schemes import is_http_url
from byline.errors import ConfigError, not_utf8, os_error
from byline.schema import (
    AtLeast,
    AtMost,
    Check,
    MoreThan,
    Problem,
    SchemaError,
    convert,
    regular_expression,
)

__all__ = [
    "MAX_TIMEOUT",
    "SOURCE_FOLDERS",
    "AuthorConfig",
    "BuildConfig",
    "CheckConfig",
    "Config",
    "GoalsConfig",
    "LinksConfig",
    "RunConfig",
    "SiteConfig",
    "find_blog_root",
    "load_config",
    "parse_config",
    "setting_error",
]

CONFIG_NAME = "byline.toml"

MAX_TIMEOUT = 86_400
"""The longest timeout byline takes, in seconds: a day. A longer one is surely a mistake
(and past what the system's clock calls accept)."""


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
"""A control character (a null byte, a newline): no path or command holds one."""


def _absolute(value: str) -> str:
    # Pasted as written into every canonical URL, feed, sitemap and robots.txt: one plain
    # URL, no spaces or line breaks (a second line of robots.txt), quotes or brackets, and
    # no query or fragment for the page paths to land in.
    problem = "must be an absolute http(s) URL such as 'https://jane.dev'"
    if not re.match(r"^https?://[^/\s]+", value):
        raise ValueError(problem)
    if not re.fullmatch(r"https?://[^/\s\"'<>\\^`{|}?#]+(?:/[^\s\"'<>\\^`{|}?#]*)?", value):
        raise ValueError(f"{problem}, with no spaces, quotes, '?' or '#'")
    try:
        urlsplit(value).port  # noqa: B018 - raises for a port that is no port
    except ValueError:
        raise ValueError(f"{problem}: its host or port cannot be read") from None
    return value.rstrip("/")


def _profile_link(value: str) -> str:
    # Every page links to it (rel="me"): a javascript: URL there would run on click.
    if not (is_http_url(value) or re.match(r"mailto:[^\s]", value, re.I)):
        raise ValueError(
            "must be an http(s) URL such as 'https://github.com/jane' or a mailto: address"
        )
    return value


def _variable_names(value: list[str]) -> list[str]:
    for name in value:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ValueError(
                "must list environment variable names such as 'HF_HOME' (byline passes them "
                f"through from its own environment; it sets no values), not {name!r}"
            )
    return value


def _regexes(value: list[str]) -> list[str]:
    for text in value:
        regular_expression(text)
    return value


def _has_slug(value: str) -> str:
    if "{slug}" not in value or not value.startswith("/"):
        raise ValueError("must start with '/' and contain '{slug}', e.g. '/posts/{slug}/'")
    parts = value[1:].removesuffix("/").split("/")
    # A post's page is written at this path under the output folder: a '..' part, a
    # backslash or a drive letter could write (and a later build delete) files outside it.
    if any(part in ("", ".", "..") for part in parts) or re.search(r"[\\:\x00-\x1f\x7f]", value):
        raise ValueError(
            "must be a path inside the site: no '.' or '..' parts, empty parts, "
            "backslashes, ':' or control characters, e.g. '/posts/{slug}/'"
        )
    # The page would be written in a folder named '?a=1', which its links never reach.
    if re.search(r"[?#]", value):
        raise ValueError(
            "must be a path without '?' or '#' (a browser reads what follows them as a "
            "query or an anchor, not as part of the page's path), e.g. '/posts/{slug}/'"
        )
    other = next((p for p in re.findall(r"\{[^{}]*\}", value) if p != "{slug}"), None)
    if other:
        raise ValueError(
            f"has '{other}', which byline does not replace: only '{{slug}}' is, "
            "e.g. '/posts/{slug}/'"
        )
    return value


SOURCE_FOLDERS = ("posts", "static", "templates", ".byline")
"""The blog's own folders, which an output folder must neither be, nor be in, nor hold."""


def _own_folder(value: str) -> str:
    # A build deletes the files it no longer makes: over the blog's own folders, that
    # would be the user's posts. The builder checks the resolved folder again.
    if _CONTROL.search(value):  # the system refuses a null byte in a path
        raise ValueError(
            "must be a folder name without control characters (a null byte, a newline), "
            "e.g. '_site'"
        )
    parts = posixpath.normpath(value.replace("\\", "/")).split("/")
    if not value.startswith("/") and (
        all(part in (".", "..") for part in parts) or parts[0] in SOURCE_FOLDERS
    ):
        raise ValueError(
            "must be a folder of its own, not the blog folder, a folder above it, or "
            "posts/, static/, templates/ or .byline/ (a build deletes the files it no "
            "longer makes), e.g. '_site'"
        )
    return value


def _words(value: str) -> list[str]:
    """``value`` split as a shell would (``run`` splits it so); a quote left open is an error."""
    try:
        return shlex.split(value)
    except ValueError:
        raise ValueError(f"has a quote that is never closed: {value!r}") from None


def _command(value: str) -> str:
    if not _words(value):
        raise ValueError(
            "must be a command that runs the block's file, such as 'node {file}', not empty"
        )
    return value


def _interpreter(value: str) -> str:
    if _CONTROL.search(value):  # no program's path holds a null byte
        raise ValueError(
            "must be an interpreter such as 'python3' or '.venv/bin/python', without "
            "control characters (a null byte, a newline)"
        )
    if value and not _words(value):
        raise ValueError(
            "must be an interpreter such as 'python3' or '.venv/bin/python', not only "
            'spaces; leave it empty ("") for the one byline runs on'
        )
    return value


# Each section is a frozen dataclass checked by byline.schema; the attribute docstrings
# document each option (docs/config.md, checked by tests/test_docs.py).


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteConfig:
    """``[site]``: the owned site."""

    title: str = "My ML blog"
    """Site title, shown on every page."""
    base_url: Annotated[str, Check(_absolute)] = "http://127.0.0.1:8000"
    """Absolute http(s) URL of the site root, e.g. ``https://jane.dev`` or
    ``https://jane.github.io/blog`` (canonical URLs, feeds, sitemap, robots.txt). One plain
    URL: no spaces, quotes, ``<>``, ``?`` or ``#``."""
    permalink: Annotated[str, Check(_has_slug)] = "/posts/{slug}/"
    """URL path of a post; ``{slug}`` is replaced by the post's slug (no other ``{...}``).
    It stays inside the site: no ``.`` or ``..`` parts, backslashes, ``:``, ``?`` or ``#``."""
    language: str = "en"
    """Language code of the site (``<html lang>``)."""
    description: str = ""
    """Site description (home page meta description)."""
    posts_per_page: Annotated[int, AtLeast(1)] = 10
    """Posts per page on the home page."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorConfig:
    """``[author]``: who writes the blog."""

    name: str = "Jane Doe"
    """Author name (bylines, feeds, JSON-LD)."""
    bio: str = ""
    """One or two sentences for the home and about pages."""
    email: str = ""
    """Contact e-mail (optional)."""
    links: dict[str, Annotated[str, Check(_profile_link)]] = field(default_factory=dict)
    """Profile links, e.g. ``github = "https://github.com/jane"``: http(s) URLs or
    ``mailto:`` addresses."""


@dataclass(frozen=True, slots=True, kw_only=True)
class GoalsConfig:
    """``[goals]``: the portfolio goal."""

    posts: Annotated[int, AtLeast(1)] = 6
    """Posts to publish within ``months``."""
    months: Annotated[int, AtLeast(1)] = 3
    """Length of the goal period in months."""
    start: dt.date | None = None
    """First day of the period; defaults to the date of the first published post."""
    target: Literal["research", "product"] = "product"
    """Kind of role the portfolio aims at."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckConfig:
    """``[check]``: the checker's rule settings."""

    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per-rule settings: ``[check.rules."prose.weasel-words"] severity = "off"``."""
    vocabulary: list[str] = field(default_factory=list)
    """Extra words the spell checker accepts (also read from ``vocabulary.txt``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RunConfig:
    """``[run]``: running the code blocks of posts."""

    timeout: Annotated[float, MoreThan(0), AtMost(MAX_TIMEOUT)] = 30.0
    """Seconds one block may run before it is interrupted (at most 86400, a day)."""
    commands: dict[str, Annotated[str, Check(_command)]] = field(default_factory=dict)
    """Extra languages: ``{lang} = "command {file}"``."""
    env: Annotated[list[str], Check(_variable_names)] = field(default_factory=list)
    """Environment variable names (``HF_HOME``, not ``HF_HOME=/x``) passed through from
    byline's own environment to every post's code; byline sets no values."""
    offline: bool | None = None
    """Cut network access; defaults to on in CI and off elsewhere."""
    output_limit: Annotated[int, MoreThan(0)] = 1_000_000
    """Bytes of output kept per block; the rest is truncated with a note."""
    python: Annotated[str, Check(_interpreter)] = ""
    """Interpreter for Python blocks: a path with a ``/`` (``.venv/bin/python``,
    ``./python``) is relative to the blog folder, a bare name (``python3``) is looked up
    on PATH; empty means the one byline runs on."""
    grace: Annotated[float, AtLeast(0), AtMost(MAX_TIMEOUT)] = 5.0
    """Seconds between interrupting a timed-out block and killing its processes (at most
    86400)."""
    jobs: Annotated[int, AtLeast(0)] = 0
    """Sessions run at once; 0 means one per CPU core."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LinksConfig:
    """``[links]``: checking links and images."""

    exclude: Annotated[list[str], Check(_regexes)] = field(default_factory=list)
    """Regular expressions of URLs never checked."""
    allow_private: bool = False
    """Check links to localhost and private addresses too."""
    timeout: Annotated[float, MoreThan(0), AtMost(MAX_TIMEOUT)] = 10.0
    """Seconds per request (at most 86400, a day)."""
    ttl_hours: Annotated[float, AtLeast(0)] = 24.0
    """A URL checked within this many hours is not requested again."""
    max_image_kb: Annotated[int, MoreThan(0)] = 500
    """Warn about images larger than this."""
    per_host: Annotated[int, AtLeast(1)] = 4
    """Concurrent requests per host."""
    delay: Annotated[float, AtLeast(0)] = 0.0
    """Seconds between requests to one host."""
    total_timeout: Annotated[float, MoreThan(0), AtMost(MAX_TIMEOUT)] = 300.0
    """Bound on the whole external check, in seconds (at most 86400, a day)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildConfig:
    """``[build]``: the site build."""

    output: Annotated[str, Check(_own_folder)] = "_site"
    """Output folder, relative to the blog; not the blog folder, a folder above it, or
    ``posts/``, ``static/``, ``templates/`` or ``.byline/``."""
    toc_min_words: Annotated[int, AtLeast(0)] = 1500
    """Posts with at least this many words get a table of contents."""
    mermaid: Literal["auto", "script"] = "auto"
    """Mermaid diagrams: 'auto' pre-renders SVG when mermaid-cli and a Chromium are
    installed, else the page draws them; 'script' always lets the page draw them."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """The whole ``byline.toml``."""

    site: SiteConfig = field(default_factory=SiteConfig)
    author: AuthorConfig = field(default_factory=AuthorConfig)
    goals: GoalsConfig = field(default_factory=GoalsConfig)
    check: CheckConfig = field(default_factory=CheckConfig)
    run: RunConfig = field(default_factory=RunConfig)
    links: LinksConfig = field(default_factory=LinksConfig)
    build: BuildConfig = field(default_factory=BuildConfig)
    publish: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Reserved for publishing targets (``[publish.devto]``); no command reads it yet."""


def find_blog_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: cwd) holding ``byline.toml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ConfigError(
        f"no {CONFIG_NAME} in {here} or any folder above it. "
        "Run 'byline init' to create a blog, or cd into one."
    )


def _shown(path: Path) -> Path:
    """``path`` relative to the current folder when inside it (shorter messages)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def load_config(root: Path) -> Config:
    """Read and validate ``root/byline.toml``."""
    path = _shown(root / CONFIG_NAME)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"no {CONFIG_NAME} here. Run 'byline init' to create one.", path=path
        ) from None
    except OSError as exc:
        raise os_error(exc, "read the settings", path=path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, message = not_utf8(data, exc)
        raise ConfigError(message, path=path, line=line) from None
    return parse_config(text.removeprefix("\ufeff"), path)  # Notepad writes a BOM


def parse_config(text: str, path: Path | str = CONFIG_NAME) -> Config:
    """Validate the text of a ``byline.toml``; every problem is reported at once."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(
            f"is not valid TOML ({reason}). Fix the syntax on this line.", path=path, line=line
        ) from None
    except ValueError:
        # Python refuses to read a whole number of more than 4300 digits (its guard
        # against slow conversions), and tomllib lets that ValueError through.
        raise ConfigError(
            "is not valid TOML (a whole number of more than 4300 digits, past TOML's "
            "64-bit range). Fix the syntax on this line.",
            path=path,
            line=_long_number_line(text),
        ) from None
    except RecursionError:
        raise ConfigError(
            "is not valid TOML (arrays or tables nested too deeply). Fix the syntax.", path=path
        ) from None
    try:
        return convert(data, Config)
    except SchemaError as exc:
        problems = [_problem(text, path, problem) for problem in exc.problems]
        raise ConfigError(problems[0], path=path, problems=problems) from None


def _long_number_line(text: str) -> int | None:
    """The line of the first run of more than 4300 digits in ``text``, if any."""
    match = re.search(r"\d{4301}", text.replace("_", ""))
    return text.replace("_", "").count("\n", 0, match.start()) + 1 if match else None


def setting_error(root: Path, key: str, message: str) -> ConfigError:
    """A problem found later with the setting ``key`` (``run.python``) of ``root/byline.toml``,
    at its line: ``byline.toml:LINE: 'run.python' MESSAGE``."""
    path = _shown(root / CONFIG_NAME)
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    return ConfigError(f"'{key}' {message}", path=path, line=_line_of(text, key.split(".")))


def _problem(text: str, path: Path | str, problem: Problem) -> str:
    loc = list(problem.loc)
    line = _line_of(text, loc)
    where = f"{path}:{line}" if line else str(path)
    dotted = ".".join(loc)
    if problem.unknown:
        hint = difflib.get_close_matches(loc[-1], problem.known, n=1, cutoff=0.5)
        did_you_mean = f"Did you mean '{hint[0]}'? " if hint else ""
        section = ".".join(loc[:-1]) or "top level"
        return (
            f"{where}: unknown setting '{dotted}'. {did_you_mean}"
            f"Known in [{section}]: {', '.join(problem.known)}."
        )
    return f"{where}: '{dotted}' {problem.message}. Fix the value."


def _line_of(text: str, loc: list[str]) -> int | None:
    """Best-effort line of a dotted key in TOML text: the key under its table header."""
    lines = text.splitlines()
    table_line = 0
    key = loc[-1] if loc else ""
    if len(loc) == 1:
        top = re.compile(r"^\s*\[\s*" + re.escape(key) + r"\s*[\].]")
        for n, line in enumerate(lines):
            if top.match(line):
                return n + 1
    if len(loc) > 1:
        header = re.compile(
            r"^\s*\[\s*" + r"\s*\.\s*".join(re.escape(p) for p in loc[:-1]) + r"\s*\]"
        )
        for n, line in enumerate(lines):
            if header.match(line):
                table_line = n + 1
                break
    key_re = re.compile(r"^\s*(" + re.escape(key) + r'|"' + re.escape(key) + r'")\s*=')
    for n in range(table_line, len(lines)):
        if n > table_line and lines[n].lstrip().startswith("[") and table_line:
            break
        if key_re.match(lines[n]):
            return n + 1
    if not table_line and len(loc) > 1:  # in an inline table: the line of the table's key
        return _line_of(text, loc[:-1])
    return table_line or None
