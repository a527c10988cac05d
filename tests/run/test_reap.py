"""Ending processes: a stopped run's groups, and strays found by their marker variable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from byline.run.reap import Children, kill_marked


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
