"""The HTTP side of ``byline serve``: the built files, the live-reload script and events.

A ``SimpleHTTPRequestHandler`` (path checks, MIME types) over the serve folder, with
three changes for a dev server: HTML gets the live-reload tag as it is sent, nothing is
cached (a page edited twice within a second must not come back as "304 Not Modified"),
and a missing page gets the site's own ``404.html``, live tag included, so a page that
is about to appear reloads by itself.

Only requests for this machine are answered: a ``Host`` other than localhost, an IP
address or the ``--host`` given gets a 421. Without that check a page on another site
could point its own name at 127.0.0.1 (DNS rebinding) and read the drafts served here.
"""

from __future__ import annotations

import contextlib
import http.server
import io
import ipaddress
import re
import shutil
from http import HTTPStatus
from pathlib import Path
from typing import Any, BinaryIO, ClassVar
from urllib.parse import parse_qs, urlsplit

from byline.site.livereload import EVENTS_PATH, LIVE_JS, SCRIPT_PATH, LiveHub, inject, sse_event

__all__ = ["KEEPALIVE_SECONDS", "LOCAL_HOSTS", "LiveHandler", "is_local_host"]

KEEPALIVE_SECONDS = 15.0
"""An idle event stream sends a comment this often, so a closed tab is noticed."""

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
"""Host names always answered (besides any IP address and the ``--host`` given)."""
_HOST = re.compile(r"(\[[0-9a-fA-F:.]+\]|[^\s:@/\\\[\]]+)(?::\d*)?")
_WRONG_HOST = (
    b"byline serve answers only requests for localhost, 127.0.0.1, [::1] or the --host "
    b"it was started with. Open the address it printed.\n"
)


def is_local_host(header: str | None, hosts: frozenset[str]) -> bool:
    """True when a ``Host`` header names this machine: one of ``hosts`` or an IP address.

    An IP address cannot be rebound to another site, so ``--host 0.0.0.0`` still answers
    the machine's LAN address; a name must be one of ``hosts``.
    """
    match = _HOST.fullmatch(header or "")
    if match is None:
        return False
    name = match.group(1).strip("[]").rstrip(".").lower()
    if name in hosts:
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class LiveHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``out`` and the live-reload endpoints of ``hub`` (set on a subclass)."""

    hub: ClassVar[LiveHub]
    out: ClassVar[Path]
    hosts: ClassVar[frozenset[str]] = LOCAL_HOSTS
    """Host names answered, lowercase: ``LOCAL_HOSTS`` and the ``--host`` given."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(self.out), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows rebuilds and errors, not every request."""

    def handle(self) -> None:
        # A browser drops connections at any point (a reload, a closed tab, a stream it no
        # longer wants), even before the headers are sent: nothing to tell the terminal.
        with contextlib.suppress(ConnectionError, TimeoutError):
            super().handle()

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if is_local_host(self.headers.get("Host"), self.hosts):
            return True
        self.close_connection = True
        self._send(HTTPStatus.MISDIRECTED_REQUEST, "text/plain; charset=utf-8", _WRONG_HOST)
        if self.command != "HEAD":
            self.wfile.write(_WRONG_HOST)
        return False

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        route = urlsplit(self.path).path
        if route == EVENTS_PATH:
            self._events()
            return
        super().do_GET()

    def send_head(self) -> BinaryIO | None:
        route = urlsplit(self.path).path
        if route == SCRIPT_PATH:
            return self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", LIVE_JS)
        file = self._served(Path(self.translate_path(self.path)))
        if file is not None and file.is_dir():
            if not route.endswith("/"):
                query = urlsplit(self.path).query
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", route + "/" + (f"?{query}" if query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            file = self._served(file / "index.html")
        elif route.endswith("/"):
            return self._not_found()
        try:
            data = file.read_bytes() if file is not None and file.is_file() else None
        except OSError:  # removed by a rebuild between the check and the read
            data = None
        if file is None or data is None:
            return self._not_found()
        ctype = self.guess_type(str(file))
        if file.suffix == ".html":
            data = inject(data, self.hub.state.generation)
        return self._send(HTTPStatus.OK, ctype, data)

    def _served(self, file: Path) -> Path | None:
        """``file`` with its links resolved, when that is an existing file or folder inside
        the served folder; None otherwise.

        A link in the served folder (placed by the user or a tool: the build writes none)
        could point anywhere on the disk, and following it would serve that file. A name too
        long for the disk, or with a NUL, is not found either, rather than a traceback.
        """
        try:
            real = file.resolve()
            real.stat()
        except (OSError, ValueError, RuntimeError):  # RuntimeError: a loop of links
            return None
        return real if real.is_relative_to(self.out) else None

    def _not_found(self) -> BinaryIO | None:
        try:
            page = (self.out / "404.html").read_bytes()
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        page = inject(page, self.hub.state.generation)
        return self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", page)

    def _send(self, status: HTTPStatus, ctype: str, data: bytes) -> BinaryIO:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)

    def copyfile(self, source: Any, outputfile: Any) -> None:
        # The browser may go away mid-answer (a reload): nothing to tell anyone.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            shutil.copyfileobj(source, outputfile)

    # -- server-sent events --------------------------------------------------------------
    def _events(self) -> None:
        """Stream build outcomes: ``reload`` if the page is stale, ``errors`` as they change."""
        seen = parse_qs(urlsplit(self.path).query).get("v", [""])[0]
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, TimeoutError):
            self._stream(seen)

    def _stream(self, seen: str) -> None:
        last = self.hub.state
        self._emit(b"retry: 250\n\n")
        if last.generation != seen:
            self._emit(sse_event("reload", last.generation))
            return
        self._emit(sse_event("errors", list(last.errors)))
        while True:
            state = self.hub.wait(last, KEEPALIVE_SECONDS)
            if state is None:
                return
            if state.generation != last.generation:
                self._emit(sse_event("reload", state.generation))
                return
            if state == last:
                self._emit(b": still here\n\n")
            else:
                self._emit(sse_event("errors", list(state.errors)))
            last = state

    def _emit(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()
