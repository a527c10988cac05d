"""Child processes: a persistent Python session and one-shot commands, with limits.

Each child leads its own process group, so a timeout reaches everything it started:
SIGINT first (Python shows where the code was stuck), SIGKILL to the whole group after
a grace period (``reap`` has the killing). Output is read as it comes and kept up to a
byte limit, so a block that prints 100 MB costs a pipe's throughput, not memory. The
Python session talks to byline on two extra pipes (length-prefixed ``marshal`` data,
which the child reads without importing anything); its fd 1 and 2 are only ever output.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import selectors
import signal
import struct
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from byline.run.reap import Children, kill_group

__all__ = ["Outcome", "PythonChild", "Sink", "run_command"]

_HEADER = struct.Struct(">I")
_CHUNK = 1 << 16
_DRIVER = (Path(__file__).parent / "child.py").read_text(encoding="utf-8")

State = Literal["ok", "timeout", "died"]


class Sink:
    """Output kept up to ``limit`` bytes; the rest is counted and dropped."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.data = bytearray()
        self.dropped = 0
        self.dropped_text = False
        """Whether anything but blank space was dropped: a final newline just past the
        limit loses nothing a reader would see, and is no truncation."""

    def feed(self, chunk: bytes) -> None:
        room = max(self.limit - len(self.data), 0)
        if room:
            self.data += chunk[:room]
        if len(chunk) > room:
            self.dropped += len(chunk) - room
            self.dropped_text = self.dropped_text or bool(chunk[room:].strip())

    def take(self) -> str:
        """The text so far (with a note when truncated); the sink starts empty again."""
        text = self.data.decode("utf-8", errors="replace")
        if self.dropped_text:
            unit = "byte" if self.dropped == 1 else "bytes"
            text += f"\n[byline: output truncated, {self.dropped} more {unit} not kept]\n"
        self.data, self.dropped, self.dropped_text = bytearray(), 0, False
        return text


@dataclass(slots=True)
class Outcome:
    """What one request or command did."""

    state: State
    output: str
    reply: dict[str, Any] | None = None
    """The session's reply (Python), or None."""
    returncode: int | None = None
    interrupted: dict[str, Any] | None = field(default=None)
    """After a timeout, the reply to the interrupt when the child still answered."""


def _pidfd(pid: int) -> int | None:
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _drain(fd: int, sink: Sink) -> bool:
    """Read what is buffered in ``fd`` without blocking; False at end of file."""
    while True:
        try:
            chunk = os.read(fd, _CHUNK)
        except BlockingIOError:
            return True
        if not chunk:
            return False
        sink.feed(chunk)


class _Loop:
    """Waits on a child's output, its reply channel and its exit, until a deadline."""

    def __init__(self, proc: subprocess.Popen[bytes], out_fd: int, reply_fd: int | None) -> None:
        self.proc = proc
        self.out_fd = out_fd
        self.reply_fd = reply_fd
        self.buffer = b""
        self.pidfd = _pidfd(proc.pid)
        self.selector = selectors.DefaultSelector()
        os.set_blocking(out_fd, False)
        self.selector.register(out_fd, selectors.EVENT_READ, "out")
        if reply_fd is not None:
            os.set_blocking(reply_fd, False)
            self.selector.register(reply_fd, selectors.EVENT_READ, "reply")
        if self.pidfd is not None:
            self.selector.register(self.pidfd, selectors.EVENT_READ, "exit")

    def wait(self, sink: Sink, deadline: float) -> tuple[State, dict[str, Any] | None]:
        """Pump output into ``sink`` until a reply, the child's exit, or the deadline."""
        while True:
            message = self._message()
            if message is not None:
                _drain(self.out_fd, sink)
                return "ok", message
            if self.pidfd is None and self.proc.poll() is not None:
                return self._exited(sink)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return "timeout", None
            timeout = remaining if self.pidfd is not None else min(remaining, 0.05)
            for key, _ in self.selector.select(timeout):
                if key.data == "out" and not _drain(self.out_fd, sink):
                    self.selector.unregister(self.out_fd)
                elif key.data == "reply" and not self._read_reply():
                    return self._exited(sink)
                elif key.data == "exit":
                    if self._read_reply() and self._message() is not None:
                        continue
                    return self._exited(sink)

    def _exited(self, sink: Sink) -> tuple[State, None]:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(1.0)
        _drain(self.out_fd, sink)
        return "died", None

    def _read_reply(self) -> bool:
        if self.reply_fd is None:
            return True
        try:
            while chunk := os.read(self.reply_fd, _CHUNK):
                self.buffer += chunk
        except BlockingIOError:
            return True
        return False

    def _message(self) -> dict[str, Any] | None:
        if len(self.buffer) < _HEADER.size:
            return None
        (size,) = _HEADER.unpack(self.buffer[: _HEADER.size])
        if len(self.buffer) < _HEADER.size + size:
            return None
        data = self.buffer[_HEADER.size : _HEADER.size + size]
        self.buffer = self.buffer[_HEADER.size + size :]
        message: dict[str, Any] = marshal.loads(data)  # noqa: S302 - our own child
        return message

    def close(self) -> None:
        self.selector.close()
        if self.pidfd is not None:
            os.close(self.pidfd)


