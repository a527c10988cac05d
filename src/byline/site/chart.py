"""A ``chart`` fence (CSV + a few options) drawn as an SVG at build time.

````markdown
```chart type=bar title="Throughput by batch size" y="tokens/s"
batch,fp16,int8
1,120,180
8,800,1100
```
````

The first column labels the x axis; every other column is a series. ``type`` is ``bar``
(grouped, the default) or ``line``. Colours come from CSS variables of the theme, so the
chart follows light and dark mode; the numbers are also given as a table for screen
readers and for anyone who wants the exact values.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from html import escape

__all__ = ["ChartError", "render_chart"]

WIDTH, HEIGHT = 640, 360
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 40, 56
SERIES_CLASSES = 6


class ChartError(ValueError):
    """The CSV or the options of a chart fence are not usable."""


def _read(text: str) -> tuple[list[str], list[str], list[list[float]]]:
    rows = [r for r in csv.reader(io.StringIO(text.strip())) if any(c.strip() for c in r)]
    if len(rows) < 2 or len(rows[0]) < 2:
        raise ChartError("needs a header row and at least one data row with two columns")
    header = [c.strip() for c in rows[0]]
    labels, values = [], []
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise ChartError(f"row {n} has {len(row)} columns, the header has {len(header)}")
        labels.append(row[0].strip())
        try:
            values.append([float(c) for c in row[1:]])
        except ValueError:
            raise ChartError(f"row {n} has a value that is not a number") from None
    return header, labels, values


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if value <= step * magnitude:
            return step * magnitude
    return 10.0 * magnitude


def _fmt(value: float) -> str:
    return f"{value:g}"


def render_chart(text: str, options: dict[str, str], index: int) -> str:
    """The ``<figure>`` with the SVG chart and its data table."""
    header, labels, values = _read(text)
    kind = options.get("type", "bar")
    if kind not in ("bar", "line"):
        raise ChartError(f"unknown type '{kind}'; use bar or line")
    title = options.get("title", "")
    series = header[1:]
    top = _nice_max(max((max(row) for row in values), default=1.0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(value: float) -> float:
        return TOP + plot_h - (max(value, 0.0) / top) * plot_h

    parts = [_axes(top, y_of, options.get("y", ""))]
    slot = plot_w / len(labels)
    for i, label in enumerate(labels):
        x = LEFT + slot * (i + 0.5)
        parts.append(_text("tick", x, TOP + plot_h + 18, label, "middle"))
    if kind == "bar":
        bar_w = slot * 0.8 / len(series)
        for i, row in enumerate(values):
            for s, value in enumerate(row):
                x = LEFT + slot * i + slot * 0.1 + bar_w * s
                y = y_of(value)
                parts.append(
                    f'<rect class="s{s % SERIES_CLASSES}" x="{x:.1f}" y="{y:.1f}" '
                    f'width="{bar_w:.1f}" height="{TOP + plot_h - y:.1f}"/>'
                )
    else:
        for s in range(len(series)):
            points = " ".join(
                f"{LEFT + slot * (i + 0.5):.1f},{y_of(row[s]):.1f}" for i, row in enumerate(values)
            )
            parts.append(f'<polyline class="l{s % SERIES_CLASSES}" points="{points}"/>')
    parts.append(_legend(series))
    if options.get("x"):
        parts.append(_text("axis-label", LEFT + plot_w / 2, HEIGHT - 8, options["x"], "middle"))
    label_id = f"chart-{index}-title"
    name = title or f"Chart of {', '.join(series)} by {header[0]}"
    svg = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{label_id}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{label_id}">{escape(name)}</title>' + "".join(parts) + "</svg>"
    )
    caption = f"<figcaption>{escape(title)}</figcaption>" if title else ""
    table = _table(header, labels, values)
    return f'<div class="chart-block"><figure>{svg}{caption}</figure>{table}</div>\n'


def _text(css: str, x: float, y: float, text: str, anchor: str = "start") -> str:
    return (
        f'<text class="{css}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(text)}</text>'
    )


def _axes(top: float, y_of: Callable[[float], float], y_label: str) -> str:
    out = []
    for k in range(5):
        value = top * k / 4
        y = y_of(value)
        out.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        out.append(_text("tick", LEFT - 6, y + 4, _fmt(value), "end"))
    if y_label:
        out.append(_text("axis-label", LEFT - 56, TOP - 16, y_label))
    return "".join(out)


def _legend(series: list[str]) -> str:
    out, x = [], LEFT
    for s, name in enumerate(series):
        css = f"s{s % SERIES_CLASSES}"
        out.append(f'<rect class="{css}" x="{x}" y="{HEIGHT - 30}" width="12" height="12"/>')
        out.append(_text("tick", x + 16, HEIGHT - 20, name))
        x += 36 + 11 * len(name)
    return "".join(out)


def _table(header: list[str], labels: list[str], values: list[list[float]]) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in header)
    body = "".join(
        f'<tr><th scope="row">{escape(label)}</th>'
        + "".join(f"<td>{_fmt(v)}</td>" for v in row)
        + "</tr>"
        for label, row in zip(labels, values, strict=True)
    )
    return (
        f'<details class="chart-data"><summary>Data</summary><div class="table-wrap">'
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></details>"
    )
