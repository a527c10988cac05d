"""init, new, idea, status: the lifecycle commands, end to end through the CLI."""

from __future__ import annotations

import datetime as dt
import errno
import json
from pathlib import Path
from typing import Any

import pytest

import byline.cli.app
from byline.content.parse import parse
from byline.templates import load_template
from tests.conftest import CLI, Interrupted, refuse

TODAY = dt.date.today().isoformat()


def test_init_writes_a_blog_and_refuses_to_run_twice(tmp_path: Path, cli: CLI) -> None:
    code, out, _ = cli("init", str(tmp_path / "b"))
    assert code == 0
    assert f"Created a blog in {tmp_path / 'b'}/ (0 sample posts)." in out
    for name in ("byline.toml", "posts", "static/images", ".gitignore"):
        assert (tmp_path / "b" / name).exists()
    code, _, err = cli("init", str(tmp_path / "b"))
    assert code == 2
    assert err.strip() == (
        f"{tmp_path / 'b' / 'byline.toml'}: already exists; this folder is a blog. "
        "Use it, or pick another folder."
    )


def test_new_scaffolds_the_template(blog: Path, cli: CLI) -> None:
    code, out, _ = cli("new", "tutorial", "How I Fine-Tuned Llama 3 on a Single GPU")
    assert code == 0
    assert out.strip() == (
        "Created posts/fine-tuned-llama-3-single-gpu.md (tutorial: 7 sections, 1425-2575 words)."
    )
    text = (blog / "posts/fine-tuned-llama-3-single-gpu.md").read_text()
    doc = parse(text, "posts/fine-tuned-llama-3-single-gpu.md")
    fm = doc.front_matter
    assert (fm.status, fm.type, fm.thesis, fm.keyword, fm.description) == (
        "draft",
        "tutorial",
        "",
        "",
        "",
    )
    assert fm.title == "How I Fine-Tuned Llama 3 on a Single GPU"
    template = load_template("tutorial")
    assert [h.text for h in doc.headings if h.level == 2] == [s.title for s in template.sections]
    assert "<!-- 100-150 words. The concrete problem the reader has" in text
    assert "Include: diagram. -->" in text


def test_new_never_overwrites(blog: Path, cli: CLI) -> None:
    (blog / "posts/data-post.md").write_text("mine\n")
    code, _, err = cli("new", "til", "Data post")
    assert code == 2
    assert err.strip() == (
        "posts/data-post.md: already exists; byline never overwrites a post. "
        "Choose another title or pass --slug."
    )
    assert (blog / "posts/data-post.md").read_text() == "mine\n"
    code, _, err = cli("new", "til", "Other", "--slug", "data-post")
    assert (code, err.strip()) == (
        2,
        "posts/data-post.md: already exists; byline never overwrites a post. "
        "Choose another --slug.",
    )
    assert cli("idea", "add", "LoRA notes", "--slug", "lora-notes")[0] == 0
    code, _, err = cli("new", "deep-dive", "LoRA in depth", "--slug", "lora-notes")
    assert (code, err.strip()) == (
        2,
        "posts/lora-notes.md: already exists as an idea. "
        "Promote it with: byline new deep-dive lora-notes",
    )


def test_new_rejects_unknown_type_and_bad_slug(blog: Path, cli: CLI) -> None:
    code, _, err = cli("new", "tutrial", "x")
    assert (code, err.strip()) == (
        2,
        "unknown post type 'tutrial'. Did you mean 'tutorial'? "
        "Use one of: tutorial, deep-dive, comparison, paper-summary, opinion, til.",
    )
    code, _, err = cli("new", "til", "x", "--slug", "../../etc/passwd")
    assert (code, err.strip()) == (
        2,
        "'../../etc/passwd' is not a valid slug. Use lowercase letters, digits and hyphens, "
        "such as 'fine-tune-llama'.",
    )
    assert not list((blog.parent).glob("etc*"))


