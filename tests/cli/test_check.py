"""``byline check``: exit codes, formats, fixes, cache, config errors, sources."""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

import pytest

import byline.cli.check
from byline.checks.sources import CheckOptions
from tests.cli import fake_source
from tests.conftest import CLI

POST = """\
---
title: "Fine-tune Llama 3 on one GPU"
status: draft
---

It is very fast.
"""


def write(blog: Path, name: str, text: str) -> Path:
    path = blog / "posts" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_exit_codes_and_strict(blog: Path, cli: CLI) -> None:
    write(blog, "a.md", POST)
    code, out, _ = cli("check", "--only", "prose.weasel-words")
    assert code == 0
    assert out == (
        "posts/a.md:6:7 suggestion prose.weasel-words 'very' adds no information. "
        "Delete it or give a number.\n\n"
        "1 file, 4 words: 0 errors, 0 warnings, 1 suggestion.\n"
    )
    write(blog, "a.md", POST.replace("It is very fast.", "I think it is fast."))
    assert cli("check", "--only", "prose.hedging")[0] == 0
    assert cli("check", "--only", "prose.hedging", "--strict")[0] == 1
    write(blog, "b.md", POST + "\n![](/images/x.png)\n")
    assert cli("check", "--only", "format.image-alt")[0] == 1


def test_json_report(blog: Path, cli: CLI) -> None:
    write(blog, "a.md", POST)
    code, out, _ = cli("check", "--format", "json", "--only", "prose")
    data = json.loads(out)
    assert code == 0
    assert data["summary"] == {
        "files": 1,
        "words": 4,
        "errors": 0,
        "warnings": 0,
        "suggestions": 1,
    }
    assert data["diagnostics"][0]["rule"] == "prose.weasel-words"


def test_fix_and_diff(blog: Path, cli: CLI) -> None:
    text = POST + "\n## Setup\n\n#### Details\n\n```\nimport os\nprint(os.sep)\n```\n"
    path = write(blog, "a.md", text)
    code, out, _ = cli("check", "--diff")
    assert code == 1
    assert path.read_text("utf-8") == text
    assert "-It is very fast.\n+It is fast.\n" in out
    assert "-#### Details\n+### Details\n" in out
    assert "-```\n+```python\n" in out
    code, out, _ = cli("check", "--fix", "--only", "format", "--only", "prose.weasel-words")
    assert out.startswith("posts/a.md: fixed 3 problems.\n")
    assert path.read_text("utf-8") == (
        text.replace("very ", "")
        .replace("#### Details", "### Details")
        .replace("```\nimport", "```python\nimport")
    )
    assert cli("check", "--diff")[0] == 0


def test_cache_and_no_cache(blog: Path, cli: CLI) -> None:
    write(blog, "a.md", POST)
    cache = blog / ".byline" / "cache"
    assert cli("check", "--no-cache")[0] == 0
    assert not cache.exists()
    first = cli("check")
    assert list((cache / "check").glob("*.pickle"))
    assert cli("check") == first


def test_no_cache_with_links_reads_and_writes_no_cache(blog: Path, cli: CLI) -> None:
    # The link check loads every post for its site index: through the parse cache, too.
    write(blog, "a.md", POST)
    write(blog, "b.md", POST.replace("title: ", "title: B "))
    assert cli("check", "--links", "--no-cache", "posts/a.md")[0] == 0
    assert not (blog / ".byline" / "cache").exists()


def test_config_errors_exit_2(blog: Path, cli: CLI) -> None:
    config = blog / "byline.toml"
    config.write_text(config.read_text() + '\n[check.rules."prose.weasel"]\nseverity = "off"\n')
    code, out, err = cli("check")
    assert code == 2
    assert out == ""
    assert err.strip().endswith(
        "unknown rule 'prose.weasel'. Did you mean 'prose.weasel-words'? "
        "Run 'byline check --list-rules' to see them all."
    )


