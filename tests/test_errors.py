"""BylineError messages: one line per problem, and no control character from the user."""

from __future__ import annotations

from byline.errors import BylineError, InputError


def test_a_message_with_a_newline_stays_on_one_line() -> None:
    error = InputError("unknown status 'draft\n::add-mask::x\x1b[2J'.", path="posts/a.md", line=3)
    assert str(error) == "posts/a.md:3: unknown status 'draft\\n::add-mask::x\\x1b[2J'."


def test_a_path_with_a_newline_stays_on_one_line() -> None:
    error = InputError("front matter is not valid YAML.", path="posts/bad\n::error::x\n.md")
    assert str(error) == "posts/bad\\n::error::x\\n.md: front matter is not valid YAML."


def test_several_problems_are_one_line_each() -> None:
    causes = [
        InputError("unknown status 'a\nb'.", path="posts/a.md", line=3),
        InputError("'title' must be text.", path="posts/a.md", line=4),
    ]
    error = InputError(causes[0].message, path="posts/a.md", line=3, causes=causes)
    assert str(error).splitlines() == [
        "posts/a.md:3: unknown status 'a\\nb'.",
        "posts/a.md:4: 'title' must be text.",
    ]
    problems = BylineError("first", problems=["byline.toml:1: x\ry", "byline.toml:2: z"])
    assert str(problems) == "byline.toml:1: x\\ry\nbyline.toml:2: z"


def test_a_path_that_is_blank_or_padded_is_shown_quoted() -> None:
    # `byline check ' '` said " : no such post", the path invisible.
    assert str(InputError("no such post.", path=" ")) == "' ': no such post."
    assert str(InputError("no such post.", path="")) == "'': no such post."
    assert str(InputError("bad.", path="posts/a.md ", line=2)) == "'posts/a.md ':2: bad."
    assert str(InputError("bad.", path="posts/a b.md", line=2)) == "posts/a b.md:2: bad."
