"""Must-fire and must-not-fire examples for every rule (the meta-test requires both).

Each entry maps a rule id to (texts that must be flagged, texts that must pass). A
text is a whole post; ``POST`` wraps a body in complete front matter so post-metadata
rules see a byline post. Sentences come from the shared corpus where possible.
"""

from __future__ import annotations

DESCRIPTION = (
    "Fine-tune Llama 3 8B with LoRA on a single 24 GB GPU: setup, training loop, "
    "memory numbers and the three pitfalls that cost me a day, with code you can run."
)
FRONT = f"""\
---
title: "Fine-tune Llama 3 with LoRA on one GPU"
slug: lora-one-gpu
date: 2099-01-01
status: draft
type: tutorial
thesis: "LoRA lets you fine-tune an 8B model on one 24 GB GPU in an afternoon."
keyword: "LoRA"
keywords: [fine-tuning, adapters]
description: "{DESCRIPTION}"
---
"""


def post(body: str, **fields: str) -> str:
    """A post with full front matter; ``fields`` replace lines (``status="outline"``)."""
    front = FRONT
    for key, value in fields.items():
        lines = front.splitlines()
        replaced = False
        for i, line in enumerate(lines):
            if line.startswith(f"{key}:"):
                lines[i] = f"{key}: {value}" if value is not None else ""
                replaced = True
        if not replaced:
            lines.insert(-1, f"{key}: {value}")
        front = "\n".join(line for line in lines if line) + "\n"
    return front + "\n" + body


LONG = " ".join(["word"] * 55)

EXAMPLES: dict[str, tuple[list[str], list[str]]] = {
    "prose.sentence-length": (
        [f"This sentence keeps going with {LONG} until the end."],
        [
            "Short sentences read well. This one does too.",
            "- a list item with " + LONG + " is not judged as a sentence.",
        ],
    ),
    "prose.paragraph-length": (
        [" ".join(f"Sentence number {n} is here." for n in range(9))],
        [" ".join(f"Sentence number {n} is here." for n in range(4))],
    ),
    "prose.weasel-words": (
        ["The new kernel is very fast.", "It is really simple to set up."],
        [
            "The new kernel is fast.",
            "Sparse attention supports very long sequences of 64K tokens.",
            "You can build your very own chat model.",
            "Use `very` as a variable name.",
        ],
    ),
    "prose.hedging": (
        ["I think the cache helps here.", "Maybe the scheduler is the bottleneck."],
        ["The cache cut latency by 40 %.", "Use a kind-hearted tone."],
    ),
    "prose.vague-claim": (
        ["Our kernel is much faster than the baseline.", "This approach outperforms LoRA."],
        [
            "Our kernel is 2.3x faster than the baseline on an A100.",
            "It outperforms LoRA, as [the paper](https://arxiv.org/abs/2106.09685) shows.",
            "It is better to start small.",
        ],
    ),
    "prose.throat-clearing": (
        [
            "In this post, we will discuss how LoRA works.\n\nMore text.",
            "Let's dive in. LoRA adds low-rank adapters.",
        ],
        ["LoRA adds two small matrices to each attention layer.\n\nIn this post it helps."],
    ),
    "prose.same-start": (
        ["We load the model. We freeze it. We add the adapters."],
        [
            "We load the model. Then we freeze it. We add the adapters.",
            "Table 1: speed. Table 2: memory. Table 3: cost.",
        ],
    ),
    "prose.passive-voice": (
        [
            " ".join(
                f"The model was trained on shard {n}. It was evaluated on set {n}."
                for n in range(6)
            )
        ],
        [" ".join(f"We trained the model on shard {n}. We evaluated it." for n in range(6))],
    ),
    "prose.jargon-undefined": (
        ["We compress the student model with KD before serving."],
        [
            "We use Knowledge Distillation (KD). KD shrinks the model.",
            "The GPU runs the API server.",
            "We use [KD](https://arxiv.org/abs/1503.02531) to shrink it.",
            "Large visual language models, or LVLMs, read images.",
        ],
    ),
    "prose.readability": (
        [
            " ".join(
                [
                    "Heterogeneous computational infrastructures necessitate sophisticated "
                    "orchestration methodologies considering interdependent communication "
                    "characteristics simultaneously."
                ]
                * 3
            )
        ],
        ["We train the model. It runs fast. We test it on one box. It works well for us."],
    ),
}