def test_idea_add_list_and_promote_keeps_notes(blog: Path, cli: CLI) -> None:
    code, out, _ = cli(
        "idea", "add", "pgvector vs FAISS", "--type", "comparison", "--audience", "product",
        "--note", "5M embeddings; measure p95",
    )  # fmt: skip
    assert (code, out.strip()) == (0, "Added idea posts/pgvector-faiss.md.")
    cli("idea", "add", "Why evals leak", "--audience", "research")
    code, out, _ = cli("idea", "list", "--json")
    assert json.loads(out)["ideas"] == [
        {
            "slug": "pgvector-faiss",
            "title": "pgvector vs FAISS",
            "type": "comparison",
            "audience": "product",
            "notes": "5M embeddings; measure p95",
        },
        {
            "slug": "evals-leak",
            "title": "Why evals leak",
            "type": None,
            "audience": "research",
            "notes": "",
        },
    ]
    code, out, _ = cli("idea", "list")
    assert "pgvector vs FAISS" in out and "comparison" in out

    code, out, _ = cli("new", "pgvector-faiss")
    assert (code, out.strip()) == (0, "Promoted posts/pgvector-faiss.md to a draft.")
    text = (blog / "posts/pgvector-faiss.md").read_text()
    assert "<!-- notes:\n5M embeddings; measure p95\n-->" in text
    doc = parse(text)
    assert (doc.front_matter.status, doc.front_matter.type) == ("draft", "comparison")
    assert doc.front_matter.audience == "product"
    assert [h.text for h in doc.headings][:2] == ["Decision context", "Summary table"]

    code, _, err = cli("new", "evals-leak")
    assert (code, err.strip()) == (
        2,
        "posts/evals-leak.md: this idea has no type. Give one: byline new TYPE evals-leak",
    )
    code, out, _ = cli("new", "opinion", "evals-leak")
    assert (code, out.strip()) == (0, "Promoted posts/evals-leak.md to an opinion draft.")


@pytest.mark.parametrize(
    "front",
    ['{title: "Flow", status: idea, type: til}\n', "title: Flow\ntype: til\nstatus: >-\n  idea\n"],
)
def test_promoting_an_idea_byline_cannot_edit_safely_changes_nothing(
    blog: Path, cli: CLI, front: str
) -> None:
    path = blog / "posts" / "flow.md"
    path.write_text(f"---\n{front}---\n\nNotes.\n")
    before = path.read_bytes()
    code, _, err = cli("new", "flow")
    assert code == 2
    assert err.startswith("posts/flow.md:")
    assert "on a line of its own" in err
    assert path.read_bytes() == before


def test_a_note_that_would_end_its_comment_is_refused(blog: Path, cli: CLI) -> None:
    code, _, err = cli("idea", "add", "Notes", "--note", "a\n-->\n---\nx")
    assert code == 2
    assert "'-->'" in err
    assert not (blog / "posts" / "notes.md").exists()


def test_idea_prompts_lists_six_and_six(cli: CLI) -> None:
    code, out, _ = cli("idea", "prompts", "--json")
    data = json.loads(out)
    assert code == 0
    assert len(data["prompts"]) == 6 and len(data["categories"]) == 6
    assert data["prompts"][0]["question"] == "What did you debug this week?"
    code, out, _ = cli("idea", "prompts")
    assert "Which paper changed your mind?" in out
    assert "Where does production differ from the tutorials?" in out


def write(blog: Path, slug: str, front: str, body: str = "") -> None:
    (blog / "posts" / f"{slug}.md").write_text(f"---\n{front}\n---\n\n{body}")


def test_status_groups_by_stage_and_tracks_the_goal(blog: Path, cli: CLI) -> None:
    (blog / "byline.toml").write_text(
        (blog / "byline.toml").read_text().replace("posts = 6", "posts = 4") + ""
    )
    today = dt.date.today()
    write(blog, "a", f"title: A\nstatus: published\ntype: til\ndate: {today}", "word " * 120)
    write(blog, "b", "title: B\nstatus: draft\ntype: tutorial", "## The problem\n\none two three\n")
    write(blog, "c", "title: C\nstatus: idea")
    code, out, _ = cli("status", "--json")
    data = json.loads(out)
    assert code == 0
    assert [p["slug"] for p in data["stages"]["published"]] == ["a"]
    assert data["stages"]["draft"][0] | {} == {
        "path": "posts/b.md", "slug": "b", "title": "B", "status": "draft", "type": "tutorial",
        "date": None, "words": 3, "budget_min": 1425, "budget_max": 2575,
    }  # fmt: skip
    assert data["stages"]["published"][0]["words"] == 120
    assert data["goal"]["target"] == 4 and data["goal"]["published"] == 1
    assert data["goal"]["start"] == today.isoformat()
    code, out, _ = cli("status")
    assert code == 0
    assert "Portfolio goal: 1 of 4 posts published" in out
    assert "tutorial" in out and "1425-2575" in out


