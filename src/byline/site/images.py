"""Images of posts: find the file, read its size, plan WebP variants, and make them (cached).

Every local image gets ``width``/``height`` (no layout shift), a ``<picture>`` with WebP
variants at 1x and 2x the column width, and lazy loading below the fold. Variants are
made once per image content hash in ``.byline/cache/site/img/`` and copied into the site.
A missing local image is reported and left out of the page, never linked broken.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from urllib.parse import unquote

from byline.content.urls import split_url

__all__ = [
    "ImageInfo",
    "ImageJob",
    "file_stat",
    "image_file",
    "image_html",
    "is_private_file",
    "make_variants",
    "resolve_image",
]

COLUMN = 720
"""CSS pixel width of the text column; variants are made at 1x and 2x."""
SIZES = "(min-width: 48rem) 45rem, calc(100vw - 2.5rem)"
_RASTER = {".png", ".jpg", ".jpeg", ".webp"}
IMAGE_SUFFIXES = frozenset(
    [".png", ".jpg", ".jpeg", ".jfif", ".gif", ".webp", ".avif", ".apng", ".svg", ".bmp", ".ico"]
)
"""File types an image beside a post may have: it is copied into the site, so any other
file (``../.env``, ``../byline.toml``) would be published by a mere reference."""
_SVG_SIZE = re.compile(
    rb'<svg[^>]*?\bwidth="([\d.]+)(?:px)?"[^>]*?\bheight="([\d.]+)(?:px)?"', re.S
)


@dataclass(frozen=True, slots=True)
class ImageJob:
    """One WebP variant to make."""

    source: str
    """The image file (text, not ``Path``: the build state holds thousands of these, and
    rebuilding ``Path`` objects was a tenth of loading it)."""
    digest: str
    width: int

    @property
    def name(self) -> str:
        return f"{self.digest}-{self.width}.webp"


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """A local image found on disk."""

    url: str
    """Site path of the original (copied from ``static/`` or ``/media/``)."""
    file: Path
    width: int | None
    height: int | None
    variants: tuple[ImageJob, ...]
    copy: bool
    """True when the file is outside ``static/`` and must be copied to ``url``."""


@lru_cache(maxsize=1024)
def _probe(path: Path, stat: tuple[int, int]) -> tuple[str, int | None, int | None]:  # noqa: ARG001
    """Content hash and pixel size; ``stat`` is there to key the cache on the file version."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    if path.suffix.lower() == ".svg":
        match = _SVG_SIZE.search(data[:4096])
        if match:
            return digest, round(float(match.group(1))), round(float(match.group(2)))
        return digest, None, None
    try:
        from PIL import Image

        with Image.open(path) as im:
            return digest, im.width, im.height
    except Exception:  # not an image Pillow reads: keep the file, skip the sizes
        return digest, None, None


def file_stat(path: Path | str) -> tuple[int, int] | None:
    """(size, mtime_ns) of a file, None when it is missing: what cache entries compare."""
    try:
        stat = os.stat(path)  # noqa: PTH116 - no Path made: a rebuild asks thousands of times
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def image_file(src: str, *, static: Path, post_dir: Path) -> Path | None:
    """The file a local image reference names (it may not exist); None for a remote URL."""
    parts = split_url(src)
    if parts is None or parts.scheme or parts.netloc or src.startswith("data:"):
        return None
    path = unquote(parts.path)
    if not path:
        return None
    return (static / path.lstrip("/")) if path.startswith("/") else (post_dir / path)


def is_private_file(file: Path, static: Path) -> bool:
    """True when ``file``, named by an image reference, is a file that is not an image and not
    in ``static/`` (which is published anyway): copying it would publish it."""
    if file.suffix.lower() in IMAGE_SUFFIXES:
        return False
    try:
        return file.is_file() and not file.resolve().is_relative_to(static.resolve())
    except OSError:
        return False  # not there to be read, so not published: reported as not found


def resolve_image(src: str, *, root: Path, static: Path, post_dir: Path) -> ImageInfo | str | None:
    """An ``ImageInfo`` for a local image, ``src`` itself for a remote one, None if missing."""
    file = image_file(src, static=static, post_dir=post_dir)
    if file is None:
        return src if src else None
    try:
        file = file.resolve()
        stat = file.stat()
    except OSError:
        return None
    if not file.is_file() or not file.is_relative_to(root.resolve()):
        return None
    digest, width, height = _probe(file, (stat.st_size, stat.st_mtime_ns))
    static_root = static.resolve()
    if file.is_relative_to(static_root):
        url, copy = "/" + file.relative_to(static_root).as_posix(), False
    else:
        url, copy = f"/media/{digest[:12]}/{file.name}", True
    variants: tuple[ImageJob, ...] = ()
    if width and file.suffix.lower() in _RASTER:
        widths = sorted({min(width, COLUMN), min(width, 2 * COLUMN)})
        variants = tuple(ImageJob(str(file), digest, w) for w in widths)
    return ImageInfo(url, file, width, height, variants, copy)


