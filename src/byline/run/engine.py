"""Running the code of many posts: plan, answer from the cache, run the rest in parallel.

Sessions are independent (each has its own work folder and interpreter), so every
session of every post is one job for a thread pool as wide as the machine; the threads
only wait on their children. Results come back per post, in the posts' order.

Ctrl-C (or SIGTERM, which a run turns into an exit with status 143) kills every child
at once and cancels the sessions not started, so the threads return quickly and remove
their work folders before the exception goes on.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import sys
import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from byline.config import setting_error
from byline.content.blog import Blog
from byline.content.document import Document
from byline.run.cache import RunCache, environment_fingerprint, file_digest, unit_key
from byline.run.isolation import Isolation, expand_files
from byline.run.plan import Plan, Step, Unit, plan_post
from byline.run.reap import Children
from byline.run.results import BlockResult, UnitResult

__all__ = ["PostRun", "RunOptions", "Runner", "is_frozen"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RunOptions:
    """How ``byline run`` / ``byline check --run`` run code."""

    force: bool = False
    """Re-run even when the cache has the answer (frozen entries too)."""
    use_cache: bool = True
    offline: bool | None = None
    """None: the ``[run] offline`` setting, else on when ``CI`` is set."""
    write_frozen: bool = False
    """Record passed sessions of ``freeze: true`` posts in ``frozen/``."""
    jobs: int = 0
    grace: float | None = None


@dataclass(slots=True)
class PostRun:
    """One post's plan and the result of each of its sessions."""

    doc: Document
    plan: Plan
    keys: dict[str, str]
    """Cache key of each session."""
    missing_files: list[str] = field(default_factory=list)
    results: dict[str, UnitResult] = field(default_factory=dict)

    def block(self, step: Step) -> BlockResult | None:
        """The result of ``step`` in its own session."""
        for unit in self.plan.units:
            if unit.standalone or unit.session != step.session:
                continue
            result = self.results.get(unit.session)
            if result is None:
                return None
            return result.blocks[unit.steps.index(step)]
        return None

    def standalone(self, step: Step) -> BlockResult | None:
        """The result of ``step`` run alone, when it is marked ``standalone``."""
        result = self.results.get(f"standalone@{step.index}")
        return result.blocks[0] if result else None


def _not_startable(written: str, program: str, root: Path) -> str | None:
    """Why the interpreter ``written`` in byline.toml (``program`` once resolved against
    the blog folder) cannot start, or None. A bare name is looked up on PATH; the file of
    that name in the blog folder is what the writer most likely meant otherwise."""
    path = Path(program)
    if len(path.parts) == 1:
        if shutil.which(program):
            return None
        path = root / program
        if not path.is_file() or os.access(path, os.X_OK):
            return f"'{written}', which is not a command on your PATH"
    if not path.exists():
        return f"'{written}', which does not exist"
    if not path.is_file() or not os.access(path, os.X_OK):
        return f"'{written}', which is not an executable"
    return None


def is_frozen(doc: Document) -> bool:
    """Whether the post asks for frozen results (``freeze: true`` in front matter)."""
    return doc.front_matter.freeze


