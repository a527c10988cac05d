"""``byline serve [--port P] [--host H] [--drafts] [--open]``: the site with live reload."""

from __future__ import annotations

import signal
import threading
import webbrowser
from types import FrameType
from typing import TYPE_CHECKING

import typer

from byline.cli.common import console, err_console, open_blog
from byline.printable import printable

if TYPE_CHECKING:
    from byline.site.serve import DevServer, Rebuild

__all__ = ["register"]

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        port: int = typer.Option(
            8000, "--port", "-p", min=0, max=65535, help="Port to listen on (0: any free one)."
        ),
        host: str = typer.Option(
            "127.0.0.1", "--host", help="Address to listen on (default: this machine only)."
        ),
        drafts: bool = typer.Option(
            False, "--drafts", help="Also show drafts and future-dated posts."
        ),
        open_browser: bool = typer.Option(
            False, "--open/--no-open", help="Open the home page in a web browser."
        ),
    ) -> None:
        """Serve the site, rebuild on every save and reload the open pages."""
        from byline.site.serve import DevServer, ServeOptions

        blog = open_blog()
        server = DevServer(
            blog,
            ServeOptions(host=host, port=port, drafts=drafts),
            say=lambda line: console.print(line, markup=False),
            warn=lambda line: err_console.print(line, markup=False),
        )
        # Ctrl-C or a plain ``kill`` stop cleanly, even when started from a script whose
        # shell ignores SIGINT for background jobs.
        previous = {}
        if threading.current_thread() is threading.main_thread():
            previous = {s: signal.signal(s, _interrupt) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            _announce(server, server.start(), open_browser=open_browser)
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        console.print("Stopped.", markup=False)


def _announce(server: DevServer, first: Rebuild, *, open_browser: bool) -> None:
    """Say where the site is (and what the first build found)."""
    blog = server.blog
    for error in first.errors:  # shown with escapes already (describe_error)
        err_console.print(error, markup=False)
    for warning in first.report.warnings if first.report else ():  # they quote file names
        err_console.print(printable(warning), markup=False)
    posts = first.report.posts if first.report else 0
    console.print(
        f"Serving {printable(blog.config.site.title)} at {server.url} ({posts} posts, built "
        f"in {first.seconds:.2f} s into {printable(blog.display(server.out))}/).",
        markup=False,
    )
    if server.options.host not in LOOPBACK:
        err_console.print(
            f"Listening on {server.options.host}: other machines can see this site, "
            "drafts included. Use --host 127.0.0.1 to keep it to this machine.",
            markup=False,
        )
    console.print(
        f"Watching {printable(str(blog.root))} for changes. Press Ctrl-C to stop.", markup=False
    )
    if open_browser:
        webbrowser.open(server.url)
