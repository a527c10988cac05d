"""A blog whose posts and settings carry script payloads in every place a writer controls.

Each payload calls ``__pwn('ID')`` (or sets an ``on*`` attribute, or a ``javascript:``
URL), so a test can tell which one ran. Used by ``test_payloads.py``: statically over
every built file, and in a real browser.
"""

from __future__ import annotations

from pathlib import Path

from byline.cli.init import init_blog

__all__ = ["PAYLOAD_IDS", "make_payload_blog"]

CONFIG = r"""[site]
title = "T</title><script>__pwn('site-title')</script>\"'><svg onload=__pwn('site-title2')> ]]> --> </script>"
base_url = "https://example.com/x]]--"  # quotes, spaces and <> are refused (test_config.py)
permalink = "/posts\"onmouseover=\"__pwn('perma')<x>/{slug}/"
language = "en\"><script>__pwn('lang')</script>"
description = "D</textarea><script>__pwn('site-desc')</script>\" onmouseover=\"__pwn('site-desc2')"

[author]
name = "A<img src=x onerror=__pwn('author')>\"</script><script>__pwn('author2')</script>"
bio = "B<svg/onload=__pwn('bio')>"
email = "a@x.dev\"><img src=x onerror=__pwn('email')>"

[author.links]
"gh\"><img src=x onerror=__pwn('linkname')>" = "https://github.com/x\"><img src=x onerror=__pwn('link')>"

[build]
toc_min_words = 5
mermaid = "script"
"""

FRONT = r"""---
title: "P</title><script>__pwn('title')</script>\"'><img src=x onerror=__pwn('title2')> ]]> --> </script><!--"
description: "D</script><script>__pwn('desc')</script>\" onfocus=\"__pwn('desc2')\" autofocus x=\" ]]> -->"
date: 2026-01-05
updated: 2026-01-06
status: published
tags: ["t\"><svg onload=__pwn('tag')>", "</script><script>__pwn('tag2')</script>", "ok"]
keywords: ["k</script><script>__pwn('kw')</script>", "]]><x>"]
keyword: "kw\"><script>__pwn('keyword')</script>"
series: "S\"><img src=x onerror=__pwn('series')></script>"
canonical_url: "https://x.dev/\"><script>__pwn('canonical')</script>"
image: "https://x.dev/a.png\"><script>__pwn('image')</script>"
thesis: "<script>__pwn('thesis')</script>"
finding: "<script>__pwn('finding')</script>"
sources: ["<script>__pwn('sources')</script>"]
custom: "<script>__pwn('extra')</script>"
---
"""

