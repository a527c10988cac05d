"""TeX to MathML at build time (latex2mathml): no script, no CDN; the theme ships a math font."""

from __future__ import annotations

from functools import lru_cache
from html import escape

__all__ = ["MathError", "tex_to_mathml"]


class MathError(ValueError):
    """latex2mathml could not read the formula."""


@lru_cache(maxsize=4096)
def tex_to_mathml(tex: str, *, display: bool) -> str:
    """MathML for ``tex`` (a ``<math>`` element), or ``MathError`` with the reason."""
    from latex2mathml.converter import convert

    try:
        html: str = convert(tex.strip(), display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many unrelated types on bad input
        raise MathError(f"{type(exc).__name__} {exc}".strip()) from None
    # The TeX stays available to assistive tech and copy/paste through alttext.
    return html.replace("<math ", f'<math alttext="{escape(tex.strip())}" ', 1)
