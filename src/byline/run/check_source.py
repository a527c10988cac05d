"""The runner's source of ``code.*`` diagnostics for ``byline check``.

Without ``--run`` nothing executes: blocks that never passed at their current content
get ``code.untested``, and ``output`` fences that differ from the cached output get
``code.stale-output``. With ``--run`` the posts run (answered from the cache when
nothing changed) and failures become ``code.failed``, ``code.timeout``,
``code.output-mismatch`` and ``code.not-standalone``.
"""

from __future__ import annotations

from byline.checks.sources import CheckOptions
from byline.content.blog import Blog
from byline.content.document import Document
from byline.diagnostics import Diagnostic
from byline.run.engine import Runner, RunOptions
from byline.run.report import run_diagnostics, static_diagnostics

__all__ = ["diagnostics"]


def diagnostics(blog: Blog, documents: list[Document], options: CheckOptions) -> list[Diagnostic]:
    """``code.*`` diagnostics for ``documents`` (see the module docstring)."""
    runner = Runner(blog, RunOptions(force=options.force, use_cache=options.use_cache))
    found: list[Diagnostic] = []
    if not options.run:
        for doc in documents:
            found += static_diagnostics(runner, doc)
        return found
    for post in runner.run(documents):
        found += run_diagnostics(post)
    return found
