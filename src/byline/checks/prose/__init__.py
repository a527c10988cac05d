"""Prose rules: how sentences and paragraphs read. Listed here, no import scanning."""

from byline.checks.prose import jargon, lengths, passive, readability, rhythm, wording

__all__ = ["jargon", "lengths", "passive", "readability", "rhythm", "wording"]
