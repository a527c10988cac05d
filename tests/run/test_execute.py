"""Running real sessions: every option, and blocks that misbehave."""

from __future__ import annotations

import os
import socket
import sys
import time
from pathlib import Path

import pytest

from byline.content.blog import Blog
from byline.errors import ConfigError
from byline.run import Runner, RunOptions
from byline.run.execute import Context, run_unit
from byline.run.isolation import Isolation, network_prefix
from byline.run.plan import plan_post
from tests.run.conftest import assert_gone, results, run_posts, write_post

FENCE = "```"


def block(lang: str, code: str, options: str = "") -> str:
    return f"{FENCE}{lang} {options}".rstrip() + f"\n{code.strip()}\n{FENCE}\n\n"


def test_python_blocks_share_a_session_and_others_get_their_own(rblog: Path) -> None:
    write_post(
        rblog,
        "p",
        block("python", "x = 41\nprint('x is', x)")
        + block("py", "print(x + 1)")
        + block("python", "print('x' in globals())", "session=other")
        + block("python", "print(__name__)"),
    )
    (post,) = run_posts(rblog)
    assert results(post) == [
        ("passed", "x is 41"),
        ("passed", "42"),
        ("passed", "False"),
        ("passed", "__main__"),
    ]
    assert set(post.results) == {"main", "other"}


def test_a_failure_is_mapped_to_post_lines(rblog: Path) -> None:
    write_post(rblog, "p", block("python", "def f():\n    return 1 / 0\n\nprint('before')\nf()"))
    (post,) = run_posts(rblog)
    result = post.block(post.plan.steps[0])
    assert result is not None
    assert result.status == "failed"
    assert result.error == "ZeroDivisionError: division by zero"
    assert result.error_line == 7  # 'return 1 / 0': the fence is on line 5
    assert 'File "posts/p.md", line 10, in <module>' in result.traceback
    assert 'File "posts/p.md", line 7, in f' in result.traceback
    assert result.output == "before"


def test_raises_expects_that_exception(rblog: Path) -> None:
    write_post(
        rblog,
        "p",
        block("python", "raise KeyError('k')", "raises=KeyError")
        + block("python", "raise KeyError('k')", "raises=LookupError")
        + block("python", "raise KeyError('k')", "raises=ValueError")
        + block("python", "pass", "raises=ValueError"),
    )
    (post,) = run_posts(rblog)
    statuses = [r[0] for r in results(post)]
    assert statuses == ["passed", "passed", "failed", "failed"]
    last = post.block(post.plan.steps[3])
    assert last is not None
    assert last.error == "it was expected to raise ValueError, but it raised nothing"


def test_norun_blocks_are_skipped(rblog: Path) -> None:
    write_post(
        rblog,
        "p",
        block("python", "raise SystemExit(3)", "norun") + block("sh", "exit 3", "notest"),
    )
    (post,) = run_posts(rblog)
    assert post.plan.units == []
    assert len(post.plan.skipped) == 2


def test_a_block_that_exits_ends_its_session(rblog: Path) -> None:
    write_post(
        rblog,
        "p",
        block("python", "import os\nprint('bye', flush=True)\nos._exit(7)")
        + block("python", "print(1)"),
    )
    (post,) = run_posts(rblog)
    first, second = (post.block(s) for s in post.plan.steps)
    assert first is not None and second is not None
    assert first.status == "failed"
    assert first.error == "the Python interpreter exited (status 7) while running this block"
    assert first.output == "bye"
    assert second.status == "aborted"


def test_sys_exit_is_a_failure_but_the_session_goes_on(rblog: Path) -> None:
    write_post(rblog, "p", block("python", "import sys\nsys.exit(3)") + block("python", "print(1)"))
    (post,) = run_posts(rblog)
    assert results(post) == [("failed", ""), ("passed", "1")]


