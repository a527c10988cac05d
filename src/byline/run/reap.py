"""Ending what a session started: its process groups, strays that left them, a whole run.

Each child leads its own process group, so one ``killpg`` reaches everything it started,
unless the code left the group (a daemon, ``start_new_session=True``, ``setsid``). Those
still carry the session's marker variable in their environment, by which
``kill_marked`` finds them on Linux. ``Children`` keeps the live groups of one run, so
Ctrl-C or SIGTERM ends them all at once instead of waiting for each block's timeout.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading

__all__ = ["Children", "kill_group", "kill_marked"]


def kill_group(pid: int, sig: int = signal.SIGKILL) -> None:
    """Send ``sig`` to the process group led by ``pid``, if it still exists."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


class Children:
    """The process groups of one run still alive, so an interrupt can end them all."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._groups: set[int] = set()
        self.stopped = False
        """Set by ``stop``: a group started afterwards is killed at once."""

    def add(self, pid: int) -> None:
        with self._lock:
            if self.stopped:
                kill_group(pid)
            self._groups.add(pid)

    def discard(self, pid: int) -> None:
        """Forget ``pid`` (before it is reaped, so its id cannot be reused meanwhile)."""
        with self._lock:
            self._groups.discard(pid)

    def stop(self) -> None:
        """Kill every group and refuse new ones (Ctrl-C, SIGTERM)."""
        with self._lock:
            self.stopped = True
            for pid in self._groups:
                kill_group(pid)


def kill_marked(name: str, value: str) -> int:
    """SIGKILL every process whose environment holds ``name=value``, and the process
    groups they are in; returns how many marked processes were found.

    The group reaches what a stray started with a cleared environment (a daemon running
    ``env -i cmd``), and a fork in flight during the scan (the kernel does not let a fork
    finish past a pending SIGKILL to its group). The scan repeats until two in a row find
    nothing. Linux only (``/proc``); elsewhere, a process with a cleared environment in a
    group of its own, and one that keeps replacing itself with a fresh fork (each copy
    living too briefly for a scan to see it) are not found. A scan takes about 1 ms per 100
    processes.
    """
    marker = f"{name}={value}".encode()
    found: set[int] = set()
    quiet = 0
    for _ in range(_SCANS):
        pids = _marked(marker)
        quiet = 0 if pids else quiet + 1
        if quiet == 2:
            break
        for pid in pids:
            with contextlib.suppress(OSError):
                group = os.getpgid(pid)
                if group != os.getpgrp():  # never byline's own group
                    os.killpg(group, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        found |= pids
    return len(found)


_SCANS = 50
"""At most this many scans of ``/proc`` per session end (a bound, not a schedule)."""


def _marked(marker: bytes) -> set[int]:
    """The live processes (not byline) whose environment holds ``marker``."""
    try:
        entries = os.listdir("/proc")  # noqa: PTH208 - names only
    except OSError:
        return set()
    pids: set[int] = set()
    for entry in entries:
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as handle:  # noqa: PTH123
                environ = handle.read()
        except OSError:
            continue
        if marker in environ.split(b"\0"):
            pids.add(int(entry))
    return pids
