"""The docs list what the code has, show its real output, and link to what exists."""

from __future__ import annotations

import re
import shlex
from dataclasses import is_dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from byline.config import Config
from byline.schema import field_names
from tests.conftest import CLI

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _shown_default(value: object) -> str:
    """A default as docs/config.md writes it: TOML where TOML has it, else ``(none)``."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)  # numbers, [] and {}


def test_config_reference_lists_every_option_with_its_default() -> None:
    text = (DOCS / "config.md").read_text("utf-8")
    defaults = Config()
    for name in field_names(Config):
        assert f"## [{name}]" in text, f"docs/config.md lacks [{name}]"
        section = getattr(defaults, name)
        if is_dataclass(section):
            table = text.split(f"## [{name}]", 1)[1].split("\n## ", 1)[0]
            rows = re.findall(r"^\| `(\w+)` \| `(.*?)` \|", table, re.M)
            shown = {
                option: _shown_default(getattr(section, option))
                for option in field_names(type(section))
            }
            assert dict(rows) == shown, f"docs/config.md [{name}]"


def _headings_and_links(path: Path) -> tuple[set[str], list[str]]:
    """The GitHub anchor ids of the headings of ``path`` and the targets of its links."""
    tokens = MarkdownIt("commonmark").enable("table").parse(path.read_text("utf-8"))
    ids: set[str] = set()
    seen: dict[str, int] = {}
    links: list[str] = []
    for token, after in zip(tokens, [*tokens[1:], None], strict=True):
        if token.type == "heading_open" and after is not None:
            text = "".join(c.content for c in after.children or [] if c.type != "softbreak")
            slug = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            ids.add(f"{slug}-{count}" if count else slug)
        for child in token.children or []:
            if child.type == "link_open":
                links.append(str(child.attrs["href"]))
    return ids, links


def test_links_and_anchors_between_the_docs_resolve() -> None:
    pages = [DOCS.parent / "README.md", *sorted(DOCS.glob("*.md"))]
    found = {page: _headings_and_links(page) for page in pages}
    broken = []
    for page, (_, links) in found.items():
        for link in links:
            if re.match(r"[a-z][a-z0-9+.-]*:", link):  # https:, mailto:: not ours to check
                continue
            target, _, anchor = link.partition("#")
            path = (page.parent / target).resolve() if target else page
            if not path.exists():
                broken.append(f"{page.name}: {link} (no such file)")
            elif anchor and path.suffix == ".md" and anchor not in found[path][0]:
                broken.append(f"{page.name}: {link} (no such heading)")
    assert broken == []


def test_the_check_example_is_real_output(blog: Path, cli: CLI) -> None:
    text = (DOCS / "checks.md").read_text("utf-8")
    post = text.split("A draft, `posts/lora-draft.md`:\n\n````markdown\n", 1)[1].split("````\n")[0]
    console = text.split("```console\n$ byline ", 1)[1].split("\n```\n", 1)[0]
    command, shown = console.split("\n", 1)
    (blog / "posts" / "lora-draft.md").write_text(post, "utf-8")
    _, out, _ = cli(*shlex.split(command))
    assert out.strip() == shown.strip()