def image_html(
    info: ImageInfo | str, alt: str, title: str = "", *, lazy: bool, width: int | None = None
) -> str:
    """``<img>`` (in a ``<picture>`` with WebP sources when there are variants).

    ``width`` is the display width the author asked for (raw ``<img width>``).
    """
    attrs = f' alt="{escape(alt)}"'
    if title:
        attrs += f' title="{escape(title)}"'
    if isinstance(info, str):
        return f'<img src="{escape(info)}"{attrs}{_loading(lazy)}>'
    if info.width and info.height:
        shown = width if width and width < info.width else info.width
        attrs += f' width="{shown}" height="{round(info.height * shown / info.width)}"'
    img = f'<img src="{escape(info.url)}"{attrs}{_loading(lazy)}>'
    if not info.variants:
        return img
    srcset = ", ".join(f"/img/{job.name} {job.width}w" for job in info.variants)
    return f'<picture><source type="image/webp" srcset="{srcset}" sizes="{SIZES}">{img}</picture>'


def _loading(lazy: bool) -> str:
    return ' loading="lazy" decoding="async"' if lazy else ' decoding="async"'


def make_variants(jobs: list[ImageJob], cache: Path, out: Path) -> tuple[list[str], dict[str, str]]:
    """Make (or reuse) each WebP variant and copy it to ``out/img``.

    Returns the site paths, and the images that could not be decoded with what Pillow
    said. Such an image (a truncated or damaged file) still gets its variants, from what
    Pillow can read of it, or as a copy of the file: the pages already point at them.
    """
    from byline.site.output import output_file  # output.py imports this module

    cache.mkdir(parents=True, exist_ok=True)
    output_file(out, "img").mkdir(parents=True, exist_ok=True)
    written = []
    for job in jobs:
        cached = cache / job.name
        # What Pillow said about a damaged image is kept next to its variant (both are
        # named by the file's digest), so every build warns until the file is replaced.
        said_file = cache / f"{job.name}.damaged"
        if not cached.exists():
            said_file.unlink(missing_ok=True)
            try:
                _variant(job, cached)
            except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError...
                said = re.sub(r"\s*\([^()]*\)$", "", str(exc)) or type(exc).__name__
                said_file.write_text(said, "utf-8")
                try:
                    _variant(job, cached, truncated=True)
                except Exception:  # nothing Pillow can read: the file as it is
                    shutil.copyfile(job.source, cached)
        target = output_file(out, f"img/{job.name}")
        if not target.exists() or target.stat().st_size != cached.stat().st_size:
            shutil.copyfile(cached, target)
        written.append(f"img/{job.name}")
    return written, damaged_images(jobs, cache)


def damaged_images(jobs: Iterable[ImageJob], cache: Path) -> dict[str, str]:
    """The images among ``jobs`` that Pillow could not decode, with what it said.

    Read from the notes ``make_variants`` leaves in ``cache``: one listing of the folder,
    so a build with nothing to do can repeat the warnings for next to nothing.
    """
    try:
        notes = {note.name for note in cache.glob("*.damaged")}
    except OSError:
        return {}
    damaged: dict[str, str] = {}
    for job in jobs:
        if f"{job.name}.damaged" in notes:
            try:
                damaged[job.source] = (cache / f"{job.name}.damaged").read_text("utf-8", "replace")
            except OSError:
                continue
    return damaged


def _variant(job: ImageJob, cached: Path, *, truncated: bool = False) -> None:
    """Write ``job``'s WebP variant to ``cached`` (``truncated``: decode what is there)."""
    from PIL import Image, ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    try:
        with Image.open(job.source) as im:
            image = im.convert("RGBA" if im.mode in ("RGBA", "LA", "P") else "RGB")
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before
    if image.width > job.width:
        height = round(image.height * job.width / image.width)
        image = image.resize((job.width, height), Image.Resampling.LANCZOS)
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")
    image.save(tmp, "WEBP", quality=80, method=4)
    os.replace(tmp, cached)
