"""Shell blocks: ``bash``/``sh`` scripts, ``console`` transcripts, mapped languages.

A ``console`` block is a transcript: ``$ `` lines are commands (a trailing backslash
continues one), the lines after each are its expected output. The commands run in one
``bash`` process, so ``cd`` and variables carry over as in a terminal, with a marker
after each command to split the output and stop at the first failure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from byline.run.expect import matches, normalise
from byline.run.plan import Step
from byline.run.proc import Outcome
from byline.run.results import BlockResult, Mismatch, seconds

__all__ = ["Command", "console_result", "console_script", "exit_result", "parse_console"]

_MARK = "\x1ebyline-rc:"
_MARK_RE = re.compile("\x1ebyline-rc:(\\d+)\x1e\n?")
_BASH_LINE = re.compile(r"(?:^|\n)(?:bash|[^:\n]*): line (\d+):")


@dataclass(frozen=True, slots=True)
class Command:
    """One ``$ `` command of a console transcript."""

    offset: int
    """0-based line of its ``$ `` inside the block."""
    text: str
    expected: str


def parse_console(code: str) -> list[Command]:
    """The commands of a transcript with the output shown after each."""
    commands: list[Command] = []
    lines = code.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not (line.startswith("$ ") or line == "$"):
            i += 1
            continue
        offset, parts = i, [line[2:]]
        while parts[-1].endswith("\\") and i + 1 < len(lines):
            i += 1
            parts.append(lines[i].removeprefix("> "))
        i += 1
        expected: list[str] = []
        while i < len(lines) and not (lines[i].startswith("$ ") or lines[i] == "$"):
            expected.append(lines[i])
            i += 1
        commands.append(Command(offset, "\n".join(parts), "\n".join(expected)))
    return commands


def console_script(code: str) -> tuple[str, list[Command]]:
    """A bash script running each command and printing its exit status after it."""
    commands = parse_console(code)
    lines = ["exec 2>&1", "set -o pipefail"]
    for command in commands:
        lines += [
            command.text,
            "__byline_rc=$?",
            f"printf '{_MARK}%d\\036\\n' \"$__byline_rc\"",
            '[ "$__byline_rc" -eq 0 ] || exit "$__byline_rc"',
        ]
    return "\n".join(lines) + "\n", commands


def console_result(
    outcome: Outcome, commands: list[Command], step: Step, folders: tuple[str, ...]
) -> BlockResult:
    """Compare each command's output with the transcript; the first failure stops it."""
    pieces = _MARK_RE.split(outcome.output)
    outputs, codes = pieces[0::2], [int(c) for c in pieces[1::2]]
    result = BlockResult("passed", output=_MARK_RE.sub("", outcome.output))
    first_line = step.block.code_span.line
    for n, command in enumerate(commands):
        if n >= len(codes):
            return _unfinished(result, outcome, step, command, first_line)
        actual = normalise(outputs[n], folders)
        if not matches(normalise(command.expected), actual, step.check):
            result.mismatches.append(Mismatch(command.offset, command.expected.strip("\n"), actual))
        if codes[n] != 0:
            result.status = "failed"
            result.error = f"'{command.text}' exited with status {codes[n]}"
            result.error_line = first_line + command.offset
            return result
    return result


def _unfinished(
    result: BlockResult, outcome: Outcome, step: Step, command: Command, first_line: int
) -> BlockResult:
    result.status = "timeout" if outcome.state == "timeout" else "failed"
    result.error_line = first_line + command.offset
    if outcome.state == "timeout":
        result.error = f"'{command.text}' did not finish within {seconds(step.timeout)}"
    else:
        result.error = f"'{command.text}' stopped the shell (status {outcome.returncode})"
    return result


def exit_result(outcome: Outcome, step: Step, program: str) -> BlockResult:
    """A script's result from its exit status, with bash's ``line N:`` mapped to the post."""
    result = BlockResult("passed", output=outcome.output)
    if outcome.state == "timeout":
        result.status = "timeout"
        result.error = f"it did not finish within {seconds(step.timeout)}"
        return result
    if outcome.returncode:
        result.status = "failed"
        result.error = f"{program} exited with status {outcome.returncode}"
        found = _BASH_LINE.findall(outcome.output)
        if found and step.kind == "bash":
            line = step.block.code_span.line + int(found[-1]) - 1
            if line <= step.block.code_span.end_line:
                result.error_line = line
        tail = [line for line in outcome.output.strip().split("\n") if line.strip()][-1:]
        if tail:
            result.error += f": {tail[0].strip()[:200]}"
    return result