def test_one_bad_post_does_not_stop_the_others(blog: Path, cli: CLI) -> None:
    write(
        blog, "a.md", POST.replace("status: draft", "status: draft\ncheck: {ignore: [prose.hedge]}")
    )
    write(blog, "b.md", POST)
    code, out, err = cli("check", "--only", "prose")
    assert code == 2
    assert "posts/a.md:4: unknown rule 'prose.hedge'. Did you mean 'prose.hedging'?" in err
    assert out.startswith("posts/b.md:6:7 suggestion prose.weasel-words")


@pytest.mark.parametrize(
    ("option", "values"),
    [("--only", [""]), ("--skip", [" "]), ("--only", [","]), ("--skip", ["prose", ""])],
)
def test_an_empty_rule_list_is_a_usage_error(
    blog: Path, cli: CLI, option: str, values: list[str]
) -> None:
    write(blog, "a.md", POST)
    args = [arg for value in values for arg in (option, value)]
    code, out, err = cli("check", *args)
    assert (code, out) == (2, "")
    assert err == (
        f"{option} was given no rule. Name rules or families, comma-separated, such as "
        f"{option} prose,format.heading-levels; 'byline check --list-rules' lists them.\n"
    )


def test_ideas_are_skipped_unless_named(blog: Path, cli: CLI) -> None:
    write(blog, "idea.md", '---\ntitle: "An idea"\nstatus: idea\n---\n')
    assert cli("check", "--only", "seo")[1].startswith("0 files")
    assert cli("check", "posts", "--only", "seo")[1].startswith("0 files")
    assert cli("check", "posts/idea.md", "--only", "seo")[1].startswith("1 file,")


def test_sources_get_the_flags(blog: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    write(blog, "a.md", POST)
    monkeypatch.setattr("byline.checks.sources.SOURCES", ("tests.cli.fake_source",))
    fake_source.CALLS.clear()
    code, out, _ = cli("check", "--only", "prose.hedging,code", "--run", "--external", "--no-cache")
    assert code == 0
    assert "posts/a.md:1:1 warning code.untested Run the code." in out
    assert [CheckOptions(run=True, links=True, external=True, use_cache=False)] == fake_source.CALLS
    write(blog, "a.md", POST.replace("status: draft", "status: draft\ncheck: {ignore: [code]}"))
    assert "code.untested" not in cli("check", "--only", "prose.hedging,code")[1]


def test_list_rules(cli: CLI) -> None:
    code, out, _ = cli("check", "--list-rules")
    assert code == 0
    assert "prose.hedging                warning    Hedges make a claim sound unsure" in out


def test_fix_keeps_machine_output_parseable(blog: Path, cli: CLI) -> None:
    write(blog, "a.md", POST)
    code, out, err = cli("check", "--fix", "--only", "prose", "--format", "json")
    assert code == 0
    assert json.loads(out)["diagnostics"] == []
    assert err == "posts/a.md: fixed 1 problem.\n"


TUTORIAL = """---
title: "Untested code"
status: draft
type: til
---

Some text before the code.

```python
print(1)
```
"""


def rules_of(out: str) -> list[tuple[str, str]]:
    return [(d["rule"], d["severity"]) for d in json.loads(out)["diagnostics"]]


def test_source_rules_take_settings_like_any_rule(blog: Path, cli: CLI) -> None:
    write(blog, "t.md", TUTORIAL)
    _, out, _ = cli("check", "--format", "json", "--only", "code", "posts/t.md")
    assert rules_of(out) == [("code.untested", "warning")]
    _, out, _ = cli("check", "--format", "json", "--skip", "code.untested", "posts/t.md")
    assert ("code.untested", "warning") not in rules_of(out)
    config = blog / "byline.toml"
    base = config.read_text()
    config.write_text(base + '\n[check.rules."code.untested"]\nseverity = "error"\n')
    code, out, _ = cli("check", "--format", "json", "--only", "code", "posts/t.md")
    assert (code, rules_of(out)) == (1, [("code.untested", "error")])
    config.write_text(base + '\n[check.rules."code.untested"]\nseverity = "off"\n')
    _, out, _ = cli("check", "--format", "json", "--only", "code", "posts/t.md")
    assert rules_of(out) == []


def test_source_rules_accept_only_a_severity(blog: Path, cli: CLI) -> None:
    config = blog / "byline.toml"
    config.write_text(
        config.read_text() + '\n[check.rules."links.broken"]\nseverity = "loud"\ntimeout = 3\n'
    )
    code, _, err = cli("check")
    lines = [line.split(": ", 1)[1] for line in err.splitlines()]
    assert code == 2
    assert lines == [
        "unknown setting 'timeout' for rule 'links.broken'. Known: severity.",
        "'check.rules.\"links.broken\".severity' must be one of error, warning, suggestion, off, "
        "not 'loud'. Fix the value.",
    ]


def test_list_rules_names_the_source_rules(cli: CLI) -> None:
    _, out, _ = cli("check", "--list-rules")
    assert "code.untested" in out and "links.insecure" in out


def test_list_rules_as_json(cli: CLI) -> None:
    code, out, _ = cli("check", "--list-rules", "--format", "json")
    rules = json.loads(out)["rules"]
    assert code == 0
    assert {"id": "prose.hedging", "severity": "warning"}.items() <= next(
        r for r in rules if r["id"] == "prose.hedging"
    ).items()
    assert any(r["id"] == "code.untested" for r in rules)
    assert all(set(r) == {"id", "severity", "summary"} for r in rules)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fix", "--diff"], "--fix writes the fixes and --diff only shows them. Choose one."),
        (["--diff", "--format", "json"], "--diff prints a unified diff; drop --format json."),
    ],
)
def test_options_that_contradict_are_refused(
    blog: Path, cli: CLI, args: list[str], message: str
) -> None:
    write(blog, "a.md", POST)
    before = (blog / "posts" / "a.md").read_bytes()
    code, out, err = cli("check", *args)
    assert (code, out, err.strip()) == (2, "", message)
    assert (blog / "posts" / "a.md").read_bytes() == before