def test_one_bad_post_is_reported_and_the_rest_go_on(blog: Path, cli: CLI) -> None:
    write(blog, "good", "title: Good\nstatus: draft")
    write(blog, "bad", "title: Bad\ntype: listicle")
    (blog / "posts/latin1.md").write_bytes(b"---\ntitle: x\n---\n\ncaf\xe9\n")
    code, out, err = cli("status")
    assert code == 2
    assert err.splitlines() == [
        "posts/bad.md:3: unknown type 'listicle'. "
        "Use one of: tutorial, deep-dive, comparison, paper-summary, opinion, til.",
        "posts/latin1.md:5: is not valid UTF-8 (byte 0xe9 at column 4). Save the file as UTF-8.",
    ]
    assert "good" in out
    assert "Traceback" not in err


def test_a_post_with_several_front_matter_problems_gets_one_line_each(blog: Path, cli: CLI) -> None:
    write(blog, "bad", "title: Bad\ntype: listicle\nstatus: nope")
    code, _, err = cli("status")
    assert code == 2
    assert err.splitlines() == [
        "posts/bad.md:3: unknown type 'listicle'. "
        "Use one of: tutorial, deep-dive, comparison, paper-summary, opinion, til.",
        "posts/bad.md:4: unknown status 'nope'. "
        "Use one of: idea, outline, draft, review, ready, published.",
    ]


