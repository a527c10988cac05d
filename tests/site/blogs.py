"""Fixture blogs for the site tests: a small blog with every feature, and the real corpus."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

from PIL import Image

from byline.cli.init import init_blog
from byline.content.slug import slugify
from tests.conftest import CORPUS

__all__ = ["corpus_dir", "make_corpus_blog", "make_feature_blog"]

LONG_PROSE = " ".join(
    f"Sentence {n} explains why the learning-rate warmup matters for small batches."
    for n in range(50)
)

POSTS = {
    "fine-tune-llama.md": f"""\
---
title: Fine-tuning Llama on one GPU
date: 2026-03-02
status: published
description: How I fine-tuned a 7B model with LoRA on a single 24 GB card, with the numbers.
tags: [llm, fine-tuning, lora]
keyword: LoRA fine-tuning
series: Small GPUs
---

The first paragraph says what this post is about and why it matters to you.

![Loss curves of three runs](/images/loss.png)

## Setup

Install the packages, then check the version. See [the evaluation post](evaluate-llm.md#results)
and [the draft](draft-post.md).

```python
import math

print(math.sqrt(16))
```

```output
4.0
```

```bash
pip install "transformers>=4.40" peft accelerate
```

## Results

| model | params | tokens/s | memory (GB) | loss | a very long column header that forces scrolling |
|---|---:|---:|---:|---:|---|
| Llama 3 8B | 8.0B | 1,250 | 21.5 | 1.83 | `torch.compile` with `mode="max-autotune"` and a long note |
| Mistral 7B | 7.2B | 1,310 | 20.1 | 1.79 | none |

The loss follows $L = -\\sum_i y_i \\log p_i$ and the update is

$$
\\theta_{{t+1}} = \\theta_t - \\eta \\frac{{\\hat m_t}}{{\\sqrt{{\\hat v_t}} + \\epsilon}}
$$

```chart type=bar title="Throughput by batch size" y="tokens/s" x="batch size"
batch,fp16,int8
1,120,180
8,800,1100
32,2100,2900
```

## Long part

{LONG_PROSE}

### A detail

{LONG_PROSE}

## Another part

{LONG_PROSE}

<div align="center">
<img src="/images/loss.png" width="400px" alt="The same plot, smaller">
<script>alert("x")</script>
</div>

A line with <sup>TM</sup> and a [missing post](nowhere.md) link, and
![a missing image](/images/missing.png).

```mermaid
graph TD
  A[Data] --> B[Model]
```
""",
    "evaluate-llm.md": """\
---
title: Evaluating LLMs <without> the hype & noise
date: 2026-03-10
status: published
tags: [llm, evaluation]
series: Small GPUs
---

Evaluation starts with a question you can answer with a number, and a baseline.

## Results

Back to [the fine-tuning post](posts/fine-tune-llama.md#setup).
""",
    "old-note.md": """\
---
title: A short note from last year
date: 2025-06-01
status: published
tags: [til]
---

A short note with a [link](https://example.org) and `inline code`.
""",
    "draft-post.md": """\
---
title: A draft
date: 2026-01-01
status: draft
---

Not ready yet.
""",
    "future-post.md": """\
---
title: Scheduled for later
date: 2099-01-01
status: published
---

Comes out later.
""",
}


def make_feature_blog(root: Path) -> Path:
    """A small blog that uses every feature the site renders."""
    init_blog(root, example=False, title="Ada's ML notes", author="Ada", base_url="https://ada.dev")
    for name, text in POSTS.items():
        (root / "posts" / name).write_text(text, encoding="utf-8")
    image = Image.new("RGB", (1600, 900), "#ffffff")
    for x in range(0, 1600, 8):
        image.putpixel((x, 450 - x // 8 % 300), (11, 92, 173))
    image.save(root / "static" / "images" / "loss.png")
    return root


def corpus_dir() -> Path | None:
    """The shared DeepSpeed corpus (beside the clone in CI, under /work/shared here)."""
    for folder in (CORPUS, Path("/work/shared/corpus/deepspeed")):
        if folder.is_dir():
            return folder
    return None


_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_H1 = re.compile(r"^#\s+(.+?)\s*$", re.M)
_SITE_LINK = re.compile(r"((?:^|[^!])\[[^\]]*)\]\(/(?!/)")


def make_corpus_blog(root: Path, corpus: Path) -> Path:
    """A blog of the real DeepSpeed posts: front matter made up from their paths and titles.

    Their images are not in the corpus, so the site must leave them out and say so.
    """
    init_blog(
        root, example=False, title="DeepSpeed notes", author="DeepSpeed", base_url="https://ds.dev"
    )
    seen: set[str] = set()
    for n, path in enumerate(sorted(corpus.rglob("*.md"))):
        text = path.read_text(encoding="utf-8")
        title = ""
        match = _FRONT.match(text)
        if match:
            found = re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$", match.group(1), re.M)
            title = found.group(1) if found else ""
            text = text[match.end() :]
        if not title:
            heading = _H1.search(text)
            title = heading.group(1) if heading else path.parent.name
        title = re.sub(r"<[^>]+>|[*_`]", "", title).strip() or path.stem
        # Site-relative links pointed at pages of deepspeed.ai (as an importer would make
        # them absolute); images stay as they are, missing on purpose.
        text = _SITE_LINK.sub(r"\1](https://www.deepspeed.ai/", text)
        text = text.replace('href="/', 'href="https://www.deepspeed.ai/')
        text = text.replace("((https://", "(https://").replace("/))", "/)")
        slug = slugify(title) or f"post-{n}"
        while slug in seen:
            slug += "-x"
        seen.add(slug)
        day = dt.date(2024, 1, 1) + dt.timedelta(days=n * 7)
        front = textwrap.dedent(
            f"""\
            ---
            title: {title!r}
            date: {day.isoformat()}
            status: published
            tags: [deepspeed, {path.parts[-2].lower().replace("_", "")!r}]
            ---

            """
        )
        (root / "posts" / f"{slug}.md").write_text(front + text, encoding="utf-8")
    return root
