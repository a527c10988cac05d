"""Ending processes: a stopped run's groups, and strays found by their marker variable."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from byline.run.reap import Children, kill_marked
from tests.run.conftest import assert_gone


def test_stop_kills_every_group_and_any_started_later() -> None:
    children = Children()
    before = subprocess.Popen(["sleep", "30"], start_new_session=True)
    children.add(before.pid)
    children.stop()
    assert before.wait(10) == -signal.SIGKILL
    after = subprocess.Popen(["sleep", "30"], start_new_session=True)
    children.add(after.pid)
    assert after.wait(10) == -signal.SIGKILL


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_marked_finds_processes_by_their_environment() -> None:
    marked = subprocess.Popen(["sleep", "30"], env={**os.environ, "MARK": "a1"})
    other = subprocess.Popen(["sleep", "30"], env={**os.environ, "MARK": "a10"})
    try:
        assert kill_marked("MARK", "a1") == 1
        assert marked.wait(10) == -signal.SIGKILL
        assert other.poll() is None
    finally:
        other.kill()
        other.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_marked_ends_the_groups_of_marked_processes(tmp_path: Path) -> None:
    """A daemon's child started with a clean environment has no marker, but it is in the
    daemon's process group."""
    pidfile = tmp_path / "pid"
    sleep, mv = shutil.which("sleep"), shutil.which("mv")
    cleared = f"echo $$ > {pidfile}.new && {mv} {pidfile}.new {pidfile} && exec {sleep} 300"
    script = f"env -i sh -c '{cleared}' & until [ -s {pidfile} ]; do sleep 0.01; done; echo started; wait"
    daemon = subprocess.Popen(
        ["bash", "-c", script],
        env={**os.environ, "MARK": "b1"},
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    assert daemon.stdout is not None
    assert daemon.stdout.readline() == b"started\n"
    daemon.stdout.close()
    unmarked = int(pidfile.read_text())
    try:
        assert kill_marked("MARK", "b1") == 1
        assert daemon.wait(10) == -signal.SIGKILL
        assert_gone(unmarked)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(unmarked, signal.SIGKILL)
