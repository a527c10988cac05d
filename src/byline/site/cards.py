"""Social card images (1200x630 PNG: title, author, site) drawn with Pillow, cached by content.

A post that names its own ``image`` in front matter keeps it; every other post gets a
card, so links shared on LinkedIn, Mastodon or X show a preview. Cards are cached in
``.byline/cache/site/cards/`` by a hash of what is drawn on them.

A cold build of 1,000 posts draws 1,000 cards, so a card costs only what differs: the
bar, author and site are drawn once per process onto a base image, and the PNG encoder
compresses only the rows the title touches; the rows shared with the base are
compressed once and reused (deflate segments ended by a full flush can be
concatenated). The pixels are the same as drawing everything on a fresh image.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import zlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from byline.site.output import ensure_folder, write_file

if TYPE_CHECKING:
    from PIL.Image import Image
    from PIL.ImageFont import FreeTypeFont, ImageFont

__all__ = ["CARD_SIZE", "card_in_place", "card_key", "make_card", "write_card"]

CARD_SIZE = (1200, 630)
_VERSION = "1"
_BACKGROUND, _TEXT, _ACCENT = (13, 17, 23), (240, 246, 252), (88, 166, 255)
_PALETTE = [
    round(b + (t - b) * i / 255)
    for i in range(256)
    for b, t in zip(_BACKGROUND, _TEXT, strict=True)
]
_PALETTE[3:6] = _ACCENT
_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/Library/Fonts")


def card_key(title: str, author: str, site: str) -> str:
    """The cache key (and file name stem) of a card."""
    text = f"{_VERSION}\0{title}\0{author}\0{site}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@lru_cache(maxsize=8)
def _font(size: int, bold: bool) -> FreeTypeFont | ImageFont:
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in _FONT_DIRS:
        path = Path(folder) / name
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _wrap(text: str, font: FreeTypeFont | ImageFont, width: int, max_lines: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,;:") + "…"
    return lines


def make_card(title: str, author: str, site: str, cache: Path) -> Path:
    """The card PNG for these texts, drawn now or taken from the cache."""
    path = cache / f"{card_key(title, author, site)}.png"
    if not path.exists():
        write_file(path, _draw(title, author, site))
    return path


def card_in_place(title: str, author: str, site: str, *, cache: Path, target: Path) -> bool:
    """True when ``target`` is already the cached card (hard-linked): nothing to write."""
    try:
        return (cache / f"{card_key(title, author, site)}.png").samefile(target)
    except OSError:
        return False


def write_card(title: str, author: str, site: str, *, cache: Path, target: Path) -> Path:
    """Put the card at ``target`` and keep it in ``cache``: one file, hard-linked when possible.

    Drawn straight into ``target`` when not cached (then linked into the cache, which is
    cheaper than writing the cache and linking out: creating a file costs more than a link).
    """
    cached = cache / f"{card_key(title, author, site)}.png"
    if cached.exists():
        ensure_folder(target.parent)
        target.unlink(missing_ok=True)
        try:
            os.link(cached, target)
        except FileNotFoundError:  # the folder was removed since this process made it
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached, target)
        except OSError:  # no hard links across file systems
            shutil.copyfile(cached, target)
        return target
    data = _draw(title, author, site)
    write_file(target, data)
    ensure_folder(cache)
    try:
        os.link(target, cached)
    except FileExistsError:  # another worker drew the same card
        pass
    except OSError:  # no hard links across file systems
        write_file(cached, data)
    return target


def _draw(title: str, author: str, site: str) -> bytes:
    """The card's PNG bytes."""
    from PIL import ImageChops, ImageDraw

    width, _ = CARD_SIZE
    # Drawn in greyscale and coloured through a palette: a third of the pixels to draw
    # and compress, so a card costs a few milliseconds (1,000 posts = 1,000 cards).
    base = _base(author, site)
    image = base.copy()
    draw = ImageDraw.Draw(image)
    size = 68 if len(title) < 60 else 56
    font = _font(size, True)
    y = 120
    for line in _wrap(title, font, width - 160, 4):
        draw.text((88, y), line, font=font, fill=255)
        y += int(size * 1.25)
    # Only the rows the title touched are taken out of Pillow and compressed; the rest
    # are the base's, compressed once per process.
    box = ImageChops.difference(image, base).getbbox()
    top, bottom = (box[1], box[3]) if box else (0, 0)
    return _png(image.crop((0, top, width, bottom)).tobytes(), top, author, site)


