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

__all__ = [
    "FAMILIES",
    "NEEDS",
    "SOURCES",
    "SOURCE_RULES",
    "CheckOptions",
    "Source",
    "load_sources",
]

# Modules with a ``diagnostics(blog, documents, options)`` function, in report order.
SOURCES: tuple[str, ...] = ("byline.run.check_source", "byline.links.check_source")

FAMILIES: dict[str, str] = {"byline.run.check_source": "code", "byline.links.check_source": "links"}
"""The rule family each source reports (``byline review`` checks its items with them)."""

SOURCE_RULES: dict[str, tuple[str, str]] = {
    "code.untested": ("warning", "A runnable block has never passed at its current content."),
    "code.stale-output": ("error", "An output fence no longer matches what the code printed."),
    "code.failed": ("error", "A block raised, exited non-zero or could not start."),
    "code.output-mismatch": ("error", "A run printed something other than its output fence."),
    "code.timeout": ("error", "A block ran past its timeout and was stopped."),
    "code.not-standalone": ("error", "A 'standalone' block fails when run on its own."),
    "links.broken": ("error", "A link points at nothing: a missing post, file or dead URL."),
    "links.anchor": ("error", "A '#anchor' names no heading of its target."),
    "links.image-missing": ("error", "An image file is missing or does not decode."),
    "links.image-heavy": ("warning", "An image is larger than [links] max_image_kb."),
    "links.redirect": ("warning", "A URL permanently redirects: link the new address."),
    "links.insecure": ("warning", "An http:// URL also works over https://."),
}
"""Rules whose findings come from sources: id -> (default severity, why it matters).

They are known to ``[check.rules]`` (severity or ``off``), ``--only``/``--skip``,
inline disables and ``--list-rules``, like the registered rules."""


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