def test_a_hanging_block_is_interrupted_then_killed_with_its_group(
    rblog: Path, tmp_path: Path
) -> None:
    pidfile = tmp_path / "pid"
    code = (
        "import os, subprocess, time\n"
        "child = subprocess.Popen(['sleep', '300'])\n"
        "open(os.environ['PIDFILE'], 'w').write(str(child.pid))\n"
        "signal_proof = True\n"
        "while True:\n"
        "    try:\n"
        "        time.sleep(10)\n"
        "    except KeyboardInterrupt:\n"
        "        pass  # ignores the interrupt: only the kill stops it\n"
    )
    write_post(
        rblog,
        "p",
        block("python", code, "timeout=1") + block("python", "print('after')"),
        front="env: [PIDFILE]\n",
    )
    start = time.monotonic()
    (post,) = run_posts(rblog, environ={**os.environ, "PIDFILE": str(pidfile)})
    assert time.monotonic() - start < 15
    hung, after = (post.block(s) for s in post.plan.steps)
    assert hung is not None and after is not None
    assert hung.status == "timeout"
    assert hung.error == "it did not finish within 1 second"
    assert after.status == "aborted"
    pid = int(pidfile.read_text())
    assert_gone(pid)


def test_an_interrupted_block_shows_where_it_was(rblog: Path) -> None:
    write_post(
        rblog, "p", block("python", "import time\nprint('working')\ntime.sleep(30)", "timeout=0.5")
    )
    (post,) = run_posts(rblog)
    result = post.block(post.plan.steps[0])
    assert result is not None
    assert result.status == "timeout"
    assert result.error_line == 8
    assert result.traceback.endswith("KeyboardInterrupt\n")
    assert result.output == "working"


def test_a_block_printing_100_mb_is_truncated(rblog: Path) -> None:
    code = (
        "import os, sys\n"
        "sys.stdout.write('x' * 50_000_000)\n"
        "sys.stdout.flush()\n"
        "os.write(1, b'y' * 50_000_000)"
    )
    write_post(rblog, "p", block("python", code) + block("python", "print('still fine')"))
    (post,) = run_posts(rblog)
    big, small = (post.block(s) for s in post.plan.steps)
    assert big is not None and small is not None
    assert big.status == "passed"
    assert big.output.startswith("x" * 1000)
    assert big.output.endswith("[byline: output truncated, 99000000 more bytes not kept]")
    assert len(big.output) < 1_100_000
    assert small.output == "still fine"


def test_a_block_that_forks_does_not_confuse_the_session(rblog: Path) -> None:
    code = (
        "import os\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    print('in the fork', flush=True)\n"
        "else:\n"
        "    os.waitpid(pid, 0)\n"
        "    print('in the parent')\n"
    )
    write_post(rblog, "p", block("python", code) + block("python", "print(pid != 0)"))
    (post,) = run_posts(rblog)
    assert results(post) == [("passed", "in the fork\nin the parent"), ("passed", "True")]


def test_multiprocessing_in_a_block(rblog: Path) -> None:
    code = (
        "import multiprocessing as mp\n"
        "def square(n):\n"
        "    return n * n\n"
        "with mp.get_context('fork').Pool(2) as pool:\n"
        "    print(pool.map(square, range(4)))\n"
    )
    write_post(rblog, "p", block("python", code))
    (post,) = run_posts(rblog)
    assert results(post) == [("passed", "[0, 1, 4, 9]")]


def test_changing_directory_and_deleting_the_work_folder(rblog: Path) -> None:
    write_post(
        rblog,
        "p",
        block("python", "import os\nprint(os.getcwd())\nos.chdir('/')")
        + block("python", "print(os.getcwd())")
        + block("bash", "pwd\ntouch made-by-bash\nls")
        + block("python", "import shutil\nshutil.rmtree(os.environ['HOME'])\nprint('deleted')")
        + block("python", "print('still running')")
        + block("bash", "echo in a deleted folder", "session=main"),
    )
    (post,) = run_posts(rblog)
    assert results(post)[:5] == [
        ("passed", "<tmp>"),
        ("passed", "/"),
        ("passed", "<tmp>\nmade-by-bash"),
        ("passed", "deleted"),
        ("passed", "still running"),
    ]
    last = post.block(post.plan.steps[5])
    assert last is not None and last.status == "failed"


