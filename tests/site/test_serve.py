"""``byline serve``: injection, the event stream, rebuilds, shutdown, and a real browser.

The server tests run a real ``DevServer`` on 127.0.0.1 (port 0) over a small blog in a
temporary folder; the end-to-end tests run ``byline serve`` as a subprocess and edit
files the way an editor would, so the watcher is the real one too.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from byline.cli.init import init_blog
from byline.content.blog import Blog
from byline.site.handler import LOCAL_HOSTS, is_local_host
from byline.site.livereload import LIVE_JS, LiveHub, LiveState, inject, sse_event
from byline.site.serve import DevServer, ServeOptions, describe_error, serve_folder
from tests.conftest import CLI

POST = """\
---
title: {title}
date: 2025-03-02
status: published
tags: [llm]
---

The first paragraph says what this post is about and why it matters to you.

## Setup

Install the packages, then check the version.
"""
BROKEN = POST.replace("tags: [llm]", "tags: [llm")
BROKEN_MESSAGE = (
    "posts/warmup.md:5: front matter is not valid YAML (a '[' list starts on this line "
    "and is never closed). Close it with ']'."
)
BAD_SLUG = POST.replace("tags: [llm]", "slug: <img src=x onerror=alert(1)>")
BAD_SLUG_MESSAGE = (
    "posts/warmup.md:5: slug '<img src=x onerror=alert(1)>' is not usable in a URL. "
    "Use lowercase letters, digits and hyphens, such as 'fine-tune-llama'."
)


def make_blog(root: Path) -> Path:
    init_blog(root, example=False, title="Ada's notes", author="Ada", base_url="https://ada.dev")
    (root / "posts" / "warmup.md").write_text(POST.format(title="Warmup matters"), "utf-8")
    (root / "posts" / "other.md").write_text(POST.format(title="Another post"), "utf-8")
    return root


def save(path: Path, text: str) -> None:
    """Write like an editor: a new file renamed over the old one."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)


# -- injection and the hub ---------------------------------------------------------------
def test_inject_adds_the_tag_before_the_last_closing_body() -> None:
    html = b"<html><body><p>x</p></BODY></html>"
    assert inject(html, "ab.3") == (
        b'<html><body><p>x</p><script src="/__byline/live.js" data-generation="ab.3">'
        b"</script>\n</BODY></html>"
    )


def test_inject_appends_when_there_is_no_body_tag() -> None:
    assert inject(b"<p>x</p>", "ab.0") == (
        b'<p>x</p><script src="/__byline/live.js" data-generation="ab.0"></script>\n'
    )


def test_sse_event_is_one_json_data_line() -> None:
    assert sse_event("errors", ["a.md:1: <b> & 'x'"]) == (
        b"event: errors\ndata: [\"a.md:1: <b> & 'x'\"]\n\n"
    )


def test_hub_starts_a_generation_only_on_reload() -> None:
    hub = LiveHub()
    first = hub.state
    failed = hub.publish(reload=False, errors=("a.md:1: bad",))
    assert failed == LiveState(first.generation, ("a.md:1: bad",))
    fixed = hub.publish(reload=True)
    assert fixed.errors == ()
    assert fixed.generation != first.generation
    assert hub.wait(fixed, timeout=0.01) == fixed
    hub.close()
    assert hub.wait(fixed, timeout=5) is None


def test_the_overlay_sets_text_never_markup() -> None:
    script = LIVE_JS.decode()
    assert "textContent = lines.join" in script
    assert "innerHTML" not in script


# -- a served blog -----------------------------------------------------------------------
@pytest.fixture
def served(tmp_path: Path) -> Iterator[DevServer]:
    root = make_blog(tmp_path / "blog")
    server = DevServer(Blog.find(root), ServeOptions(port=0))
    first = server.start(watch=False)
    assert first.errors == ()
    yield server
    server.stop()


def get(server: DevServer, path: str) -> tuple[int, dict[str, str], bytes]:
    host, port = server.server.server_address[:2]  # type: ignore[union-attr]
    conn = http.client.HTTPConnection(str(host), port, timeout=5)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), body


