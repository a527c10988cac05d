"""Mermaid diagrams: SVG made at build time by mermaid-cli, else drawn by the site's own script.

When ``mmdc`` (mermaid-cli) is on ``PATH`` and a Chromium is found, every diagram of the
posts being rendered goes through one ``mmdc`` run (a browser start costs about two
seconds, so the diagrams are batched) and the SVG is kept in ``.byline/cache/site/mermaid/``
by content hash; the page shows it as an ``<img>`` (``/diagrams/HASH.svg``) and loads no
script. Not inline: mermaid's SVG fails the Nu HTML checker inside a page (ARIA roles,
``<rect>`` without sizes, ``name`` attributes ...), and as a file it is cached by the
browser, lazy-loaded below the fold and shown by feed readers. Otherwise, or when
mermaid-cli rejects a diagram, the page keeps the source in a ``<pre class="mermaid">``
and loads the vendored Mermaid bundle, served from the site itself, to draw it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path

__all__ = [
    "MERMAID_VERSION",
    "DiagramError",
    "Drawing",
    "Prerenderer",
    "diagram_html",
    "find_chromium",
    "find_prerenderer",
]

MERMAID_VERSION = "11.17.2"
"""Version of the vendored ``mermaid.min.js`` (``theme/static/vendor/``)."""
MERMAID_CONFIG = {"htmlLabels": False, "flowchart": {"htmlLabels": False}}
"""mermaid-cli's settings: labels as SVG text, which any image viewer or feed reader draws."""
_CACHE_VERSION = f"mermaid-1\0{json.dumps(MERMAID_CONFIG, sort_keys=True)}"
_VIEWBOX = re.compile(r'<svg[^>]*?\sviewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"')
_PARSE_ERROR = re.compile(r"Parse error on line \d+: (?:\.\.\.)?\s*(.*?)\s*$")
_TITLE = re.compile(r"<svg[^>]*>\s*<title[^>]*>(.*?)</title>", re.S)
_KINDS = {"graph": "flowchart", "sequenceDiagram": "sequence diagram",
          "classDiagram": "class diagram", "stateDiagram": "state diagram",
          "stateDiagram-v2": "state diagram", "erDiagram": "entity-relationship diagram",
          "gantt": "Gantt chart", "pie": "pie chart", "xychart-beta": "chart"}  # fmt: skip
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
            # mermaid-cli's line numbers count lines of its own wrapper, not of the fence.
            return _PARSE_ERROR.sub(r"Parse error near '\1'", detail)
    return lines[-1] if lines else "mermaid-cli failed"


@dataclass(frozen=True, slots=True)
class Drawing:
    """A pre-rendered diagram: its SVG file in the cache and what the ``<img>`` needs."""

    file: Path
    url: str
    """Site path (``/diagrams/HASH.svg``)."""
    width: int | None
    height: int | None
    title: str
    """The diagram's ``accTitle``, if it has one."""


def _drawing(file: Path) -> Drawing:
    text = file.read_text(encoding="utf-8")
    box = _VIEWBOX.search(text)
    width = height = None
    if box is not None:
        width, height = round(float(box.group(1))), round(float(box.group(2)))
    title = _TITLE.search(text)
    return Drawing(
        file=file,
        url=f"/diagrams/{file.name}",
        width=width,
        height=height,
        title=unescape(title.group(1)).strip() if title else "",
    )


@dataclass(slots=True)
class Prerenderer:
    """mermaid-cli with a Chromium, and the SVG cache it fills."""

    mmdc: str
    chromium: str
    cache: Path
    errors: dict[str, str] = field(default_factory=dict)
    """Diagram source -> why mermaid-cli did not draw it (this build only)."""

    def drawing(self, source: str) -> Drawing:
        """The cached SVG of ``source``; raises ``DiagramError`` when there is none."""
        file = self.cache / f"{_key(source)}.svg"
        if not file.is_file():
            reason = self.errors.get(source, "mermaid-cli did not draw it")
            raise DiagramError(reason)
        return _drawing(file)

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
            (folder / "mermaid.json").write_text(json.dumps(MERMAID_CONFIG), encoding="utf-8")
            command = [self.mmdc, "-q", "-j", "1", "-p", "puppeteer.json", "-c", "mermaid.json"]
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


def _kind(source: str) -> str:
    """The diagram type from its first line (``flowchart``, ``sequenceDiagram`` ...)."""
    for line in source.splitlines():
        words = line.split()
        if words and not line.lstrip().startswith("%%"):
            return _KINDS.get(words[0], words[0].removesuffix("-beta").removesuffix("-v2"))
    return "diagram"


def diagram_html(n: int, source: str, drawing: Drawing | None, *, lazy: bool = False) -> str:
    """A diagram as a figure: its SVG as an image with the source under it, or the source
    alone in a ``<pre class="mermaid">`` for the page's script to draw."""
    if drawing is None:
        return (
            f'<figure class="diagram"><pre class="mermaid" tabindex="0" role="region" '
            f'aria-label="Diagram {n}">{escape(source)}</pre></figure>\n'
        )
    alt = drawing.title or f"Diagram {n}, a {_kind(source)}; its source follows"
    size = f' width="{drawing.width}" height="{drawing.height}"' if drawing.width else ""
    loading = ' loading="lazy"' if lazy else ""
    return (
        f'<figure class="diagram"><img class="diagram-svg" src="{escape(drawing.url)}" '
        f'alt="{escape(alt)}"{size}{loading} decoding="async">'
        f'<figcaption><details class="diagram-source"><summary>Diagram {n} source</summary>'
        f'<pre tabindex="0" role="region" aria-label="Diagram {n} source"><code>'
        f"{escape(source)}</code></pre></details></figcaption></figure>\n"
    )
