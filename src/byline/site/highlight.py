"""Server-side code highlighting with Pygments, in colours that pass WCAG AA in both schemes.

Default Pygments, Chroma and Rouge styles all have token colours under 4.5:1 (see
research/site-quality.md), so the theme ships its own two small palettes; a test checks
every colour against its background.
"""

from __future__ import annotations

import contextlib
import hashlib
from functools import lru_cache
from pathlib import Path

import pygments
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.style import Style
from pygments.token import (
    Comment,
    Error,
    Generic,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Token,
    _TokenType,
)
from pygments.util import ClassNotFound

from byline.site.output import write_file

__all__ = ["DarkStyle", "LightStyle", "code_css", "highlight_code", "use_block_cache"]

LIGHT_BG = "#f6f8fa"
DARK_BG = "#161b22"


def _palette(
    *,
    text: str,
    comment: str,
    keyword: str,
    string: str,
    number: str,
    function: str,
    builtin: str,
    deleted: str,
    inserted: str,
) -> dict[_TokenType, str]:
    return {
        Token: text,
        Text: text,
        Comment: f"italic {comment}",
        Keyword: keyword,
        Keyword.Constant: number,
        Keyword.Type: builtin,
        Operator: text,
        Operator.Word: keyword,
        Punctuation: text,
        Name: text,
        Name.Builtin: builtin,
        Name.Builtin.Pseudo: builtin,
        Name.Function: function,
        Name.Class: function,
        Name.Decorator: function,
        Name.Exception: builtin,
        Name.Namespace: function,
        Name.Tag: keyword,
        Name.Attribute: function,
        Name.Variable: text,
        String: string,
        String.Doc: f"italic {comment}",
        String.Escape: number,
        String.Interpol: number,
        Number: number,
        Generic.Deleted: deleted,
        Generic.Inserted: inserted,
        Generic.Heading: f"bold {function}",
        Generic.Subheading: function,
        Generic.Prompt: comment,
        Generic.Output: text,
        Generic.Emph: "italic",
        Generic.Strong: "bold",
        Generic.Traceback: deleted,
        Generic.Error: deleted,
        Error: deleted,
    }


class LightStyle(Style):
    """Light code colours; every one is at least 4.5:1 on ``LIGHT_BG``."""

    name = "byline-light"
    background_color = LIGHT_BG
    highlight_color = "#fff8c5"
    styles = _palette(
        text="#1f2328",
        comment="#57606a",
        keyword="#b3151f",
        string="#0a3069",
        number="#0550ae",
        function="#6639ba",
        builtin="#8a3300",
        deleted="#82071e",
        inserted="#116329",
    )


class DarkStyle(Style):
    """Dark code colours; every one is at least 4.5:1 on ``DARK_BG``."""

    name = "byline-dark"
    background_color = DARK_BG
    highlight_color = "#3b3214"
    styles = _palette(
        text="#e6edf3",
        comment="#9ea7b3",
        keyword="#ff7b72",
        string="#a5d6ff",
        number="#79c0ff",
        function="#d2a8ff",
        builtin="#ffa657",
        deleted="#ffa198",
        inserted="#7ee787",
    )


_FORMATTER = HtmlFormatter(nowrap=True)
_ALIASES = {"py": "python", "sh": "bash", "shell": "bash", "zsh": "bash", "js": "javascript"}


@lru_cache(maxsize=128)
def _lexer(lang: str) -> Lexer:
    try:
        lexer: Lexer = get_lexer_by_name(_ALIASES.get(lang, lang) or "text", stripnl=False)
    except ClassNotFound:
        lexer = TextLexer(stripnl=False)
    return lexer


_blocks: Path | None = None
_version = ""


def use_block_cache(folder: Path | None, version: str = "") -> None:
    """Keep highlighted blocks as files in ``folder`` (None: in memory only), under
    ``version`` (the builder passes the hash of its own code and library versions).

    The builder asks for it when it renders a few posts (an edit): a lexer compiles its
    regular expressions on first use, about 0.1 s for Python, which an edited post whose
    code did not change need not pay. A cold build renders hundreds of posts in worker
    processes and leaves it off: writing a file per block would cost more than it saves.
    """
    global _blocks, _version
    _blocks, _version = folder, version


@lru_cache(maxsize=4096)
def highlight_code(code: str, lang: str) -> str:
    """``code`` as HTML spans (no wrapper); unknown languages are escaped plain text.

    Memoised by content: a block repeated across posts (a setup command, an import
    preamble) is highlighted once per build process, and with ``use_block_cache`` once
    until Pygments changes. Unchanged posts never get here: their rendered bodies come
    from the body cache.
    """
    if _blocks is None:
        return _highlight(code, lang)
    key = f"{_version}\0{pygments.__version__}\0{lang}\0{code}"
    key = hashlib.sha256(key.encode()).hexdigest()
    path = _blocks / f"{key[:32]}.html"
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    html = _highlight(code, lang)
    with contextlib.suppress(OSError):
        write_file(path, html.encode("utf-8"))
    return html


def _highlight(code: str, lang: str) -> str:
    html: str = highlight(code, _lexer(lang.lower()), _FORMATTER)
    return html


def code_css() -> str:
    """Token colours for ``.hl`` blocks: light by default, dark when the system asks."""
    light = _rules(HtmlFormatter(style=LightStyle))
    dark = _rules(HtmlFormatter(style=DarkStyle))
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"


def _rules(formatter: HtmlFormatter[str]) -> str:
    css: str = formatter.get_style_defs(".hl")  # type: ignore[no-untyped-call]
    return "\n".join(
        line for line in css.splitlines() if line.startswith(".hl .") and "{ }" not in line
    )
