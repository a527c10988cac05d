"""Spelling: a known-misspelling list and a careful dictionary check. No import scanning."""

from byline.checks.spelling import typo

__all__ = ["typo"]
