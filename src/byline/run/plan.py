"""Which blocks of a post run, how, and in which session: the pure part of the runner.

A *session* is an ordered list of blocks sharing one work folder and one Python
interpreter (``session=NAME``, default ``main``): Python, ``pycon``, shell and mapped
languages alike, so a ``bash`` block can write the file the next Python block reads.
Sessions are independent of each other, which makes each one a unit of caching and of
parallel work. A ``standalone`` block also runs alone in a fresh interpreter, proving
its imports are complete.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Literal

from byline.config import MAX_TIMEOUT
from byline.content.document import CodeBlock, Document
from byline.content.post import nearest
from byline.run.expect import CheckMode

__all__ = ["Kind", "Plan", "Problem", "Step", "Unit", "kind_of", "plan_post"]

Kind = Literal["python", "pycon", "bash", "console", "command", "file"]

LANGS: dict[str, Kind] = {
    "python": "python",
    "py": "python",
    "python3": "python",
    "pycon": "pycon",
    "bash": "bash",
    "sh": "bash",
    "shell": "bash",
    "console": "console",
    "shell-session": "console",
}
NORUN = ("norun", "notest", "skip")
CHECKS: tuple[CheckMode, ...] = ("ellipsis", "exact", "none")
DEFAULT_SESSION = "main"
OPTIONS = ("session", "norun", "raises", "timeout", "standalone", "check", "file", "figure")
"""The fence options, as the docs list them (``NORUN`` and ``eval`` are spellings of norun)."""
_KNOWN_OPTIONS = (*OPTIONS, *NORUN, "eval")
_DOTTED = re.compile(r"^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)*$")
_FILE = re.compile(r"^(?!/)(?!.*(^|/)\.\.(/|$))[\w.\-/]+$")


@dataclass(frozen=True, slots=True)
class Step:
    """One runnable block with its options resolved."""

    index: int
    """Position in ``Document.code_blocks``."""
    block: CodeBlock
    kind: Kind
    session: str
    timeout: float
    raises: str | None = None
    standalone: bool = False
    check: CheckMode = "ellipsis"
    expected: CodeBlock | None = None
    """The ``output`` fence right after the block, if any."""
    command: str | None = None
    """For a language mapped in ``[run] commands``: the command template."""
    file: str | None = None
    """``file=NAME``: written into the work folder instead of run."""

    @property
    def identity(self) -> list[str]:
        """What decides the block's effect: everything but display and time options."""
        return [
            self.kind,
            self.block.lang,
            self.block.code,
            self.raises or "",
            self.file or "",
            self.command or "",
        ]


@dataclass(frozen=True, slots=True)
class Unit:
    """A session of one post: the unit of caching, isolation and parallel work."""

    session: str
    steps: tuple[Step, ...]
    standalone: bool = False
    """A single block run alone in a fresh interpreter."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A block whose options cannot be honoured; it is not run."""

    block: CodeBlock
    message: str


