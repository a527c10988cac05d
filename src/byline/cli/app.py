"""Entry point: builds the Typer app from the command modules and maps errors to exit codes."""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
import traceback
from collections.abc import Sequence

import typer

from byline import __version__
from byline.cli.common import ExitCode, err_console
from byline.errors import BylineError, os_error

__all__ = ["app", "main", "register_commands", "run"]

# Each module defines ``register(app)`` for the command named like the module; the order
# is the order of ``byline --help``. ``main`` imports only the module of the command being
# run (all of them for help), so ``byline check`` never pays for the site's imports.
COMMAND_MODULES = (
    "byline.cli.init",
    "byline.cli.new",
    "byline.cli.idea",
    "byline.cli.status",
    "byline.cli.check",
    "byline.cli.lsp",
    "byline.cli.review",
    "byline.cli.run",
    "byline.cli.links",
    "byline.cli.build",
    "byline.cli.serve",
)

GC_THRESHOLD = 200_000
"""Allocations between collections of the youngest generation while a command runs."""

app = typer.Typer(
    name="byline",
    help="Take a technical blog post from idea to published, checked and promoted.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"byline {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    version: bool = typer.Option(  # noqa: ARG001 - handled by its eager callback
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """byline: from idea to a checked, tested, published and promoted post."""
    _state["debug"] = debug or _state["debug"]


_registered: set[str] = set()


def register_commands(args: Sequence[str] = ()) -> None:
    """Register the command named in ``args`` with ``app``, or every command."""
    name = next((a for a in args if not a.startswith("-")), None)
    if name is None and "--version" in args:
        return
    wanted = f"byline.cli.{name}"
    for module in (wanted,) if wanted in COMMAND_MODULES else COMMAND_MODULES:
        if module not in _registered:
            importlib.import_module(module).register(app)
            _registered.add(module)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns (and, as a script, exits with) 0, 1 or 2."""
    args = list(sys.argv[1:] if argv is None else argv)
    _state["debug"] = "--debug" in args
    try:
        register_commands(args)  # imports the command: a Ctrl-C there is exit 130 too
        app(args=args, prog_name="byline")  # click's standalone mode ends with SystemExit
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else int(ExitCode.USAGE))
    except BylineError as exc:
        if _state["debug"]:
            traceback.print_exc()
        err_console.print(str(exc), markup=False)
        return int(ExitCode.USAGE)
    except BrokenPipeError:
        raise
    except OSError as exc:
        # Defence in depth: reading and writing files at byline's edges raises an
        # InputError saying what byline was doing; a refused file operation one of them
        # missed is still one line, not a traceback.
        if _state["debug"]:
            traceback.print_exc()
        message = (
            f"{os_error(exc, 'finish the command')} Run with --debug to see where it happened."
        )
        err_console.print(message, markup=False)
        return int(ExitCode.USAGE)
    except KeyboardInterrupt:
        return 130
    return 0


def run() -> None:
    """The ``byline`` command (the console script and ``python -m byline``): ``main`` as a
    process of its own, which may tune the process (``main`` leaves its host's alone)."""
    # A command makes many long-lived objects (a build state, parsed posts) and almost
    # no cyclic garbage; the default (a collection every 700 allocations) spent 20-60 ms
    # of a one-post rebuild scanning them. mypy raises its threshold the same way.
    gc.set_threshold(GC_THRESHOLD, 30, 30)
    code = main()
    # Ending here skips freeing every object one by one (50 ms after a one-post rebuild),
    # as mypy does. Nothing byline leaves needs it: files are written and closed, worker
    # pools joined and temporary folders removed inside the commands.
    for stream in (sys.stdout, sys.stderr):
        # Closed (the language server closes stdout on exit) or a broken pipe: nothing to do.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