def test_fix_writes_through_a_symlinked_post(blog: Path, tmp_path: Path, cli: CLI) -> None:
    """The link stays a link and the file it points to gets the fix."""
    outside = tmp_path / "drafts" / "y.md"
    outside.parent.mkdir()
    outside.write_text(POST, encoding="utf-8")
    link = blog / "posts" / "y.md"
    link.symlink_to(outside)
    code, out, _ = cli("check", "--fix", "--only", "prose.weasel-words")
    assert code == 0
    assert out.startswith("posts/y.md: fixed 1 problem.\n")
    assert link.is_symlink()
    assert link.readlink() == outside
    assert outside.read_text("utf-8") == POST.replace("very ", "")


def test_junk_in_the_cache_is_a_miss(blog: Path, cli: CLI) -> None:
    write(blog, "a.md", POST)
    first = cli("check")
    files = list((blog / ".byline" / "cache").rglob("*.pickle"))
    assert len(files) == 2  # the parsed post and its check results
    for file in files:
        file.write_bytes(b"garbage\n")
    assert cli("check") == first
    assert cli("status")[0] == 0


def test_a_vocabulary_that_is_not_utf8_is_an_input_error(blog: Path, cli: CLI) -> None:
    write(blog, "a.md", POST)
    (blog / "vocabulary.txt").write_bytes(b"kubectl\ncaf\xe9\n")
    code, out, err = cli("check")
    assert (code, out) == (2, "")
    assert err == (
        "vocabulary.txt:2: is not valid UTF-8 (byte 0xe9 at column 4). Save the file as UTF-8.\n"
    )


@pytest.mark.parametrize("command", ["check", "run", "links"])
def test_a_symlink_loop_named_on_the_command_line_is_an_input_error(
    blog: Path, cli: CLI, command: str
) -> None:
    (blog / "posts" / "loop.md").symlink_to("loop.md")
    code, out, err = cli(command, "posts/loop.md")
    assert (code, out) == (2, "")
    assert err == (
        "posts/loop.md: is a symbolic link that leads back to itself (a loop). "
        "Fix the link or remove it.\n"
    )