BODY = r"""
Intro paragraph with words enough for a table of contents to show here.

# P</title><script>__pwn('title')</script>"'><img src=x onerror=__pwn('title2')> ]]> --> </script><!--

## Heading <img src=x onerror=__pwn('h1')> one

## "><script>__pwn('h2')</script> two

## `</code><script>__pwn('h3')</script>` three

## Heading {#"><img src=x onerror=__pwn('h4')>}

### <a href="javascript:__pwn('h5')">link in heading</a>

## ]]> --> </script> heading

Links:
[l1](javascript:__pwn('l1'))
[l2](JaVaScRiPt:__pwn('l2'))
[l3](<java	script:__pwn('l3')>)
[l4](&#106;avascript:__pwn('l4'))
[l5](data:text/html;base64,PHNjcmlwdD5fX3B3bignbDUnKTwvc2NyaXB0Pg==)
[l6](vbscript:msgbox)
[l7](//evil.example/x)
[l8](https://x.dev "\" onmouseover=\"__pwn('l8')")
[l9](https://x.dev/"><script>__pwn('l9')</script>)
[l10](&#x6A;avascript&#58;__pwn('l10'))
[l11](java%0ascript:__pwn('l11'))
[l12][ref1] [l13][ref2]
<javascript:__pwn('l14')> <JAVASCRIPT:__pwn('l15')> <https://x.dev/"onmouseover="__pwn('l16')">
<data:text/html,<script>__pwn('l17')</script>>
[l18]( javascript:__pwn('l18'))
[l19](&#0000106;avascript:__pwn('l19'))
[l20](\javascript:__pwn('l20'))
[l21](javascript&colon;__pwn('l21'))

[ref1]: javascript:__pwn('l12')
[ref2]: <java	script:__pwn('l13')> "t\"onmouseover=\"__pwn('l13b')"

Images:
![i1" onerror="__pwn('i1')](/images/none.png "\" onerror=\"__pwn('i1b')")
![i2](javascript:__pwn('i2'))
![i3](data:text/html;base64,PHNjcmlwdD5fX3B3bignaTMnKTwvc2NyaXB0Pg==)
![i4](x"onerror="__pwn('i4').png)
![<img src=x onerror=__pwn('i5')>](https://x.dev/a.png)
![i6](https://x.dev/a.png"onerror="__pwn('i6'))
![i7](data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="__pwn('i7')"/>)
![i8](/images/evil.svg)
[![](javascript:__pwn('i9'))](javascript:__pwn('i9b'))

Footnote[^1] and[^"><img src=x onerror=__pwn('fn')>] and[^<b>].

[^1]: A note with <img src=x onerror=__pwn('fn1')> and [fl](javascript:__pwn('fn2')).
[^"><img src=x onerror=__pwn('fn')>]: Odd label.
[^<b>]: Tag label <script>__pwn('fn3')</script>.

| a <img src=x onerror=__pwn('tb1')> | b |
|:--|--:|
| <script>__pwn('tb2')</script> | [x](javascript:__pwn('tb3')) |
| `</td><script>__pwn('tb4')</script>` | ]]> |

```"><script>__pwn('f1')</script>
x
```

```python" onmouseover="__pwn('f2')
print("</code></pre><script>__pwn('f3')</script>")
```

```<img src=x onerror=__pwn('f4')> a=b title="<script>"
y
```

```unknownlang
</code><script>__pwn('f5')</script>
```

```output
</samp></pre><script>__pwn('f6')</script>[31mred[0m
```

```chart type=bar title="<script>__pwn('c1')</script>" y="</text><script>__pwn('c2')</script>" x="\"><svg onload=__pwn('c3')>"
x<img src=x onerror=__pwn('c4')>,<svg onload=__pwn('c5')>
a</title><script>__pwn('c6')</script>,1
```

```mermaid
%%{init: {"securityLevel": "loose", "startOnLoad": true}}%%
graph TD
  A["<img src=x onerror=__pwn('m1')>"] --> B["</pre><script>__pwn('m2')</script>"]
  click A call __pwn('m3')
  click B "javascript:__pwn('m4')"
```

```mermaid
sequenceDiagram
  accTitle: </title><img src=x onerror=__pwn('m5')>
  A->>B: <img src=x onerror=__pwn('m6')>
```

Inline code `</code><script>__pwn('code')</script>` and &lt;script&gt; entity text.

Math: $\href{javascript:__pwn('ma1')}{x}$ and $\href{JaVaScRiPt:__pwn('ma2')}{y}$
and $\class{x" onclick="__pwn('ma3')}{z}$ and $\style{background:url(javascript:__pwn('ma4'))}{w}$
and $\unicode{<img src=x onerror=__pwn('ma5')>}$ and $\rule{99999em}{99999em}$
and $\text{</math><img src=x onerror=__pwn('ma6')>}$ and $\mathrm{<script>__pwn('ma7')</script>}$
and $\operatorname{<img src=x onerror=__pwn('ma8')>}$ and $\href{data:text/html,<script>__pwn('ma9')</script>}{d}$

$$
\href{java	script:__pwn('ma10')}{click} \text{<svg onload=__pwn('ma11')>}
$$

```math
\text{</math><script>__pwn('ma12')</script>}
```

Raw HTML:

<script>__pwn('r1')</script>

<svg onload="__pwn('r2')"><circle r="1"/></svg>

<img src=x onerror="__pwn('r3')">

<iframe srcdoc="<script>parent.__pwn('r4')</script>"></iframe>

<a href=javascript:__pwn('r5')>r5</a> <a href="JaVaScRiPt:__pwn('r5b')">r5b</a>

<form action="javascript:__pwn('r6')"><button>go</button><input type=submit formaction="javascript:__pwn('r6b')"></form>

<meta http-equiv="refresh" content="0;url=javascript:__pwn('r7')">

<base href="javascript:__pwn('r8')//">

<style>body { background: url(javascript:__pwn('r9')); width: expression(__pwn('r9b')); }</style>

<div style="background:url(javascript:__pwn('r10'))">styled</div>

<math><mtext><table><mglyph><style><img src=x onerror=__pwn('r11')></style></mglyph></table></mtext></math>

<svg><p><style><img src=x onerror=__pwn('r12')></style></p></svg>

<noscript><p title="</noscript><img src=x onerror=__pwn('r13')>"></p></noscript>

<template><img src=x onerror=__pwn('r14')></template>

<div title="unclosed <img src=x onerror=__pwn('r15')>

<!-- --!><img src=x onerror=__pwn('r16')> -->

<!--><img src=x onerror=__pwn('r17')> -->

<details open ontoggle="__pwn('r18')"><summary>s</summary>d</details>

<video poster="javascript:__pwn('r19')" src=x onerror="__pwn('r19b')"></video>

<object data="javascript:__pwn('r20')"></object><embed src="javascript:__pwn('r21')">

<a href="https://x.dev" target=_blank onclick="__pwn('r22')">r22</a>

<p><a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;__pwn('r23')">r23</a></p>

<img src="/images/none.png" alt="&quot; onerror=&quot;__pwn('r24')">

<img src="x" alt="a" title='" onerror="__pwn(`r25`)'>

<textarea><img src=x onerror=__pwn('r26')></textarea>

<title><img src=x onerror=__pwn('r27')></title>

<xmp><img src=x onerror=__pwn('r28')></xmp>

<plaintext><img src=x onerror=__pwn('r29')>

<div id="__pwned">clobber</div><form name="getElementById"></form>

<img/src/onerror=__pwn('r30')>

<a href="x" style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</a>

<p>Inline <img src=x onerror=__pwn('r31')> raw <b onmouseover=__pwn('r32')>b</b> and <svg/onload=__pwn('r33')>.</p>

<input type="checkbox" onfocus="__pwn('r34')" autofocus>

<pre class="mermaid">graph TD
A["<img src=x onerror=__pwn('r35')>"]
click A call __pwn('r36')</pre>

<div class="math-font" data-mermaid="javascript:__pwn('r37')">d</div>

<a name="__pwn">named</a> <a name="alert">named2</a>

<source srcset="javascript:__pwn('r38') 1x"><track src="javascript:__pwn('r39')">

<video><source src="javascript:__pwn('r40')"></video>

<q cite="javascript:__pwn('r41')">q</q><blockquote cite="vbscript:x">bq</blockquote>

<![CDATA[<img src=x onerror=__pwn('r42')>]]>

<?xml <img src=x onerror=__pwn('r43')>?>

<!DOCTYPE <img src=x onerror=__pwn('r44')>>

<img src="x" onerror
="__pwn('r45')">

<a href="javas&#x09;cript:__pwn('r46')">r46</a><a href="&#x20;javascript:__pwn('r47')">r47</a>

<IMG SRC=x ONERROR=__pwn('r48')>

<img src=x onerror=__pwn('r49') <b>

<scr<script>ipt>__pwn('r50')</scr</script>ipt>

<div><script>__pwn('r51')

Last line ]]> --> </script> end.
"""

