"""Running one session: a fresh work folder, one Python child, each block in order.

A timeout or a dead interpreter ends the session: the blocks after it are reported as
aborted rather than run against a stuck or missing process. At the end, every process
the session started is killed (those that left its process groups too, by the marker
variable ``BYLINE_SESSION`` in their environment), and the work folder and the scratch
folder (figures, scripts of mapped languages) are removed whatever the blocks did to them.
"""

from __future__ import annotations

import datetime as dt
import platform
import secrets
import shlex
import shutil
import signal
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from byline.run import shell
from byline.run.expect import normalise
from byline.run.isolation import Isolation, build_env, copy_files, network_prefix
from byline.run.plan import Step, Unit
from byline.run.proc import Outcome, PythonChild, run_command
from byline.run.reap import Children, kill_marked
from byline.run.results import BlockResult, Mismatch, UnitResult, seconds

__all__ = ["MARKER", "Context", "run_unit"]

MARKER = "BYLINE_SESSION"
"""The variable, unique per session, by which its stray processes are found at the end."""


@dataclass(frozen=True, slots=True)
class Context:
    """Everything a session needs besides its blocks."""

    root: Path
    """The blog folder (``files:`` are relative to it)."""
    post: str
    """The post's path as shown to the user; tracebacks use it as the file name."""
    python: tuple[str, ...]
    """The interpreter command."""
    isolation: Isolation
    environ: Mapping[str, str]
    """Where declared variables are read from (byline's own environment)."""
    post_env: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()
    limit: int = 1_000_000
    grace: float = 5.0
    """Seconds between the interrupt and the kill after a timeout."""
    children: Children | None = None
    """The run's live process groups: an interrupt kills them and stops the session."""


class _Session:
    def __init__(self, unit: Unit, ctx: Context, work: Path, scratch: Path) -> None:
        self.unit, self.ctx, self.work, self.scratch = unit, ctx, work, scratch
        self.env = build_env(work, ctx.isolation, ctx.post_env, ctx.environ)
        self.marker = secrets.token_hex(8)
        self.env[MARKER] = self.marker
        prefix = network_prefix() if ctx.isolation.offline else None
        self.prefix = list(prefix or ())
        self.child: PythonChild | None = None
        self.folders = (str(work), str(work.resolve()))
        self.aborted = False

    def close(self) -> None:
        if self.child is not None:
            self.child.close()
        kill_marked(MARKER, self.marker)

    def run(self, step: Step) -> BlockResult:
        if self.ctx.children is not None and self.ctx.children.stopped:
            self.aborted = True
        if self.aborted:
            return BlockResult("aborted", error="not run: the session stopped at an earlier block")
        start = time.perf_counter()
        result = self._dispatch(step)
        result.seconds = round(time.perf_counter() - start, 6)
        result.output = normalise(result.output, self.folders)
        if result.status in ("timeout", "failed") and step.kind in ("python", "pycon"):
            self.aborted = self.child is None or not self.child.alive
        return result

    def _dispatch(self, step: Step) -> BlockResult:
        if step.kind == "file":
            target = self.work / (step.file or "block")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(step.block.code, encoding="utf-8")
            return BlockResult("passed")
        if step.kind in ("python", "pycon"):
            return self._python(step)
        if not self.work.is_dir():  # a process cannot start in a folder that is gone
            return BlockResult(
                "failed", error="an earlier block of its session deleted the work folder it runs in"
            )
        if step.kind == "console":
            script, commands = shell.console_script(step.block.code)
            outcome = self._command(["bash", "-c", script], step)
            return shell.console_result(outcome, commands, step, self.folders)
        if step.kind == "command":
            path = self.scratch / f"block-{step.index}.{step.block.lang}"
            path.write_text(step.block.code, encoding="utf-8")
            argv = [w.replace("{file}", str(path)) for w in shlex.split(step.command or "")]
            return shell.exit_result(self._command(argv, step), step, argv[0] if argv else "")
        argv = ["bash", "-euo", "pipefail", "-c", step.block.code]
        return shell.exit_result(self._command(argv, step), step, "bash")

    def _command(self, argv: list[str], step: Step) -> Outcome:
        try:
            return run_command(
                [*self.prefix, *argv],
                cwd=self.work,
                env=self.env,
                timeout=step.timeout,
                grace=self.ctx.grace,
                limit=self.ctx.limit,
                children=self.ctx.children,
            )
        except OSError as exc:
            return Outcome("died", f"cannot start {argv[0]}: {exc.strerror}\n", None, 127)

    def _python(self, step: Step) -> BlockResult:
        if self.child is None:
            started = self._start(step)
            if started is not None:
                self.aborted = True
                return started
        assert self.child is not None
        request = {
            "code": step.block.code,
            "filename": self.ctx.post,
            "line": step.block.code_span.line,
            "mode": "doctest" if step.kind == "pycon" else "exec",
            "raises": step.raises or "",
            "figures": str(self.scratch),
            "stem": f"block{step.index}",
        }
        return python_result(self.child.execute(request, step.timeout), step, self.ctx.post)

    def _start(self, step: Step) -> BlockResult | None:
        # Checked here too: behind an ``unshare --net`` prefix a missing interpreter would
        # only show as a child that never says hello.
        if shutil.which(self.ctx.python[0]) is None:
            return BlockResult(
                "failed", error=f"cannot start {self.ctx.python[0]}: No such file or directory"
            )
        try:
            self.child = PythonChild(
                [*self.prefix, *self.ctx.python],
                cwd=self.work,
                env=self.env,
                limit=self.ctx.limit,
                grace=self.ctx.grace,
                children=self.ctx.children,
            )
        except OSError as exc:
            return BlockResult("failed", error=f"cannot start {self.ctx.python[0]}: {exc.strerror}")
        hello = self.child.start(max(30.0, step.timeout))
        if hello.state == "ok":
            return None
        return BlockResult(
            "failed",
            output=hello.output,
            error=f"the Python interpreter {' '.join(self.ctx.python)} did not start",
        )


