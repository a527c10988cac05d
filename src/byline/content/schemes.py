"""Which URLs a page may link to, read the way a browser reads them.

A browser removes ASCII tab, newline and carriage return anywhere in a URL, and C0
controls and spaces around it, before it looks for the scheme: ``java&#x0A;script:``
in an attribute is ``javascript:`` to it. So the scheme is found after the same
clean-up, and only an allow-list of schemes gets through; anything else (``javascript:``,
``vbscript:``, ``data:``, ``file:``, an app's own scheme) is not linked.
"""

from __future__ import annotations

import re

__all__ = ["LINK_SCHEMES", "is_http_url", "is_safe_link", "url_scheme"]

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
"""Schemes a link or an embedded file may use; URLs without a scheme (site paths,
``other.md``, ``#anchor``, ``?query``) are always fine."""

_REMOVED = re.compile(r"[\t\n\r]")
_AROUND = "".join(chr(c) for c in range(0x21))  # C0 controls and space
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_DATA_IMAGE = re.compile(r"data:image/", re.I)
_HTTP = re.compile(r"https?://[^/\s]", re.I)


def _browser_form(url: str) -> str:
    return _REMOVED.sub("", url).strip(_AROUND)


def url_scheme(url: str) -> str | None:
    """The scheme a browser reads in ``url``, lowercase; None for a relative URL."""
    match = _SCHEME.match(_browser_form(url))
    return match.group(1).lower() if match else None


def is_safe_link(url: str, *, image: bool = False) -> bool:
    """True when ``url`` may be a link or ``src``: relative, or an allowed scheme.

    ``image``: the URL is an ``<img src>``, which may also hold inline ``data:image/``.
    """
    scheme = url_scheme(url)
    if scheme is None or scheme in LINK_SCHEMES:
        return True
    return image and scheme == "data" and bool(_DATA_IMAGE.match(_browser_form(url)))


def is_http_url(url: str) -> bool:
    """True for an absolute ``http://`` or ``https://`` URL with a host, as written."""
    return bool(_HTTP.match(url))
