"""TeX to MathML at build time (latex2mathml): no script, no CDN; the theme ships a math font.

latex2mathml copies ``\\text{...}`` into the MathML as it is and ``\\href{url}`` into an
``href`` attribute, so its output is filtered before it reaches a page: only MathML
elements stay elements (anything else is shown as text), event handlers are dropped,
an ``href`` is kept only when it is an allowed link (``byline.content.schemes``), and a
``style`` (from ``\\style{...}``) keeps only colours, font weight and font style: any
other CSS could lay the formula over the whole page (``position:fixed``). Lengths
(``\\kern``, ``\\hspace``, ``\\rule``, ``\\raise``, ``\\moveleft``...) are kept within
``MAX_LENGTH_EM`` either way, so a formula cannot cover or push away the text around it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape, unescape
from html.parser import HTMLParser

from byline.content.schemes import is_safe_link

__all__ = ["MAX_LENGTH_EM", "MathError", "tex_to_mathml"]

_MATHML = frozenset(
    [
        "math",
        "annotation",
        "menclose",
        "merror",
        "mfenced",
        "mfrac",
        "mi",
        "mmultiscripts",
        "mn",
        "mo",
        "mover",
        "mpadded",
        "mphantom",
        "mprescripts",
        "mroot",
        "mrow",
        "ms",
        "mspace",
        "msqrt",
        "mstyle",
        "msub",
        "msubsup",
        "msup",
        "mtable",
        "mtd",
        "mtext",
        "mtr",
        "munder",
        "munderover",
        "none",
        "semantics",
    ]
)


_COLOUR = re.compile(r"#[0-9a-f]{3,8}|[a-z]+|(?:rgba?|hsla?)\([0-9.,%\s/]*\)", re.I)
_STYLE_VALUES = {
    "color": _COLOUR,
    "background-color": _COLOUR,
    "font-weight": re.compile(r"normal|bold|bolder|lighter|[1-9]00", re.I),
    "font-style": re.compile(r"normal|italic|oblique", re.I),
}
"""The CSS a ``\\style`` may set, with the values each property may take."""


def _safe_style(style: str) -> str:
    """The declarations of ``style`` that set an allowed property to a plain value, as
    written (so ``\\style{color: red}`` comes out unchanged); the rest are dropped."""
    kept = []
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        allowed = _STYLE_VALUES.get(name.strip().lower())
        if allowed is not None and allowed.fullmatch(value.strip()):
            kept.append(declaration)
    return ";".join(kept).strip()


MAX_LENGTH_EM = 5
"""The longest length a formula may give, either way, in em (80px in 16px text).
Real formulas stay far below it: ``\\qquad`` is 2em, ``\\!`` -3/18em."""
_LENGTH_ATTRS = frozenset(
    [
        "width",
        "height",
        "depth",
        "lspace",
        "rspace",
        "voffset",
        "linethickness",
        "minsize",
        "maxsize",
        "mathsize",
    ]
)
"""Attributes holding a length (MathML's ``mspace``, ``mpadded``, ``mo``, ``mfrac``)."""
_LENGTH = re.compile(r"([+-]?)(\d+(?:\.\d*)?|\.\d+)([a-z%]*)", re.I)
_EM_PER_UNIT = {
    "em": 1.0,
    "ex": 0.5,
    "px": 1 / 16,
    "pt": 1 / 12,
    "pc": 1.0,
    "in": 6.0,
    "cm": 6 / 2.54,
    "mm": 0.6 / 2.54,
    "mu": 1 / 18,
}
"""Absolute units in em, taking 1em as 16px; ``mu`` is TeX's math unit, 1/18em."""
_RELATIVE = {"": 1, "width": 1, "height": 1, "depth": 1, "%": 100}
"""Multiples of the content's own size (or of the default): at most once it."""
_NAMED = re.compile(
    r"(?:negative)?(?:very){0,2}(?:thin|medium|thick)mathspace|thin|medium|thick|small"
    r"|normal|big|infinity"
)
"""MathML's named lengths (``\\!`` is ``negativethinmathspace``), all small."""


def _safe_length(value: str) -> str | None:
    """``value`` as written when it is a length within ``MAX_LENGTH_EM`` (or the content's
    own size), the limit with its sign when it goes past it, None when it is no length."""
    if _NAMED.fullmatch(value):
        return value
    match = _LENGTH.fullmatch(value)
    if match is None:
        return None
    sign, number, unit = match.group(1), float(match.group(2)), match.group(3).lower()
    if unit in _EM_PER_UNIT:
        too_long = number * _EM_PER_UNIT[unit] > MAX_LENGTH_EM
        return f"{sign}{MAX_LENGTH_EM}em" if too_long else value
    if unit in _RELATIVE:
        limit = _RELATIVE[unit]
        return f"{sign}{limit}{unit}" if number > limit else value
    return None


class MathError(ValueError):
    """latex2mathml could not read the formula."""


class _MathFilter(HTMLParser):
    """latex2mathml's output with MathML elements kept and everything else made text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], end: str) -> None:
        if tag not in _MATHML:
            # Text, such as "<pad token>" in \text, that reads as a tag: latex2mathml wrote
            # its characters as references ("&#x000A0;"), which must not be escaped twice.
            self.out.append(escape(unescape(self.get_starttag_text() or ""), quote=False))
            return
        kept = "".join(
            f' {key}="{escape(value)}"'
            for key, value in ((k, _attr_value(k, v or "")) for k, v in attrs)
            if value is not None
            and not key.startswith("on")
            and (key not in ("href", "xlink:href") or is_safe_link(value))
        )
        self.out.append(f"<{tag}{kept}{end}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, " /")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>" if tag in _MATHML else escape(f"</{tag}>", quote=False))

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def unknown_decl(self, data: str) -> None:
        self.out.append(escape(f"<![{data}]>", quote=False))

    def handle_decl(self, decl: str) -> None:
        self.out.append(escape(f"<!{decl}>", quote=False))

    def handle_pi(self, data: str) -> None:
        self.out.append(escape(f"<?{data}>", quote=False))

    def handle_comment(self, data: str) -> None:
        self.out.append(escape(f"<!--{data}-->", quote=False))


def _attr_value(key: str, value: str) -> str | None:
    """The value to write for an attribute, None to leave the attribute out."""
    if key == "style":
        return _safe_style(value) or None
    if key in _LENGTH_ATTRS:
        return _safe_length(value)
    return value


def _safe_mathml(mathml: str) -> str:
    parser = _MathFilter()
    parser.feed(mathml)
    parser.close()
    return "".join(parser.out)


@lru_cache(maxsize=4096)
def tex_to_mathml(tex: str, *, display: bool) -> str:
    """MathML for ``tex`` (a ``<math>`` element), or ``MathError`` with the reason."""
    from latex2mathml.converter import convert

    try:
        html: str = convert(tex.strip(), display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many unrelated types on bad input
        raise MathError(f"{type(exc).__name__} {exc}".strip()) from None
    html = _safe_mathml(html)
    # The TeX stays available to assistive tech and copy/paste through alttext.
    return html.replace("<math ", f'<math alttext="{escape(tex.strip())}" ', 1)