class Stream:
    """An open event stream, read one event at a time."""

    def __init__(self, server: DevServer, seen: str) -> None:
        host, port = server.server.server_address[:2]  # type: ignore[union-attr]
        self.conn = http.client.HTTPConnection(str(host), port, timeout=10)
        self.conn.request("GET", f"/__byline/events?v={seen}")
        self.response = self.conn.getresponse()
        assert self.response.getheader("Content-Type") == "text/event-stream"

    def next(self) -> tuple[str, str] | None:
        """The next event as (name, data); None when the stream ends."""
        fields: dict[str, str] = {}
        while True:
            line = self.response.fp.readline().decode()
            if not line:
                return None
            line = line.rstrip("\n")
            if not line:
                if "event" in fields:
                    return fields["event"], fields["data"]
                fields.clear()
                continue
            name, _, value = line.partition(": ")
            fields[name] = value

    def close(self) -> None:
        self.conn.close()


def test_html_is_served_with_the_tag_but_stays_untouched_on_disk(served: DevServer) -> None:
    status, headers, body = get(served, "/posts/warmup/")
    on_disk = (served.out / "posts" / "warmup" / "index.html").read_bytes()
    generation = served.hub.state.generation
    assert status == 200
    assert headers["Content-Type"] == "text/html"
    assert headers["Cache-Control"] == "no-store"
    assert b"__byline" not in on_disk
    assert body == inject(on_disk, generation)
    assert int(headers["Content-Length"]) == len(body)


def test_other_files_are_served_as_built(served: DevServer) -> None:
    status, headers, body = get(served, "/feed.xml")
    assert status == 200
    assert body == (served.out / "feed.xml").read_bytes()
    assert headers["Content-Type"] == "application/xml"


def test_missing_pages_get_the_sites_404_page_with_the_tag(served: DevServer) -> None:
    status, _, body = get(served, "/posts/not-yet/")
    assert status == 404
    assert body == inject((served.out / "404.html").read_bytes(), served.hub.state.generation)
    status, headers, _ = get(served, "/posts/warmup")
    assert (status, headers["Location"]) == (301, "/posts/warmup/")
    status, _, _ = get(served, "/feed.xml/")
    assert status == 404


def test_the_live_script_is_served(served: DevServer) -> None:
    status, headers, body = get(served, "/__byline/live.js")
    assert (status, headers["Content-Type"], body) == (
        200,
        "text/javascript; charset=utf-8",
        LIVE_JS,
    )


def test_serving_builds_into_byline_folder_not_the_output(served: DevServer) -> None:
    assert served.out == serve_folder(served.blog, drafts=False).resolve()
    assert served.out.relative_to(served.root) == Path(".byline/serve/site")
    assert not (served.root / "_site").exists()


def test_a_stale_page_is_told_to_reload_at_once(served: DevServer) -> None:
    stream = Stream(served, "old.0")
    assert stream.next() == ("reload", f'"{served.hub.state.generation}"')
    assert stream.next() is None
    stream.close()


def test_saves_reload_pages_and_errors_show_until_fixed(served: DevServer) -> None:
    post = served.root / "posts" / "warmup.md"
    stream = Stream(served, served.hub.state.generation)
    assert stream.next() == ("errors", "[]")

    save(post, BROKEN.format(title="Warmup matters"))
    outcome = served.rebuild([post])
    assert (outcome.errors, outcome.reloaded) == ((BROKEN_MESSAGE,), False)
    assert stream.next() == ("errors", json.dumps([BROKEN_MESSAGE]))

    save(post, POST.format(title="Warmup matters a lot"))
    outcome = served.rebuild([post])
    assert (outcome.errors, outcome.reloaded) == ((), True)
    assert stream.next() == ("reload", f'"{served.hub.state.generation}"')
    stream.close()
    _, _, body = get(served, "/posts/warmup/")
    assert b"<h1>Warmup matters a lot</h1>" in body


def test_an_unchanged_rebuild_does_not_reload(served: DevServer) -> None:
    before = served.hub.state
    outcome = served.rebuild([served.root / "README.md"])
    assert (outcome.errors, outcome.reloaded) == ((), False)
    assert served.hub.state == before