class Runner:
    """Runs the posts of one blog with one set of options."""

    def __init__(
        self, blog: Blog, options: RunOptions, environ: Mapping[str, str] | None = None
    ) -> None:
        self.blog = blog
        self.options = options
        self.environ = dict(os.environ if environ is None else environ)
        config = blog.config.run
        self.python = self._python(config.python)
        offline = options.offline if options.offline is not None else config.offline
        if offline is None:
            offline = bool(self.environ.get("CI"))
        self.isolation = Isolation(offline=offline, pass_env=tuple(config.env))
        self.cache = RunCache(blog.root)
        self.children = Children()
        self._fingerprint: str | None = None

    def _python(self, setting: str) -> tuple[str, ...]:
        if not setting:
            return (sys.executable,)
        # A bare name (python3) is looked up on PATH; any other is a path from the blog
        # folder: Path('./python') has one part, so count the separators, not the parts.
        words = shlex.split(setting)
        first = Path(words[0])
        if not first.is_absolute() and os.sep in words[0]:
            words[0] = str(self.blog.root / first)
        return tuple(words)

    def _check_python(self) -> None:
        """Raise ConfigError when ``[run] python`` cannot start: once, not per block."""
        setting = self.blog.config.run.python
        if not setting:
            return
        why = _not_startable(shlex.split(setting)[0], self.python[0], self.blog.root)
        if why:
            raise setting_error(
                self.blog.root,
                "run.python",
                f"runs {why}. Set it to a Python interpreter, such as '.venv/bin/python', "
                "or remove it to use the one byline runs on.",
            )

    @property
    def fingerprint(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = environment_fingerprint(self.blog.root, self.python)
        return self._fingerprint

    def plan(self, doc: Document) -> PostRun:
        """The sessions of ``doc`` with their cache keys (nothing runs)."""
        config = self.blog.config.run
        plan = plan_post(doc, timeout=config.timeout, commands=dict(config.commands))
        files, missing = expand_files(self.blog.root, doc.front_matter.files)
        digests = [(self.blog.display(f), file_digest(f)) for f in files]
        keys = {
            unit.session: unit_key(
                unit,
                fingerprint=self.fingerprint,
                env_names=doc.front_matter.env,
                files=digests,
            )
            for unit in plan.units
        }
        return PostRun(doc, plan, keys, missing)

    def cached(self, post: PostRun, unit: Unit, *, frozen_only: bool = False) -> UnitResult | None:
        """A stored result for ``unit`` whose key still matches, if any."""
        key = post.keys[unit.session]
        if is_frozen(post.doc):
            found = self.cache.frozen(post.doc.slug, key)
            if found is not None:
                return found
        if frozen_only:
            return None
        return self.cache.get(key)

    def run(self, documents: list[Document]) -> list[PostRun]:
        """Run every session of ``documents`` not answered by the cache."""
        posts = [self.plan(doc) for doc in documents]
        jobs: list[tuple[PostRun, Unit]] = []
        for post in posts:
            for unit in post.plan.units:
                reuse = self.options.use_cache and not self.options.force
                found = self.cached(post, unit) if reuse else None
                if found is not None:
                    post.results[unit.session] = found
                else:
                    jobs.append((post, unit))
        if any(step.kind in ("python", "pycon") for _, unit in jobs for step in unit.steps):
            self._check_python()
        workers = self.options.jobs or self.blog.config.run.jobs or os.cpu_count() or 1
        with (
            _sigterm_as_exit(),  # outermost: it also covers the wait for the threads
            ThreadPoolExecutor(max_workers=max(1, min(workers, len(jobs) or 1))) as pool,
        ):
            futures = [pool.submit(self._run_one, post, unit) for post, unit in jobs]
            try:
                for (post, unit), future in zip(jobs, futures, strict=True):
                    post.results[unit.session] = future.result()
            except BaseException:  # Ctrl-C, SIGTERM: end the children, not wait for them
                for future in futures:
                    future.cancel()
                self.children.stop()
                raise
        for post in posts:
            self._record(post)
        return posts

    def _run_one(self, post: PostRun, unit: Unit) -> UnitResult:
        # Imported here: ``byline check`` builds a Runner only to read the cache.
        from byline.run.execute import Context, run_unit

        config = self.blog.config.run
        files, _ = expand_files(self.blog.root, post.doc.front_matter.files)
        context = Context(
            root=self.blog.root,
            post=str(post.doc.path),
            python=self.python,
            isolation=self.isolation,
            environ=self.environ,
            post_env=post.doc.front_matter.env,
            files=tuple(files),
            limit=config.output_limit,
            grace=config.grace if self.options.grace is None else self.options.grace,
            children=self.children,
        )
        return run_unit(unit, context, post.keys[unit.session])

    def _record(self, post: PostRun) -> None:
        ran = False
        for unit in post.plan.units:
            result = post.results.get(unit.session)
            if result is not None and result.source == "ran" and result.passed:
                self.cache.put(result, unit.steps)
                ran = True
        if ran and self.options.write_frozen and is_frozen(post.doc):
            passed = [r for r in post.results.values() if r.passed]
            if len(passed) == len(post.plan.units):
                self.cache.freeze(post.doc.slug, passed)


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """While code runs, SIGTERM raises ``SystemExit(143)`` so the children are cleaned up.

    Only in the main thread, and only when nobody else handles SIGTERM.
    """
    if threading.current_thread() is not threading.main_thread() or (
        signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
