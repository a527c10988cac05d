"""Run every benchmark in this folder (``make bench``); each prints its own table.

Each ``*_bench.py`` module runs byline and its peers side by side in one run and
reports ratios; ``docs/benchmarks.md`` records the results and the commands.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    status = 0
    for script in sorted(HERE.glob("*_bench.py")):
        print(f"== {script.name}", flush=True)
        status |= subprocess.call([sys.executable, str(script)])
    return status


if __name__ == "__main__":
    sys.exit(main())
