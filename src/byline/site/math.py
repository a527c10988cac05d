"""TeX to MathML at build time (latex2mathml): no script, no CDN; the theme ships a math font.

latex2mathml copies ``\\text{...}`` into the MathML as it is and ``\\href{url}`` into an
``href`` attribute, so its output is filtered before it reaches a page: only MathML
elements stay elements (anything else is shown as text), event handlers are dropped,
an ``href`` is kept only when it is an allowed link (``byline.content.schemes``), and a
``style`` (from ``\\style{...}``) keeps only colours, font weight and font style: any
other CSS could lay the formula over the whole page (``position:fixed``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from html.parser import HTMLParser

from byline.content.schemes import is_safe_link

__all__ = ["MathError", "tex_to_mathml"]

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


class MathError(ValueError):
    """latex2mathml could not read the formula."""


class _MathFilter(HTMLParser):
    """latex2mathml's output with MathML elements kept and everything else made text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], end: str) -> None:
        if tag not in _MATHML:
            self.out.append(escape(self.get_starttag_text() or "", quote=False))
            return
        kept = "".join(
            f' {key}="{escape(value)}"'
            for key, value in ((k, _attr_value(k, v or "")) for k, v in attrs)
            if not key.startswith("on")
            and (key not in ("href", "xlink:href") or is_safe_link(value))
            and (key != "style" or value)
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


def _attr_value(key: str, value: str) -> str:
    return _safe_style(value) if key == "style" else value


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
