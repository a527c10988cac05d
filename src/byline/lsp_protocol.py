"""``byline lsp``'s JSON-RPC layer: what an editor sends, read without ever wedging.

pygls reads only ``Content-Length: N`` spelled exactly so and answers some client
mistakes with nothing (a request before ``initialize`` or after ``shutdown``) or a
pop-up (a body that is not JSON). A client that sends one bad message should get an
error reply and a working server, so byline reads the stream itself: header names in
any case, spaces optional; a header it cannot read is logged to stderr and skipped up to
the next ``Content-Length``. Every request gets a reply, with the JSON-RPC error code a
client knows (https://www.jsonrpc.org/specification#error_object, and LSP's -32002),
never a traceback; a notification it cannot take is logged and dropped.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from cattrs import transform_error
from lsprotocol import types
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import JsonRPCNotification, JsonRPCRequestMessage
from pygls.protocol.language_server import lsp_method

if TYPE_CHECKING:
    from collections.abc import Awaitable, Generator
    from typing import Protocol

    class Reader(Protocol):
        """pygls' ``StdinAsyncReader``: stdin read in a worker thread."""

        def readline(self) -> Awaitable[bytes]: ...

        def readexactly(self, n: int) -> Awaitable[bytes]: ...


__all__ = ["MAX_BODY", "BylineProtocol", "read_message", "serve"]

logger = logging.getLogger("byline.lsp")

MAX_BODY = 64 * 1024 * 1024
"""The longest message body taken (64 MiB): a larger ``Content-Length`` is a broken
header, not a reason to allocate that much."""

_LENGTH = re.compile(rb"content-length[ \t]*:[ \t]*(\S*)[ \t]*\r?\n?\Z", re.IGNORECASE)

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
SERVER_NOT_INITIALIZED = -32002


def _content_length(line: bytes) -> int | str | None:
    """The length a ``Content-Length`` header in ``line`` gives, a message saying why it
    cannot be read, or None when ``line`` holds no such header.

    The header is looked for at the end of the line, so that one following the rest of a
    body that was longer than its header said is found (where reading resynchronises).
    """
    at = line.lower().rfind(b"content-length")
    match = _LENGTH.match(line, at) if at >= 0 else None
    if match is None:
        return None
    value, header = match.group(1), line[at:].strip().decode("ascii", "replace")
    if not value.isdigit():
        return f"cannot read the header '{header}': its value is not a number of bytes"
    if int(value) > MAX_BODY:
        return f"the header '{header}' is over the {MAX_BODY >> 20} MiB byline accepts"
    return int(value)


async def read_message(reader: Reader) -> bytes | None:
    """The body of the next message on ``reader``; None at the end of the input.

    A message whose headers hold no readable ``Content-Length`` is logged and skipped:
    reading goes on at the next ``Content-Length`` header.
    """
    length: int | None = None
    skipping = False
    while line := await reader.readline():
        if line.strip():
            found = _content_length(line)
            if isinstance(found, str):
                logger.warning("byline lsp: %s; skipping to the next message", found)
                length, skipping = None, True
            elif found is not None:
                length, skipping = found, False
        elif length is not None:
            body = await reader.readexactly(length)
            return body if len(body) == length else None
        elif not skipping:
            logger.warning(
                "byline lsp: a message without a Content-Length header; skipping to the next"
            )
            skipping = True
    return None


async def serve(protocol: BylineProtocol, reader: Reader, stop: threading.Event) -> None:
    """Handle the messages on ``reader`` until the input ends (or ``exit`` ends the
    process, with ``SystemExit``)."""
    while not stop.is_set() and (body := await read_message(reader)) is not None:
        try:
            protocol.handle_body(body)
        except Exception:
            logger.exception("byline lsp: could not handle a message")


def _problem(data: Any) -> str | None:
    """Why ``data`` is not a JSON-RPC 2.0 message, or None."""
    if not isinstance(data, dict):
        return "a message must be a JSON object."
    if data.get("jsonrpc") != "2.0":
        return 'a message must have "jsonrpc": "2.0".'
    if "method" in data and not isinstance(data["method"], str):
        return '"method" must be a string.'
    if "id" in data and not _valid_id(data["id"]):
        return '"id" must be a number or a string.'
    if "method" not in data and "id" not in data:
        return 'a message must have a "method" or an "id".'
    return None


