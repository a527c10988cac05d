"""``byline lsp``: the checker as a language server, for diagnostics as you type.

Editors (VS Code, Neovim, Helix, Zed, Emacs, Sublime LSP...) start ``byline lsp`` and
talk to it over stdin/stdout. For each Markdown file of a blog that is opened or
edited, the server publishes the diagnostics of ``byline check`` (the rules, not the
code runner or the link checker), from the unsaved text; safe fixes (``--fix``) are
offered as quick fixes. The blog's rules stay loaded, so a keystroke costs the parse
and the rules of one post (``byline.checks.live``). Files that are not posts (outside a
blog's ``posts/`` folder, which ``byline check`` refuses too) get no diagnostics. The
reading of messages, and the replies to a client's mistakes, are in
``byline.lsp_protocol``.

Built on pygls (the ``lsp`` extra: ``pip install 'byline[lsp]'``).
"""

from __future__ import annotations

import asyncio
import sys
import threading
from pathlib import Path
from typing import Any, BinaryIO, TypeGuard

from lsprotocol import types
from pygls.exceptions import FeatureRequestError
from pygls.io_ import StdinAsyncReader, StdoutWriter
from pygls.lsp.server import LanguageServer

from byline import __version__
from byline.checks.live import LiveChecker, LiveResult
from byline.config import find_blog_root
from byline.content.document import LineIndex
from byline.diagnostics import Diagnostic
from byline.errors import BylineError, InputError
from byline.lsp_protocol import BylineProtocol, logger, serve
from byline.report.lsp import SEVERITY, client_column, fix_data, lsp_range

__all__ = ["MAX_DIAGNOSTICS", "BylineServer", "create_server"]

MARKDOWN = (".md", ".markdown")

MAX_DIAGNOSTICS = 1000
"""The most findings published for one document, plus one note saying how many more
there are. A pasted log or a generated file can have 20,000 findings: converting,
sending and drawing them all froze editors for seconds per keystroke, and no one reads
past the first screenful. The errors are kept first, then the warnings, then the
suggestions, each by position; ``byline check PATH`` lists them all."""