@dataclass(slots=True)
class Plan:
    """Everything ``byline run`` will do with one post."""

    units: list[Unit] = field(default_factory=list)
    skipped: list[CodeBlock] = field(default_factory=list)
    """Runnable languages marked ``norun``."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def steps(self) -> list[Step]:
        """Every runnable block in source order (each once, standalone checks aside)."""
        steps = [s for u in self.units if not u.standalone for s in u.steps]
        return sorted(steps, key=lambda s: s.index)


def kind_of(lang: str, commands: dict[str, str]) -> Kind | None:
    """How a language runs, or None when it is display-only."""
    if lang in commands:
        return "command"
    return LANGS.get(lang)


def plan_post(doc: Document, *, timeout: float, commands: dict[str, str]) -> Plan:
    """Group the runnable blocks of ``doc`` into sessions, in source order."""
    plan = Plan()
    expected = _output_fences(doc)
    sessions: dict[str, list[Step]] = {}
    for index, block in enumerate(doc.code_blocks):
        if not block.fenced:
            continue
        step_or_problem = _step(index, block, expected.get(id(block)), timeout, commands)
        if step_or_problem is None:
            if kind_of(block.lang, commands) is not None and _norun(block):
                plan.skipped.append(block)
            continue
        if isinstance(step_or_problem, Problem):
            plan.problems.append(step_or_problem)
            continue
        sessions.setdefault(step_or_problem.session, []).append(step_or_problem)
    for name, steps in sessions.items():
        plan.units.append(Unit(name, tuple(steps)))
        plan.units += [Unit(f"standalone@{s.index}", (s,), True) for s in steps if s.standalone]
    return plan


def _output_fences(doc: Document) -> dict[int, CodeBlock]:
    """Each block followed directly by an ``output`` fence, by ``id`` of the block."""
    out: dict[int, CodeBlock] = {}
    for before, after in zip(doc.blocks, doc.blocks[1:], strict=False):
        if (
            isinstance(before, CodeBlock)
            and isinstance(after, CodeBlock)
            and after.lang == "output"
            and before.lang != "output"
        ):
            out[id(before)] = after
    return out


def _norun(block: CodeBlock) -> bool:
    options = block.options
    return any(flag in options for flag in NORUN) or options.get("eval") == "false"


def _or(words: tuple[str, ...]) -> str:
    return f"{', '.join(words[:-1])} or {words[-1]}"


def _unknown_option(block: CodeBlock, known: tuple[str, ...], use: str) -> str | None:
    """The message for the first option of ``block`` byline does not know, if any.

    A ``{.python .class key=value}`` info string is Pandoc's attribute syntax, whose
    classes and keys belong to other tools: it is left alone.
    """
    if block.info.lstrip().startswith("{"):
        return None
    for option in block.options:
        if option not in known:
            hint = nearest(option, known)
            did_you_mean = f" Did you mean '{hint}'?" if hint else ""
            return f"unknown option '{option}' in '{block.info}'.{did_you_mean} {use}"
    return None


def _step(
    index: int,
    block: CodeBlock,
    expected: CodeBlock | None,
    default_timeout: float,
    commands: dict[str, str],
) -> Step | Problem | None:
    options = block.options
    file = options.get("file")
    kind = "file" if file is not None else kind_of(block.lang, commands)
    if kind is None or _norun(block):
        return None
    where = f"'{block.info}'"
    if unknown := _unknown_option(block, _KNOWN_OPTIONS, f"Use {_or(OPTIONS)}."):
        return Problem(block, unknown)
    if expected is not None and (
        unknown := _unknown_option(expected, ("check",), "An output fence takes only check=.")
    ):
        return Problem(block, unknown)
    timeout = default_timeout
    if "timeout" in options:
        try:
            timeout = float(options["timeout"])
        except ValueError:
            timeout = -1.0
        if not (timeout > 0 and math.isfinite(timeout)):
            return Problem(
                block,
                f"timeout={options['timeout']} in {where} is not a positive number "
                "of seconds. Write timeout=SECONDS, such as timeout=60.",
            )
        if timeout > MAX_TIMEOUT:  # a mistake, and past what the clock calls accept
            return Problem(
                block,
                f"timeout={options['timeout']} in {where} is more than a day. "
                f"Write timeout=SECONDS, at most {MAX_TIMEOUT}.",
            )
    check = options.get("check", "ellipsis")
    if expected is not None and "check" in expected.options:  # ```output check=none
        check = expected.options["check"]
    if check not in CHECKS:
        return Problem(
            block,
            f"check={check} in {where} is not a known comparison. "
            "Use check=ellipsis (the default), check=exact or check=none.",
        )
    raises = options.get("raises") or None
    if "raises" in options and (raises is None or not _DOTTED.match(raises)):
        return Problem(
            block,
            f"raises={options['raises']} in {where} is not an exception "
            "name. Write the class name, such as raises=ValueError.",
        )
    if file is not None and not _FILE.match(file):
        return Problem(
            block,
            f"file={file} in {where} is not a relative file name. "
            "Write a path inside the work folder, such as file=train.py.",
        )
    session = options.get("session") or DEFAULT_SESSION
    return Step(
        index=index,
        block=block,
        kind=kind,
        session=session,
        timeout=timeout,
        raises=raises,
        standalone="standalone" in options and kind == "python",
        check=check,
        expected=expected,
        command=commands.get(block.lang) if kind == "command" else None,
        file=file,
    )
