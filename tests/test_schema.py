"""Typed tables: TOML values checked against frozen dataclasses, every problem at once."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from byline.config import Config
from byline.schema import (
    AtLeast,
    AtMost,
    Check,
    Invalid,
    MoreThan,
    SchemaError,
    convert,
    field_names,
)


def _no_spaces(value: str) -> str:
    if " " in value:
        raise ValueError("must not contain spaces")
    return value.strip("/")


@dataclass(frozen=True, slots=True)
class Inner:
    name: Annotated[str, Check(_no_spaces)] = "x"
    size: Annotated[int, AtLeast(1)] = 3


@dataclass(frozen=True, slots=True)
class Outer:
    inner: Inner = field(default_factory=Inner)
    ratio: Annotated[float, MoreThan(0)] = 1.0
    flag: bool = False
    when: dt.date | None = None
    mode: Literal["auto", "script"] = "auto"
    words: tuple[str, ...] = ()
    names: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    anything: dict[str, dict[str, Any]] = field(default_factory=dict)
    maybe: bool | None = None
    pair: tuple[int, str] = (1, "a")
    either: int | str = 0


def problems(data: dict[str, Any]) -> list[tuple[tuple[str, ...], str]]:
    with pytest.raises(SchemaError) as info:
        convert(data, Outer)
    return [(p.loc, p.message) for p in info.value.problems]


def test_defaults_and_conversions() -> None:
    assert convert({}, Outer) == Outer()
    got = convert(
        {
            "inner": {"name": "/a/", "size": 2},
            "ratio": 2,
            "flag": True,
            "when": "2026-01-02",
            "mode": "script",
            "words": ["a", "b"],
            "names": ("c",),
            "links": {"gh": "https://github.com"},
            "anything": {"r": {"k": [1, {"x": None}]}},
            "maybe": False,
        },
        Outer,
    )
    assert got.inner == Inner(name="a", size=2)
    assert got.ratio == 2.0 and isinstance(got.ratio, float)
    assert got.when == dt.date(2026, 1, 2)
    assert (got.mode, got.words, got.names, got.maybe) == ("script", ("a", "b"), ["c"], False)
    assert got.anything == {"r": {"k": [1, {"x": None}]}}
    assert convert({"when": dt.date(2025, 5, 6)}, Outer).when == dt.date(2025, 5, 6)


def test_every_problem_with_its_place() -> None:
    assert problems(
        {
            "inner": {"name": "a b", "size": 0, "colour": 1},
            "ratio": 0,
            "flag": "yes",
            "when": "soon",
            "mode": "fast",
            "words": ["a", 3],
            "links": {"gh": 5},
            "anything": {"r": 1},
            "maybe": 1,
            "extra": True,
        }
    ) == [
        (("inner", "name"), "must not contain spaces"),
        (("inner", "size"), "must be at least 1, not 0"),
        (("inner", "colour"), "unknown"),
        (("ratio",), "must be more than 0, not 0"),
        (("flag",), "must be true or false, not 'yes' (text)"),
        (("when",), "must be a date such as 2026-01-31, not 'soon' (text)"),
        (("mode",), "must be one of 'auto', 'script', not 'fast'"),
        (("words", "1"), "must be text, not 3 (a whole number)"),
        (("links", "gh"), "must be text, not 5 (a whole number)"),
        (("anything", "r"), "must be a table of settings, not 1 (a whole number)"),
        (("maybe",), "must be true or false, not 1 (a whole number)"),
        (("extra",), "unknown"),
    ]


def test_numbers_are_not_booleans_and_text_is_not_a_number() -> None:
    assert problems({"inner": {"size": True}}) == [
        (("inner", "size"), "must be a whole number, not true (true or false)")
    ]
    assert problems({"inner": {"size": "many"}}) == [
        (("inner", "size"), "must be a whole number, not 'many' (text)")
    ]
    assert problems({"ratio": "1.5"}) == [(("ratio",), "must be a number, not '1.5' (text)")]
    assert problems({"inner": 3}) == [
        (("inner",), "must be a table of settings, not 3 (a whole number)")
    ]
    assert problems({"words": "abc"}) == [(("words",), "must be a list, not 'abc' (text)")]


def test_unknown_keys_are_marked_for_the_caller_to_name_the_nearest() -> None:
    with pytest.raises(SchemaError) as info:
        convert({"inner": {"nmae": "x"}}, Outer)
    (problem,) = info.value.problems
    assert problem.loc == ("inner", "nmae")
    assert problem.unknown
    assert problem.known == ("name", "size")
    assert field_names(Outer)[:2] == ("inner", "ratio")


def test_fixed_tuples_and_unions() -> None:
    assert convert({"pair": [2, "b"], "either": "x"}, Outer).pair == (2, "b")
    assert convert({"either": "x"}, Outer).either == "x"
    assert problems({"pair": [2]}) == [(("pair",), "must be a list of 2, not 1")]
    assert problems({"pair": ["b", 2]}) == [
        (("pair", "0"), "must be a whole number, not 'b' (text)"),
        (("pair", "1"), "must be text, not 2 (a whole number)"),
    ]
    assert problems({"either": 1.5}) == [
        (("either",), "must be a whole number, not 1.5 (a number)")
    ]


def test_a_required_field_is_reported() -> None:
    @dataclass(frozen=True)
    class Needs:
        must: int

    with pytest.raises(SchemaError) as info:
        convert({}, Needs)
    assert [(p.loc, p.message) for p in info.value.problems] == [(("must",), "is required")]


@dataclass(frozen=True)
class Seconds:
    plain: float = 1.0
    wait: Annotated[float, MoreThan(0), AtMost(60)] = 1.0
    maybe: float | None = None
    many: list[float] = field(default_factory=list)


@pytest.mark.parametrize(
    ("bad", "shown"), [(math.nan, "nan"), (math.inf, "inf"), (-math.inf, "-inf")]
)
def test_a_decimal_number_must_be_finite(bad: float, shown: str) -> None:
    with pytest.raises(SchemaError) as info:
        convert({"plain": bad, "wait": bad, "maybe": bad, "many": [1, bad]}, Seconds)
    message = f"must be a finite number, not {shown}"
    assert [(p.loc, p.message) for p in info.value.problems] == [
        (("plain",), message),
        (("wait",), message),
        (("maybe",), message),
        (("many", "1"), message),
    ]


def test_at_most_bounds_a_number_from_above() -> None:
    assert convert({"wait": 60}, Seconds).wait == 60.0
    with pytest.raises(SchemaError) as info:
        convert({"wait": 60.5}, Seconds)
    assert info.value.problems[0].message == "must be at most 60, not 60.5"
    with pytest.raises(SchemaError) as info:
        convert({"wait": 1e300}, Seconds)
    assert info.value.problems[0].message == "must be at most 60, not 1e+300"


def _odd(value: int) -> int:
    if value % 2 == 0:
        raise Invalid("must be odd")
    return value


@dataclass(frozen=True)
class Odd:
    n: Annotated[int, Check(_odd)] = 1


def test_a_check_may_reject_with_invalid() -> None:
    assert convert({"n": 3}, Odd).n == 3
    with pytest.raises(SchemaError) as info:
        convert({"n": 4}, Odd)
    assert info.value.problems[0].message == "must be odd"


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False, width=16),
    st.text(max_size=5),
    st.dates(),
    st.datetimes(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)
OPTIONS = ["title", "base_url", "posts", "months", "start", "target", "rules", "jobs", "x"]
SECTIONS = st.dictionaries(st.sampled_from(OPTIONS), VALUES, max_size=4)
TABLES = st.dictionaries(
    st.sampled_from([*field_names(Config), "x"]), VALUES | SECTIONS, max_size=4
)


@settings(max_examples=300, deadline=None)
@given(TABLES)
def test_any_table_gives_a_config_or_problems_never_a_crash(data: dict[str, Any]) -> None:
    try:
        config = convert(data, Config)
    except SchemaError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
    else:
        assert isinstance(config, Config)
