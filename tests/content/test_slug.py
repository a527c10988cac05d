"""Slugs and heading anchors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from byline.content.slug import AnchorIds, anchor_id, is_valid_slug, slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("How I Fine-Tuned Llama 3 on a Single GPU", "fine-tuned-llama-3-single-gpu"),
        ("Über naïve café RAG: évaluation", "uber-naive-cafe-rag-evaluation"),
        ("../../etc/passwd", "etc-passwd"),
        ("The", "the"),
        (
            "pgvector vs FAISS: 5M embeddings, one machine, p95 latency",
            "pgvector-faiss-5m-embeddings-one-machine",
        ),
        ("日本語", ""),
        ("Über große Modelle in Łódź", "uber-grosse-modelle-lodz"),
        ("Encoder æsthetics, cœur, Ørsted", "encoder-aesthetics-coeur-orsted"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


@given(st.text())
def test_slugs_are_ascii_and_cannot_escape(title: str) -> None:
    slug = slugify(title)
    assert slug == "" or is_valid_slug(slug)
    assert "/" not in slug and ".." not in slug and len(slug) <= 60


def test_anchors_follow_github() -> None:
    assert anchor_id("Über Ähnlichkeit") == "über-ähnlichkeit"
    assert anchor_id("C++ & Rust!") == "c--rust"
    assert anchor_id("Step 1: `pip install`") == "step-1-pip-install"
    ids = AnchorIds()
    assert [ids.unique(t) for t in ["Setup", "Setup", "Setup", "Setup 1"]] == [
        "setup",
        "setup-1",
        "setup-2",
        "setup-1-1",
    ]