def test_a_broken_config_is_shown_and_the_server_runs_on(served: DevServer) -> None:
    config = served.root / "byline.toml"
    good = config.read_text("utf-8")
    save(config, good + "\n[site\n")
    outcome = served.rebuild([config])
    line = len(good.splitlines()) + 2
    assert outcome.errors == (
        f"byline.toml:{line}: is not valid TOML (Cannot declare ('site',) twice). "
        "Fix the syntax on this line.",
    )
    assert get(served, "/posts/warmup/")[0] == 200
    save(config, good.replace("Ada's notes", "Ada's new notes"))
    outcome = served.rebuild([config])
    assert (outcome.errors, outcome.reloaded) == ((), True)
    assert b"Ada&#39;s new notes" in get(served, "/")[2]


def test_a_template_error_is_shown_with_its_line(served: DevServer) -> None:
    template = served.root / "templates" / "post.html"
    save(template, '{% extends "base.html" %}\n{% block main %}{{ body | nope }}{% endblock %}\n')
    outcome = served.rebuild([template])
    assert outcome.errors == (
        "templates/post.html:2: No filter named 'nope'. "
        "Fix the template, or delete it to use the theme's post.html.",
    )
    template.unlink()
    outcome = served.rebuild([template])
    assert (outcome.errors, outcome.reloaded) == ((), False)


def test_stop_ends_open_streams(served: DevServer) -> None:
    stream = Stream(served, served.hub.state.generation)
    assert stream.next() == ("errors", "[]")
    served.stop()
    assert stream.next() is None
    stream.close()


def get_as(server: DevServer, host: str, path: str = "/") -> tuple[int, str, bytes]:
    """GET ``path`` with the ``Host`` header a browser on another name would send."""
    address, port = server.server.server_address[:2]  # type: ignore[union-attr]
    conn = http.client.HTTPConnection(str(address), port, timeout=5)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", host.format(port=port))
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, response.getheader("Content-Type") or "", body


@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:{port}", "localhost.evil.example:{port}", "x@127.0.0.1", ""],
)
def test_a_request_for_another_host_name_is_refused(served: DevServer, host: str) -> None:
    """A page on another site that rebinds its name to 127.0.0.1 must not read drafts."""
    status, ctype, body = get_as(served, host, "/posts/warmup/")
    assert (status, ctype) == (421, "text/plain; charset=utf-8")
    assert body == (
        b"byline serve answers only requests for localhost, 127.0.0.1, [::1] or the --host "
        b"it was started with. Open the address it printed.\n"
    )
    assert get_as(served, host, "/__byline/events?v=x")[0] == 421


@pytest.mark.parametrize(
    "host", ["localhost", "localhost:{port}", "127.0.0.1:{port}", "[::1]:{port}", "LOCALHOST."]
)
def test_a_request_for_this_machine_is_answered(served: DevServer, host: str) -> None:
    assert get_as(served, host)[0] == 200


@pytest.mark.parametrize(
    ("header", "local"),
    [
        ("mybox.lan:8000", True),
        ("MyBox.lan", True),
        ("192.168.1.5:8000", True),
        ("[fe80::1]:8000", True),
        ("other.lan:8000", False),
        ("mybox.lan.evil.example", False),
        ("127.0.0.1.nip.io", False),
        (None, False),
    ],
)
def test_the_host_given_and_ip_addresses_are_this_machine(header: str | None, local: bool) -> None:
    assert is_local_host(header, LOCAL_HOSTS | {"mybox.lan"}) is local


def test_a_port_in_use_is_a_usage_error(blog: Path, cli: CLI) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = cli("serve", "--port", str(port))
    assert code == 2
    assert err.strip() == (
        f"127.0.0.1:{port} is already in use. Stop what runs there, or pick another port, "
        f"such as --port {port + 1} (or --port 0 for any free one)."
    )


def send_raw(server: DevServer, request: bytes) -> bytes:
    """Send ``request`` as is on a new connection; everything the server answers."""
    host, port = server.server.server_address[:2]  # type: ignore[union-attr]
    with socket.create_connection((str(host), port), timeout=5) as conn:
        conn.sendall(request)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    return answer


