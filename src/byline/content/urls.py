"""Where posts live on the site, and what a link between posts points at."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import SplitResult, unquote, urlsplit

from byline.config import SiteConfig
from byline.content.slug import is_valid_slug

__all__ = ["PostLink", "post_path", "post_url", "split_post_link", "split_url"]


def post_path(site: SiteConfig, slug: str) -> str:
    """Site path of a post, e.g. ``/posts/fine-tune-llama/``.

    ``slug`` must be a valid slug (``[a-z0-9-]``), so the path cannot leave the site.
    """
    if not is_valid_slug(slug):
        raise ValueError(f"not a valid slug: {slug!r}")
    return site.permalink.replace("{slug}", slug)


def post_url(site: SiteConfig, slug: str) -> str:
    """Absolute canonical URL of a post on the owned site."""
    return site.base_url + post_path(site, slug)


@dataclass(frozen=True, slots=True)
class PostLink:
    """A link from one post to another post of the blog."""

    target: str
    """File name of the target post without ``.md`` (its default slug)."""
    anchor: str
    """The ``#fragment``, decoded; '' when none."""


def split_post_link(href: str) -> PostLink | None:
    """Recognise ``other.md``, ``./other.md#anchor`` and ``posts/other.md`` links.

    Returns None for external URLs, site paths and anything that is not a ``.md`` file.
    """
    parts = split_url(href)
    if parts is None or parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path.endswith(".md"):
        return None
    name = path.rsplit("/", 1)[-1][: -len(".md")]
    if not name:
        return None
    return PostLink(target=name, anchor=unquote(parts.fragment))


def split_url(href: str) -> SplitResult | None:
    """``urlsplit(href)``, or None when urllib cannot split it: a host's IPv6 ``[`` or
    ``]`` left unbalanced (``http://[::1/x``), which raw HTML in a post may hold."""
    try:
        return urlsplit(href)
    except ValueError:
        return None
