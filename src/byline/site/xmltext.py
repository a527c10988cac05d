"""Escaping text for XML (feeds, sitemap, SVG).

``xml.sax.saxutils`` has the same two functions, but importing it loads
``urllib.request``, ``http.client`` and ``ssl``: about 20 ms of every build, a build
with nothing to do included.
"""

from __future__ import annotations

__all__ = ["escape", "quoteattr"]


def escape(text: str) -> str:
    """``text`` with ``&``, ``<`` and ``>`` escaped for XML character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """``text`` as a double-quoted XML attribute value (always ``"``-quoted)."""
    value = escape(text).replace('"', "&quot;")
    return '"' + value.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'
