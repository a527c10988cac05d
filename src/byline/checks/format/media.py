"""Images: alt text for every image that carries meaning."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from byline.checks.registry import Settings, at, check
from byline.content.document import Document, Image
from byline.diagnostics import Diagnostic

__all__ = ["ImageAltSettings"]

_DECORATIVE = re.compile(
    r"""role\s*=\s*["']?(?:presentation|none)|aria-hidden\s*=\s*["']?true""", re.I
)
_FILE_NAME = re.compile(r"^[\w\-. ]+\.(?:png|jpe?g|gif|svg|webp|avif)$", re.I)


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageAltSettings(Settings):
    vague: tuple[str, ...] = ("image", "img", "picture", "photo", "screenshot", "figure", "diagram")
    """Alt texts that say nothing about the image."""


def _problem(doc: Document, image: Image, vague: set[str]) -> str | None:
    alt = (image.alt or "").strip()
    if image.html and image.alt == "":
        if _DECORATIVE.search(doc.source[image.span.start : image.span.end]):
            return None
        return 'This image has an empty alt. Describe it, or mark it role="presentation".'
    if not alt:
        return "This image has no alt text. Describe what it shows for readers who cannot see it."
    if alt.lower() in vague or _FILE_NAME.match(alt):
        return f"The alt text '{alt}' says nothing. Describe what the image shows."
    return None


@check("format.image-alt", severity="error", scope="image")
def image_alt(doc: Document, settings: ImageAltSettings) -> Iterator[Diagnostic]:
    """Screen-reader users and search engines only get the alt text of an image.

    Every image needs alt text that says what it shows (Lighthouse and axe
    ``image-alt``); a decorative HTML image says so with ``role="presentation"``.
    """
    vague = {v.lower() for v in settings.vague}
    for image in doc.images:
        message = _problem(doc, image, vague)
        if message:
            span = image.alt_span if image.alt_span and image.alt else image.span
            yield at(doc, span.start, span.end, "format.image-alt", settings.severity, message)