def test_a_folder_named_like_a_post_is_reported(blog: Path, cli: CLI) -> None:
    write(blog, "b.md", POST)
    (blog / "posts" / "a.md").mkdir()
    code, out, err = cli("check", "--only", "prose")
    assert code == 2
    assert err == (
        "posts/a.md: is a folder, not a Markdown file. Rename it or move it out of posts/.\n"
    )
    assert out.startswith("posts/b.md:6:7 suggestion prose.weasel-words")


A_DENIED = (
    "posts/a.md: cannot write the post (permission denied). "
    "Check the permissions of the file and its folder (ls -l), then try again.\n"
)
"""What ``check --fix`` says of posts/a.md when it may not write it."""


def test_fix_in_a_read_only_posts_folder_is_one_clear_error(
    blog: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    path = write(blog, "a.md", POST)

    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied", str(blog / "posts/.a.md.x.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    code, out, err = cli("check", "--fix", "--only", "prose.weasel-words")
    assert (code, out) == (2, "")
    assert err == A_DENIED
    assert path.read_text("utf-8") == POST


def test_fix_goes_on_with_the_other_posts_after_one_it_cannot_write(blog: Path, cli: CLI) -> None:
    """As a post that cannot be read does not stop a check, a post that cannot be written
    does not stop the fixes of the others; the run still ends with exit 2 and the line."""
    locked = write(blog, "a.md", POST)
    locked.chmod(0o444)
    other = write(blog, "b.md", POST)
    code, out, err = cli("check", "--fix", "--only", "prose.weasel-words")
    assert code == 2
    assert err == A_DENIED
    assert out == "posts/b.md: fixed 1 problem.\n"
    assert locked.read_text("utf-8") == POST
    assert "It is fast." in other.read_text("utf-8")


def test_fix_leaves_a_read_only_post_alone(blog: Path, cli: CLI) -> None:
    """Renaming over a read-only file succeeds (the folder is writable), so the post's
    own permission must be asked first, even by root, whom chmod does not stop."""
    path = write(blog, "a.md", POST)
    path.chmod(0o444)
    code, out, err = cli("check", "--fix", "--only", "prose.weasel-words")
    assert (code, out) == (2, "")
    assert err == A_DENIED
    assert path.read_text("utf-8") == POST
    assert path.stat().st_mode & 0o777 == 0o444
    assert [p.name for p in path.parent.iterdir()] == ["a.md"]


def test_the_result_cache_keeps_one_file_per_post(blog: Path, cli: CLI) -> None:
    folder = blog / ".byline" / "cache" / "check"
    for n in range(3):
        write(blog, "a.md", POST + f"\nEdit {n}.\n")
        cli("check")
    write(blog, "b.md", POST)
    cli("check")
    assert len(list(folder.glob("*.pickle"))) == 2
    (blog / "posts" / "b.md").unlink()
    cli("check", "posts/a.md")  # named posts: the others' results are kept
    assert len(list(folder.glob("*.pickle"))) == 2
    cli("check")
    assert len(list(folder.glob("*.pickle"))) == 1
    assert len(list((folder.parent / "parse").glob("*.pickle"))) == 1


INJECTED_STATUS = POST.replace(
    "status: draft", 'status: "draft\\n::add-mask::hunter2\\n::error::injected"'
)


def test_a_post_cannot_inject_workflow_commands_through_an_input_error(
    blog: Path, cli: CLI
) -> None:
    write(blog, "a.md", INJECTED_STATUS)
    code, out, err = cli("check", "--format", "github")
    assert code == 2
    assert err == (
        "::error file=posts/a.md,line=3::unknown status "
        "'draft\\n::add-mask::hunter2\\n::error::injected'. "
        "Use one of: idea, outline, draft, review, ready, published.\n"
    )
    assert out == "0 files, 0 words: 0 errors, 0 warnings, 0 suggestions.\n"
    code, _, err = cli("check")
    assert code == 2
    assert err == (
        "posts/a.md:3: unknown status 'draft\\n::add-mask::hunter2\\n::error::injected'. "
        "Use one of: idea, outline, draft, review, ready, published.\n"
    )


def test_a_file_name_cannot_inject_workflow_commands(blog: Path, cli: CLI) -> None:
    write(blog, "bad\n::add-mask::x\n.md", "---\ntitle: [\n---\nbody\n")
    code, _, err = cli("check", "--format", "github")
    assert code == 2
    assert err == (
        "::error file=posts/bad%0A%3A%3Aadd-mask%3A%3Ax%0A.md,line=3::front matter is not valid YAML "
        "(did not find expected node content). Check the quoting and indentation on this "
        "line; quote values that contain ': '.\n"
    )
    _, _, err = cli("check")
    assert err.startswith("posts/bad\\n::add-mask::x\\n.md:3: front matter is not valid YAML")
    assert err.count("\n") == 1


def test_every_problem_of_a_post_is_one_annotation(blog: Path, cli: CLI) -> None:
    write(blog, "a.md", INJECTED_STATUS.replace("title:", "date: soon\ntitle:"))
    _, _, err = cli("check", "--format", "github")
    assert err.splitlines() == [
        "::error file=posts/a.md,line=2::'date' is not a valid date: 'soon'. Use YYYY-MM-DD, "
        "or a date and time such as 2026-01-01 09:30 or 2026-01-01T09:30:00Z.",
        "::error file=posts/a.md,line=4::unknown status "
        "'draft\\n::add-mask::hunter2\\n::error::injected'. "
        "Use one of: idea, outline, draft, review, ready, published.",
    ]


def test_the_text_report_shows_escape_sequences_from_a_post_as_text(blog: Path, cli: CLI) -> None:
    title = 'title: "Thoughts on \\e[31mRED\\e[0m \\e]0;pwned\\a x"'
    write(blog, "a.md", POST.replace('title: "Fine-tune Llama 3 on one GPU"', title))
    code, out, _ = cli("check", "--only", "structure.title-promise")
    assert code == 0
    assert out.splitlines()[0] == (
        "posts/a.md:2:1 warning structure.title-promise The title "
        "'Thoughts on \\x1b[31mRED\\x1b[0m \\x1b]0;pwned\\x07 x' promises nothing specific. "
        "Say what the reader will get, e.g. 'Cut inference cost 3x with vLLM'."
    )


DEEP = "---\ntitle: Deep\ndate: 2026-01-05\nstatus: published\n---\n\nIntro.\n\n"


@pytest.mark.parametrize("command", ["check", "build", "links"])
@pytest.mark.parametrize(
    "body",
    ["> " * 25 + "the text markdown-it drops\n", "".join("  " * n + "- x\n" for n in range(12))],
    ids=["quotes", "lists"],
)
def test_blocks_nested_past_the_parsers_limit_are_an_input_error(
    blog: Path, cli: CLI, command: str, body: str
) -> None:
    # The parser reads 20 levels; it left out everything deeper without a word, so the
    # built page lost the text and the checker never saw it.
    write(blog, "deep.md", DEEP + body)
    code, _, err = cli(command)
    line = 9 if body.startswith(">") else 18
    assert (code, err) == (
        2,
        f"posts/deep.md:{line}: quotes and lists are nested too deep here: byline reads 20 "
        "levels (a list and its item count as two) and would leave out what is deeper. "
        "Nest them less deeply.\n",
    )


def test_fix_keeps_what_the_editor_saved_meanwhile(
    blog: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer saves between byline reading the post and writing its fix: the fix,
    computed from the old text, must not replace the new one."""
    path = write(blog, "a.md", POST)
    saved = POST.replace("It is very fast.", "It is very, very fast.")
    real_fix = byline.cli.check.fix_document

    def editor_saves(*args: Any, **kwargs: Any) -> tuple[str, int]:
        result = real_fix(*args, **kwargs)
        path.write_text(saved, encoding="utf-8")
        return result

    monkeypatch.setattr(byline.cli.check, "fix_document", editor_saves)
    code, out, err = cli("check", "--fix", "--only", "prose.weasel-words")
    assert (code, out) == (2, "")
    assert err == (
        "posts/a.md: changed while byline was fixing it; your version is kept and the "
        "fixes were not written. Run 'byline check --fix' again.\n"
    )
    assert path.read_text("utf-8") == saved
    assert [p.name for p in path.parent.iterdir()] == ["a.md"]
