"""Social card images (1200x630 PNG: title, author, site) drawn with Pillow, cached by content.

A post that names its own ``image`` in front matter keeps it; every other post gets a
card, so links shared on LinkedIn, Mastodon or X show a preview. Cards are cached in
``.byline/cache/site/cards/`` by a hash of what is drawn on them.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont, ImageFont

__all__ = ["CARD_SIZE", "card_key", "make_card"]

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
    if path.exists():
        return path
    from PIL import Image, ImageDraw

    width, height = CARD_SIZE
    # Drawn in greyscale and coloured through a palette: a third of the pixels to draw
    # and compress, so a card costs a few milliseconds (1,000 posts = 1,000 cards).
    image = Image.new("L", CARD_SIZE, 0)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, height), fill=1)
    size = 68 if len(title) < 60 else 56
    font = _font(size, True)
    y = 120
    for line in _wrap(title, font, width - 160, 4):
        draw.text((88, y), line, font=font, fill=255)
        y += int(size * 1.25)
    draw.text((88, height - 130), author, font=_font(40, False), fill=215)
    draw.text((88, height - 80), site, font=_font(32, False), fill=165)
    image.putpalette(_PALETTE)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    image.save(tmp, "PNG", compress_level=1)
    os.replace(tmp, path)
    return path
