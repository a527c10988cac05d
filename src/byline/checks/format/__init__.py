"""Format rules: code fences, images, headings, layout. Listed here, no import scanning."""

from byline.checks.format import code, headings, layout, media

__all__ = ["code", "headings", "layout", "media"]