@lru_cache(maxsize=4)
def _base(author: str, site: str) -> Image:
    """The card without its title: bar, author and site (greyscale)."""
    from PIL import Image, ImageDraw

    _, height = CARD_SIZE
    image = Image.new("L", CARD_SIZE, 0)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, height), fill=1)
    # Below the title's lowest line (4 lines start at most at y = 120 + 3 * 85), so
    # drawing these first gives the same pixels as drawing them after the title.
    draw.text((88, height - 130), author, font=_font(40, False), fill=215)
    draw.text((88, height - 80), site, font=_font(32, False), fill=165)
    return image


_LEVEL = 1
"""zlib level: the encoder's time is most of a card's; level 1 is within 40% of level 9."""


def _png(band: bytes, top: int, author: str, site: str) -> bytes:
    """An 8-bit palette PNG (greyscale indexes into ``_PALETTE``): the base card with
    ``band``, whole rows of pixels, in place of its rows from ``top`` on."""
    width, height = CARD_SIZE
    base = _base_rows(author, site)
    bottom = top + len(band) // width
    parts: list[tuple[bytes, int, int]] = []
    if top > 0:
        parts.append(base.segment(0, top))
    if bottom > top:
        raw = b"".join(
            [b"\0" + band[offset : offset + width] for offset in range(0, len(band), width)]
        )
        parts.append((_deflate(raw), zlib.adler32(raw), len(raw)))
    if bottom < height:
        parts.append(base.segment(bottom, height))
    adler = 1
    for _, checksum, size in parts:
        adler = _adler32_combine(adler, checksum, size)
    segments = b"".join(segment for segment, _, _ in parts)
    stream = b"\x78\x01" + segments + b"\x03\x00" + struct.pack(">I", adler)
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"PLTE", bytes(_PALETTE)),
            _chunk(b"IDAT", stream),
            _chunk(b"IEND", b""),
        ]
    )


def _adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two byte strings joined, from theirs (zlib's ``adler32_combine``)."""
    base = 65521
    rem = second_length % base
    low = first & 0xFFFF
    high = (rem * low) % base
    low = (low + (second & 0xFFFF) + base - 1) % base
    high = (high + (first >> 16) + (second >> 16) + base - rem) % base
    return low | (high << 16)


def _deflate(raw: bytes) -> bytes:
    """Raw deflate blocks, byte-aligned and self-contained (so segments concatenate)."""
    compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(raw) + compressor.flush(zlib.Z_FULL_FLUSH)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


class _BaseRows:
    """The base image's rows (PNG filter byte included) and their compressed runs."""

    def __init__(self, pixels: bytes) -> None:
        width, height = CARD_SIZE
        self.rows = [pixels[y * width : (y + 1) * width] for y in range(height)]
        self._segments: dict[tuple[int, int], tuple[bytes, int, int]] = {}

    def segment(self, start: int, end: int) -> tuple[bytes, int, int]:
        """Rows ``start:end`` compressed, with their Adler-32 and length uncompressed."""
        key = (start, end)
        if key not in self._segments:
            raw = b"".join(b"\0" + row for row in self.rows[start:end])
            self._segments[key] = (_deflate(raw), zlib.adler32(raw), len(raw))
        return self._segments[key]


@lru_cache(maxsize=4)
def _base_rows(author: str, site: str) -> _BaseRows:
    return _BaseRows(_base(author, site).tobytes())