EVIL_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" '
    "onload=\"__pwn('svgfile')\"><script>__pwn('svgfile2')</script></svg>"
)

PAYLOAD_IDS = (
    "title",
    "desc",
    "tag",
    "h1",
    "l1",
    "i1",
    "fn1",
    "tb1",
    "f1",
    "c1",
    "m1",
    "ma1",
    "r11",
    "r50",
)
"""Some payload ids, each of which the built site must still show as text."""


def make_payload_blog(root: Path) -> Path:
    """The payload blog: two posts in one series with the same tags, and a scripted SVG."""
    init_blog(root, example=False, title="x", author="x", base_url="https://example.com")
    (root / "byline.toml").write_text(CONFIG, encoding="utf-8")
    (root / "posts" / "payloads.md").write_text(FRONT + BODY, encoding="utf-8")
    second = FRONT.replace("P</title>", "Q</title>").replace("2026-01-05", "2026-01-07")
    (root / "posts" / "payloads-two.md").write_text(
        second + "\nSee [the first](payloads.md#heading-one) and more.\n", encoding="utf-8"
    )
    (root / "static" / "images").mkdir(parents=True, exist_ok=True)
    (root / "static" / "images" / "evil.svg").write_text(EVIL_SVG, encoding="utf-8")
    return root
