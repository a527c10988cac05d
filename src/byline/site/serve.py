"""``byline serve``: build the site, serve it on 127.0.0.1, rebuild on save, reload the page.

Three parts, each on its own thread once started:

* the HTTP server (stdlib ``ThreadingHTTPServer``) serves the output folder, adding the
  live-reload tag to HTML responses and answering the event stream;
* the watcher (``watchfiles``) waits for saves anywhere in the blog except ``.byline/``
  and the output folders, and calls ``rebuild()``;
* ``rebuild()`` runs the site builder's own incremental build (``SiteBuilder.build``), so
  a save costs what ``byline build`` costs for that change, and publishes the outcome to
  the ``LiveHub``.

The site is built into ``.byline/serve/site/`` (``.byline/serve/drafts/`` with
``--drafts``), never into the published output folder, so drafts shown while writing
cannot end up in a deploy. A failed build keeps the last good files and the server
running; the errors go to the terminal and to an overlay on the open pages.
"""

from __future__ import annotations

import contextlib
import errno
import http.server
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2
import watchfiles

from byline.content.blog import Blog
from byline.errors import BylineError, InputError
from byline.printable import counted, printable
from byline.site.builder import BuildOptions, BuildReport, SiteBuilder
from byline.site.handler import LOCAL_HOSTS, LiveHandler
from byline.site.livereload import LiveHub

