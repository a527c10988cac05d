"""``byline links``: text and JSON output, exit codes, --external against a local server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CLI
from tests.links.servers import Server, serve


@pytest.fixture
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


def post(root: Path, name: str, body: str) -> None:
    (root / "posts" / name).write_text(f"---\ntitle: {name}\n---\n{body}", encoding="utf-8")


def test_text_output_is_grouped_by_file(blog: Path, cli: CLI) -> None:
    post(blog, "a.md", "# A\n\n[x](b.md#nope) [y](c.md)\n")
    post(blog, "b.md", "# B\n\n![i](/images/none.png)\n")
    code, out, err = cli("links")
    assert (code, err) == (1, "")
    assert out == (
        "posts/a.md:6:1 error links.anchor 'b.md#nope': b.md has no heading with id 'nope'. "
        "Use one of its ids: #b.\n"
        "posts/a.md:6:16 error links.broken 'c.md' links to posts/c.md, which does not exist. "
        "Fix the file name or create the post.\n"
        "\n"
        "posts/b.md:6:1 error links.image-missing image '/images/none.png' not found "
        "(looked for static/images/none.png). Add the file or fix the path.\n"
        "\n"
        "2 files, 2 words: 3 errors, 0 warnings, 0 suggestions.\n"
        "Links: 3 checked; add --external to check web URLs.\n"
    )


def test_json_is_the_check_report(blog: Path, cli: CLI) -> None:
    post(blog, "a.md", "# A\n\nSome words [x](b.md).\n")
    code, out, _ = cli("links", "posts/a.md", "--json")
    assert code == 1
    assert json.loads(out) == {
        "diagnostics": [
            {
                "path": "posts/a.md",
                "line": 6,
                "column": 12,
                "end_line": 6,
                "end_column": 21,
                "rule": "links.broken",
                "severity": "error",
                "message": "'b.md' links to posts/b.md, which does not exist. "
                "Fix the file name or create the post.",
            }
        ],
        "summary": {"files": 1, "words": 3, "errors": 1, "warnings": 0, "suggestions": 0},
    }


def test_a_clean_blog_exits_0_and_a_bad_path_exits_2(blog: Path, cli: CLI) -> None:
    post(blog, "a.md", "# A\n\n## Part\n\n[x](#part)\n")
    assert cli("links") == (
        0,
        "1 file, 1 word: 0 errors, 0 warnings, 0 suggestions.\n"
        "Links: 1 checked; add --external to check web URLs.\n",
        "",
    )
    code, _, err = cli("links", "posts/nope.md")
    assert code == 2
    assert err == "posts/nope.md: no such post. Check the path, or run 'byline status'.\n"


def test_external_checks_a_local_server_only_when_allowed(
    blog: Path, cli: CLI, server: Server
) -> None:
    post(blog, "a.md", f"# A\n\n[ok]({server.url('/ok')}) [gone]({server.url('/missing')})\n")
    code, out, _ = cli("links", "--external")
    assert code == 0
    assert out.endswith(
        "Links: 2 checked; 2 web URLs: 0 requests, 0 from the cache, "
        "2 private skipped (--allow-private checks them).\n"
    )
    assert server.state.records == []

    code, out, _ = cli("links", "--external", "--allow-private")
    assert code == 1
    assert out.replace(server.base, "") == (
        "posts/a.md:6:33 error links.broken '/missing' answered 404 Not Found. "
        "Fix or remove the link.\n"
        "\n"
        "1 file, 2 words: 1 error, 0 warnings, 0 suggestions.\n"
        "Links: 2 checked; 2 web URLs: 2 requests, 0 from the cache.\n"
    )
    code, out, _ = cli("links", "--external", "--allow-private")
    assert out.endswith("Links: 2 checked; 2 web URLs: 0 requests, 2 from the cache.\n")
    assert len(server.state.records) == 2  # the second run asked the server nothing
    code, out, _ = cli("links", "--external", "--allow-private", "--no-cache")
    assert out.endswith("Links: 2 checked; 2 web URLs: 2 requests, 0 from the cache.\n")
    code, out, _ = cli("links", "--external")  # cached verdicts of private URLs stay hidden
    assert (code, out.splitlines()[-1]) == (
        0,
        "Links: 2 checked; 2 web URLs: 0 requests, 0 from the cache, "
        "2 private skipped (--allow-private checks them).",
    )


def test_a_link_with_a_bad_port_is_broken_not_a_crash(blog: Path, cli: CLI) -> None:
    post(blog, "a.md", "# A\n\n[p](http://127.0.0.1:99999/)\n")
    for flags in ([], ["--allow-private"]):
        code, out, _ = cli("links", "--external", "--no-cache", *flags)
        assert code == 1
        assert out.splitlines()[0] == (
            "posts/a.md:6:1 error links.broken 'http://127.0.0.1:99999/' is broken: it is a "
            "malformed URL (its port '99999' is not a number from 0 to 65535). Fix the link."
        )


def test_a_link_with_an_unclosed_ipv6_bracket_is_broken_not_a_crash(blog: Path, cli: CLI) -> None:
    post(blog, "a.md", '# A\n\n<a href="http://[::1/x">p</a>\n')
    code, out, err = cli("links")
    assert (code, err) == (0, "")
    broken = (
        "posts/a.md:6:1 error links.broken 'http://[::1/x' is broken: it is a "
        "malformed URL (Invalid IPv6 URL). Fix the link."
    )
    code, out, _ = cli("links", "--external", "--allow-private")
    assert (code, out.splitlines()[0]) == (1, broken)
    code, out, _ = cli("links", "--external")  # the verdict cached by the first run
    cached = " (Cached; 'byline links --external --no-cache' checks again.)"
    assert (code, out.splitlines()[0]) == (1, broken + cached)


def test_a_file_name_too_long_for_the_system_is_missing_not_the_end_of_the_run(
    blog: Path, cli: CLI
) -> None:
    # is_file() and exists() raise ENAMETOOLONG for a name past 255 bytes: one link in
    # one post stopped links, check --links and build for every post.
    name = "a" * 300
    post(blog, "a.md", f"# A\n\n[data]({name}.csv) ![chart](/images/{name}.png) [p]({name}.md)\n")
    post(blog, "b.md", "# B\n\n[c](c.md)\n")
    code, out, err = cli("links")
    assert (code, err) == (1, "")
    assert "posts/b.md:6:1 error links.broken 'c.md'" in out
    found = [line for line in out.splitlines() if line.startswith("posts/a.md:")]
    assert [line.split()[2] for line in found] == [
        "links.broken",
        "links.image-missing",
        "links.broken",
    ]
    assert all("(file name too long)" not in line for line in found)
    code, out, err = cli("check", "--links", "posts/a.md")
    assert (code, err) == (1, "")
    assert "links.image-missing" in out
    code, out, err = cli("build")
    assert (code, err) == (0, "")


def test_a_link_to_a_hidden_static_file_is_broken_as_the_site_leaves_it_out(
    blog: Path, cli: CLI
) -> None:
    (blog / "static" / ".well-known").mkdir()
    (blog / "static" / ".well-known" / "security.txt").write_text("x")
    (blog / "static" / ".notes.txt").write_text("x")
    post(blog, "a.md", "# A\n\n[s](/.well-known/security.txt) [n](/.notes.txt)\n")
    code, out, err = cli("links")
    assert (code, err) == (1, "")
    [line] = [x for x in out.splitlines() if "links.broken" in x]
    assert line.startswith("posts/a.md:6:32 error links.broken '/.notes.txt' is neither")
    assert "Did you mean" not in line


def test_allow_private_in_the_config(blog: Path, cli: CLI, server: Server) -> None:
    (blog / "byline.toml").write_text(
        (blog / "byline.toml").read_text() + "\n[links]\nallow_private = true\n"
    )
    post(blog, "a.md", f"# A\n\n<{server.url('/moved')}>\n")
    code, out, _ = cli("links", "--external", "--strict")
    assert code == 1
    assert "warning links.redirect" in out


def test_check_with_links_folds_in_the_same_diagnostics(blog: Path, cli: CLI) -> None:
    post(blog, "a.md", "# A\n\n[x](b.md#nope)\n")
    _, out, _ = cli("check", "--links", "--format", "json")
    links = [d for d in json.loads(out)["diagnostics"] if d["rule"].startswith("links.")]
    _, alone, _ = cli("links", "--json")
    assert links == json.loads(alone)["diagnostics"]
    assert [d["rule"] for d in links] == ["links.broken"]
    _, without, _ = cli("check", "--format", "json")
    assert not [d for d in json.loads(without)["diagnostics"] if d["rule"].startswith("links.")]


def test_ideas_are_left_out_unless_named_as_in_check(blog: Path, cli: CLI) -> None:
    post(blog, "a.md", "# A\n\n[x](b.md)\n")
    (blog / "posts" / "idea.md").write_text(
        "---\ntitle: Idea\nstatus: idea\n---\n[y](c.md)\n", encoding="utf-8"
    )
    _, out, _ = cli("links", "--json")
    _, checked, _ = cli("check", "--links", "--format", "json")
    alone, report = json.loads(out), json.loads(checked)
    assert [d["path"] for d in alone["diagnostics"]] == ["posts/a.md"]
    assert alone["diagnostics"] == [
        d for d in report["diagnostics"] if d["rule"].startswith("links.")
    ]
    assert alone["summary"]["files"] == report["summary"]["files"] == 1
    _, out, _ = cli("links", "posts/", "--json")
    assert [d["path"] for d in json.loads(out)["diagnostics"]] == ["posts/a.md"]
    _, out, _ = cli("links", "posts/idea.md", "--json")
    assert [d["path"] for d in json.loads(out)["diagnostics"]] == ["posts/idea.md"]


def _closed_port(host: str) -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def test_no_host_reachable_is_one_clear_error(blog: Path, cli: CLI) -> None:
    one, two = _closed_port("127.0.0.1"), _closed_port("127.0.0.2")
    post(blog, "a.md", f"# A\n\n<http://127.0.0.1:{one}/x> <http://127.0.0.2:{two}/y>\n")
    code, out, err = cli("links", "--external", "--allow-private")
    assert (code, out) == (2, "")
    assert err.strip() == (
        "no web address could be reached (2 hosts; 127.0.0.1: All connection attempts failed). "
        "This machine looks offline: web links were not checked. "
        "Run again when it is online, or leave out --external."
    )
    code, _, err = cli("check", "--external", "--allow-private", "--only", "links")
    assert code == 2 and "This machine looks offline" in err


def test_one_dead_host_among_live_ones_is_a_broken_link(
    blog: Path, cli: CLI, server: Server
) -> None:
    dead = _closed_port("127.0.0.2")
    post(blog, "a.md", f"# A\n\n<{server.url('/ok')}> <http://127.0.0.2:{dead}/y>\n")
    code, out, _ = cli("links", "--external", "--allow-private")
    assert code == 1
    assert "cannot be reached" in out and "looks offline" not in out


def test_file_names_and_urls_are_shown_with_escapes(blog: Path, cli: CLI) -> None:
    (blog / "posts" / "a\x1b]0;pwned\x07.md").write_text("---\ntitle: A\n---\n\n[x](c.md)\n")
    code, out, err = cli("links")
    assert code == 1
    assert not any(c in out + err for c in ("\x1b", "\x07", "\r"))
    assert out.startswith("posts/a\\x1b]0;pwned\\x07.md:5:1 error links.broken 'c.md' ")
