"""Where ``byline check`` gets diagnostics from, beyond its own rules.

``byline check`` gathers diagnostics from every module listed in ``SOURCES``. Each
such module defines::

    def diagnostics(blog: Blog, documents: list[Document], options: CheckOptions)
        -> list[Diagnostic]: ...

The runner adds ``code.*`` diagnostics (``code.untested`` always, failures with
``--run``); the link checker adds ``links.*`` diagnostics with ``--links``. A source
reports problems with one post as diagnostics and never stops the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from byline.content.blog import Blog
    from byline.content.document import Document
    from byline.diagnostics import Diagnostic

__all__ = ["FAMILIES", "NEEDS", "SOURCES", "CheckOptions", "Source", "load_sources"]

# Modules with a ``diagnostics(blog, documents, options)`` function, in report order.
SOURCES: tuple[str, ...] = ("byline.run.check_source", "byline.links.check_source")

FAMILIES: dict[str, str] = {"byline.run.check_source": "code", "byline.links.check_source": "links"}
"""The rule family each source reports (``byline review`` checks its items with them)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckOptions:
    """The ``byline check`` flags that sources act on."""

    run: bool = False
    """``--run``: execute code blocks (else only report untested or stale ones)."""
    force: bool = False
    """``--force``: ignore caches of code runs."""
    links: bool = False
    """``--links``: check internal links, anchors and images."""
    external: bool = False
    """``--external``: also check http(s) URLs (implies ``links``)."""
    allow_private: bool = False
    """``--allow-private``: check links to localhost and private addresses too."""
    use_cache: bool = True
    """False with ``--no-cache``."""


Source = Callable[["Blog", list["Document"], CheckOptions], list["Diagnostic"]]
"""The type of a source module's ``diagnostics`` function."""


# Sources that have nothing to say unless one of these options is on; they are not even
# imported otherwise (the link checker pulls in httpx).
NEEDS: dict[str, tuple[str, ...]] = {"byline.links.check_source": ("links", "external")}


def load_sources(options: CheckOptions | None = None) -> list[Source]:
    """The ``diagnostics`` function of every module in ``SOURCES`` that ``options`` need."""
    wanted = [
        name
        for name in SOURCES
        if options is None
        or name not in NEEDS
        or any(getattr(options, flag) for flag in NEEDS[name])
    ]
    return [importlib.import_module(name).diagnostics for name in wanted]