def test_a_link_out_of_the_served_folder_is_not_followed(served: DevServer, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the browser\n", "utf-8")
    (served.out / "leak.txt").symlink_to(secret)
    (served.out / "leaks").symlink_to(tmp_path)
    (served.out / "inside.xml").symlink_to(served.out / "feed.xml")
    for path in ("/leak.txt", "/leaks/secret.txt", "/leaks", "/leaks/"):
        status, _, body = get(served, path)
        assert status == 404, path
        assert b"not for the browser" not in body
    assert get(served, "/inside.xml")[:3:2] == (200, (served.out / "feed.xml").read_bytes())


@pytest.mark.parametrize("path", ["/" + "a" * 5000, "/a" * 3000 + "/"])
def test_a_path_too_long_for_the_disk_is_not_found(
    served: DevServer, path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert get(served, path)[0] == 404
    assert capsys.readouterr().err == ""


def test_a_client_that_hangs_up_at_once_leaves_no_traceback(
    served: DevServer, capsys: pytest.CaptureFixture[str]
) -> None:
    host, port = served.server.server_address[:2]  # type: ignore[union-attr]
    for path in ("/__byline/events?v=x", "/", "/feed.xml"):
        for _ in range(20):
            conn = socket.create_connection((str(host), port), timeout=5)
            conn.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            # Close with a reset (linger 0), as a browser tab does when it goes away
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
    assert get(served, "/")[0] == 200
    time.sleep(0.2)  # the handlers of the dropped connections finish after the reply
    assert capsys.readouterr().err == ""


def test_a_burst_of_connections_finds_room_in_the_listen_queue(served: DevServer) -> None:
    """A page with many images, or many tabs reloading, opens many connections at once;
    one the listen queue (socketserver's default is 5) has no room for waits a second or
    more for the kernel to retry it. (Asserted on the setting, not on timings: tests
    time nothing.) And a burst is answered."""
    assert served.server is not None
    assert served.server.request_queue_size >= 128
    codes: list[int] = []
    threads = [
        threading.Thread(target=lambda: codes.append(get(served, "/feed.xml")[0]))
        for _ in range(60)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [200] * 60


def test_a_silent_client_does_not_hold_up_the_others(served: DevServer) -> None:
    host, port = served.server.server_address[:2]  # type: ignore[union-attr]
    with (
        socket.create_connection((str(host), port)),
        socket.create_connection((str(host), port)) as half,
    ):
        half.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
        assert get(served, "/")[0] == 200


@pytest.mark.parametrize(
    "target",
    [
        "/../byline.toml",
        "/%2e%2e/byline.toml",
        "/..%2fbyline.toml",
        "/..\\byline.toml",
        "/..%5cbyline.toml",
        "/%2e%2e%2f%2e%2e%2f%2e%2e%2fbyline.toml",
        "//etc/passwd",
        "/index.html%00",
        "http://127.0.0.1/../../byline.toml",
    ],
)
def test_nothing_outside_the_served_folder_is_reachable(served: DevServer, target: str) -> None:
    answer = send_raw(served, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.0 404 ")
    assert b"[site]" not in answer and b"root:" not in answer


# -- byline serve as a process -----------------------------------------------------------
class Served:
    """``byline serve --port 0`` running in ``root``, its output lines in a queue."""

    def __init__(self, root: Path, *args: str) -> None:
        env = dict(os.environ, NO_COLOR="1", PYTHONUNBUFFERED="1", COLUMNS="200")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "byline.cli.app", "serve", "--port", "0", *args],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        line = self.expect(r"^Serving ")
        found = re.search(r"at (http://127\.0\.0\.1:\d+/) ", line)
        assert found, line
        self.url = found.group(1)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, pattern: str, timeout: float = 10) -> str:
        """The next output line matching ``pattern`` (fails after ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} in {self.seen}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self.reader.join(timeout=10)
            if self.proc.stdout is not None:
                self.proc.stdout.close()


def fetch(url: str) -> tuple[int, str]:
    parts = re.match(r"http://([^:/]+):(\d+)(/.*)", url)
    assert parts
    conn = http.client.HTTPConnection(parts.group(1), int(parts.group(2)), timeout=5)
    conn.request("GET", parts.group(3))
    response = conn.getresponse()
    status, body = response.status, response.read().decode()
    conn.close()
    return status, body


def test_serve_rebuilds_on_save_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    root = make_blog(tmp_path / "blog")
    served = Served(root)
    try:
        served.expect(r"^Watching .* for changes\. Press Ctrl-C to stop\.$")
        assert "<h1>Warmup matters</h1>" in fetch(served.url + "posts/warmup/")[1]
        save(root / "posts" / "warmup.md", POST.format(title="Warmup, edited"))
        line = served.expect(r"changed: ")
        assert re.fullmatch(
            r"posts/warmup\.md changed: rebuilt in \d+\.\d\d s, \d+ files? changed, pages reloaded\.",
            line,
        )
        assert "<h1>Warmup, edited</h1>" in fetch(served.url + "posts/warmup/")[1]
        save(root / "posts" / "warmup.md", BROKEN.format(title="Warmup"))
        assert served.expect(r"^posts/") == BROKEN_MESSAGE
        assert served.expect(r"changed: ") == (
            "posts/warmup.md changed: the build failed; the last good site stays up."
        )
        # Writes to .byline/ and the output folder are not changes: the next rebuild
        # names only the post.
        (root / ".byline" / "note.txt").write_text("not a change to the site")
        (root / "_site").mkdir(exist_ok=True)
        (root / "_site" / "x.html").write_text("built elsewhere")
        save(root / "posts" / "warmup.md", POST.format(title="Warmup, fixed"))
        assert served.expect(r"changed: ").startswith("posts/warmup.md changed: rebuilt in ")
    finally:
        code = served.stop()
    assert code == 0
    assert served.expect(r".") == "Stopped."


EVIL_NAME = "evil\x1b]0;pwned\x07\x9b2J\r.md"
"""A post file name with an OSC title change, a C1 CSI and a bare CR."""
EVIL_SHOWN = "evil\\x1b]0;pwned\\x07\\x9b2J\\r.md"
EVIL_POST = POST.replace("tags: [llm]", "slug: evil") + "\n![plot](/images/none.png)\n"


def test_serve_prints_file_names_and_warnings_as_escapes(tmp_path: Path) -> None:
    """Control characters in a post's file name reach the terminal as escapes, both in
    the first build's warnings and in a rebuild's warnings and "changed" line."""
    root = make_blog(tmp_path / "blog")
    (root / "byline.toml").write_text(
        (root / "byline.toml").read_text("utf-8").replace("Ada's notes", "Ada\\u001b[2J"),
        "utf-8",
    )
    evil = root / "posts" / EVIL_NAME
    evil.write_text(EVIL_POST.format(title="Evil"), "utf-8")
    warning = (
        f"posts/{EVIL_SHOWN}:14: image '/images/none.png' not found; left out of the page. "
        "Add the file or fix the path."
    )
    served = Served(root)
    try:
        assert served.seen[-2:] == [warning, served.seen[-1]]
        assert served.seen[-1].startswith("Serving Ada\\x1b[2J at ")
        served.expect(r"^Watching ")
        save(evil, EVIL_POST.format(title="Evil, edited"))
        assert served.expect(r"^posts/") == warning
        assert re.fullmatch(
            rf"posts/{re.escape(EVIL_SHOWN)} changed: rebuilt in \d+\.\d\d s, \d+ files? "
            r"changed, pages reloaded\.",
            served.expect(r"changed: "),
        )
    finally:
        assert served.stop() == 0
    assert not any(re.search("[\x00-\x1f\x7f-\x9f]", line) for line in served.seen)


# -- a real browser ----------------------------------------------------------------------
@pytest.mark.browser
def test_browser_page_follows_saves_and_shows_build_errors(tmp_path: Path, chromium: Any) -> None:
    root = make_blog(tmp_path / "blog")
    post = root / "posts" / "warmup.md"
    served = Served(root)
    context = chromium.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(served.url + "posts/warmup/", wait_until="load")
        heading = page.locator("main h1")
        assert heading.inner_text() == "Warmup matters"
        page.evaluate("window.notReloaded = true")

        save(post, POST.format(title="Warmup matters, edited live"))
        page.wait_for_function("() => !window.notReloaded", timeout=10_000)
        page.wait_for_load_state("load")
        assert heading.inner_text() == "Warmup matters, edited live"

        save(post, BROKEN.format(title="Warmup"))
        overlay = page.locator("#byline-build-error")
        overlay.wait_for(timeout=10_000)
        assert overlay.locator("pre").inner_text() == BROKEN_MESSAGE
        assert heading.inner_text() == "Warmup matters, edited live"  # the last good page

        save(post, BAD_SLUG.format(title="Warmup"))
        page.wait_for_function(
            "() => document.querySelector('#byline-build-error pre')?.textContent.includes('slug')",
            timeout=10_000,
        )
        assert overlay.locator("pre").inner_text() == BAD_SLUG_MESSAGE
        assert overlay.locator("img").count() == 0  # shown as text, never as markup

        save(post, POST.format(title="Warmup, fixed"))
        page.wait_for_function(
            "() => document.querySelector('main h1')?.textContent === 'Warmup, fixed'",
            timeout=10_000,
        )
        assert overlay.count() == 0
        assert errors == []
    finally:
        context.close()
        assert served.stop() == 0


def test_drafts_are_served_only_with_drafts(tmp_path: Path) -> None:
    root = make_blog(tmp_path / "blog")
    draft = POST.format(title="Half done").replace("status: published", "status: draft")
    (root / "posts" / "half-done.md").write_text(draft, "utf-8")
    for drafts, status in ((False, 404), (True, 200)):
        server = DevServer(Blog.find(root), ServeOptions(port=0, drafts=drafts))
        try:
            server.start(watch=False)
            assert get(server, "/posts/half-done/")[0] == status
            assert server.out.name == ("drafts" if drafts else "site")
        finally:
            server.stop()


def test_a_crash_in_the_build_is_shown_and_the_next_save_retries(
    served: DevServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    served.warn = told.append
    monkeypatch.setattr("byline.site.serve.SiteBuilder.build", _boom)
    outcome = served.rebuild([served.root / "posts" / "warmup.md"])
    assert (outcome.report, outcome.errors, outcome.reloaded) == (
        None,
        ("RuntimeError: boom",),
        False,
    )
    assert told[0].startswith("Traceback (most recent call last):")
    assert told[0].endswith("RuntimeError: boom")
    monkeypatch.undo()
    save(served.root / "posts" / "warmup.md", POST.format(title="Warmup again"))
    outcome = served.rebuild([served.root / "posts" / "warmup.md"])
    assert (outcome.errors, outcome.reloaded) == ((), True)


def test_a_template_error_names_its_file_with_escapes(tmp_path: Path) -> None:
    """Jinja's messages quote the template's text; the terminal and overlay get escapes."""
    import jinja2

    exc = jinja2.TemplateSyntaxError(
        "unexpected '\x1b[2J'", 3, filename=str(tmp_path / "templates" / "p\x9b.html")
    )
    assert describe_error(exc, tmp_path) == "templates/p\\x9b.html:3: unexpected '\\x1b[2J'"
    assert describe_error(RuntimeError("\rboom"), tmp_path) == "RuntimeError: \\rboom"


def _boom(self: object) -> None:
    raise RuntimeError("boom")


def test_ipv6_loopback_urls_have_brackets(tmp_path: Path) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    root = make_blog(tmp_path / "blog")
    server = DevServer(Blog.find(root), ServeOptions(host="::1", port=0))
    try:
        server.start(watch=False)
    except Exception as exc:  # no ::1 on this machine
        pytest.skip(f"cannot bind ::1: {exc}")
    try:
        assert re.fullmatch(r"http://\[::1\]:\d+/", server.url)
        assert get(server, "/")[0] == 200
    finally:
        server.stop()