def _spawn(
    argv: list[str],
    cwd: Path,
    env: dict[str, str],
    *,
    pass_fds: tuple[int, ...] = (),
    children: Children | None = None,
) -> tuple[subprocess.Popen[bytes], int]:
    out_r, out_w = os.pipe()
    try:
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out_w,
            stderr=out_w,
            pass_fds=pass_fds,
            start_new_session=True,
        )
    except BaseException:
        os.close(out_r)
        raise
    finally:
        os.close(out_w)
    if children is not None:
        children.add(proc.pid)
    return proc, out_r


def _stop(proc: subprocess.Popen[bytes], loop: _Loop, sink: Sink, grace: float) -> Outcome:
    """After a timeout: interrupt, wait ``grace`` for an answer, then kill the group."""
    kill_group(proc.pid, signal.SIGINT)
    state, reply = loop.wait(sink, time.monotonic() + grace)
    kill_group(proc.pid)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(5)
    return Outcome("timeout", sink.take(), None, proc.returncode, reply if state == "ok" else None)


def run_command(
    argv: list[str],
    *,
    cwd: Path,
    env: dict[str, str],
    timeout: float,
    grace: float,
    limit: int,
    children: Children | None = None,
) -> Outcome:
    """Run one command to its end (or its timeout), output and exit status."""
    proc, out_fd = _spawn(argv, cwd, env, children=children)
    loop = _Loop(proc, out_fd, None)
    sink = Sink(limit)
    try:
        state, _ = loop.wait(sink, time.monotonic() + timeout)
        if state == "timeout":
            return _stop(proc, loop, sink, grace)
        return Outcome(state, sink.take(), None, proc.returncode)
    finally:
        kill_group(proc.pid)  # whatever it left running in the background
        if children is not None:
            children.discard(proc.pid)
        loop.close()
        os.close(out_fd)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(5)


class PythonChild:
    """One persistent interpreter running the blocks of a session in order."""

    def __init__(
        self,
        argv: list[str],
        *,
        cwd: Path,
        env: dict[str, str],
        limit: int,
        grace: float,
        children: Children | None = None,
    ) -> None:
        self.children = children
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        try:
            self.proc, self._out = _spawn(
                [*argv, "-c", _DRIVER, str(to_child_r), str(from_child_w)],
                cwd,
                env,
                pass_fds=(to_child_r, from_child_w),
                children=children,
            )
        except BaseException:
            os.close(self._to_child)
            os.close(self._from_child)
            raise
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self.loop = _Loop(self.proc, self._out, self._from_child)
        self.sink = Sink(limit)
        self.grace = grace
        self.alive = True

    def start(self, timeout: float) -> Outcome:
        """Wait for the driver's hello (the interpreter started and can talk)."""
        return self._wait(timeout)

    def execute(self, request: dict[str, Any], timeout: float) -> Outcome:
        """Send one block and wait for its reply, its output and figures."""
        if not self.alive:
            return Outcome("died", "")
        data = marshal.dumps(request, 4)
        try:
            _write_all(self._to_child, _HEADER.pack(len(data)) + data)
        except BrokenPipeError:
            self.alive = False
            return Outcome("died", self.sink.take(), None, self.proc.poll())
        return self._wait(timeout)

    def _wait(self, timeout: float) -> Outcome:
        state, reply = self.loop.wait(self.sink, time.monotonic() + timeout)
        if state == "timeout":
            self.alive = False
            return _stop(self.proc, self.loop, self.sink, self.grace)
        if state == "died":
            self.alive = False
        return Outcome(state, self.sink.take(), reply, self.proc.returncode)

    def close(self) -> None:
        """End the session and everything it started."""
        self.alive = False
        kill_group(self.proc.pid)
        if self.children is not None:
            self.children.discard(self.proc.pid)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
        self.loop.close()
        for fd in (self._to_child, self._from_child, self._out):
            with contextlib.suppress(OSError):
                os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
