"""Real local HTTP(S) servers on 127.0.0.1 that answer each link-checker verdict.

Each path is a behaviour (``/ok``, ``/missing``, ``/moved``, ``/busy``...), and every
request is recorded (method, path, User-Agent, time), so tests can count requests.
"""

from __future__ import annotations

import ssl
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Record:
    method: str
    path: str
    user_agent: str
    at: float


@dataclass
class State:
    records: list[Record] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)
    in_flight: int = 0
    max_in_flight: int = 0
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    routes: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)
    """Extra fixed answers: path -> (status, headers)."""

    def paths(self) -> list[tuple[str, str]]:
        return [(r.method, r.path) for r in self.records]


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self.answer()

    def do_GET(self) -> None:
        self.answer()

    def answer(self) -> None:
        state = self.server.state
        path = self.path.split("?", 1)[0]
        with state.lock:
            state.records.append(
                Record(self.command, path, self.headers.get("User-Agent", ""), time.monotonic())
            )
            hit = state.hits[path] = state.hits.get(path, 0) + 1
            state.in_flight += 1
            state.max_in_flight = max(state.max_in_flight, state.in_flight)
        try:
            status, headers = self.route(path, hit)
            if status:
                self.send(status, headers)
        finally:
            with state.lock:
                state.in_flight -= 1

    def route(self, path: str, hit: int) -> tuple[int, dict[str, str]]:
        state = self.server.state
        if path in state.routes:
            return state.routes[path]
        name = path.strip("/").split("/", 1)[0]
        if name == "hang":
            state.release.wait(10)  # until the test ends; the client times out first
            return 0, {}
        if name == "slow":
            time.sleep(0.05)
            return 200, {}
        if name == "busy":  # 429 with Retry-After: 1 once, then fine
            return (429, {"Retry-After": "1"}) if hit == 1 else (200, {})
        if name == "busy-long":
            return 429, {"Retry-After": "3600"}
        if name == "flaky":
            return (500, {}) if hit == 1 else (200, {})
        if name == "no-head":
            return (405, {"Allow": "GET"}) if self.command == "HEAD" else (200, {})
        fixed = {
            "ok": (200, {}),
            "missing": (404, {}),
            "gone": (410, {}),
            "moved": (301, {"Location": "/ok"}),
            "perm": (308, {"Location": "/ok"}),
            "temp": (302, {"Location": "/ok"}),
            "chain": (301, {"Location": "/temp"}),
            "loop": (301, {"Location": "/loop"}),
            "bad-port": (301, {"Location": "http://127.0.0.1:99999/x"}),
            "forbidden": (403, {}),
            "down": (503, {}),
        }
        return fixed.get(name, (404, {}))

    def send(self, status: int, headers: dict[str, str]) -> None:
        body = b"" if self.command == "HEAD" else f"<p>{status}</p>".encode()
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = State()
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
        self.scheme = "https" if tls else "http"

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, TimeoutError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]
        # else: the client hung up on purpose (a timeout); the test checks what it saw

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def serve(tls: ssl.SSLContext | None = None) -> Iterator[Server]:
    """A server on 127.0.0.1 (an https one with ``tls``), stopped after the block."""
    server = Server(tls)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.state.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