def python_result(outcome: Outcome, step: Step, filename: str) -> BlockResult:
    """A Python block's result from the child's reply (``filename``: the post's, as sent)."""
    reply = outcome.reply or {}
    result = BlockResult("passed", output=outcome.output)
    result.figures = [_read(p) for p in reply.get("figures", [])]
    if outcome.state == "timeout":
        result.status = "timeout"
        _set_error(result, (outcome.interrupted or {}).get("error"), step, filename)
        result.error = f"it did not finish within {seconds(step.timeout)}"
        return result
    if outcome.state == "died":
        result.status = "failed"
        result.error = _death(outcome.returncode)
        return result
    error = reply.get("error")
    if error is not None and error.get("clean_exit") and not step.raises:
        error = None  # sys.exit() or exit status 0: the script ended well
    error_line = None
    for failure in reply.get("doctest", []):
        if failure["error"] is None:
            offset = int(failure["line"]) - step.block.code_span.line
            result.mismatches.append(Mismatch(offset, failure["expected"], failure["actual"]))
        elif error is None:  # an unexpected exception: a failure at its example
            error, error_line = failure["error"], int(failure["line"])
    if error is None and step.raises:
        result.status = "failed"
        result.error = f"it was expected to raise {step.raises}, but it raised nothing"
    elif error is not None:
        _set_error(result, error, step, filename)
        result.error_line = result.error_line or error_line
        named = step.raises in error.get("names", []) or error.get("expected")
        if not (step.raises and named):
            result.status = "failed"
    return result


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        oom = " (the system's out-of-memory killer sends it too)" if name == "SIGKILL" else ""
        return f"the Python interpreter was killed by {name} while running this block{oom}"
    return f"the Python interpreter exited (status {code}) while running this block"


def _set_error(
    result: BlockResult, error: dict[str, Any] | None, step: Step, filename: str
) -> None:
    if not error:
        return
    result.error = str(error.get("summary", ""))
    result.traceback = str(error.get("traceback", ""))
    first, last = step.block.code_span.line, step.block.code_span.end_line
    lines = [
        int(f["line"] or 0)
        for f in error.get("frames", [])
        if f.get("file") == filename and first <= int(f["line"] or 0) <= last
    ]
    result.error_line = lines[-1] if lines else None


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def run_unit(unit: Unit, ctx: Context, key: str) -> UnitResult:
    """Run every block of ``unit`` in a fresh work folder; never raises for a block's fault."""
    start = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="byline-run-"))
    scratch = Path(tempfile.mkdtemp(prefix="byline-scratch-"))
    session = _Session(unit, ctx, work, scratch)
    try:
        copy_files(ctx.root, ctx.files, work)
        blocks = [session.run(step) for step in unit.steps]
    finally:
        session.close()
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
    return UnitResult(
        key=key,
        session=unit.session,
        blocks=blocks,
        seconds=round(time.perf_counter() - start, 6),
        when=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        host=platform.node(),
        python=" ".join(ctx.python),
    )