__all__ = ["DevServer", "Rebuild", "ServeOptions", "describe_error", "serve_folder"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeOptions:
    """Where to listen and what to build."""

    host: str = "127.0.0.1"
    port: int = 8000
    """0 picks a free port."""
    drafts: bool = False
    """Also show drafts and future-dated posts."""


@dataclass(frozen=True, slots=True)
class Rebuild:
    """The outcome of one rebuild, as published to the browsers."""

    report: BuildReport | None
    """None when the build could not run (e.g. ``byline.toml`` is invalid)."""
    errors: tuple[str, ...]
    reloaded: bool
    """True when open pages were told to reload."""
    seconds: float


def serve_folder(blog: Blog, drafts: bool) -> Path:
    """The folder ``byline serve`` builds into (inside ``.byline/``, never deployed)."""
    return blog.state_dir / "serve" / ("drafts" if drafts else "site")


def describe_error(exc: Exception, root: Path) -> str:
    """One ``path:line: message`` line for an exception a build raised, with control
    characters from file names and messages shown as escapes (``byline.printable``)."""
    if isinstance(exc, BylineError):  # str() shows its control characters as escapes
        # Config errors name byline.toml by its full path; the rest are relative already.
        prefix = f"{root}{os.sep}"
        return "\n".join(line.removeprefix(prefix) for line in str(exc).splitlines())
    filename, lineno = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if isinstance(filename, str) and filename:
        path = Path(filename)
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        where = f"{shown}:{lineno}" if lineno else str(shown)
        return printable(f"{where}: {message}")
    return printable(f"{type(exc).__name__}: {message}")


def _is_user_error(exc: Exception) -> bool:
    """A problem in the user's files (posts, config, their own templates), not a bug."""
    return isinstance(exc, BylineError | jinja2.TemplateError)


class _Filter(watchfiles.DefaultFilter):
    """The default filter (VCS folders, editor swap files) minus byline's own folders."""

    def __init__(self, ignored: Iterable[Path]) -> None:
        super().__init__()
        self.ignored = tuple(ignored)

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        file = Path(path)
        if any(file == folder or file.is_relative_to(folder) for folder in self.ignored):
            return False
        return super().__call__(change, path)


class DevServer:
    """One blog served with live reload: ``start()``, then ``rebuild()`` on changes, ``stop()``."""

    def __init__(
        self,
        blog: Blog,
        options: ServeOptions | None = None,
        *,
        say: Callable[[str], None] = lambda _: None,
        warn: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.blog = blog
        self.root = blog.root.resolve()
        self.options = options or ServeOptions()
        self.out = serve_folder(blog, self.options.drafts).resolve()
        self.say, self.warn = say, warn
        self.hub = LiveHub()
        self.builder: SiteBuilder | None = None
        self.server: http.server.ThreadingHTTPServer | None = None
        self._pending = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._serving = False
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        if self.server is None:
            return ""
        address, port = self.server.server_address[:2]
        host = address.decode() if isinstance(address, bytes) else address
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    # -- lifecycle -----------------------------------------------------------------------
    def start(self, *, watch: bool = True) -> Rebuild:
        """Bind the port, build once, then serve on a background thread.

        The watcher starts before the first build, so a save made while it runs is not
        missed (it is rebuilt right after); pages are served once the first build is done.
        """
        self.server = self._bind()
        self.out.mkdir(parents=True, exist_ok=True)
        if watch:
            self._spawn("byline-watch", self._watch)
        first = self.rebuild()
        server = self.server
        self._spawn("byline-http", lambda: server.serve_forever(poll_interval=0.1))
        self._serving = True
        return first

    def stop(self) -> None:
        """End the event streams, the watcher and the server; returns once they are done."""
        self._stop.set()
        self.hub.close()
        if self.server is not None:
            if self._serving:  # shutdown() waits for serve_forever, which must be running
                self.server.shutdown()
            self.server.server_close()
        for thread in self._threads:
            thread.join(timeout=10)

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _bind(self) -> http.server.ThreadingHTTPServer:
        host, port = self.options.host, self.options.port
        hub, out = self.hub, self.out

        class Handler(LiveHandler):
            pass

        class Server(http.server.ThreadingHTTPServer):
            address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
            daemon_threads = True
            # socketserver's listen queue of 5 overflows when a page's images, or tabs
            # reloading together, connect at once: each connection left out waits a
            # second or more for the kernel to retry it.
            request_queue_size = 128

        Handler.hub, Handler.out = hub, out
        Handler.hosts = LOCAL_HOSTS | {host.strip("[]").rstrip(".").lower()}
        try:
            server = Server((host, port), Handler)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise InputError(
                    f"{host}:{port} is already in use. Stop what runs there, or pick "
                    f"another port, such as --port {port + 1} (or --port 0 for any free one)."
                ) from None
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}.") from None
        return server

    # -- rebuilding ----------------------------------------------------------------------
    def rebuild(self, changed: Iterable[Path] = ()) -> Rebuild:
        """Bring the served folder up to date and tell the browsers; one build at a time."""
        with self._lock:
            clock = time.perf_counter()
            report: BuildReport | None = None
            errors: tuple[str, ...]
            try:
                if self.builder is None or any(p.name == "byline.toml" for p in changed):
                    self.blog = Blog.find(self.root)
                    self.builder = SiteBuilder(
                        self.blog, BuildOptions(out=self.out, drafts=self.options.drafts)
                    )
                report = self.builder.build()
                errors = tuple(describe_error(e, self.root) for e in report.errors)
            except Exception as exc:
                errors = (describe_error(exc, self.root),)
                self.builder = None  # its in-memory state may be half updated
                if not _is_user_error(exc):  # a bug: the terminal gets the traceback
                    lines = "".join(traceback.format_exception(exc)).rstrip().splitlines()
                    self.warn("\n".join(printable(line) for line in lines))
            changed_files = report is not None and bool(report.written or report.removed)
            if errors:
                self._pending = self._pending or changed_files
                reloaded = False
            else:
                reloaded = changed_files or self._pending
                self._pending = False
            self.hub.publish(reload=reloaded, errors=errors)
            return Rebuild(report, errors, reloaded, time.perf_counter() - clock)

    def _watch(self) -> None:
        try:
            self._watch_loop()
        except Exception as exc:  # the server goes on serving the last build
            self.warn(f"Stopped watching for changes: {describe_error(exc, self.root)}")

    def _watch_loop(self) -> None:
        ignored = {self.root / ".byline", self.out}
        with contextlib.suppress(OSError, RuntimeError):
            output = (self.root / self.blog.config.build.output).resolve()
            if output != self.root:  # an output folder of "." must not hide every save
                ignored.add(output)
        watch_filter = _Filter(ignored)
        for changes in watchfiles.watch(
            self.root,
            watch_filter=watch_filter,
            stop_event=self._stop,
            step=30,
            rust_timeout=500,
            raise_interrupt=False,
        ):
            changed = sorted({Path(path) for _, path in changes})
            outcome = self.rebuild(changed)
            # Editors' temporary files come and go within one batch: name only the rest.
            added = {Path(p) for c, p in changes if c == watchfiles.Change.added}
            self._report([p for p in changed if p.exists() or p not in added], outcome)

    def _report(self, changed: list[Path], outcome: Rebuild) -> None:
        # File names and warnings (which quote paths, titles and URLs) are printed with
        # their control characters as escapes: a name could retitle or clear the terminal.
        names = [
            printable(str(p.relative_to(self.root))) for p in changed if p.is_relative_to(self.root)
        ]
        what = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        for error in outcome.errors:
            self.warn(error)
        report = outcome.report
        if report is not None:
            for warning in report.warnings:
                if any(warning.startswith(f"{source}:") for source in report.rendered):
                    self.warn(printable(warning))
        if outcome.errors:
            self.say(f"{what or 'A file'} changed: the build failed; the last good site stays up.")
            return
        files = 0 if report is None else len(report.written) + len(report.removed)
        action = "pages reloaded" if outcome.reloaded else "nothing to reload"
        self.say(
            f"{what or 'A file'} changed: rebuilt in {outcome.seconds:.2f} s, "
            f"{counted(files, 'file')} changed, {action}."
        )