def test_environment_is_allow_listed(rblog: Path) -> None:
    code = (
        "import os, time\n"
        "print(os.environ.get('SECRET'), os.environ.get('DECLARED'), os.environ['TZ'])\n"
        "print(os.environ['MPLBACKEND'], os.environ['HOME'], time.strftime('%Z'))\n"
    )
    write_post(rblog, "p", block("python", code), front="env: [DECLARED]\n")
    environ = {**os.environ, "SECRET": "s3cret", "DECLARED": "yes"}
    (post,) = run_posts(rblog, environ=environ)
    assert results(post) == [("passed", "None yes UTC\nAgg <tmp> UTC")]


def test_offline_cuts_the_network(rblog: Path) -> None:
    code = (
        "import os, socket\n"
        "print(os.environ['HTTPS_PROXY'])\n"
        "try:\n"
        "    socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
        "except OSError as exc:\n"
        "    print('no connection')\n"
    )
    write_post(rblog, "p", block("python", code))
    (post,) = run_posts(rblog, offline=True)
    assert results(post) == [("passed", "http://127.0.0.1:9\nno connection")]
    (online,) = run_posts(rblog, offline=False, force=True)
    result = online.block(online.plan.steps[0])
    assert result is not None
    assert result.error == "KeyError: 'HTTPS_PROXY'"


def test_bash_runs_strict_in_the_work_folder(rblog: Path) -> None:
    write_post(
        rblog,
        "p",
        block("bash", "echo one\nfalse\necho never")
        + block("sh", "set +e\nnot-a-command-xyz\necho two")
        + block("bash", "echo $undefined_var"),
    )
    (post,) = run_posts(rblog)
    first, second, third = (post.block(s) for s in post.plan.steps)
    assert first is not None and second is not None and third is not None
    assert (first.status, first.output, first.error) == (
        "failed",
        "one",
        "bash exited with status 1: one",
    )
    assert second.status == "passed"
    assert second.output.endswith("two")
    assert third.status == "failed"
    assert third.error_line == 18
    assert third.error == "bash exited with status 1: bash: line 1: undefined_var: unbound variable"


def test_console_transcripts(rblog: Path) -> None:
    write_post(
        rblog,
        "p",
        block(
            "console",
            "$ echo hello\nhello\n$ mkdir d && cd d\n$ pwd\n<tmp>/d\n$ echo a \\\n> b\na b",
        )
        + block("console", "$ echo actual\nexpected\n$ echo 'x y' | wc -w\n2")
        + block("console", "$ false\n$ echo never"),
    )
    (post,) = run_posts(rblog)
    ok, mismatch, failed = (post.block(s) for s in post.plan.steps)
    assert ok is not None and mismatch is not None and failed is not None
    assert (ok.status, ok.mismatches) == ("passed", [])
    assert [(m.offset, m.expected, m.actual) for m in mismatch.mismatches] == [
        (0, "expected", "actual")
    ]
    assert (failed.status, failed.error) == ("failed", "'false' exited with status 1")


def test_pycon_runs_as_doctest_in_the_session(rblog: Path) -> None:
    write_post(
        rblog,
        "p",
        block("python", "items = [3, 1, 2]")
        + block(
            "pycon",
            ">>> sorted(items)\n[1, 2, 3]\n>>> len(items)\n4\n>>> 1/0\n"
            "Traceback (most recent call last):\nZeroDivisionError: division by zero",
        ),
    )
    (post,) = run_posts(rblog)
    result = post.block(post.plan.steps[1])
    assert result is not None and result.status == "passed"
    assert [(m.offset, m.expected, m.actual) for m in result.mismatches] == [(2, "4\n", "3\n")]


