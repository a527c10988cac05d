"""Must-fire and must-not-fire examples for every rule (the meta-test requires both).

Each entry maps a rule id to (texts that must be flagged, texts that must pass). A
text is a whole post; ``POST`` wraps a body in complete front matter so post-metadata
rules see a byline post. Sentences come from the shared corpus where possible.
"""

from __future__ import annotations

from byline.content.post import PostType
from byline.templates import load_template

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
        [
            "Our kernel is much faster than the baseline.",
            "This approach outperforms LoRA.",
            "We trained for 3 epochs. The curve was smooth. The logs were clean. "
            "Our kernel is much faster.",
        ],
        [
            "Our kernel is 2.3x faster than the baseline on an A100.",
            "In Table 4, we report throughput on two and four GPUs. These runs used "
            "prefetching. The reported numbers show that each GPU gets faster.",
            "Figure 2 plots the loss of both runs. The curves were smoothed. The adapter "
            "run converges much faster.",
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
        ["We compress the student model with KD before serving.", "We distill it with KD."],
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


def _filled(post_type: PostType) -> str:
    """A body with every section of the template, each within its word budget."""
    parts = ["You will fine-tune Llama 3 8B on one 24 GB GPU in 40 minutes.\n"]
    for spec in load_template(post_type).sections:
        words = (spec.min + spec.max) // 2
        parts.append(f"## {spec.title}\n\n" + " ".join(["word"] * words) + ".\n")
    parts.append("Try it on your own data next.\n")
    return "\n".join(parts)


TUTORIAL_BODY = _filled("tutorial")

OUTLINE_BODY = (
    "\n".join(f"## Section {n}\n\n- point one\n- point two\n" for n in range(5))
    + "\n## Notes\n\n- Code: the training loop\n- Diagram: data flow\n"
)

EXAMPLES.update(
    {
        "format.code-language": (
            ["```\nimport torch\nprint(torch.__version__)\n```\n"],
            ["```python\nimport torch\n```\n", "    indented code\n"],
        ),
        "format.image-alt": (
            ["![](/images/loss.png)", '<img src="/images/loss.png">', "![screenshot](/a.png)"],
            [
                "![Training loss falls from 2.1 to 1.2 over 3 epochs](/images/loss.png)",
                '<img src="/images/rule.png" alt="" role="presentation">',
            ],
        ),
        "format.heading-levels": (
            ["## Setup\n\n#### Details\n", "# One\n\ntext\n\n# Two\n", "## \n"],
            ["# Title\n\n## Setup\n\n### Details\n\n## Results\n"],
        ),
        "format.wall-of-text": (
            [" ".join(["Words here make a sentence."] * 90)],
            [
                " ".join(["Words here make a sentence."] * 40)
                + "\n\n## Next\n\n"
                + " ".join(["Words here make a sentence."] * 40)
            ],
        ),
        "format.comparison-table": (
            [post("vLLM beats TGI at batch 32.", type="comparison")],
            [post("| | vLLM | TGI |\n|---|---|---|\n| tok/s | 900 | 600 |\n", type="comparison")],
        ),
        "format.mobile": (
            ["```python\nx = " + "1 + " * 40 + "1\n```\n"],
            ["```python\nx = 1\n```\n", "```text\n" + "x" * 200 + "\n```\n"],
        ),
        "structure.thesis": (
            [post("Body.", thesis='""'), post("Body.", thesis='"One. Two."')],
            [post("Body.")],
        ),
        "structure.template": (
            [post("## The problem\n\nText.\n")],
            [post(TUTORIAL_BODY)],
        ),
        "structure.outline": (
            [post("## Only one\n\n- a\n", status="outline")],
            [post(OUTLINE_BODY, status="outline")],
        ),
        "structure.hook": (
            [post("Large models have become popular in recent years across the field.")],
            [post("You will fine-tune an 8B model on one GPU.")],
        ),
        "structure.conclusion": (
            [post("Intro here.\n\n## Wrap-up\n\nThat was LoRA.")],
            [post("Intro here.\n\n## Wrap-up\n\nTry it on your own data next.")],
        ),
        "structure.limitations": (
            [post("LoRA is great.", type="deep-dive")],
            [post("## Limitations\n\nLoRA fails when ranks are tiny.", type="deep-dive")],
        ),
        "structure.listicle": (
            ["## Tools\n\n- vLLM\n- TGI\n- Triton\n- llama.cpp\n- Ollama\n"],
            [
                "## Tools\n\n- [Intro](#intro)\n- [Setup](#setup)\n- [A](#a)\n- [B](#b)\n"
                "- [C](#c)\n",
                "## Tools\n\n- vLLM: the fastest server we measured at batch 32, 900 tok/s\n",
            ],
        ),
        "structure.title-promise": (
            [post("Body.", title='"Thoughts on LoRA"'), "# Notes on quantization\n\nText."],
            [post("Body."), "# Cut inference cost 3x with int8\n\nText."],
        ),
        "seo.title-length": (
            [post("Body.", title='"' + "A very long title " * 5 + '"')],
            [post("Body.")],
        ),
        "seo.title-keyword": (
            [post("Body.", keyword='"QLoRA"'), post("Body.", keyword='""')],
            [post("Body.")],
        ),
        "seo.slug": (
            [post("Body.", slug="2024-05-the-LoRA-post"), post("Body.", slug="fine-tuning-guide")],
            [post("Body.")],
        ),
        "seo.meta-description": (
            [post("Body.", description='"Too short."'), post("Body.", description='""')],
            [post("Body.")],
        ),
        "seo.keyword-intro": (
            [post(" ".join(["Adapters train fast."] * 40) + " LoRA is one.")],
            [post("LoRA trains fast.")],
        ),
        "seo.keyword-headings": (
            [post("## Setup\n\nText.")],
            [post("## Fine-tuning setup\n\nText.\n\n## Adapters\n\nText.")],
        ),
        "seo.keyword-density": (
            [
                post(" ".join(["Adapters train fast."] * 80)),
                post(" ".join(["LoRA trains fast."] * 80)),
            ],
            [post(" ".join(["Adapters train fast."] * 40 + ["LoRA trains fast."] * 2))],
        ),
        "seo.internal-links": (
            [post("No links here.")],
            [post("See [my QLoRA post](qlora.md).")],
        ),
        "seo.outbound-links": (
            [post("No links here.")],
            [post("See [the paper](https://arxiv.org/abs/2106.09685).")],
        ),
        "seo.link-text": (
            ["Read the paper [here](https://arxiv.org/abs/2106.09685)."],
            ["Read [the LoRA paper](https://arxiv.org/abs/2106.09685)."],
        ),
        "seo.length": (
            [post("Too short.")],
            [post(" ".join(["Enough words for a post."] * 200), type="til")],
        ),
        "seo.stale": (
            [post("Body.", status="published", date="2020-01-01")],
            [post("Body.", status="published", date="2020-01-01", updated="2099-01-01")],
        ),
        "spelling.typo": (
            ["We recieve the batch.", "The trainig loop is short."],
            [
                "The tokenizer splits subwords; `recieve_x` is a variable.",
                "Visit https://example.com/recieve for details.",
                "Zhang and Vahid wrote the kernel.",
                "We use $\\alpha$ and the hyperparameter sweep.",
            ],
        ),
    }
)
