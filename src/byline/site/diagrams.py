"""Mermaid diagrams: SVG made at build time by mermaid-cli, else drawn by the site's own script.

When ``mmdc`` (mermaid-cli) is on ``PATH`` and a Chromium is found, every diagram of the
posts being rendered goes through one ``mmdc`` run (a browser start costs about two
seconds, so the diagrams are batched) and the SVG is kept in ``.byline/cache/site/mermaid/``
by content hash; the page then embeds the SVG and loads no script. Otherwise, or when
mermaid-cli rejects a diagram, the page keeps the source in a ``<pre class="mermaid">``
and loads the vendored Mermaid bundle, served from the site itself, to draw it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

__all__ = [
    "MERMAID_VERSION",
    "DiagramError",
    "Prerenderer",
    "diagram_html",
    "find_chromium",
    "find_prerenderer",
]

MERMAID_VERSION = "11.17.2"
"""Version of the vendored ``mermaid.min.js`` (``theme/static/vendor/``)."""
SVG_ID = "byline-mermaid-svg"
"""The id mermaid-cli gives each SVG (and prefixes its inner ids with); replaced per page."""
_CACHE_VERSION = "mermaid-1"
_CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class DiagramError(Exception):
    """A diagram was not pre-rendered; the message says why."""


def find_chromium() -> str | None:
    """A Chromium for mermaid-cli: ``PUPPETEER_EXECUTABLE_PATH``, else one on ``PATH``."""
    given = os.environ.get("PUPPETEER_EXECUTABLE_PATH")
    if given and Path(given).is_file():
        return given
    return next((path for name in _CHROMIUMS if (path := shutil.which(name))), None)


def _key(source: str) -> str:
    text = f"{_CACHE_VERSION}\0{source}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _first_line(text: str) -> str:
    """The first meaningful line of mermaid-cli's error output."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for i, line in enumerate(lines):
        if line.startswith("Error:"):
            detail = line.removeprefix("Error:").strip()
            if detail.endswith(":") and i + 1 < len(lines):
                detail += " " + lines[i + 1]
            return detail
    return lines[-1] if lines else "mermaid-cli failed"


@dataclass(slots=True)
class Prerenderer:
    """mermaid-cli with a Chromium, and the SVG cache it fills."""

    mmdc: str
    chromium: str
    cache: Path
    errors: dict[str, str] = field(default_factory=dict)
    """Diagram source -> why mermaid-cli did not draw it (this build only)."""

    def svg(self, source: str) -> str:
        """The cached SVG of ``source``; raises ``DiagramError`` when there is none."""
        try:
            return (self.cache / f"{_key(source)}.svg").read_text(encoding="utf-8")
        except OSError:
            reason = self.errors.get(source, "mermaid-cli did not draw it")
            raise DiagramError(reason) from None

    def render_all(self, sources: Iterable[str]) -> None:
        """Draw every source not in the cache yet, in as few mermaid-cli runs as possible."""
        todo = [s for s in dict.fromkeys(sources) if not (self.cache / f"{_key(s)}.svg").exists()]
        while todo:
            done = self._run(todo)
            # mmdc stops at the first diagram it cannot draw; go on after that one.
            todo = todo[done + 1 :]

    def _run(self, sources: list[str]) -> int:
        """One mmdc run over ``sources`` (a Markdown file of fences); returns how many it drew."""
        self.cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="byline-mermaid-") as tmp:
            folder = Path(tmp)
            fences = "\n".join(f"```mermaid\n{s.rstrip()}\n```\n" for s in sources)
            (folder / "in.md").write_text(fences, encoding="utf-8")
            args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
            config = {"executablePath": self.chromium, "args": [*args, "--disable-gpu"]}
            (folder / "puppeteer.json").write_text(json.dumps(config), encoding="utf-8")
            command = [self.mmdc, "-q", "-j", "1", "-p", "puppeteer.json", "-I", SVG_ID]
            command += ["-i", "in.md", "-o", "out.md"]
            env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=self.chromium)
            try:
                run = subprocess.run(
                    command,
                    cwd=folder,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=60 + 10 * len(sources),
                    check=False,
                )
                output = run.stderr + run.stdout
            except (OSError, subprocess.TimeoutExpired) as exc:
                output = f"Error: mermaid-cli did not finish ({exc})"
            done = 0
            for n, source in enumerate(sources, 1):
                svg = folder / f"out-{n}.svg"
                if not svg.is_file():
                    break
                os.replace(svg, self.cache / f"{_key(source)}.svg")
                done = n
            if done < len(sources):
                self.errors[sources[done]] = _first_line(output)
            return done


def find_prerenderer(cache: Path, mode: str) -> Prerenderer | None:
    """mermaid-cli and a Chromium when both are there and ``mode`` is ``auto``; else None."""
    if mode != "auto":
        return None
    mmdc = shutil.which("mmdc")
    chromium = find_chromium() if mmdc else None
    if mmdc is None or chromium is None:
        return None
    return Prerenderer(mmdc, chromium, cache)


def diagram_html(n: int, source: str, svg: str | None) -> str:
    """A diagram as a figure: the drawn SVG and its source, or the source for the script."""
    if svg is None:
        return (
            f'<figure class="diagram"><pre class="mermaid" tabindex="0" role="region" '
            f'aria-label="Diagram {n}">{escape(source)}</pre></figure>\n'
        )
    own = f"mermaid-svg-{n}"
    svg = svg.replace(SVG_ID, own)
    return (
        f'<figure class="diagram"><div class="diagram-svg" role="img" '
        f'aria-label="Diagram {n} (its source follows)">{svg}</div>'
        f'<figcaption><details class="diagram-source"><summary>Diagram {n} source</summary>'
        f'<pre tabindex="0" role="region" aria-label="Diagram {n} source"><code>'
        f"{escape(source)}</code></pre></details></figcaption></figure>\n"
    )