def test_file_blocks_and_declared_files_land_in_the_work_folder(rblog: Path) -> None:
    (rblog / "data").mkdir()
    (rblog / "data" / "rows.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    write_post(
        rblog,
        "p",
        block("python", "print('from helper')", "file=helper.py")
        + block("python", "import helper\nprint(open('data/rows.csv').read())"),
        front="files: [data/*.csv]\n",
    )
    (post,) = run_posts(rblog)
    assert results(post)[1] == ("passed", "from helper\na,b\n1,2")


def test_mapped_languages_run_through_their_command(rblog: Path) -> None:
    with (rblog / "byline.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[run.commands]\nawk = "awk -f {file} /dev/null"\n')
    write_post(rblog, "p", block("awk", 'BEGIN { print "from awk" }') + block("ruby", "puts 1"))
    (post,) = run_posts(rblog)
    assert results(post) == [("passed", "from awk")]


def test_standalone_runs_the_block_alone_too(rblog: Path) -> None:
    write_post(
        rblog,
        "p",
        block("python", "import math")
        + block("python", "print(math.pi > 3)", "standalone")
        + block("python", "import math\nprint(math.e > 2)", "standalone"),
    )
    (post,) = run_posts(rblog)
    first, second = post.plan.steps[1], post.plan.steps[2]
    alone_first, alone_second = post.standalone(first), post.standalone(second)
    assert alone_first is not None and alone_first.status == "failed"
    assert alone_first.error == "NameError: name 'math' is not defined"
    assert alone_second is not None and alone_second.status == "passed"
    assert results(post)[1:] == [("passed", "True"), ("passed", "True")]


def test_the_interpreter_comes_from_the_config(rblog: Path) -> None:
    (rblog / "env" / "bin").mkdir(parents=True)
    (rblog / "env" / "bin" / "python").symlink_to(sys.executable)
    with (rblog / "byline.toml").open("a", encoding="utf-8") as handle:
        handle.write('python = "env/bin/python"\n')
    write_post(
        rblog, "p", block("python", "import sys\nprint(sys.executable.endswith('env/bin/python'))")
    )
    (post,) = run_posts(rblog)
    assert results(post) == [("passed", "True")]


def test_a_missing_interpreter_is_one_config_error_before_any_block(rblog: Path) -> None:
    with (rblog / "byline.toml").open("a", encoding="utf-8") as handle:
        handle.write('python = "/nonexistent/python"\n')
    write_post(rblog, "p", block("python", "print(1)"))
    with pytest.raises(ConfigError) as info:
        run_posts(rblog)
    assert info.value.message.startswith("'run.python' runs '/nonexistent/python', which does")


def test_an_interpreter_gone_when_its_session_starts_fails_every_python_block(
    rblog: Path,
) -> None:
    # The Runner checks [run] python first; this is the session's own guard behind it.
    write_post(rblog, "p", block("python", "print(1)") + block("python", "print(2)"))
    blog = Blog.find(rblog)
    doc = blog.load(rblog / "posts" / "p.md", cache=False)
    (unit,) = plan_post(doc, timeout=20, commands={}).units
    context = Context(
        root=rblog,
        post="posts/p.md",
        python=("/nonexistent/python",),
        isolation=Isolation(offline=False),
        environ=os.environ,
    )
    first, second = run_unit(unit, context, "key").blocks
    assert first is not None and second is not None
    assert (first.status, first.error) == (
        "failed",
        "cannot start /nonexistent/python: No such file or directory",
    )
    assert second.status == "aborted"


def test_a_syntax_error_shows_the_post_line_and_no_byline_frames(rblog: Path) -> None:
    write_post(rblog, "p", block("python", "x = 1\ndef f(:\n    pass"))
    (post,) = run_posts(rblog)
    result = post.block(post.plan.steps[0])
    assert result is not None and result.status == "failed"
    assert result.error.startswith("SyntaxError: ")
    assert result.error_line == 7
    assert result.traceback.startswith('  File "posts/p.md", line 7\n    def f(:\n')
    assert "<string>" not in result.traceback


def test_the_error_line_comes_from_the_post_not_from_other_files(rblog: Path) -> None:
    # helper.py raises at its line 7; the block calls it from post line 8.
    (rblog / "helper.py").write_text("\n" * 5 + "def boom():\n    raise ValueError('boom')\n")
    write_post(rblog, "p", block("python", "import helper\nhelper.boom()"), "files: [helper.py]\n")
    (post,) = run_posts(rblog)
    result = post.block(post.plan.steps[0])
    assert result is not None and result.error == "ValueError: boom"
    assert result.error_line == 8


def test_a_pycon_exception_fails_at_its_example(rblog: Path) -> None:
    write_post(rblog, "p", block("pycon", ">>> 1 + 1\n2\n>>> undefined_name"))
    (post,) = run_posts(rblog)
    result = post.block(post.plan.steps[0])
    assert result is not None
    assert (result.status, result.error, result.error_line, result.mismatches) == (
        "failed",
        "NameError: name 'undefined_name' is not defined",
        8,
        [],
    )
    assert "doctest.py" not in result.traceback


def test_a_clean_exit_passes(rblog: Path) -> None:
    write_post(
        rblog,
        "p",
        block("python", "import sys\nprint('main done')\nsys.exit()")
        + block("python", "raise SystemExit(0)")
        + block("python", "raise SystemExit(0)", "raises=SystemExit")
        + block("python", "sys.exit('bad input')"),
    )
    (post,) = run_posts(rblog)
    assert [r[0] for r in results(post)] == ["passed", "passed", "passed", "failed"]


def test_a_killed_interpreter_names_the_signal(rblog: Path) -> None:
    write_post(
        rblog, "p", block("python", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    )
    (post,) = run_posts(rblog)
    result = post.block(post.plan.steps[0])
    assert result is not None and result.status == "failed"
    assert result.error == (
        "the Python interpreter was killed by SIGKILL while running this block "
        "(the system's out-of-memory killer sends it too)"
    )


def test_processes_that_leave_the_process_group_end_with_the_session(
    rblog: Path, tmp_path: Path
) -> None:
    pidfile = tmp_path / "pids"
    code = (
        "import os, subprocess\n"
        "daemon = subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
        "open(os.environ['PIDFILE'], 'w').write(str(daemon.pid))\n"
    )
    write_post(
        rblog,
        "p",
        block("python", code) + block("bash", 'setsid sleep 301 &\necho $! >> "$PIDFILE.sh"'),
        front="env: [PIDFILE]\n",
    )
    (post,) = run_posts(rblog, environ={**os.environ, "PIDFILE": str(pidfile)})
    assert [r[0] for r in results(post)] == ["passed", "passed"]
    assert_gone(int(pidfile.read_text()))
    assert_gone(int(Path(f"{pidfile}.sh").read_text()))


def test_the_default_timeout_comes_from_the_config(rblog: Path) -> None:
    toml = rblog / "byline.toml"
    toml.write_text(toml.read_text().replace("timeout = 20", "timeout = 0.5"))
    write_post(
        rblog,
        "p",
        block("python", "import time\ntime.sleep(30)")
        + block("python", "import time\ntime.sleep(1)", "session=b timeout=5"),
    )
    (post,) = run_posts(rblog)
    first, second = (post.block(s) for s in post.plan.steps)
    assert first is not None and second is not None
    assert (first.status, first.error) == ("timeout", "it did not finish within 0.5 seconds")
    assert second.status == "passed"


def test_offline_cuts_even_direct_connections_where_unshare_works(rblog: Path) -> None:
    if network_prefix() is None:
        pytest.skip("unshare --net is not permitted here; offline only sets proxies")
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        code = (
            "import socket\n"
            "try:\n"
            f"    socket.create_connection(('127.0.0.1', {server.getsockname()[1]}), 2).close()\n"
            "    print('connected')\n"
            "except OSError:\n"
            "    print('no network')\n"
        )
        write_post(rblog, "p", block("python", code))
        (offline,) = run_posts(rblog, offline=True)
        (online,) = run_posts(rblog, offline=False, force=True)
    assert results(offline) == [("passed", "no network")]
    assert results(online) == [("passed", "connected")]


def test_offline_is_the_default_in_ci(rblog: Path) -> None:
    blog = Blog.find(rblog)
    assert Runner(blog, RunOptions(), environ={"CI": "true"}).isolation.offline
    assert not Runner(blog, RunOptions(), environ={}).isolation.offline
    assert not Runner(blog, RunOptions(offline=False), environ={"CI": "1"}).isolation.offline


def test_nothing_a_block_prints_can_pass_for_a_reply(rblog: Path) -> None:
    code = (
        "import marshal, os, sys\n"
        "frame = marshal.dumps({'error': None, 'figures': []}, 4)\n"
        "fake = len(frame).to_bytes(4, 'big') + frame\n"
        "os.write(1, fake)\n"
        "os.write(2, fake)\n"
        "sys.stdout.buffer.write(fake)\n"
        "raise ValueError('the real outcome')\n"
    )
    write_post(rblog, "p", block("python", code) + block("python", "print('next')"))
    (post,) = run_posts(rblog)
    first, second = (post.block(s) for s in post.plan.steps)
    assert first is not None and second is not None
    assert (first.status, first.error) == ("failed", "ValueError: the real outcome")
    assert (second.status, second.output) == ("passed", "next")


def test_shell_and_console_blocks_time_out_too(rblog: Path) -> None:
    write_post(
        rblog,
        "p",
        block("bash", "echo started\nsleep 30", "timeout=0.5")
        + block("console", "$ echo hi\nhi\n$ sleep 30", "session=c timeout=0.5"),
    )
    (post,) = run_posts(rblog)
    bash, console = (post.block(s) for s in post.plan.steps)
    assert bash is not None and console is not None
    assert (bash.status, bash.error, bash.output) == (
        "timeout",
        "it did not finish within 0.5 seconds",
        "started",
    )
    assert (console.status, console.error, console.error_line) == (
        "timeout",
        "'sleep 30' did not finish within 0.5 seconds",
        13,
    )


def test_raises_takes_the_dotted_name_the_reader_knows(rblog: Path) -> None:
    # json.JSONDecodeError is defined in json.decoder; the post may name it either way.
    write_post(
        rblog,
        "p",
        block("python", "import json as j")
        + block("python", "j.loads('{')", "raises=j.JSONDecodeError")
        + block("python", "import json\njson.loads('{')", "raises=json.JSONDecodeError")
        + block("python", "json.loads('{')", "raises=json.decoder.JSONDecodeError")
        + block("python", "json.loads('{')", "raises=json.NotAnError")
        + block("python", "json.loads('{')", "raises=TypeError"),
    )
    (post,) = run_posts(rblog)
    assert [r[0] for r in results(post)] == [
        "passed",
        "passed",
        "passed",
        "passed",
        "failed",
        "failed",
    ]


def test_a_shell_block_after_its_work_folder_was_deleted_says_so(rblog: Path) -> None:
    write_post(
        rblog,
        "p",
        block("python", "import os, shutil\nshutil.rmtree(os.environ['HOME'])")
        + block("bash", "echo hi")
        + block("console", "$ echo hi\nhi"),
    )
    (post,) = run_posts(rblog)
    for step in post.plan.steps[1:]:
        result = post.block(step)
        assert result is not None
        assert (result.status, result.error) == (
            "failed",
            "an earlier block of its session deleted the work folder it runs in",
        )
