"""``byline run``: the command's output, exit codes, JSON, --update and figures."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import byline.cli.run
from tests.conftest import CLI
from tests.run.conftest import assert_gone, write_post

GOOD = "Some prose.\n\n```python\nprint('hello')\n```\n\n```output\nhello\n```\n"
STALE = GOOD.replace("\nhello\n```", "\nhullo\n```")


@pytest.fixture
def quick(blog: Path) -> Path:
    with (blog / "byline.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[run]\ngrace = 0.3\n")
    return blog


def test_passing_post_then_cached(quick: Path, cli: CLI) -> None:
    write_post(quick, "good", GOOD)
    code, out, err = cli("run")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("posts/good.md: 1 session: 1 passed, 0 failed, 0 skipped; 1 ran in ")
    assert lines[1] == "1 passed, 0 failed, 0 skipped"
    code, out, _ = cli("run", "posts/good.md")
    assert code == 0
    assert out.splitlines()[0] == (
        "posts/good.md: 1 session: 1 passed, 0 failed, 0 skipped; 1 from cache"
    )


def test_stale_output_fails_with_a_diff_and_update_fixes_it(quick: Path, cli: CLI) -> None:
    path = write_post(quick, "stale", STALE)
    code, out, _ = cli("run")
    assert code == 1
    assert out.splitlines()[1:] == [
        "posts/stale.md:7:1: The output differs from the output fence (line 1: expected "
        "'hullo', got 'hello'). Run 'byline run --update posts/stale.md' to take the new "
        "output, or fix the code. [code.output-mismatch]",
        "    --- expected",
        "    +++ actual",
        "    @@ -1 +1 @@",
        "    -hullo",
        "    +hello",
        "0 passed, 1 failed, 0 skipped",
    ]
    code, out, _ = cli("run", "--update")
    assert code == 0
    assert "updated 1 output fence" in out.splitlines()[0]
    assert path.read_text(encoding="utf-8") == "---\ntitle: stale\n---\n\n" + GOOD
    code, _, _ = cli("run")
    assert code == 0


def test_failure_shows_the_traceback_with_post_lines(quick: Path, cli: CLI) -> None:
    write_post(quick, "bad", "```python\nimport json\njson.loads('{')\n```\n")
    code, out, _ = cli("run")
    assert code == 1
    lines = out.splitlines()
    assert lines[1].startswith(
        "posts/bad.md:7:1: This python block failed: json.decoder.JSONDecodeError: "
    )
    assert lines[1].endswith("raises=JSONDecodeError if the error is the point. [code.failed]")
    assert '      File "posts/bad.md", line 7, in <module>' in lines


def test_json_report(quick: Path, cli: CLI) -> None:
    write_post(quick, "good", GOOD)
    write_post(quick, "stale", STALE)
    code, out, _ = cli("run", "--json")
    assert code == 1
    data = json.loads(out)
    assert [d["rule"] for d in data["diagnostics"]] == ["code.output-mismatch"]
    assert data["summary"] == {
        "files": 2,
        "words": 0,
        "errors": 1,
        "warnings": 0,
        "suggestions": 0,
        "passed": 1,
        "failed": 1,
        "skipped": 0,
    }
    assert [p["path"] for p in data["posts"]] == ["posts/good.md", "posts/stale.md"]
    assert data["posts"][0]["sessions"][0]["statuses"] == ["passed"]


def test_a_path_outside_posts_is_an_input_error(quick: Path, cli: CLI) -> None:
    (quick / "notes.md").write_text("x", encoding="utf-8")
    code, out, err = cli("run", "notes.md")
    assert (code, out) == (2, "")
    assert err.startswith("notes.md: is not a post of this blog")


def test_a_command_left_unclosed_is_a_config_error_before_anything_runs(
    quick: Path, cli: CLI
) -> None:
    write_post(quick, "node", "```node\nconsole.log(1)\n```\n")
    config = quick / "byline.toml"
    with config.open("a", encoding="utf-8") as handle:
        handle.write('commands = {node = "echo \\"x {file}"}\n')
    line = len(config.read_text(encoding="utf-8").splitlines())
    for args in (["run"], ["check", "--run"]):
        code, out, err = cli(*args)
        assert (code, out) == (2, "")
        assert err == (
            f"byline.toml:{line}: 'run.commands.node' has a quote that is never closed: "
            "'echo \"x {file}'. Fix the value.\n"
        )


@pytest.mark.parametrize(
    ("python", "why"),
    [
        ("/nonexistent", "'/nonexistent', which does not exist"),
        ("byline.toml", "'byline.toml', which is not an executable"),
        ("bin/python -X dev", "'bin/python', which does not exist"),
        ("./python", "'./python', which does not exist"),
        ("no-such-python3", "'no-such-python3', which is not a command on your PATH"),
    ],
)
def test_an_interpreter_that_cannot_start_is_one_config_error(
    quick: Path, cli: CLI, python: str, why: str
) -> None:
    write_post(quick, "good", GOOD)
    write_post(quick, "other", GOOD)
    config = quick / "byline.toml"
    with config.open("a", encoding="utf-8") as handle:
        handle.write(f'python = "{python}"\n')
    line = len(config.read_text(encoding="utf-8").splitlines())
    for args in (["run"], ["check", "--run"]):
        code, out, err = cli(*args)
        assert (code, out) == (2, "")
        assert err == (
            f"byline.toml:{line}: 'run.python' runs {why}. Set it to a Python interpreter, "
            "such as '.venv/bin/python', or remove it to use the one byline runs on.\n"
        )


@pytest.mark.parametrize("written", ["./py", "./env/py", "env/py"])
def test_an_interpreter_path_is_relative_to_the_blog_folder(
    quick: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch, written: str
) -> None:
    """A value with a '/' is a path from the blog folder, wherever byline runs from."""
    for script in (quick / "py", quick / "env" / "py"):
        script.parent.mkdir(exist_ok=True)
        script.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
        script.chmod(0o755)
    write_post(quick, "good", GOOD)
    with (quick / "byline.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'python = "{written}"\n')
    monkeypatch.chdir(quick / "posts")
    code, out, err = cli("run")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "1 passed, 0 failed, 0 skipped"


def test_a_negative_job_count_is_refused_as_by_build(quick: Path, cli: CLI) -> None:
    write_post(quick, "good", GOOD)
    code, out, err = cli("run", "-j", "-1")
    assert (code, out) == (2, "")
    assert "Invalid value for '--jobs' / '-j': -1 is not in the range x>=0." in err


def test_a_post_with_bad_front_matter_does_not_stop_the_others(quick: Path, cli: CLI) -> None:
    write_post(quick, "good", GOOD)
    (quick / "posts" / "broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    code, out, err = cli("run")
    assert code == 2
    assert err.startswith("posts/broken.md:")
    assert out.splitlines()[-1] == "1 passed, 0 failed, 0 skipped"


def test_matplotlib_figures_are_saved_next_to_the_post(quick: Path, cli: CLI) -> None:
    pytest.importorskip("matplotlib", reason="matplotlib is not installed")
    code_block = (
        "```python figure=loss-curve\n"
        "import matplotlib.pyplot as plt\n"
        "plt.plot([1, 2, 3], [3, 1, 2])\n"
        "plt.title('loss')\n"
        "```\n\n"
        "```python\nplt.figure()\nplt.bar(['a'], [1])\nplt.figure()\nplt.bar(['b'], [2])\n```\n"
    )
    write_post(quick, "plots", code_block)
    code, out, _ = cli("run")
    assert code == 0, out
    assert "wrote 3 figures" in out
    svg = (quick / "posts" / "loss-curve.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "loss" in svg
    assert (quick / "posts" / "plots-2.svg").is_file()
    assert (quick / "posts" / "plots-3.svg").is_file()
    code, out, _ = cli("run")  # from the cache: same figures, nothing rewritten
    assert "wrote" not in out
    assert (quick / "posts" / "loss-curve.svg").read_text(encoding="utf-8") == svg


def test_diagnostics_are_printed_in_line_order(quick: Path, cli: CLI) -> None:
    write_post(quick, "t", "```console\n$ echo hi\nho\n$ exit 3\n```\n")
    code, out, _ = cli("run")
    assert code == 1
    assert [line.split(": ")[0] for line in out.splitlines() if line.startswith("posts/")] == [
        "posts/t.md",
        "posts/t.md:6:1",
        "posts/t.md:8:1",
    ]


def test_an_unknown_fence_option_is_reported_and_that_block_not_run(quick: Path, cli: CLI) -> None:
    write_post(quick, "t", "```python timeot=5\nprint(1)\n```\n\n" + GOOD)
    code, out, err = cli("run")
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0].startswith("posts/t.md: 1 session: 1 passed, 1 failed, 0 skipped; 1 ran in ")
    assert lines[1:] == [
        "posts/t.md:5:1: This block was not run: unknown option 'timeot' in "
        "'python timeot=5'. Did you mean 'timeout'? Use session, norun, raises, timeout, "
        "standalone, check, file or figure. [code.failed]",
        "1 passed, 1 failed, 0 skipped",
    ]


_LAUNCH = (
    "import signal, sys\n"
    "signal.signal(signal.SIGINT, signal.default_int_handler)  # even if ours is ignored\n"
    "from byline.cli.app import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


@pytest.mark.parametrize(
    ("sig", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["int", "term"]
)
def test_an_interrupted_run_stops_its_code_and_removes_its_folders(
    quick: Path, tmp_path: Path, sig: int, status: int
) -> None:
    pidfile, tmp = tmp_path / "pids", tmp_path / "tmp"
    tmp.mkdir()
    code = (
        "import os, subprocess, time\n"
        "group = subprocess.Popen(['sleep', '300'])\n"
        "alone = subprocess.Popen(['sleep', '301'], start_new_session=True)\n"
        "with open(os.environ['PIDFILE'] + '.tmp', 'w') as f:\n"
        "    f.write(f'{os.getpid()} {group.pid} {alone.pid}')\n"
        "os.rename(os.environ['PIDFILE'] + '.tmp', os.environ['PIDFILE'])\n"
        "time.sleep(300)\n"
    )
    body = f"```python timeout=600\n{code}```\n\n```python session=queued\nprint(1)\n```\n"
    write_post(quick, "p", body, front="env: [PIDFILE]\n")
    env = {**os.environ, "PIDFILE": str(pidfile), "TMPDIR": str(tmp)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _LAUNCH, "run", "-j", "1"],
        cwd=quick,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(600):
        if pidfile.exists() or proc.poll() is not None:
            break
        time.sleep(0.05)
    pids = [int(p) for p in pidfile.read_text().split()]
    try:
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # never leave a run behind when the test fails
        proc.kill()
        proc.wait()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        raise
    for pid in pids:
        assert_gone(pid)
    assert (proc.returncode, out) == (status, "")
    assert err == ("Interrupted: the running code was stopped and its work folders removed.\n")
    assert list(tmp.iterdir()) == []


def test_a_frozen_session_says_when_and_where_it_last_ran(quick: Path, cli: CLI) -> None:
    write_post(quick, "gpu", "```python\nprint('trained')\n```\n", front="freeze: true\n")
    assert cli("run")[0] == 0
    entry = json.loads((quick / "frozen" / "gpu.json").read_text(encoding="utf-8"))
    when, host = entry["sessions"]["main"]["when"], entry["sessions"]["main"]["host"]
    shutil.rmtree(quick / ".byline" / "cache")  # a fresh checkout: only frozen/ is committed
    code, out, _ = cli("run")
    assert code == 0
    assert out.splitlines()[:2] == [
        "posts/gpu.md: 1 session: 1 passed, 0 failed, 0 skipped",
        f"  session main: frozen: last ran {when[:10]} on {host}",
    ]


def test_check_run_folds_code_diagnostics_into_every_format(quick: Path, cli: CLI) -> None:
    write_post(quick, "bad", "Some text.\n\n```python\nraise ValueError('x')\n```\n")

    def code_rules(*args: str) -> list[tuple[str, int]]:
        _, out, _ = cli("check", "posts/bad.md", "--format", "json", *args)
        found = json.loads(out)["diagnostics"]
        return [(d["rule"], d["line"]) for d in found if d["rule"].startswith("code.")]

    assert code_rules() == [("code.untested", 7)]
    assert code_rules("--run") == [("code.failed", 8)]
    code, out, _ = cli("check", "posts/bad.md", "--run", "--format", "github")
    assert code == 1
    assert "file=posts/bad.md,line=8" in out and "code.failed" in out
    _, out, _ = cli("check", "posts/bad.md", "--run", "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    assert "code.failed" in [r["ruleId"] for r in results]


def test_paths_and_output_are_shown_with_escapes(quick: Path, cli: CLI) -> None:
    code = "```python\nprint('\\x9b2Jred\\x07')\n```\n\n```output\nred\n```\n"
    (quick / "posts" / "a\x1b]0;pwned\x07.md").write_text(f"---\ntitle: A\n---\n\n{code}")
    status, out, err = cli("run")
    assert status == 1
    assert not any(c in out + err for c in ("\x1b", "\x07", "\r", "\x9b"))
    lines = out.splitlines()
    assert lines[0].startswith("posts/a\\x1b]0;pwned\\x07.md: 1 session: 0 passed, 1 failed")
    assert lines[1].startswith("posts/a\\x1b]0;pwned\\x07.md:5:1: The output differs")
    assert "    +\\x9b2Jred\\x07" in lines


def test_update_keeps_what_the_editor_saved_while_the_code_ran(
    quick: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_post(quick, "stale", STALE)
    saved = path.read_text(encoding="utf-8") + "\nA line written while the code ran.\n"
    real_run = byline.cli.run.Runner.run

    def editor_saves(self: Any, *args: Any, **kwargs: Any) -> Any:
        posts = real_run(self, *args, **kwargs)
        path.write_text(saved, encoding="utf-8")
        return posts

    monkeypatch.setattr(byline.cli.run.Runner, "run", editor_saves)
    code, _, err = cli("run", "--update")
    assert code == 2
    assert err == (
        "posts/stale.md: changed while its code was running; its output fences were not "
        "updated. Run 'byline run --update' again.\n"
    )
    assert path.read_text(encoding="utf-8") == saved
    assert [p.name for p in path.parent.iterdir()] == ["stale.md"]


def test_update_writes_control_characters_as_escapes_so_the_post_stays_text(
    quick: Path, cli: CLI
) -> None:
    code = "```python\nimport sys\nsys.stdout.buffer.write(b'a\\x00b\\x07c\\x7f\\td\\n')\n```\n"
    path = write_post(quick, "nul", code)
    assert cli("run", "--update")[0] == 0
    assert path.read_text(encoding="utf-8").endswith(
        "```\n\n```output\na\\x00b\\x07c\\x7f\td\n```\n"
    )
    status, out, err = cli("run", "--force")
    assert (status, err) == (0, "")
    assert out.splitlines()[-1] == "1 passed, 0 failed, 0 skipped"
