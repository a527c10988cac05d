"""Which acronyms a text defines: one scan for all of them, as each one's own reading."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from byline.checks.prose.jargon import _ACRONYM, defined_acronyms


def reference(text: str, acronym: str) -> bool:
    """The rule's first reading: two regular expressions written for one acronym."""
    a = re.escape(acronym)
    if re.search(rf"\(\s*{a}s?\s*[),;]", text):
        return True
    return bool(
        re.search(
            rf"\b{a}s?(?:\s*\(\s*[A-Za-z]|\s+(?:stands for|is short for|means)|,\s+short for)"
            rf"|\bor\s+{a}s?\b",
            text,
        )
    )


FRAGMENTS = [
    "(",
    ")",
    " (",
    "( ",
    ",",
    ";",
    ", ",
    " ",
    "  ",
    "\n",
    "s",
    "x",
    "Words ",
    "or ",
    "or",
    "AB",
    "ABC",
    "ABCDEF",
    "ABCDEFG",
    "ML",
    "MLs",
    "XML",
    "LLM",
    "S",
    "stands for",
    " stands for ",
    "is short for",
    " means ",
    ", short for",
    "-",
    "/",
    ".",
    "'s",
]
TEXTS = st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join)


def candidates(text: str) -> set[str]:
    return {m.group(1) for m in _ACRONYM.finditer(text)} | {"AB", "ABC", "ML", "XML", "ABCDEF"}


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_one_scan_finds_what_each_acronyms_own_patterns_find(text: str) -> None:
    found = defined_acronyms(text)
    for acronym in candidates(text):
        assert (acronym in found) == reference(text, acronym), (text, acronym)


def test_the_definition_forms() -> None:
    text = (
        "Fully Sharded Data Parallel (FSDP) and LoRA (Low-Rank Adaptation). "
        "KV stands for key-value; PEFT, short for parameter-efficient fine-tuning; "
        "mixture of experts, or MoE, or MOEs; RLHF (reinforcement learning)."
    )
    assert {"FSDP", "KV", "PEFT", "MOE", "RLHF"} <= defined_acronyms(text)
    assert "LORA" not in defined_acronyms(text)
    assert defined_acronyms("We use the GPU and the TPU.") == frozenset()
