"""An image on disk: it decodes, and it is not so heavy that readers on phones wait for it."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

__all__ = ["ImageInfo", "inspect_image"]

# Formats Pillow cannot read but browsers show: checked for existence and size only.
_NOT_DECODED = frozenset([".svg", ".svgz"])


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """What byline learnt about one image file."""

    size: int
    """Bytes on disk."""
    format: str
    """Pillow's format name (``PNG``, ``JPEG``, ``WEBP``...), or the suffix for SVG."""
    problem: str = ""
    """Why the file cannot be shown ('' when it decodes)."""


def inspect_image(path: Path) -> ImageInfo:
    """Decode ``path`` with Pillow (header and data) and measure it; never raises."""
    size = path.stat().st_size
    if path.suffix.lower() in _NOT_DECODED:
        return ImageInfo(size, path.suffix.lower().lstrip(".").upper())
    try:
        with warnings.catch_warnings():
            # A decompression-bomb warning is a finding here, not a crash.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                fmt = image.format or ""
                image.verify()
            with Image.open(path) as image:
                image.load()  # verify() skips pixel data; truncated files fail here
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        return ImageInfo(size, "", _reason(exc))
    except Image.DecompressionBombWarning:
        return ImageInfo(size, "", "it is too large to decode safely")
    except (OSError, SyntaxError, ValueError) as exc:
        return ImageInfo(size, "", f"it is damaged ({exc})")
    return ImageInfo(size, fmt)


def _reason(exc: Exception) -> str:
    if isinstance(exc, UnidentifiedImageError):
        return "it is not an image format Pillow can read"
    return "it is too large to decode safely"
