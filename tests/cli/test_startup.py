"""Start-up cost: ``byline check`` imports only what checking needs.

Each heavy library left out of the check path saves tens of milliseconds on every run
(an editor runs the checker on each save); this keeps them out.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = (
    "rich",
    "httpx",
    "pygments",
    "jinja2",
    "PIL",
    "pydantic",
    "byline.run.execute",
    "byline.site",
)


def _python(
    source: str, cwd: Path | None = None, *, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run ``source`` in a fresh interpreter (start-up state is per process), output kept."""
    return subprocess.run(
        [sys.executable, "-c", source], cwd=cwd, capture_output=True, text=True, check=check
    )


PROBE = """
import sys
from byline.cli.app import main
code = main(["check", "--no-cache"])
heavy = sorted(m for m in {heavy!r} if m in sys.modules)
print(code, ",".join(heavy))
"""


def test_check_imports_no_heavy_library(example_blog: Path) -> None:
    done = _python(PROBE.format(heavy=HEAVY), example_blog)
    code, _, heavy = done.stdout.strip().splitlines()[-1].partition(" ")
    assert code in {"0", "1"}
    assert heavy == ""


NOOP_PROBE = """
import sys
from byline.cli.app import main
code = main(["build"])
loaded = sorted(m for m in {heavy!r} if m in sys.modules)
print(code, ",".join(loaded))
"""

NOT_FOR_A_NOOP_BUILD = (
    "rich",
    "pydantic",
    "markdown_it",
    "yaml",
    "ssl",
    "jinja2",
    "PIL",
    "pygments",
    "byline.content.document",
    "concurrent.futures",
)


def test_a_build_with_nothing_to_do_imports_no_parser_or_renderer(example_blog: Path) -> None:
    """Every post's state is remembered, drafts included: nothing is read or parsed."""
    assert any("status: draft" in p.read_text("utf-8") for p in example_blog.glob("posts/*.md"))
    subprocess.run([sys.executable, "-m", "byline", "build"], cwd=example_blog, check=True)
    done = _python(NOOP_PROBE.format(heavy=NOT_FOR_A_NOOP_BUILD), example_blog)
    code, _, loaded = done.stdout.splitlines()[-1].partition(" ")
    assert "0 rendered" in done.stdout
    assert (code, loaded) == ("0", "")


def test_commands_collect_cyclic_garbage_rarely() -> None:
    """A command makes many objects and almost no cyclic garbage; collecting every 700
    allocations (Python's default) cost 20-60 ms of a one-post rebuild. mypy does the same."""
    probe = (
        "import gc\n"
        "from byline.cli import app\n"
        "app.main = lambda: print(gc.get_threshold()[0]) or 0\n"
        "app.run()\n"
    )
    done = _python(probe)
    assert int(done.stdout.strip().splitlines()[-1]) >= 100_000


def test_main_leaves_its_hosts_collector_alone() -> None:
    probe = (
        "import gc\n"
        "from byline.cli.app import main\n"
        "before = gc.get_threshold()\n"
        "main(['--version'])\n"
        "print(before == gc.get_threshold())\n"
    )
    done = _python(probe)
    assert done.stdout.strip().splitlines()[-1] == "True"


def test_the_command_exits_without_tearing_down_its_heap(example_blog: Path) -> None:
    """``byline`` ends with ``os._exit`` after flushing (as mypy does): freeing a build's
    objects one by one took 50 ms of a one-post rebuild. Output and exit code survive."""
    probe = (
        "import atexit, runpy, sys\n"
        "atexit.register(lambda: print('atexit ran'))\n"
        "sys.argv = ['byline', 'check', '--format', 'json', '--no-cache']\n"
        "runpy.run_module('byline', run_name='__main__')\n"
    )
    done = _python(probe, example_blog, check=False)
    assert done.returncode == 1  # the example blog's draft has findings
    assert done.stdout.rstrip().endswith("}")  # the whole report, flushed
    assert "atexit ran" not in done.stdout
