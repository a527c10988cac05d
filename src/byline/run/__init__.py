"""The code-block runner: run a post's blocks in sessions, compare, cache, capture output.

``plan`` decides what runs where, ``execute`` runs one session in a fresh work folder
through ``proc`` (a persistent Python child driven by ``child``, shell commands; ``reap``
ends what they started),
``cache`` keys and stores results, ``report`` turns them into diagnostics and
``update`` writes outputs back into the post.
"""

from __future__ import annotations

from byline.run.engine import PostRun, Runner, RunOptions
from byline.run.report import run_diagnostics, static_diagnostics
from byline.run.update import apply_edits, output_edits, write_figures

__all__ = [
    "PostRun",
    "RunOptions",
    "Runner",
    "apply_edits",
    "output_edits",
    "run_diagnostics",
    "static_diagnostics",
    "write_figures",
]
