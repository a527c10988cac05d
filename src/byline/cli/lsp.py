"""``byline lsp``: run the checker as a language server on stdin/stdout (for editors)."""

from __future__ import annotations

import typer

from byline.errors import InputError

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("lsp")
    def lsp() -> None:
        """Run a language server on stdin/stdout: diagnostics as you type, in any editor."""
        try:
            from byline.lsp import create_server
        except ModuleNotFoundError as exc:
            raise InputError(
                f"byline lsp needs the '{(exc.name or 'pygls').split('.')[0]}' package. "
                "Install it with: pip install 'byline[lsp]'"
            ) from None
        code = create_server().start_io()
        if code:  # an 'exit' without 'shutdown' (the LSP specification asks for 1)
            raise typer.Exit(code)
