"""Post templates: the sections of each post type, with word budgets and prompts.

The data lives in one TOML file per type next to this module (``tutorial.toml``, ...);
``docs/templates.md`` shows them as tables.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from byline.content.post import POST_TYPES, PostType

__all__ = ["SectionSpec", "Template", "load_template", "templates"]


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One section a post type should have."""

    title: str
    """Default H2 text."""
    min: int
    """Fewest words the section should have."""
    max: int
    """Most words the section should have."""
    prompt: str
    """What the section must contain, in one line."""
    aliases: tuple[str, ...] = ()
    """Other headings that count as this section (lower case)."""
    needs: tuple[str, ...] = ()
    """Elements the section should include: ``code``, ``diagram``, ``table``."""
    subsections: tuple[str, ...] = ()
    """H3 headings scaffolded under the section."""


@dataclass(frozen=True, slots=True)
class Template:
    """A post type's structure."""

    type: PostType
    summary: str
    best_for: str
    sections: tuple[SectionSpec, ...]

    @property
    def min_words(self) -> int:
        return sum(s.min for s in self.sections)

    @property
    def max_words(self) -> int:
        return sum(s.max for s in self.sections)


def _section(data: dict[str, Any]) -> SectionSpec:
    return SectionSpec(
        title=str(data["title"]),
        min=int(data["min"]),
        max=int(data["max"]),
        prompt=str(data["prompt"]),
        aliases=tuple(str(a).lower() for a in data.get("aliases", ())),
        needs=tuple(data.get("needs", ())),
        subsections=tuple(data.get("subsections", ())),
    )


@cache
def load_template(post_type: PostType) -> Template:
    """The template of ``post_type``."""
    text = resources.files(__package__).joinpath(f"{post_type}.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return Template(
        type=post_type,
        summary=str(data["summary"]),
        best_for=str(data["best_for"]),
        sections=tuple(_section(s) for s in data["sections"]),
    )


def templates() -> list[Template]:
    """All six templates in the order of ``POST_TYPES``."""
    return [load_template(t) for t in POST_TYPES]
