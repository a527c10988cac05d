"""The six prompts for finding a topic, and the six topic categories."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CATEGORIES", "PROMPTS", "Category", "Prompt"]


@dataclass(frozen=True, slots=True)
class Prompt:
    question: str
    """The question to ask yourself."""
    example: str
    """What an answer looks like."""
    suggests: str
    """The post type such an answer usually becomes."""


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    post_type: str
    best_for: str


PROMPTS: tuple[Prompt, ...] = (
    Prompt(
        "What did you debug this week?",
        "The NaN loss that came from fp16 overflow in a custom attention mask.",
        "til",
    ),
    Prompt(
        "What do you wish someone had told you before you started?",
        "That eval sets leak into RAG indexes unless you split documents before chunking.",
        "tutorial",
    ),
    Prompt(
        "What did you explain to a colleague recently?",
        "Why LoRA adapters barely add memory at inference time.",
        "deep-dive",
    ),
    Prompt(
        "What did you compare before choosing?",
        "pgvector vs FAISS for 5 million embeddings on one machine.",
        "comparison",
    ),
    Prompt(
        "Which paper changed your mind?",
        "The paper that showed small models trained longer beat large ones at equal compute.",
        "paper-summary",
    ),
    Prompt(
        "Where does production differ from the tutorials?",
        "Batching, timeouts and cost limits the quickstart never mentions.",
        "opinion",
    ),
)

CATEGORIES: tuple[Category, ...] = (
    Category(
        "Tutorials",
        "tutorial",
        "search traffic that lasts for years and proof that you can build something end to end",
    ),
    Category(
        "Deep dives",
        "deep-dive",
        "showing you understand a technique below the API; strong for research and senior roles",
    ),
    Category(
        "Comparisons with benchmarks",
        "comparison",
        "'X vs Y' searches and readers about to decide; shows rigour with measurements",
    ),
    Category(
        "Paper summaries",
        "paper-summary",
        "research audiences and showing that you read papers critically",
    ),
    Category(
        "Opinion and lessons learned",
        "opinion",
        "discussion and shares; shows judgement from experience in production",
    ),
    Category(
        "TIL (today I learned)",
        "til",
        "a steady weekly habit: small, specific posts that keep the portfolio moving",
    ),
)
