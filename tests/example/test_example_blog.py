"""The example blog of ``byline init --example``: every later command acts on it, so its
posts must parse, its code must run and print what the post says, and its links and
images must resolve."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from byline.content.blog import Blog
from byline.content.document import CodeBlock, Document
from byline.content.urls import split_post_link

# Runs the python blocks of one post in one interpreter, top to bottom, as a reader
# would, and returns what each block printed. A stand-in for ``byline run`` (issue 4).
DRIVER = r"""
import contextlib, io, json, sys
blocks = json.load(sys.stdin)
session = {"__name__": "__main__"}
printed = []
for source in blocks:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(source, "<block>", "exec"), session)
    printed.append(buffer.getvalue())
json.dump(printed, sys.__stdout__)
"""


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Blog:
    """One example blog, made by the real ``byline init --example`` command."""
    root = tmp_path_factory.mktemp("site") / "blog"
    result = subprocess.run(
        [sys.executable, "-m", "byline.cli.app", "init", str(root), "--example"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"Created a blog in {root}/ (5 sample posts)." in result.stdout
    return Blog.find(root)


@pytest.fixture(scope="module")
def documents(example: Blog) -> dict[str, Document]:
    loaded = example.load_all(cache=False)
    assert loaded.errors == []
    return {doc.slug: doc for doc in loaded.documents}


def published(documents: dict[str, Document]) -> list[Document]:
    return [d for d in documents.values() if d.front_matter.status == "published"]


def runnable(block: CodeBlock) -> bool:
    return block.lang in ("python", "py") and "norun" not in block.options


def expected_outputs(doc: Document) -> list[tuple[CodeBlock, CodeBlock | None]]:
    """Each runnable python block with the ``output`` fence right after it, if any."""
    blocks = doc.code_blocks
    pairs = []
    for index, block in enumerate(blocks):
        if not runnable(block):
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        adjacent = following is not None and following.span.line == block.span.end_line + 2
        pairs.append((block, following if adjacent and following.lang == "output" else None))
    return pairs


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.rstrip("\n").split("\n"))


def run_session(blocks: list[CodeBlock], workdir: Path) -> list[str]:
    """Run blocks in one fresh interpreter without site-packages: standard library only."""
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", DRIVER],
        input=json.dumps([b.code for b in blocks]),
        capture_output=True,
        text=True,
        cwd=workdir,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    printed: list[str] = json.loads(result.stdout)
    return printed


def test_init_example_writes_posts_of_several_types(documents: dict[str, Document]) -> None:
    by_status: dict[str, list[str]] = {}
    for doc in documents.values():
        by_status.setdefault(doc.front_matter.status, []).append(doc.front_matter.type or "")
    assert sorted(by_status["published"]) == ["comparison", "til", "tutorial"]
    assert by_status["draft"] == ["opinion"]
    assert by_status["idea"] == ["paper-summary"]


def test_python_blocks_print_their_output_fences(
    documents: dict[str, Document], tmp_path: Path
) -> None:
    checked = 0
    for doc in published(documents):
        pairs = expected_outputs(doc)
        if not pairs:
            continue
        printed = run_session([block for block, _ in pairs], tmp_path)
        for (block, fence), actual in zip(pairs, printed, strict=True):
            where = f"{doc.path}:{block.span.line}"
            if fence is None:
                assert actual == "", f"{where}: prints but has no output fence"
            elif fence.options.get("check") != "none":
                assert normalise(actual) == normalise(fence.code), where
                checked += 1
    assert checked >= 10


def test_tutorial_shows_an_unchecked_timing(documents: dict[str, Document]) -> None:
    fences = [b for b in documents["bm25-retriever-python"].code_blocks if b.lang == "output"]
    assert [f.options for f in fences if f.options].count({"check": "none"}) == 1


def test_every_image_exists_and_opens(example: Blog, documents: dict[str, Document]) -> None:
    images = [(doc, image) for doc in documents.values() for image in doc.images]
    assert len(images) >= 3
    for doc, image in images:
        assert image.src.startswith("/images/"), f"{doc.path}: {image.src}"
        path = example.static_dir / image.src.lstrip("/")
        assert path.stat().st_size < 100_000, path
        with Image.open(path) as picture:
            picture.verify()
        if doc.front_matter.status == "published":
            assert image.alt, f"{doc.path}:{image.span.line}: no alt text"


def test_every_internal_link_and_anchor_exists(documents: dict[str, Document]) -> None:
    anchors = {slug: {h.anchor for h in doc.headings} for slug, doc in documents.items()}
    internal = 0
    for doc in documents.values():
        for link in doc.links:
            where = f"{doc.path}:{link.span.line}: {link.url}"
            if link.url.startswith("#"):
                assert link.url[1:] in anchors[doc.slug], where
                continue
            target = split_post_link(link.url)
            if target is None:
                assert link.url.startswith("https://"), where
                continue
            internal += 1
            assert target.target in documents, where
            if target.anchor:
                assert target.anchor in anchors[target.target], where
    assert internal >= 3


def test_published_posts_fill_the_front_matter(documents: dict[str, Document]) -> None:
    for doc in published(documents):
        fm = doc.front_matter
        keyword = fm.keyword.lower()
        assert keyword, doc.path
        assert len(fm.title) <= 60 and keyword in fm.title.lower(), doc.path
        assert 150 <= len(fm.description) <= 156, (doc.path, len(fm.description))
        assert keyword in fm.description.lower(), doc.path
        assert fm.thesis and fm.finding and fm.audience and fm.keywords and fm.tags, doc.path
        assert fm.date is not None and fm.date.isoformat() < "2026-11-29", doc.path
        assert any(keyword in h.text.lower() for h in doc.headings if h.level == 2), doc.path
        assert all(block.lang for block in doc.code_blocks), doc.path
        assert any(link.url.startswith("https://") for link in doc.links), doc.path


def test_draft_explains_each_deliberate_finding(documents: dict[str, Document]) -> None:
    draft = documents["measure-before-chunk-size"]
    notes = [c.text for c in draft.comments if c.text.strip().startswith("deliberate:")]
    rules = [note.split("(")[1].split(")")[0] for note in notes]
    assert rules == [
        "prose.weasel-words",
        "prose.jargon-undefined",
        "prose.vague-claim",
        "prose.hedging",
        "format.image-alt",
    ]
    assert [image.alt for image in draft.images] == [""]


def test_idea_is_written_as_idea_add_writes_it(example: Blog) -> None:
    text = (example.posts_dir / "long-context-chunk-order.md").read_text(encoding="utf-8")
    assert text.startswith(
        '---\ntitle: "What Lost in the Middle means for RAG chunk order"\n'
        "status: idea\ntype: paper-summary\naudience: research\ncreated: 2026-11-20\n---\n"
    )
    assert "\n<!-- notes:\n" in text
