"""``byline lsp`` given what a buggy client sends: it answers, logs one line, never wedges."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.lsp_client import Client


def frame(body: bytes, header: bytes = b"Content-Length: %d\r\n\r\n") -> bytes:
    return (header % len(body) if b"%d" in header else header) + body


def message(**fields: Any) -> bytes:
    return json.dumps({"jsonrpc": "2.0", **fields}).encode()


def code_action_params(uri: str) -> dict[str, Any]:
    point = {"line": 0, "character": 0}
    return {
        "textDocument": {"uri": uri},
        "range": {"start": point, "end": point},
        "context": {"diagnostics": []},
    }


def tracebacks(client: Client) -> list[bytes]:
    return [line for line in client.stderr if b"Traceback" in line]


@pytest.fixture
def bare(blog: Path) -> Iterator[Client]:
    """A server not yet initialized."""
    c = Client(blog)
    try:
        yield c
    finally:
        c.close()


@pytest.fixture
def client(bare: Client, blog: Path) -> Client:
    bare.initialize(blog)
    return bare


@pytest.mark.parametrize(
    "garbage",
    [
        b"Content-Length: abc\r\n\r\n{}",
        b"Content-Length: -5\r\n\r\n",
        b"Content-Length: 99999999999999\r\n\r\n{}",
        b"Foo: 3\r\n\r\n{}\r\n",
        frame(message(id=50, method="shutdown"), b"Content-Length: 5\r\n\r\n"),
    ],
    ids=["not-a-number", "negative", "too-large", "no-length", "too-short"],
)
def test_a_malformed_header_does_not_wedge_the_server(client: Client, garbage: bytes) -> None:
    client.write(garbage)
    assert client.request("shutdown", None) is None
    client.notify("exit", {})
    assert client.proc.wait(timeout=10) == 0
    assert client.popups() == []
    assert tracebacks(client) == []


@pytest.mark.parametrize(
    "header",
    [
        b"content-length: %d\r\n\r\n",
        b"Content-Length:%d\r\n\r\n",
        b"CONTENT-LENGTH :  %d  \r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
        b"Content-Type: application/vscode-jsonrpc\r\nContent-Length: %d\r\n\r\n",
    ],
)
def test_header_names_ignore_case_and_spaces(bare: Client, header: bytes) -> None:
    params = {"processId": None, "rootUri": None, "capabilities": {}}
    bare.write(frame(message(id="init", method="initialize", params=params), header))
    assert "capabilities" in bare.reply("init")["result"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{not json}", -32700),
        (b'{"jsonrpc": "2.0", "method": "initialized", "params": {"a": "\xff"}}', -32700),
        (b"[1, 2]", -32600),
        (b"42", -32600),
    ],
)
def test_a_body_that_is_not_a_message_gets_an_error_reply(
    client: Client, body: bytes, code: int
) -> None:
    client.write(frame(body))
    reply = client.reply(None)
    assert reply["error"]["code"] == code and "data" not in reply["error"]
    assert client.request("shutdown", None) is None
    assert client.popups() == []
    assert tracebacks(client) == []


def test_a_body_that_is_not_json_is_named(client: Client) -> None:
    client.write(frame(b"{not json}"))
    assert client.reply(None)["error"] == {
        "code": -32700,
        "message": "The message is not valid JSON: expecting property name enclosed in double "
        "quotes (line 1, column 2).",
    }


def test_invalid_params_get_invalid_params(client: Client) -> None:
    reply = client.call("textDocument/codeAction", {"bogus": 1})
    assert reply["error"] == {
        "code": -32602,
        "message": "Invalid params for textDocument/codeAction: required field missing @ "
        "$.params.textDocument; required field missing @ $.params.range; required field "
        "missing @ $.params.context",
    }
    client.notify("textDocument/didOpen", {"x": 1})
    assert client.request("shutdown", None) is None
    assert client.popups() == []
    assert tracebacks(client) == []


def test_a_request_without_jsonrpc_is_an_invalid_request(client: Client) -> None:
    client.write(frame(b'{"id": 7, "method": "shutdown"}'))
    assert client.reply(7)["error"] == {
        "code": -32600,
        "message": 'Invalid request: a message must have "jsonrpc": "2.0".',
    }
    assert client.popups() == []


def test_requests_after_shutdown_are_refused(client: Client, blog: Path) -> None:
    assert client.request("shutdown", None) is None
    uri = (blog / "posts" / "a.md").as_uri()
    assert client.call("textDocument/codeAction", code_action_params(uri))["error"] == {
        "code": -32600,
        "message": "Invalid request: the server is shutting down ('shutdown' was received); "
        "send 'exit'.",
    }
    client.notify("exit", {})
    assert client.proc.wait(timeout=10) == 0


def test_requests_before_initialize_are_refused(bare: Client, blog: Path) -> None:
    uri = (blog / "posts" / "a.md").as_uri()
    assert bare.call("textDocument/codeAction", code_action_params(uri))["error"] == {
        "code": -32002,
        "message": "The server is not initialized: send 'initialize' first.",
    }
    bare.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": "x\n"}},
    )
    bare.initialize(blog)
    assert bare.request("shutdown", None) is None
    assert [m for m in bare.seen if "method" in m] == []  # no diagnostics, no popup
    assert tracebacks(bare) == []


def test_exit_without_shutdown_exits_with_1(client: Client) -> None:
    client.notify("exit", {})
    assert client.proc.wait(timeout=10) == 1


def test_a_body_nested_too_deeply_gets_a_parse_error(client: Client) -> None:
    depth = 100_000
    client.write(
        frame(b'{"jsonrpc": "2.0", "id": 9, "params": ' + b"[" * depth + b"]" * depth + b"}")
    )
    assert client.reply(None)["error"] == {
        "code": -32700,
        "message": "The message nests JSON arrays or objects too deeply to read.",
    }
    assert client.request("shutdown", None) is None
    assert tracebacks(client) == []


def test_unknown_methods_without_params(bare: Client, blog: Path) -> None:
    """JSON-RPC lets a request or notification leave out ``params``."""
    bare.initialize(blog)
    bare.write(frame(message(id="a", method="byline/unknown")))
    assert bare.reply("a")["error"]["code"] == -32601
    bare.write(frame(message(method="byline/unknown")))
    bare.write(frame(message(method="$/unknown")))
    assert bare.request("shutdown", None) is None
    assert not [e for e in bare.stderr if b"invalid params" in e]
    assert tracebacks(bare) == []
