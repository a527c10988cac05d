"""Run results as diagnostics: ``code.failed``, ``code.timeout``, ``code.output-mismatch``,
``code.not-standalone`` after a run; ``code.untested`` and ``code.stale-output`` without one.

Each diagnostic sits at the post line that matters: the line inside the block where the
exception was raised (tracebacks carry post paths and lines already), the ``$ `` command
or ``>>>`` example whose output differs, else the block's opening fence.
"""

from __future__ import annotations

from collections.abc import Iterator

from byline.content.document import CodeBlock, Document, Span
from byline.diagnostics import Diagnostic, diagnostic_at
from byline.run.engine import PostRun, Runner
from byline.run.expect import diff, first_difference, matches, normalise
from byline.run.plan import Step
from byline.run.results import BlockResult, Mismatch, seconds

__all__ = ["output_mismatch", "run_diagnostics", "static_diagnostics"]


def _line(doc: Document, line: int) -> Span:
    """The span of one whole 1-based source line."""
    return doc.lines.line_span(line - 1, line)


def _fence(doc: Document, block: CodeBlock) -> Span:
    return _line(doc, block.span.line)


def _shorten(text: str, size: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= size else text[: size - 3] + "..."


def _tail(output: str, lines: int = 20) -> str:
    return "\n".join(output.split("\n")[-lines:])


def output_mismatch(step: Step, result: BlockResult) -> tuple[str, str] | None:
    """(expected, actual) when the ``output`` fence does not match the block's output."""
    if step.expected is None or step.check == "none" or step.kind in ("console", "pycon"):
        return None
    expected = normalise(step.expected.code)
    if matches(expected, result.output, step.check):
        return None
    return expected, result.output


def _difference(expected: str, actual: str) -> str:
    line, want, got = first_difference(expected, actual)
    return f"line {line}: expected '{_shorten(want)}', got '{_shorten(got)}'"


def run_diagnostics(post: PostRun, *, skip_outputs: bool = False) -> Iterator[Diagnostic]:
    """What went wrong in a run of ``post``; ``skip_outputs`` when ``--update`` fixed them."""
    doc = post.doc
    for problem in post.plan.problems:
        yield diagnostic_at(
            doc,
            _fence(doc, problem.block),
            "code.failed",
            "error",
            f"This block was not run: {problem.message}",
        )
    for pattern in post.missing_files:
        line = doc.front_matter.lines.get("files") or doc.front_matter.lines.get("deps") or 1
        yield diagnostic_at(
            doc,
            _line(doc, line),
            "code.failed",
            "error",
            f"'{pattern}' in files: matches no file in the blog. "
            "Fix the path (it is relative to the blog folder) or add the file.",
        )
    for step in post.plan.steps:
        result = post.block(step)
        if result is not None:
            yield from _block(doc, step, result, post, skip_outputs=skip_outputs)


def _block(
    doc: Document, step: Step, result: BlockResult, post: PostRun, *, skip_outputs: bool
) -> Iterator[Diagnostic]:
    lang = step.block.lang
    at = _line(doc, result.error_line) if result.error_line else _fence(doc, step.block)
    data = {"session": step.session, "traceback": result.traceback, "output": _tail(result.output)}
    if result.status == "failed":
        hint = "Fix the code"
        if lang in ("python", "py", "python3") and result.traceback:
            name = result.error.split(":")[0].rsplit(".", 1)[-1]
            hint += f", or mark the block raises={name} if the error is the point"
        yield diagnostic_at(
            doc,
            at,
            "code.failed",
            "error",
            f"This {lang} block failed: {result.error}. {hint}.",
            data=data,
        )
    elif result.status == "timeout":
        where = f" (it was at line {result.error_line})" if result.error_line else ""
        yield diagnostic_at(
            doc,
            at,
            "code.timeout",
            "error",
            f"This {lang} block did not finish within {seconds(step.timeout)} "
            f"and was stopped{where}. Make it faster, or raise the limit with "
            "timeout=SECONDS on the fence or [run] timeout in byline.toml.",
            data=data,
        )
    yield from _mismatches(doc, step, result.mismatches, data)
    if result.status == "passed" and not skip_outputs:
        found = output_mismatch(step, result)
        if found is not None:
            expected, actual = found
            yield diagnostic_at(
                doc,
                _fence(doc, step.block),
                "code.output-mismatch",
                "error",
                f"The output differs from the output fence "
                f"({_difference(expected, actual)}). Run 'byline run --update "
                f"{doc.path}' to take the new output, or fix the code.",
                data={**data, "diff": diff(expected, actual)},
            )
    alone = post.standalone(step)
    if alone is not None and alone.status != "passed" and result.status == "passed":
        yield diagnostic_at(
            doc,
            _fence(doc, step.block),
            "code.not-standalone",
            "error",
            f"This block is marked standalone but fails when run alone: "
            f"{alone.error}. Add the imports and definitions it needs from "
            "earlier blocks, or drop 'standalone'.",
            data={"traceback": alone.traceback},
        )


def _mismatches(
    doc: Document, step: Step, mismatches: list[Mismatch], data: dict[str, str]
) -> Iterator[Diagnostic]:
    what = "command" if step.kind == "console" else "example"
    for m in mismatches:
        expected, actual = normalise(m.expected), normalise(m.actual)
        yield diagnostic_at(
            doc,
            _line(doc, step.block.code_span.line + m.offset),
            "code.output-mismatch",
            "error",
            f"This {what}'s output differs from the one shown "
            f"({_difference(expected, actual)}). Fix the transcript or the code.",
            data={**data, "diff": diff(expected, actual)},
        )


def static_diagnostics(runner: Runner, doc: Document) -> Iterator[Diagnostic]:
    """Without running: blocks never passed at their content, and stale output fences."""
    post = runner.plan(doc)
    for unit in post.plan.units:
        if unit.standalone:
            continue
        found = runner.cached(post, unit)
        for n, step in enumerate(unit.steps):
            result = found.blocks[n] if found is not None else None
            if result is None and not runner.cache.passed(step):
                yield diagnostic_at(
                    doc,
                    _fence(doc, step.block),
                    "code.untested",
                    "warning",
                    f"This {step.block.lang} block has not passed since it last "
                    f"changed. Run 'byline run {doc.path}' to test it.",
                )
            if result is None or result.status != "passed" or step.expected is None:
                continue
            stale = output_mismatch(step, result)
            if stale is not None:
                yield diagnostic_at(
                    doc,
                    _fence(doc, step.expected),
                    "code.stale-output",
                    "error",
                    f"This output fence no longer matches what the block above "
                    f"prints ({_difference(*stale)}). Run 'byline run --update "
                    f"{doc.path}' to refresh it.",
                    data={"diff": diff(*stale)},
                )
