"""Which blocks run, how, and in which session."""

from __future__ import annotations

from byline.content.parse import parse
from byline.run.plan import plan_post

POST = """\
# Plan

```python
a = 1
```

```output
1
```

```python session=train timeout=5 raises=ValueError check=exact
raise ValueError
```

```python norun
never()
```

```py notest
never()
```

```bash
echo hi
```

```console
$ echo hi
hi
```

```pycon
>>> 1 + 1
2
```

```text
shown only
```

```node
console.log(1)
```

```yaml file=config.yaml
lr: 0.1
```

```python standalone check=none
import os
```

```python timeout=soon
x
```

```python timeout=0
x
```

```python check=fuzzy
x
```

```python raises=
x
```

```python file=../escape.py
x
```

    indented code never runs
"""


def test_sessions_kinds_and_options() -> None:
    plan = plan_post(parse(POST), timeout=30.0, commands={"node": "node {file}"})
    units = {u.session: u for u in plan.units}
    assert list(units) == ["main", "standalone@11", "train"]
    main = units["main"].steps
    assert [s.kind for s in main] == [
        "python",
        "bash",
        "console",
        "pycon",
        "command",
        "file",
        "python",
    ]
    assert main[0].expected is not None and main[0].expected.code == "1\n"
    assert main[0].timeout == 30.0 and main[0].check == "ellipsis"
    assert main[4].command == "node {file}"
    assert main[5].file == "config.yaml"
    assert main[6].standalone and main[6].check == "none"
    train = units["train"].steps[0]
    assert (train.timeout, train.raises, train.check) == (5.0, "ValueError", "exact")
    assert units["standalone@11"].standalone
    assert [b.lang for b in plan.skipped] == ["python", "py"]


def test_bad_options_are_problems_and_do_not_run() -> None:
    plan = plan_post(parse(POST), timeout=30.0, commands={})
    assert [p.message for p in plan.problems] == [
        "timeout=soon in 'python timeout=soon' is not a positive number of seconds. "
        "Write timeout=SECONDS, such as timeout=60.",
        "timeout=0 in 'python timeout=0' is not a positive number of seconds. "
        "Write timeout=SECONDS, such as timeout=60.",
        "check=fuzzy in 'python check=fuzzy' is not a known comparison. "
        "Use check=ellipsis (the default), check=exact or check=none.",
        "raises= in 'python raises=' is not an exception name. "
        "Write the class name, such as raises=ValueError.",
        "file=../escape.py in 'python file=../escape.py' is not a relative file name. "
        "Write a path inside the work folder, such as file=train.py.",
    ]


def test_a_fence_timeout_is_at_most_a_day() -> None:
    doc = parse(
        "```python timeout=1e300\nprint(1)\n```\n\n```python timeout=86400\nprint(2)\n```\n"
    )
    plan = plan_post(doc, timeout=30.0, commands={})
    assert [p.message for p in plan.problems] == [
        "timeout=1e300 in 'python timeout=1e300' is more than a day. "
        "Write timeout=SECONDS, at most 86400.",
    ]
    assert [step.timeout for step in plan.steps] == [86400.0]


def test_check_can_sit_on_the_output_fence() -> None:
    doc = parse("```python\nprint(1)\n```\n\n```output check=none\n2\n```\n")
    (step,) = plan_post(doc, timeout=30.0, commands={}).steps
    assert step.check == "none"


def test_unmapped_languages_are_display_only() -> None:
    plan = plan_post(parse(POST), timeout=30.0, commands={})
    assert "command" not in [s.kind for s in plan.steps]


def test_an_unknown_option_is_a_problem_naming_the_nearest() -> None:
    doc = parse(
        "```python timeot=5\nx\n```\n\n```bash sesion=setup\nx\n```\n\n"
        "```python standalone nroun\nx\n```\n\n```python colour=red\nx\n```\n\n"
        "```python\nx\n```\n\n```output chek=none\nx\n```\n"
    )
    plan = plan_post(doc, timeout=30.0, commands={})
    assert [p.message for p in plan.problems] == [
        "unknown option 'timeot' in 'python timeot=5'. Did you mean 'timeout'? "
        "Use session, norun, raises, timeout, standalone, check, file or figure.",
        "unknown option 'sesion' in 'bash sesion=setup'. Did you mean 'session'? "
        "Use session, norun, raises, timeout, standalone, check, file or figure.",
        "unknown option 'nroun' in 'python standalone nroun'. Did you mean 'norun'? "
        "Use session, norun, raises, timeout, standalone, check, file or figure.",
        "unknown option 'colour' in 'python colour=red'. "
        "Use session, norun, raises, timeout, standalone, check, file or figure.",
        "unknown option 'chek' in 'output chek=none'. Did you mean 'check'? "
        "An output fence takes only check=.",
    ]
    assert plan.steps == []


def test_options_of_fences_byline_does_not_run_are_left_alone() -> None:
    doc = parse(
        "```text wrap=yes\nx\n```\n\n```js title=app.js\nx\n```\n\n"
        "```{.python .numberLines startFrom=3}\nx\n```\n\n```python norun whatever\nx\n```\n\n"
        "```python\nx\n```\n\n```yaml file=config.yaml\nlr: 1\n```\n"
    )
    plan = plan_post(doc, timeout=30.0, commands={})
    assert plan.problems == []
    assert [s.block.lang for s in plan.steps] == ["python", "python", "yaml"]
