"""The ``byline`` console script and ``python -m byline``.

It imports nothing before the command line does: importing typer and byline's CLI takes
40-100 ms, and a Ctrl-C pressed then would end in a KeyboardInterrupt traceback from
deep inside those imports. Here it is exit 130 with no output, as it is once a command
runs (``byline.cli.app``).
"""

from __future__ import annotations

__all__ = ["run"]


def run() -> None:
    """Load the command line, then run it (``byline.cli.app.run``)."""
    try:
        from byline.cli.app import run as run_cli  # inside the try on purpose
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    run_cli()