class BylineServer(LanguageServer):
    """A pygls server that knows one ``LiveChecker`` per blog."""

    protocol: BylineProtocol

    def __init__(self) -> None:
        super().__init__("byline", __version__, protocol_cls=BylineProtocol)
        self.checkers: dict[Path, LiveChecker] = {}

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> int:
        """Serve on stdin/stdout until ``exit`` or the end of the input; the exit status
        (1 for an ``exit`` without ``shutdown``, as the LSP specification says)."""
        self._stop_event = threading.Event()
        reader = StdinAsyncReader(stdin or sys.stdin.buffer, self.thread_pool)
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(serve(self.protocol, reader, self._stop_event))
        except SystemExit as exc:  # pygls ends the process this way on 'exit'
            return exc.code if isinstance(exc.code, int) else 0
        except BrokenPipeError:
            logger.warning("byline lsp: the editor closed the connection")
        except KeyboardInterrupt:
            pass
        finally:
            self.shutdown()  # type: ignore[no-untyped-call]
        return 0

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Log ``error`` to stderr, where pygls would pop it up in the editor (an error of
        a request is in its reply already, and logged by pygls)."""
        if source is not FeatureRequestError:
            logger.warning("byline lsp: %s", error)

    def checker_for(self, path: Path) -> LiveChecker | None:
        """The checker of the blog whose post ``path`` is; None for any other file
        (outside a blog, or outside its ``posts/`` folder: not a post for byline check)."""
        try:
            folder = path.parent.resolve()
            root = find_blog_root(folder)
        except (BylineError, OSError):  # OSError: a name too long for the system
            return None
        if root not in self.checkers:
            self.checkers[root] = LiveChecker(root)
        checker = self.checkers[root]
        return checker if folder == checker.posts_dir else None

    def encoding(self) -> str:
        return str(self.workspace.position_encoding or "utf-16")

    def diagnose(self, uri: str) -> list[types.Diagnostic]:
        """The diagnostics of the open document ``uri`` (its current, unsaved text)."""
        document = self.workspace.get_text_document(uri)
        path = Path(document.path)
        if path.suffix.lower() not in MARKDOWN:
            return []
        checker = self.checker_for(path)
        if checker is None:
            return []
        text = document.source
        result = checker.check(path, text)
        shift = 1 if text.startswith("\ufeff") else 0
        if result.error is not None:
            return _error_diagnostics(result.error, text, checker.shown(path))
        return _diagnostics(result, self.encoding(), shift, checker.shown(path))

    def publish(self, uri: str, version: int | None = None) -> None:
        """Publish the diagnostics of ``uri``, if the client opened it."""
        if not self.protocol.is_open(uri):
            logger.warning(
                "byline lsp: not checking %s, which is not open (send didOpen first)", uri
            )
            return
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=self.diagnose(uri))
        )


def _severity_first(d: Diagnostic) -> tuple[int, int, int, str]:
    return (SEVERITY[d.severity], d.line, d.column, d.rule)


def _diagnostics(
    result: LiveResult, encoding: str, shift: int, shown: str
) -> list[types.Diagnostic]:
    """The LSP diagnostics of ``result``: at most ``MAX_DIAGNOSTICS``, then a note."""
    doc = result.document
    assert doc is not None  # a result without an error has a document
    found = sorted(result.diagnostics, key=_severity_first)
    out = []
    for d in found[:MAX_DIAGNOSTICS]:
        sl, sc, el, ec = lsp_range(doc, d, encoding, shift=shift)
        data = fix_data(d, doc)
        out.append(
            types.Diagnostic(
                range=types.Range(types.Position(sl, sc), types.Position(el, ec)),
                severity=types.DiagnosticSeverity(SEVERITY[d.severity]),
                code=d.rule,
                source="byline",
                message=d.message,
                data={"fix": data, "shift": shift} if data else None,
            )
        )
    if len(found) > MAX_DIAGNOSTICS:
        out.append(_more_note(len(found) - MAX_DIAGNOSTICS, shown))
    return out


def _more_note(hidden: int, shown: str) -> types.Diagnostic:
    """The note, at the top of the file, that ``hidden`` findings are not published."""
    return types.Diagnostic(
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        severity=types.DiagnosticSeverity.Information,
        code="too-many-findings",
        source="byline",
        message=(
            f"{hidden:,} more findings are not shown here: byline shows the first "
            f"{MAX_DIAGNOSTICS:,} in the editor. Run 'byline check {shown}' to list them all."
        ),
    )


def _error_diagnostics(error: BylineError, text: str, shown: str) -> list[types.Diagnostic]:
    """An input error as diagnostics: one of the post (bad front matter) at its lines, one
    of another file (``byline.toml``, ``vocabulary.txt``) on line 1, naming the file."""
    errors = error.causes or (error,)
    problems = [
        (e.line or 1, e.message)
        if isinstance(e, InputError) and (e.path is None or str(e.path) == shown)
        else (1, str(e))
        for e in errors
    ]
    lines = LineIndex(text)
    out = []
    for line, message in problems:
        n = max(line - 1, 0)
        out.append(
            types.Diagnostic(
                range=types.Range(types.Position(n, 0), types.Position(n, len(lines.text(n)))),
                severity=types.DiagnosticSeverity.Error,
                code="input",
                source="byline",
                message=message,
            )
        )
    return out


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _fix(data: Any, text: str) -> tuple[int, int, str, str] | None:
    """(start, end, new text, title) of the fix a diagnostic's ``data`` holds; None when it
    holds none, a malformed one, or one for text that changed since."""
    if not isinstance(data, dict) or not isinstance(fix := data.get("fix"), dict):
        return None
    shift, start, end = data.get("shift", 0), fix.get("start"), fix.get("end")
    old, new, title = fix.get("old"), fix.get("new"), fix.get("title")
    if not (_is_int(shift) and _is_int(start) and _is_int(end)):
        return None
    if not (isinstance(old, str) and isinstance(new, str) and isinstance(title, str)):
        return None
    start, end = start + shift, end + shift
    if not 0 <= start <= end <= len(text) or text[start:end] != old:
        return None  # the text changed since: fresh diagnostics are on their way
    return start, end, new, title


def _quick_fixes(server: BylineServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    if not server.protocol.is_open(uri):
        return []
    text = server.workspace.get_text_document(uri).source
    encoding = server.encoding()
    actions = []
    for diagnostic in params.context.diagnostics:
        found = _fix(diagnostic.data, text) if diagnostic.source == "byline" else None
        if found is None:
            continue
        start, end, new, title = found
        lines = LineIndex(text)

        def position(offset: int, lines: LineIndex = lines) -> types.Position:
            line, column = lines.position(offset)
            return types.Position(
                line - 1, client_column(lines.text(line - 1), column - 1, encoding)
            )

        edit = types.TextEdit(types.Range(position(start), position(end)), new)
        actions.append(
            types.CodeAction(
                title=f"byline: {title}",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=True,
                edit=types.WorkspaceEdit(changes={uri: [edit]}),
            )
        )
    return actions


def create_server() -> BylineServer:
    """A byline language server with every handler registered (not started)."""
    server = BylineServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: BylineServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.publish(params.text_document.uri, params.text_document.version)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: BylineServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.publish(params.text_document.uri, params.text_document.version)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: BylineServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: BylineServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: BylineServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return _quick_fixes(ls, params)

    return server