def _valid_id(msg_id: Any) -> bool:
    return isinstance(msg_id, str) or (isinstance(msg_id, int) and not isinstance(msg_id, bool))


def _json_names(problem: str) -> str:
    """``required field missing @ $.params.text_document`` with the protocol's names."""
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), problem)


class BylineProtocol(LanguageServerProtocol):
    """pygls' protocol, answering a client's mistakes instead of dropping them."""

    def handle_body(self, body: bytes) -> None:
        """Decode, check and handle one message body."""
        try:
            data = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError as exc:
            byte = body[exc.start]
            self.reply_error(
                None,
                PARSE_ERROR,
                f"The message is not valid UTF-8 (byte 0x{byte:02x} at offset {exc.start}).",
            )
            return
        except json.JSONDecodeError as exc:
            said = f"{exc.msg[:1].lower()}{exc.msg[1:]} (line {exc.lineno}, column {exc.colno})"
            self.reply_error(None, PARSE_ERROR, f"The message is not valid JSON: {said}.")
            return
        except RecursionError:  # json's decoder recurses once per level of nesting
            self.reply_error(
                None, PARSE_ERROR, "The message nests JSON arrays or objects too deeply to read."
            )
            return
        if (problem := _problem(data)) is not None:
            if (
                isinstance(data, dict)
                and "method" not in data
                and {"result", "error"} & data.keys()
            ):
                logger.warning("byline lsp: ignoring a reply: %s", problem)
            else:
                msg_id = data.get("id") if isinstance(data, dict) else None
                valid = msg_id if _valid_id(msg_id) else None
                self.reply_error(valid, INVALID_REQUEST, f"Invalid request: {problem}")
            return
        if (method := data.get("method")) is not None and not self._accepts(method, data):
            return
        try:
            message = self._structure(data)
        except Exception as exc:  # any structuring error means bad params
            problems = "; ".join(_json_names(p) for p in transform_error(exc))
            if "id" in data and method is not None:
                self.reply_error(
                    data["id"], INVALID_PARAMS, f"Invalid params for {method}: {problems}"
                )
            else:
                logger.warning("byline lsp: ignoring %s: invalid params: %s", method, problems)
            return
        self.handle_message(message)

    def _accepts(self, method: str, data: dict[str, Any]) -> bool:
        """Whether ``method`` may be handled now; replies or logs when not."""
        if method == types.EXIT:
            return True
        if self._shutdown:
            refusal = (
                INVALID_REQUEST,
                "Invalid request: the server is shutting down ('shutdown' was received); "
                "send 'exit'.",
            )
        elif self._workspace is None and method != types.INITIALIZE:
            refusal = (
                SERVER_NOT_INITIALIZED,
                "The server is not initialized: send 'initialize' first.",
            )
        else:
            return True
        if "id" in data:
            self.reply_error(data["id"], *refusal)
        else:
            logger.warning("byline lsp: ignoring %s: %s", method, refusal[1])
        return False

    def _structure(self, data: dict[str, Any]) -> Any:
        """``data`` as the lsprotocol type of its method (a reply: as pygls does it)."""
        method = data.get("method")
        if method is None:
            return self.structure_message(data)
        message_type = self.get_message_type(method)
        if message_type is None:  # pygls' fallback types need "params", which may be left out
            fallback = JsonRPCRequestMessage if "id" in data else JsonRPCNotification
            return self._converter.structure({"params": None, **data}, fallback)
        return self._converter.structure(data, message_type)

    def reply_error(self, msg_id: int | str | None, code: int, message: str) -> None:
        """Send an error reply (``"id": null`` when the request's id is unknown)."""
        if msg_id is None:
            logger.warning("byline lsp: %s", message)
        error = {"code": code, "message": message}
        self._send_data({"jsonrpc": "2.0", "id": msg_id, "error": error})

    def is_open(self, uri: str) -> bool:
        """Whether the client opened ``uri`` (and has not closed it)."""
        # pygls keys its documents by the unquoted URI
        return unquote(uri) in self.workspace.text_documents

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        """pygls' update of the document's text, for open documents only."""
        if not self.is_open(params.text_document.uri):
            logger.warning(
                "byline lsp: ignoring a change to %s, which is not open (send didOpen first)",
                params.text_document.uri,
            )
            return
        yield from super().lsp_text_document__did_change(params)