def test_missing_config_is_a_usage_error(tmp_path: Path, cli: CLI, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("status")
    assert code == 2
    assert err.strip() == (
        f"no byline.toml in {tmp_path.resolve()} or any folder above it. "
        "Run 'byline init' to create a blog, or cd into one."
    )


def test_debug_shows_a_traceback(tmp_path: Path, cli: CLI, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("--debug", "status")
    assert code == 2 and "Traceback" in err


def test_malformed_config_lists_every_problem(blog: Path, cli: CLI) -> None:
    (blog / "byline.toml").write_text('[site]\nbase_url = "nope"\n[goals]\nmonths = 0\n')
    code, _, err = cli("status")
    assert code == 2
    assert err.splitlines() == [
        "byline.toml:2: 'site.base_url' must be an absolute http(s) URL such as "
        "'https://jane.dev'. Fix the value.",
        "byline.toml:4: 'goals.months' must be at least 1, not 0. Fix the value.",
    ]


def test_version(cli: CLI) -> None:
    code, out, _ = cli("--version")
    assert code == 0 and out.startswith("byline ")


def test_init_example_writes_nothing_when_a_file_is_in_the_way(tmp_path: Path, cli: CLI) -> None:
    root = tmp_path / "blog"
    (root / "posts").mkdir(parents=True)
    (root / "posts/nan-in-json.md").write_text("mine\n")
    code, _, err = cli("init", str(root), "--example")
    assert (code, err.strip()) == (
        2,
        f"{root}/posts/nan-in-json.md: already exists; byline never overwrites a file. "
        "Use an empty folder for --example.",
    )
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == [
        "posts",
        "posts/nan-in-json.md",
    ]
    assert (root / "posts/nan-in-json.md").read_text() == "mine\n"


DENIED = "Check the permissions of the file and its folder (ls -l), then try again."


def test_an_unreadable_post_is_reported_and_the_rest_go_on(
    blog: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(blog, "good", "title: Good\nstatus: draft")
    write(blog, "secret", "title: Secret\nstatus: draft")
    refuse(monkeypatch, "read_bytes", blog / "posts/secret.md")
    message = f"posts/secret.md: cannot read the post (permission denied). {DENIED}\n"
    for command in ("status", "check", "run", "links"):
        code, out, err = cli(command)
        assert (code, err) == (2, message), command
        assert "Traceback" not in out
    code, _, err = cli("check", "posts/secret.md")
    assert (code, err) == (2, message)


def test_an_unreadable_config_is_one_clear_error(
    blog: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse(monkeypatch, "read_bytes", blog / "byline.toml")
    assert cli("status") == (
        2,
        "",
        f"byline.toml: cannot read the settings (permission denied). {DENIED}\n",
    )


def test_new_and_idea_in_a_read_only_posts_folder(
    blog: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse(monkeypatch, "open", blog / "posts")
    code, out, err = cli("new", "tutorial", "Another one")
    assert (code, out) == (2, "")
    assert err == f"posts/another-one.md: cannot create the post (permission denied). {DENIED}\n"
    code, out, err = cli("idea", "add", "Quantize a model")
    assert (code, out) == (2, "")
    assert err == (
        f"posts/quantize-model.md: cannot create the post (permission denied). {DENIED}\n"
    )


def test_init_with_an_empty_folder_name_is_a_usage_error(
    tmp_path: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'' (an unset variable, "$DIR") would make the current folder a blog."""
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("init", "")
    assert (code, out) == (2, "")
    assert err == (
        "the folder for the blog is empty (''). Name a folder, such as 'byline init my-blog', "
        "or leave it out to make the current folder a blog.\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_init_with_no_folder_makes_the_current_one_a_blog(
    tmp_path: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("init")
    assert code == 0
    assert out.splitlines()[0] == "Created a blog in ./ (0 sample posts)."
    assert (tmp_path / "byline.toml").is_file()


def test_init_where_no_folder_can_be_made(tmp_path: Path, cli: CLI) -> None:
    (tmp_path / "afile").write_text("x\n")
    code, out, err = cli("init", str(tmp_path / "afile" / "sub"))
    assert (code, out) == (2, "")
    assert err == (
        f"{tmp_path / 'afile' / 'sub'}: cannot create the blog (not a directory). "
        "A part of the path is a file where a folder should be: move that file aside.\n"
    )


def test_init_in_a_read_only_folder(
    tmp_path: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse(monkeypatch, "mkdir", tmp_path / "ro")
    code, out, err = cli("init", str(tmp_path / "ro" / "blog"))
    assert (code, out) == (2, "")
    assert err == (
        f"{tmp_path / 'ro' / 'blog'}: cannot create the blog (permission denied). {DENIED}\n"
    )
    assert not (tmp_path / "ro").exists()


def test_a_file_error_no_edge_caught_is_still_one_line(
    blog: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defence in depth: the IO edges raise InputError, and anything they miss is still a
    message (a traceback only with --debug), not a crash."""
    from byline.content.blog import Blog

    def broken(self: Blog, *args: object, **kwargs: object) -> object:
        raise OSError(errno.EIO, "Input/output error", str(blog / "posts"))

    monkeypatch.setattr(Blog, "load_all", broken)
    code, out, err = cli("status")
    assert (code, out) == (2, "")
    assert err == (
        f"{blog / 'posts'}: cannot finish the command (input/output error). "
        "Check the path and its permissions. Run with --debug to see where it happened.\n"
    )
    code, _, err = cli("--debug", "status")
    assert code == 2 and "Traceback" in err


def test_new_with_one_word_that_is_neither_a_type_nor_an_idea(blog: Path, cli: CLI) -> None:
    code, _, err = cli("new", "tutoral")
    assert (code, err.strip()) == (
        2,
        "'tutoral' is neither a post type nor the slug of an idea. Did you mean 'tutorial'? "
        "Types: tutorial, deep-dive, comparison, paper-summary, opinion, til. "
        "List your ideas with: byline idea list",
    )
    code, _, err = cli("new", "tutorial")
    assert (code, err.strip()) == (2, 'give a title: byline new tutorial "TITLE"')


def test_idea_list_shows_titles_as_written(blog: Path, cli: CLI) -> None:
    cli("idea", "add", "[bold]Rich[/bold] :smile: tricks", "--slug", "rich-tricks")
    code, out, _ = cli("idea", "list")
    assert code == 0
    assert "[bold]Rich[/bold] :smile: tricks" in out


ESC = "\x1b"
RAW_CONTROLS = ("\x1b", "\x07", "\r", "\x9b")


def assert_no_raw_controls(*texts: str) -> None:
    for text in texts:
        assert not any(c in text for c in RAW_CONTROLS), repr(text)


def test_idea_list_with_only_an_unreadable_post_exits_2(blog: Path, cli: CLI) -> None:
    """No idea to show is not success when a post could not be read: it may be the idea."""
    (blog / "posts" / "broken.md").write_text('---\ntitle: "a\\ry"\nstatus: idea\n---\n')
    code, out, err = cli("idea", "list")
    assert code == 2
    assert err.startswith("posts/broken.md:2: 'title' must be one line")
    assert "No ideas yet" in out


def test_idea_list_shows_control_characters_as_escapes(blog: Path, cli: CLI) -> None:
    (blog / "posts" / f"evil{ESC}[2J.md").write_text(
        '---\ntitle: "x\\e]0;pwned\\a [bold]b[/bold]\\by"\nstatus: idea\ntype: til\n---\n\n'
        "<!-- notes:\nnote\x1b[31m red\x9b\n-->\n"
    )
    code, out, err = cli("idea", "list")
    assert code == 0
    assert_no_raw_controls(out, err)
    assert "x\\x1b]0;pwned\\x07 [bold]b[/bold]\\x08y" in out
    assert "evil\\x1b[2J" in out
    assert "note\\x1b[31m red\\x9b" in out


def test_status_shows_control_characters_as_escapes(blog: Path, cli: CLI) -> None:
    config = blog / "byline.toml"
    config.write_text(config.read_text().replace('title = "Test blog"', 'title = "T\\u001b[2J"'))
    (blog / "posts" / f"evil{ESC}]0;x\x07.md").write_text(
        "---\ntitle: Evil\nstatus: draft\ntype: til\n---\n\nText.\n"
    )
    code, out, err = cli("status")
    assert code == 0
    assert_no_raw_controls(out, err)
    assert "T\\x1b[2J: 1 posts" in out
    assert "evil\\x1b]0;x\\x07" in out


NOT_UTF8 = (
    "the title or note is not valid UTF-8 text: your terminal sent it in another encoding. "
    "Set the terminal to UTF-8 (for example LANG=C.UTF-8) and type it again.\n"
)


@pytest.mark.parametrize(
    "args",
    [
        ("idea", "add", "Caf\udce9 notes"),  # b"Caf\xe9 notes" from a Latin-1 terminal
        ("idea", "add", "Notes", "--note", "caf\udce9"),
        ("new", "til", "Caf\udce9 notes"),
    ],
)
def test_a_title_that_is_not_utf8_leaves_no_empty_post(
    blog: Path, cli: CLI, args: tuple[str, ...]
) -> None:
    """Python hands such bytes over as surrogates, which cannot be written: the post was
    created, left empty, and a second try said it already existed."""
    code, out, err = cli(*args)
    assert (code, out, err) == (2, "", NOT_UTF8)
    assert list((blog / "posts").iterdir()) == []


def test_a_post_whose_write_is_interrupted_is_not_left_behind(
    blog: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (or a full disk) while the new post is written: no empty post that the next
    try would refuse to overwrite."""
    real_open = Path.open

    def interrupted(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, mode, *args, **kwargs)
        return Interrupted(handle) if "x" in mode else handle

    with monkeypatch.context() as patched:
        patched.setattr(Path, "open", interrupted)
        assert cli("idea", "add", "Quantize a model")[0] == 130
    assert list((blog / "posts").iterdir()) == []
    assert cli("idea", "add", "Quantize a model")[::2] == (0, "")


def test_ctrl_c_while_the_command_loads_is_exit_130(
    blog: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first half second of a command imports its module: Ctrl-C there is no traceback."""

    def interrupted(args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(byline.cli.app, "register_commands", interrupted)
    assert cli("check") == (130, "", "")


@pytest.mark.parametrize("url", ["example.com", "javascript:alert(1)", "https://"])
def test_init_refuses_a_base_url_its_byline_toml_would_refuse(
    tmp_path: Path, cli: CLI, url: str
) -> None:
    """Else every later command stops at the line init wrote."""
    code, out, err = cli("init", str(tmp_path / "b"), "--base-url", url)
    assert (code, out) == (2, "")
    assert err == (
        f"--base-url '{url}' must be an absolute http(s) URL such as 'https://jane.dev'. "
        "Nothing was written.\n"
    )
    assert list(tmp_path.iterdir()) == []
