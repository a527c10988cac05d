"""The effective rule set: registered rules with the user's settings, validated.

``[check.rules."RULE"]`` tables in ``byline.toml`` set a rule's severity (or ``off``)
and its typed settings. Every problem is reported at once, and an unknown rule or
setting names the nearest real one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from byline.checks.registry import Rule, Settings, load_rules, setting_names
from byline.checks.sources import SOURCE_RULES
from byline.config import CheckConfig
from byline.content.post import nearest
from byline.diagnostics import SEVERITIES, Diagnostic
from byline.errors import ConfigError
from byline.schema import SchemaError, convert

__all__ = [
    "ActiveRule",
    "RuleSet",
    "all_rules",
    "build_ruleset",
    "is_known_rule",
    "matches_rule",
    "unknown_rule_message",
]


@dataclass(frozen=True, slots=True)
class ActiveRule:
    """A rule switched on, with its effective settings."""

    rule: Rule
    settings: Settings
    severity_set: bool
    """True when the user chose the severity (it then applies to every finding)."""


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The rules ``byline check`` runs."""

    rules: tuple[ActiveRule, ...]
    fingerprint: str
    """Hash of every effective setting (part of the result cache key)."""
    source_rules: tuple[tuple[str, str | None], ...] = ()
    """Each source rule that is on, with the severity the user chose (None: its own)."""

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(a.rule.id for a in self.rules)

    def from_sources(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """Source diagnostics with the user's settings applied: rules that are off (by
        ``severity = "off"``, ``--only`` or ``--skip``) dropped, chosen severities set."""
        active = dict(self.source_rules)
        out = []
        for d in diagnostics:
            if d.rule not in active:
                if d.rule in SOURCE_RULES:
                    continue
                out.append(d)
                continue
            severity = active[d.rule]
            out.append(d if severity is None else replace(d, severity=severity))  # type: ignore[arg-type]
        return out


def matches_rule(pattern: str, rule_id: str) -> bool:
    """``prose`` and ``prose.*`` match every prose rule; a full id matches itself."""
    pattern = pattern.removesuffix(".*")
    return rule_id == pattern or rule_id.startswith(pattern + ".")


def unknown_rule_message(name: str) -> str:
    """ "unknown rule 'X'. Did you mean 'Y'?" for a name that matches no rule or family."""
    known = sorted((*load_rules(), *SOURCE_RULES))
    families = sorted({r.split(".")[0] for r in known})
    family, dot, rest = name.partition(".")
    # A dotted name is a rule id: answering 'prose.nope' with 'prose' would switch off the
    # whole family, and the shared 'prose.' would make any prose rule look close. Compare
    # within the family by the part after the dot, then with the other families' rules
    # ('prose.title-length' is 'seo.title-length'). With nothing close, list the family.
    if dot:
        own = [r.partition(".")[2] for r in known if r.startswith(f"{family}.")]
        near = nearest(rest, own)
        others = [r for r in known if not r.startswith(f"{family}.")]
        hint = f"{family}.{near}" if near else nearest(name, others)
    else:
        hint = nearest(name, [*known, *families])
    if hint:
        return (
            f"unknown rule '{name}'. Did you mean '{hint}'? "
            "Run 'byline check --list-rules' to see them all."
        )
    if dot and family in families:
        members = ", ".join(r for r in known if r.startswith(f"{family}."))
        return f"unknown rule '{name}'. The {family} rules are {members}."
    return f"unknown rule '{name}'. Run 'byline check --list-rules' to see them all."


def is_known_rule(pattern: str) -> bool:
    """True when ``pattern`` names a rule or family byline has (on or off)."""
    return any(matches_rule(pattern, r) for r in (*load_rules(), *SOURCE_RULES))


def _line(text: str, rule_id: str, key: str | None) -> int | None:
    """Line of the ``[check.rules."RULE"]`` table (or of ``key`` inside it) in byline.toml."""
    header = re.compile(r'^\s*\[\s*check\s*\.\s*rules\s*\.\s*"' + re.escape(rule_id) + r'"\s*\]')
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if header.match(line):
            if key is None:
                return n + 1
            for m in range(n + 1, len(lines)):
                if lines[m].lstrip().startswith("["):
                    break
                if re.match(rf"^\s*\"?{re.escape(key)}\"?\s*=", lines[m]):
                    return m + 1
            return n + 1
    return next((n + 1 for n, line in enumerate(lines) if f'"{rule_id}"' in line), None)


def _unknown_rule_problem(
    rule_id: str, table: Mapping[str, Any], config_path: Path | str, config_text: str
) -> str:
    """The message for a ``[check.rules.X]`` table that names no rule."""
    inner = next((key for key, value in table.items() if isinstance(value, Mapping)), None)
    if inner is not None:
        # [check.rules.prose.hedging]: TOML reads the dots as a table 'prose' holding
        # 'hedging'; telling the writer that 'prose' is no rule would not help.
        written = f"check.rules.{rule_id}.{inner}"
        pattern = r"^\s*\[\s*" + r"\s*\.\s*".join(map(re.escape, written.split("."))) + r"\s*\]"
        line = next(
            (n + 1 for n, text in enumerate(config_text.splitlines()) if re.match(pattern, text)),
            None,
        )
        where = f"{config_path}:{line}" if line else str(config_path)
        return (
            f"{where}: [{written}] names rule '{rule_id}' (TOML reads the dots as tables). "
            f'Quote the rule id: [check.rules."{rule_id}.{inner}"].'
        )
    line = _line(config_text, rule_id, None)
    where = f"{config_path}:{line}" if line else str(config_path)
    return f"{where}: {unknown_rule_message(rule_id)}"


_SET_BY_BYLINE = ("vocabulary",)
"""Settings byline fills in for a rule (the blog's vocabulary), never read from its table."""


def _settings_for(
    rule: Rule, table: Mapping[str, Any], problems: list[tuple[str | None, str]]
) -> tuple[Settings, bool, bool]:
    """(settings, severity_set, off) for one rule's table; problems appended.

    Rules the user did not configure skip validation.
    """
    if not table:
        return rule.default_settings(), False, False
    values = dict(table)
    severity = values.pop("severity", None)
    off = severity == "off"
    if severity is not None and severity != "off" and severity not in SEVERITIES:
        problems.append(
            (
                "severity",
                f"'check.rules.\"{rule.id}\".severity' must be one of "
                f"{', '.join((*SEVERITIES, 'off'))}, not {severity!r}. Fix the value.",
            )
        )
        severity = None
    names = setting_names(rule.settings_type)
    known = tuple(n for n in names if n not in _SET_BY_BYLINE)
    for key in list(values):
        if key in _SET_BY_BYLINE and key in names:
            problems.append(
                (
                    key,
                    f"'check.rules.\"{rule.id}\".{key}' is set by byline. Put the words in "
                    "[check] vocabulary (or vocabulary.txt in the blog folder), which every "
                    "rule reads.",
                )
            )
            del values[key]
        elif key not in known or key == "severity":
            hint = nearest(key, known)
            did_you_mean = f" Did you mean '{hint}'?" if hint else ""
            problems.append(
                (
                    key,
                    f"unknown setting '{key}' for rule '{rule.id}'.{did_you_mean} "
                    f"Known: {', '.join(known)}.",
                )
            )
            del values[key]
    base = rule.default_settings()
    merged = {f.name: getattr(base, f.name) for f in fields(base)}
    merged.update(values)
    merged["severity"] = severity if severity in SEVERITIES else rule.severity
    try:
        settings = convert(merged, rule.settings_type)
    except SchemaError as exc:
        for problem in exc.problems:
            key = problem.loc[0] if problem.loc else ""
            where = ".".join(problem.loc)
            problems.append(
                (key, f"'check.rules.\"{rule.id}\".{where}' {problem.message}. Fix the value.")
            )
        settings = base
    return settings, severity in SEVERITIES, off


def build_ruleset(
    config: CheckConfig,
    *,
    only: Iterable[str] = (),
    skip: Iterable[str] = (),
    vocabulary: Iterable[str] = (),
    config_path: Path | str = "byline.toml",
    config_text: str = "",
) -> RuleSet:
    """The rules to run: the registry, ``config.rules``, ``--only`` and ``--skip``.

    Raises ``ConfigError`` listing every unknown rule, unknown setting and bad value.
    """
    rules = load_rules()
    only, skip = tuple(only), tuple(skip)
    problems: list[str] = []
    for name in (*only, *skip):
        if not is_known_rule(name):
            problems.append(f"--only/--skip: {unknown_rule_message(name)}")
    for rule_id, table in config.rules.items():
        if rule_id not in rules and rule_id not in SOURCE_RULES:
            problems.append(_unknown_rule_problem(rule_id, table, config_path, config_text))
    vocab = tuple(dict.fromkeys(vocabulary))
    active: list[ActiveRule] = []
    for rule_id in sorted(rules):
        rule = rules[rule_id]
        local: list[tuple[str | None, str]] = []
        settings, severity_set, off = _settings_for(rule, config.rules.get(rule_id, {}), local)
        for key, message in local:
            line = _line(config_text, rule_id, key)
            problems.append(
                f"{config_path}:{line}: {message}" if line else f"{config_path}: {message}"
            )
        if "vocabulary" in setting_names(rule.settings_type):
            settings = replace(settings, vocabulary=vocab)  # type: ignore[call-arg]
        if off or (only and not any(matches_rule(p, rule_id) for p in only)):
            continue
        if any(matches_rule(p, rule_id) for p in skip):
            continue
        active.append(ActiveRule(rule, settings, severity_set))
    sources = _source_rules(config, only, skip, problems, config_path, config_text)
    if problems:
        raise ConfigError(problems[0], problems=problems)
    digest = hashlib.sha256(repr([(a.rule.id, a.settings) for a in active]).encode())
    return RuleSet(tuple(active), digest.hexdigest(), sources)


def _source_rules(  # noqa: PLR0917 - one caller, all parts of the same config
    config: CheckConfig,
    only: tuple[str, ...],
    skip: tuple[str, ...],
    problems: list[str],
    config_path: Path | str,
    config_text: str,
) -> tuple[tuple[str, str | None], ...]:
    """Source rules that stay on, with their chosen severity; bad settings appended."""
    out = []
    for rule_id in sorted(SOURCE_RULES):
        table = dict(config.rules.get(rule_id, {}))
        severity = table.pop("severity", None)
        for key in table:
            line = _line(config_text, rule_id, key)
            where = f"{config_path}:{line}" if line else str(config_path)
            problems.append(
                f"{where}: unknown setting '{key}' for rule '{rule_id}'. Known: severity."
            )
        if severity is not None and severity != "off" and severity not in SEVERITIES:
            line = _line(config_text, rule_id, "severity")
            where = f"{config_path}:{line}" if line else str(config_path)
            problems.append(
                f"{where}: 'check.rules.\"{rule_id}\".severity' must be one of "
                f"{', '.join((*SEVERITIES, 'off'))}, not {severity!r}. Fix the value."
            )
            severity = None
        if severity == "off" or (only and not any(matches_rule(p, rule_id) for p in only)):
            continue
        if any(matches_rule(p, rule_id) for p in skip):
            continue
        out.append((rule_id, severity))
    return tuple(out)


def all_rules() -> dict[str, Rule]:
    """Every registered rule (for ``--list-rules`` and the docs)."""
    return dict(sorted(load_rules().items()))
