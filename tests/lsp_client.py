"""A minimal LSP client over a real ``byline lsp`` process (used by tests and benchmarks)."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

__all__ = ["Client"]


class Client:
    """A minimal LSP client: Content-Length framed JSON-RPC over the server's pipes."""

    def __init__(self, cwd: Path, command: list[str] | None = None) -> None:
        self.proc = subprocess.Popen(
            command or [sys.executable, "-m", "byline", "lsp"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        """Every message the server sent, in order."""
        self.stderr: list[bytes] = []
        """The server's standard error, line by line (read as it comes: a full pipe would
        block the server)."""
        self.next_id = 0
        self.readers = [
            threading.Thread(target=self._read, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for reader in self.readers:
            reader.start()

    def close(self) -> None:
        """Shut the server down politely, or kill it; close the pipes."""
        try:
            if self.proc.poll() is None:
                self.call("shutdown", None)
                self.notify("exit", {})
                self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            for reader in self.readers:  # they end at the end of the server's output
                reader.join(timeout=10)
            for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                if pipe is not None:
                    pipe.close()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while (line := out.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line:
                return
            message = json.loads(out.read(length))
            self.seen.append(message)
            self.messages.put(message)

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        self.stderr.extend(iter(self.proc.stderr.readline, b""))

    def popups(self) -> list[dict[str, Any]]:
        """The ``window/showMessage`` notifications received so far."""
        return [m for m in self.seen if m.get("method") == "window/showMessage"]

    def write(self, data: bytes) -> None:
        """Send raw bytes (for malformed messages)."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        reply = self.call(method, params)
        assert "error" not in reply, reply
        return reply["result"]

    def call(self, method: str, params: Any) -> dict[str, Any]:
        """Send a request; the whole reply (with its ``result`` or its ``error``)."""
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.reply(self.next_id)

    def reply(self, msg_id: int | str | None) -> dict[str, Any]:
        """The next reply to the request ``msg_id`` (None: to a message without an id)."""
        return self.wait(lambda m: "method" not in m and m.get("id", "none") == msg_id)

    def initialize(self, root: Path) -> None:
        """Start the LSP session (initialize, initialized) with the blog at ``root``."""
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
            },
        )
        self.notify("initialized", {})

    def wait(self, match: Any, timeout: float = 30) -> dict[str, Any]:
        while True:
            message = self.messages.get(timeout=timeout)
            if match(message):
                return message

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        message = self.wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            )
        )
        result: list[dict[str, Any]] = message["params"]["diagnostics"]
        return result

    def open(self, path: Path, text: str) -> list[dict[str, Any]]:
        """Open ``path`` with ``text`` (version 1); its first diagnostics."""
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": path.as_uri(),
                    "languageId": "markdown",
                    "version": 1,
                    "text": text,
                }
            },
        )
        return self.diagnostics(path.as_uri())

    def change(self, path: Path, text: str, version: int) -> list[dict[str, Any]]:
        """Replace the whole text of open ``path``; the diagnostics that follow."""
        self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": path.as_uri(), "version": version},
                "contentChanges": [{"text": text}],
            },
        )
        return self.diagnostics(path.as_uri())
