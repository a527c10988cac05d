"""Checking a blog's links and images: between posts, to static files, and to the web.

Modules, in pipeline order:

- ``targets``: what a link points at (post, site path, file, web URL) and the blog's index.
- ``internal``: links between posts, ``#anchors``, static files and images (pure, disk reads only).
- ``images``: an image file decodes with Pillow and is not too heavy.
- ``hosts``: private addresses and per-host politeness (concurrency and delay).
- ``fetch``: the async HTTP engine (HEAD then GET, redirects, retries, timeouts).
- ``cache``: verdicts kept in the ledger's ``link_cache`` for ``[links] ttl_hours``.
- ``external``: web URLs of posts to diagnostics (redirects, http->https, broken).
- ``check_source``: ``byline check --links`` and ``byline links`` entry point.
"""

from __future__ import annotations

from byline.links.check_source import LinkReport, check_links, diagnostics
from byline.links.fetch import FetchSettings, UrlResult, check_urls
from byline.links.targets import SiteIndex, Target, classify

__all__ = [
    "FetchSettings",
    "LinkReport",
    "SiteIndex",
    "Target",
    "UrlResult",
    "check_links",
    "check_urls",
    "classify",
    "diagnostics",
]
