"""Structure rules: thesis, template, outline and the arc of a post. No import scanning."""

from byline.checks.structure import arc, metadata, template

__all__ = ["arc", "metadata", "template"]
