"""byline.toml: typed schema, every problem reported at once, with lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from byline.config import find_blog_root, load_config, parse_config
from byline.errors import ConfigError


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse_config(text, "byline.toml")
    return info.value.problems or [str(info.value)]


def test_defaults() -> None:
    config = parse_config("")
    assert config.site.permalink == "/posts/{slug}/"
    assert (config.goals.posts, config.goals.months) == (6, 3)


def test_every_problem_at_once() -> None:
    text = '[site]\ntitle = "x"\nbase_url = "jane.dev"\npermlink = "/p/{slug}/"\n\n[goals]\nposts = 0\n'
    assert problems(text) == [
        "byline.toml:3: 'site.base_url' must be an absolute http(s) URL such as 'https://jane.dev'. "
        "Fix the value.",
        "byline.toml:4: unknown setting 'site.permlink'. Did you mean 'permalink'? "
        "Known in [site]: title, base_url, permalink, language, description, posts_per_page.",
        "byline.toml:7: 'goals.posts' must be at least 1, not 0. Fix the value.",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "https://jane.dev\\nSitemap: https://evil.example/s.xml",  # a line in robots.txt
        "https://jane.dev/blog ",
        "https://jane.dev/a b",
        'https://jane.dev/"x',
        "https://jane.dev/<x>",
        "https://jane.dev/?page=1",
        "https://jane.dev/#top",
        "https://[::1/",
        "https://jane.dev:99999",
    ],
)
def test_a_base_url_is_one_plain_url(url: str) -> None:
    # It is pasted into every canonical URL, feed, sitemap and robots.txt as written.
    toml = url.replace('"', '\\"')
    [problem] = problems(f'[site]\nbase_url = "{toml}"\n')
    assert problem.startswith("byline.toml:2: 'site.base_url' must be an absolute http(s) URL")


def test_a_base_url_may_have_a_path_and_a_port() -> None:
    for url in ("https://jane.dev/blog/", "http://127.0.0.1:8000", "https://x.github.io/b%C3%A9"):
        assert parse_config(f'[site]\nbase_url = "{url}"\n').site.base_url == url.rstrip("/")


def test_decimal_settings_are_finite_and_timeouts_at_most_a_day() -> None:
    text = (
        "[run]\ntimeout = nan\ngrace = inf\n\n"
        "[links]\ntimeout = 1e300\ntotal_timeout = 86401\nttl_hours = nan\ndelay = -inf\n"
    )
    assert problems(text) == [
        "byline.toml:2: 'run.timeout' must be a finite number, not nan. Fix the value.",
        "byline.toml:3: 'run.grace' must be a finite number, not inf. Fix the value.",
        "byline.toml:6: 'links.timeout' must be at most 86400, not 1e+300. Fix the value.",
        "byline.toml:7: 'links.total_timeout' must be at most 86400, not 86401. Fix the value.",
        "byline.toml:8: 'links.ttl_hours' must be a finite number, not nan. Fix the value.",
        "byline.toml:9: 'links.delay' must be a finite number, not -inf. Fix the value.",
    ]
    text = "[run]\ntimeout = 86400\ngrace = 86400\n[links]\ntimeout = 86400.0\n"
    config = parse_config(text)
    assert (config.run.timeout, config.run.grace, config.links.timeout) == (86400, 86400, 86400)


def test_commands_must_split_into_words_when_the_file_is_read() -> None:
    text = '[run]\npython = "\\"x"\ncommands = {node = "echo \\"x {file}"}\n'
    assert problems(text) == [
        "byline.toml:2: 'run.python' has a quote that is never closed: '\"x'. Fix the value.",
        "byline.toml:3: 'run.commands.node' has a quote that is never closed: "
        "'echo \"x {file}'. Fix the value.",
    ]
    assert problems('[run.commands]\nnode = "node {file}"\ndeno = " "\n') == [
        "byline.toml:3: 'run.commands.deno' must be a command that runs the block's file, "
        "such as 'node {file}', not empty. Fix the value.",
    ]
    assert parse_config('[run]\npython = ""\n').run.python == ""


def test_unknown_section() -> None:
    assert problems("[sight]\ntitle = 'x'\n") == [
        "byline.toml:1: unknown setting 'sight'. Did you mean 'site'? "
        "Known in [top level]: site, author, goals, check, run, links, build, publish.",
    ]


def test_invalid_toml() -> None:
    assert problems("[site\ntitle = 1\n") == [
        "byline.toml:1: is not valid TOML (Expected ']' at the end of a table declaration). "
        "Fix the syntax on this line.",
    ]


def test_missing_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        find_blog_root(tmp_path)
    assert str(info.value) == (
        f"no byline.toml in {tmp_path.resolve()} or any folder above it. "
        "Run 'byline init' to create a blog, or cd into one."
    )
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert str(info.value) == (
        f"{tmp_path / 'byline.toml'}: no byline.toml here. Run 'byline init' to create one."
    )


def test_blog_root_is_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "byline.toml").write_text("")
    (tmp_path / "posts").mkdir()
    assert find_blog_root(tmp_path / "posts") == tmp_path.resolve()


@pytest.mark.parametrize(
    "permalink",
    [
        "/../../{slug}/",
        "/posts/../{slug}/",
        "/{slug}/..",
        "/./{slug}/",
        "/posts\\\\{slug}/",
        "/C:/{slug}/",
        "//{slug}/",
        "/posts/{slug}/\\u0000",
    ],
)
def test_a_permalink_that_could_leave_the_site_is_refused(permalink: str) -> None:
    assert problems(f'[site]\ntitle = "x"\npermalink = "{permalink}"\n') == [
        "byline.toml:3: 'site.permalink' must be a path inside the site: no '.' or '..' "
        "parts, empty parts, backslashes, ':' or control characters, e.g. '/posts/{slug}/'. "
        "Fix the value.",
    ]


@pytest.mark.parametrize("permalink", ["/posts/{slug}/", "/{slug}.html", "/blog/2024/{slug}/"])
def test_usual_permalinks_are_accepted(permalink: str) -> None:
    assert parse_config(f'[site]\npermalink = "{permalink}"\n').site.permalink == permalink


@pytest.mark.parametrize(
    "output",
    [
        "",
        ".",
        "./",
        "posts",
        "static",
        "templates",
        ".byline",
        "static/site",
        "./posts/",
        "x/../posts",
        "..",
        "../..",
        "posts\\\\site",
    ],
)
def test_an_output_folder_over_the_blogs_own_files_is_refused(output: str) -> None:
    assert problems(f'[build]\ntoc_min_words = 0\noutput = "{output}"\n') == [
        "byline.toml:3: 'build.output' must be a folder of its own, not the blog folder, a "
        "folder above it, or posts/, static/, templates/ or .byline/ (a build deletes the "
        "files it no longer makes), e.g. '_site'. Fix the value.",
    ]


@pytest.mark.parametrize("output", ["_site", "public", "../site", "build/site", "/srv/www"])
def test_usual_output_folders_are_accepted(output: str) -> None:
    assert parse_config(f'[build]\noutput = "{output}"\n').build.output == output


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    (tmp_path / "byline.toml").write_bytes(b'\xef\xbb\xbf[site]\ntitle = "Mine"\n')
    assert load_config(tmp_path).site.title == "Mine"


def test_bytes_that_are_not_utf8_are_located(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "byline.toml").write_bytes(b'[site]\ntitle = "caf\xe9"\n')
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert str(info.value) == (
        "byline.toml:2: is not valid UTF-8 (byte 0xe9 at column 13). Save the file as UTF-8."
    )


def test_a_bad_exclude_pattern_is_found_when_the_file_is_read() -> None:
    assert problems('[links]\nexclude = ["^https://ok\\\\.dev/", "("]\n') == [
        "byline.toml:2: 'links.exclude' pattern '(' is not a valid regular expression "
        "(missing ), unterminated subpattern at position 0): escape '.', '?', '+' and "
        "'(' with a backslash. Fix the value."
    ]


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "jav\\nascript:alert(1)", "github.com/ada", "ftp://x.dev/"]
)
def test_an_author_link_must_be_a_web_address_or_mailto(url: str) -> None:
    text = f'[author]\nname = "Ada"\nlinks = {{ github = "{url}" }}\n'
    assert problems(text) == [
        "byline.toml:3: 'author.links.github' must be an http(s) URL such as "
        "'https://github.com/jane' or a mailto: address. Fix the value."
    ]


def test_usual_author_links_are_accepted() -> None:
    text = '[author.links]\ngithub = "https://github.com/ada"\nmail = "mailto:ada@ada.dev"\n'
    assert parse_config(text).author.links == {
        "github": "https://github.com/ada",
        "mail": "mailto:ada@ada.dev",
    }


def test_a_number_past_tomls_range_is_refused_with_its_line() -> None:
    # TOML's whole numbers are 64-bit; Python's reader refuses one of more than 4300 digits
    # outright (a ValueError, not a TOMLDecodeError) and takes any shorter one.
    assert problems(f"[goals]\nposts = 6\nmonths = 1{'0' * 5000}\n") == [
        "byline.toml:3: is not valid TOML (a whole number of more than 4300 digits, past "
        "TOML's 64-bit range). Fix the syntax on this line.",
    ]
    text = f"[site]\ntitle = 0x{'f' * 5000}\n[run]\ngrace = 1{'0' * 400}\n[goals]\nposts = -1{'0' * 19}\n"
    assert problems(text) == [
        "byline.toml:2: 'site.title' must be text, not a whole number past TOML's 64-bit "
        "range. Fix the value.",
        "byline.toml:4: 'run.grace' is past TOML's 64-bit range of whole numbers "
        "(-9223372036854775808 to 9223372036854775807). Fix the value.",
        "byline.toml:6: 'goals.posts' is past TOML's 64-bit range of whole numbers "
        "(-9223372036854775808 to 9223372036854775807). Fix the value.",
    ]
    assert problems(f"[build]\nmermaid = 0x{'f' * 5000}\n") == [
        "byline.toml:2: 'build.mermaid' must be one of 'auto', 'script', not a whole number "
        "past TOML's 64-bit range. Fix the value.",
    ]


def test_tables_nested_too_deeply_are_refused() -> None:
    assert problems(f"[check]\nvocabulary = {'[' * 5000}{']' * 5000}\n") == [
        "byline.toml: is not valid TOML (arrays or tables nested too deeply). Fix the syntax.",
    ]


def test_an_interpreter_of_only_spaces_is_refused() -> None:
    assert problems('[run]\npython = " "\n') == [
        "byline.toml:2: 'run.python' must be an interpreter such as 'python3' or "
        "'.venv/bin/python', not only spaces; leave it empty (\"\") for the one byline runs "
        "on. Fix the value.",
    ]


@pytest.mark.parametrize("output", ["\\u0000", "_site\\u0000x", "_site\\n", "a\\u007fb"])
def test_an_output_folder_with_control_characters_is_refused(output: str) -> None:
    assert problems(f'[build]\noutput = "{output}"\n') == [
        "byline.toml:2: 'build.output' must be a folder name without control characters "
        "(a null byte, a newline), e.g. '_site'. Fix the value.",
    ]


@pytest.mark.parametrize("permalink", ["/posts/{slug}/?a=1", "/posts/{slug}/#top", "/p?/{slug}/"])
def test_a_permalink_with_a_query_or_anchor_is_refused(permalink: str) -> None:
    # The page would be written in a folder named '?a=1', which its links never reach.
    assert problems(f'[site]\npermalink = "{permalink}"\n') == [
        "byline.toml:2: 'site.permalink' must be a path without '?' or '#' (a browser "
        "reads what follows them as a query or an anchor, not as part of the page's "
        "path), e.g. '/posts/{slug}/'. Fix the value.",
    ]


def test_a_permalink_placeholder_other_than_slug_is_refused() -> None:
    assert problems('[site]\npermalink = "/{year}/{slug}/"\n') == [
        "byline.toml:2: 'site.permalink' has '{year}', which byline does not replace: "
        "only '{slug}' is, e.g. '/posts/{slug}/'. Fix the value.",
    ]


def test_an_exclude_pattern_too_large_to_compile_is_refused() -> None:
    assert problems('[links]\nexclude = ["a{99999999999}"]\n') == [
        "byline.toml:2: 'links.exclude' pattern 'a{99999999999}' is not a valid regular "
        "expression (the repetition number is too large): escape '.', '?', '+' and '(' with "
        "a backslash. Fix the value."
    ]


def test_an_empty_exclude_pattern_is_refused() -> None:
    # It matches every URL: the link checker would silently check none.
    assert problems('[links]\nexclude = ["^https://ok\\\\.dev/", ""]\n') == [
        "byline.toml:2: 'links.exclude' pattern '' is empty, which matches everything: "
        "remove it. Fix the value."
    ]


def test_an_interpreter_with_a_null_byte_is_refused() -> None:
    assert problems('[run]\npython = "py\\u0000thon"\n') == [
        "byline.toml:2: 'run.python' must be an interpreter such as 'python3' or "
        "'.venv/bin/python', without control characters (a null byte, a newline). "
        "Fix the value.",
    ]


def test_run_env_takes_variable_names() -> None:
    # They are passed through from byline's own environment: "A=B" set nothing, silently.
    text = '[run]\nenv = ["HF_HOME", "A=B", "", "a b"]\n'
    assert problems(text) == [
        "byline.toml:2: 'run.env' must list environment variable names such as 'HF_HOME' "
        "(byline passes them through from its own environment; it sets no values), "
        "not 'A=B'. Fix the value."
    ]
    assert parse_config('[run]\nenv = ["HF_HOME", "_x1"]\n').run.env == ["HF_HOME", "_x1"]
