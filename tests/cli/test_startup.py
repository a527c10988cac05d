"""Start-up cost: ``byline check`` imports only what checking needs.

Each heavy library left out of the check path saves tens of milliseconds on every run
(an editor runs the checker on each save); this keeps them out.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("rich", "httpx", "pygments", "jinja2", "PIL", "byline.run.execute", "byline.site")

PROBE = """
import sys
from byline.cli.app import main
code = main(["check", "--no-cache"])
heavy = sorted(m for m in {heavy!r} if m in sys.modules)
print(code, ",".join(heavy))
"""


def test_check_imports_no_heavy_library(example_blog: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY)],
        cwd=example_blog,
        capture_output=True,
        text=True,
        check=True,
    )
    code, _, heavy = done.stdout.strip().splitlines()[-1].partition(" ")
    assert code in {"0", "1"}
    assert heavy == ""
