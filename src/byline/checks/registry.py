"""The rule registry: ``@check`` turns a function into a named, configurable rule.

A rule is a function ``(doc, settings) -> Iterator[Diagnostic]`` with an id
``family.name``, a default severity, a scope in Document terms and a typed settings
dataclass (a subclass of :class:`Settings`). Families list their modules in their
``__init__.py``; :func:`load_rules` imports the families, so no import scanning.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar, get_type_hints

from byline.content.document import Document
from byline.diagnostics import Diagnostic, Fix, Severity, diagnostic_at
from byline.printable import counted
from byline.schema import AtLeast, AtMost, Check, field_names, regular_expression

__all__ = [
    "FAMILIES",
    "RULES",
    "Count",
    "Limit",
    "Pattern",
    "Phrase",
    "Rule",
    "RuleFunc",
    "Scope",
    "Settings",
    "Share",
    "Word",
    "at",
    "check",
    "counted",
    "load_rules",
    "setting_names",
]

FAMILIES: tuple[str, ...] = ("prose", "structure", "format", "seo", "spelling")
"""Rule families, each a package ``byline.checks.<family>`` listing its modules."""

Scope = Literal[
    "post", "front-matter", "heading", "section", "paragraph", "sentence", "code", "image", "link"
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """What every rule can be given in ``[check.rules."RULE"]``."""

    severity: Severity = "warning"
    """How serious a finding is; the engine fills in the rule's default or the user's choice."""


Pattern = Annotated[str, Check(regular_expression)]
"""A setting that is a regular expression: checked when ``byline.toml`` is read."""

Count = Annotated[int, AtLeast(0)]
"""A number of things a post must have (words, links, sentences): 0 or more."""
Limit = Annotated[int, AtLeast(1)]
"""The most of something allowed (words, characters, columns): 1 or more, as a limit of 0
would flag everything."""
Share = Annotated[float, AtLeast(0), AtMost(1)]
"""A share from 0 to 1 (0.25 is 25 %)."""


def _word(value: str) -> str:
    if not value.strip():
        raise ValueError(
            "must be a word or phrase, not empty (it would be found everywhere): remove it"
        )
    return value


def _phrase(value: str) -> str:
    if _word(value).startswith("re:"):  # the phrase matcher compiles the rest as it is
        regular_expression(value[3:])
    return value


Word = Annotated[str, Check(_word)]
"""A word a rule looks for as written (no ``re:`` patterns): never empty."""

Phrase = Annotated[str, Check(_phrase)]
"""A word or phrase a rule looks for: never empty, which would match between every two
letters; one starting with ``re:`` is a regular expression, checked as a :data:`Pattern`."""

RuleFunc = Callable[[Document, Any], Iterator[Diagnostic]]
F = TypeVar("F", bound=Callable[..., Iterator[Diagnostic]])


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule."""

    id: str
    """``family.name``."""
    severity: Severity
    """Default severity."""
    scope: Scope
    """What the rule looks at, in Document terms."""
    func: RuleFunc
    settings_type: type[Settings]
    summary: str
    """First line of the docstring: why the rule matters."""
    doc: str
    """The whole docstring."""
    front_matter: bool
    """True when the rule judges post metadata (front matter); such rules skip files
    without front matter (imported articles, the shared corpus)."""

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    def default_settings(self) -> Settings:
        return self.settings_type(severity=self.severity)


RULES: dict[str, Rule] = {}
"""Every registered rule by id (complete after :func:`load_rules`)."""


def check(
    rule_id: str, *, severity: Severity, scope: Scope, front_matter: bool = False
) -> Callable[[F], F]:
    """Register the decorated function as rule ``rule_id``."""

    def decorate(func: F) -> F:
        hints = get_type_hints(func)
        settings_type = hints.get("settings")
        if not (isinstance(settings_type, type) and issubclass(settings_type, Settings)):
            raise TypeError(f"{rule_id}: the 'settings' parameter needs a Settings subclass")
        if rule_id in RULES and RULES[rule_id].func is not func:
            raise ValueError(f"rule {rule_id} is registered twice")
        doc = inspect.getdoc(func) or ""
        RULES[rule_id] = Rule(
            id=rule_id,
            severity=severity,
            scope=scope,
            func=func,
            settings_type=settings_type,
            summary=doc.split("\n", 1)[0],
            doc=doc,
            front_matter=front_matter,
        )
        return func

    return decorate


def load_rules() -> dict[str, Rule]:
    """Import every family and return the registry."""
    for family in FAMILIES:
        importlib.import_module(f"byline.checks.{family}")
    return RULES


def setting_names(settings_type: type[Settings]) -> list[str]:
    """The keys a rule accepts in ``byline.toml``."""
    return list(field_names(settings_type))


def at(  # noqa: PLR0917 - the one helper every rule calls
    doc: Document,
    start: int,
    end: int,
    rule: str,
    severity: Severity,
    message: str,
    *,
    fix: Fix | None = None,
    data: dict[str, Any] | None = None,
) -> Diagnostic:
    """A diagnostic for ``doc.source[start:end]``."""
    return diagnostic_at(doc, doc.span(start, end), rule, severity, message, fix=fix, data=data)
