"""Typed tables: TOML values checked against frozen dataclasses, every problem at once.

``byline.toml`` and each rule's ``[check.rules."RULE"]`` table are declared as frozen
dataclasses; :func:`convert` builds one from the parsed TOML, or raises
:class:`SchemaError` listing every problem with its place (``("site", "base_url")``),
so the caller can say which line of which file to fix.

Why not pydantic (byline used it until 2026-12): importing it and building the config
models cost about 120 ms of CPU at the start of every command, a third of ``byline check``
on a small blog, while byline's schemas need a dozen plain types. This module knows
exactly those: ``bool``, ``int``, ``float``, ``str``, ``datetime.date``, ``Literal``,
``X | None``, ``list``/``tuple``/``dict`` of them, ``Any`` and nested dataclasses, with
bounds (:class:`AtLeast`, :class:`MoreThan`, :class:`AtMost`) and checks (:class:`Check`)
given as ``Annotated`` metadata. Types are strict as TOML is typed: text is not a number, a
number is not a boolean; a whole number is accepted where a number is expected, a list where
a tuple is, and ISO text (``"2026-01-31"``) where a date is. A number must be finite: TOML's
``nan`` and ``inf`` are refused, as no setting means them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

__all__ = [
    "AtLeast",
    "AtMost",
    "Check",
    "Invalid",
    "MoreThan",
    "Problem",
    "SchemaError",
    "convert",
    "field_names",
    "regular_expression",
]

T = TypeVar("T")


class Invalid(ValueError):
    """Raised by a :class:`Check` (any ``ValueError`` will do); its text is the problem."""


@dataclasses.dataclass(frozen=True, slots=True)
class AtLeast:
    """``Annotated[int, AtLeast(1)]``: the number must be at least ``bound``."""

    bound: float


@dataclasses.dataclass(frozen=True, slots=True)
class MoreThan:
    """``Annotated[float, MoreThan(0)]``: the number must be more than ``bound``."""

    bound: float


@dataclasses.dataclass(frozen=True, slots=True)
class AtMost:
    """``Annotated[float, AtMost(86_400)]``: the number must be at most ``bound``."""

    bound: float


@dataclasses.dataclass(frozen=True, slots=True)
class Check:
    """``Annotated[str, Check(func)]``: ``func`` returns the value to keep (it may normalise
    it) or raises ``ValueError`` whose text says what is wrong."""

    func: Callable[[Any], Any]


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """One problem: where (keys from the top table) and what."""

    loc: tuple[str, ...]
    message: str
    """``must be at least 1, not 0``; ``unknown`` for a key the table does not have."""
    known: tuple[str, ...] = ()
    """For an unknown key: the keys its table does have, in declaration order."""

    @property
    def unknown(self) -> bool:
        return self.message == "unknown"


class SchemaError(ValueError):
    """Every problem found in one table (and the tables inside it)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{'.'.join(p.loc)}: {p.message}" for p in problems))
        self.problems = problems


def convert(data: Mapping[str, Any], cls: type[T]) -> T:
    """``cls`` built from ``data`` with every value checked; raises :class:`SchemaError`."""
    problems: list[Problem] = []
    value = _dataclass(data, cls, (), problems)
    if problems:
        raise SchemaError(problems)
    return typing.cast(T, value)


def field_names(cls: type[Any]) -> tuple[str, ...]:
    """The keys a dataclass table accepts, in declaration order (no type hints resolved)."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)


def regular_expression(value: str) -> str:
    """``value`` when it compiles as a regular expression; a :class:`Check` for patterns."""
    if not value:
        raise Invalid(f"pattern '{value}' is empty, which matches everything: remove it")
    try:
        re.compile(value)
    except (re.error, OverflowError, RecursionError) as exc:  # a{99999999999}: OverflowError
        raise Invalid(
            f"pattern '{value}' is not a valid regular expression ({exc}): escape '.', "
            "'?', '+' and '(' with a backslash"
        ) from None
    return value


_MISSING = object()
_Hint = Any


_FIELDS: dict[type[Any], dict[str, tuple[_Hint, Any]]] = {}


def _fields(cls: type[Any]) -> dict[str, tuple[_Hint, Any]]:
    """name -> (type hint, default or _MISSING) for a dataclass, hints resolved once."""
    if cls in _FIELDS:
        return _FIELDS[cls]
    hints = typing.get_type_hints(cls, include_extras=True)
    out: dict[str, tuple[_Hint, Any]] = {}
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        if f.default is not dataclasses.MISSING:
            default: Any = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory
        else:
            default = _MISSING
        out[f.name] = (hints[f.name], default)
    _FIELDS[cls] = out
    return out


def _dataclass(data: Any, cls: type[Any], loc: tuple[str, ...], problems: list[Problem]) -> Any:
    if not isinstance(data, Mapping):
        problems.append(Problem(loc, f"must be a table of settings, not {_shown(data)}"))
        return None
    spec = _fields(cls)
    values: dict[str, Any] = {}
    before = len(problems)
    for key, value in data.items():
        if key not in spec:
            problems.append(Problem((*loc, str(key)), "unknown", tuple(spec)))
            continue
        values[key] = _value(value, spec[key][0], (*loc, key), problems)
    for name, (_, default) in spec.items():
        if name not in data and default is _MISSING:
            problems.append(Problem((*loc, name), "is required"))
    if len(problems) > before:
        return None
    return cls(**values)


def _value(value: Any, hint: _Hint, loc: tuple[str, ...], problems: list[Problem]) -> Any:
    origin: Any = typing.get_origin(hint)
    if origin is typing.Annotated:
        base, *extras = typing.get_args(hint)
        before = len(problems)
        value = _value(value, base, loc, problems)
        if len(problems) > before:
            return value
        for extra in extras:
            message = _constraint(extra, value)
            if isinstance(message, str):
                problems.append(Problem(loc, message))
                return value
            value = message[0]
        return value
    if hint is Any:
        return value
    if origin in (types.UnionType, typing.Union):
        return _union(value, typing.get_args(hint), loc, problems)
    if origin is typing.Literal:
        options = typing.get_args(hint)
        if value in options and not isinstance(value, bool):
            return value
        listed = ", ".join(repr(o) for o in options)
        past = isinstance(value, int) and not _INT64_MIN <= value <= _INT64_MAX
        problems.append(
            Problem(loc, f"must be one of {listed}, not {_shown(value) if past else repr(value)}")
        )
        return value
    if origin in (list, tuple):
        return _items(value, origin, typing.get_args(hint), loc, problems)
    if origin is dict:
        _, item = typing.get_args(hint) or (str, Any)
        if not isinstance(value, Mapping):
            problems.append(Problem(loc, f"must be a table of settings, not {_shown(value)}"))
            return value
        return {str(k): _value(v, item, (*loc, str(k)), problems) for k, v in value.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass(value, hint, loc, problems)
    expected = _SCALARS.get(hint)
    if expected is None:  # pragma: no cover - a schema using a type this module lacks
        raise TypeError(f"byline.schema cannot check values of type {hint!r}")
    kind, accepts = expected
    if accepts(value) and isinstance(value, int) and not _INT64_MIN <= value <= _INT64_MAX:
        problems.append(Problem(loc, _PAST_INT64))
        return value
    if hint is float and accepts(value) and not math.isfinite(value):
        problems.append(Problem(loc, f"must be a finite number, not {value}"))
        return value
    if accepts(value):
        return float(value) if hint is float else value
    if hint is dt.date and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(Problem(loc, f"must be {kind}, not {_shown(value)}"))
    return value


def _union(value: Any, args: tuple[Any, ...], loc: tuple[str, ...], problems: list[Problem]) -> Any:
    """The value as the first of ``args`` that takes it; else the first one's problems."""
    arms = [a for a in args if a is not type(None)]
    if value is None and len(arms) < len(args):
        return None
    first: list[Problem] = []
    for arm in arms:
        trial: list[Problem] = []
        got = _value(value, arm, loc, trial)
        if not trial:
            return got
        first = first or trial
    problems.extend(first)
    return value


def _items(
    value: Any, origin: Any, args: tuple[Any, ...], loc: tuple[str, ...], problems: list[Problem]
) -> Any:
    """A list, or a tuple (``tuple[str, ...]`` or fixed, ``tuple[int, str]``), item by item."""
    if not isinstance(value, list | tuple):
        problems.append(Problem(loc, f"must be a list, not {_shown(value)}"))
        return value
    if origin is tuple and args and args[-1] is not Ellipsis:
        if len(value) != len(args):
            problems.append(Problem(loc, f"must be a list of {len(args)}, not {len(value)}"))
            return value
        kinds = list(args)
    else:
        kinds = [args[0] if args else Any] * len(value)
    items = [
        _value(v, kind, (*loc, str(i)), problems)
        for i, (v, kind) in enumerate(zip(value, kinds, strict=True))
    ]
    return tuple(items) if origin is tuple else items


# TOML's whole numbers are 64-bit: a parser must refuse others, Python's accepts them. One
# larger is no setting's real value, and past 4300 digits cannot even be printed.
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_PAST_INT64 = f"is past TOML's 64-bit range of whole numbers ({_INT64_MIN} to {_INT64_MAX})"

_SCALARS: dict[Any, tuple[str, Callable[[Any], bool]]] = {
    bool: ("true or false", lambda v: isinstance(v, bool)),
    int: ("a whole number", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    float: ("a number", lambda v: isinstance(v, int | float) and not isinstance(v, bool)),
    str: ("text", lambda v: isinstance(v, str)),
    dt.date: (
        "a date such as 2026-01-31",
        lambda v: isinstance(v, dt.date) and not isinstance(v, dt.datetime),
    ),
}


def _constraint(extra: Any, value: Any) -> str | tuple[Any]:
    """The problem with ``value`` under one ``Annotated`` extra, or ``(value to keep,)``."""
    if isinstance(extra, AtLeast) and value < extra.bound:
        return f"must be at least {_number(extra.bound)}, not {_number(value)}"
    if isinstance(extra, MoreThan) and value <= extra.bound:
        return f"must be more than {_number(extra.bound)}, not {_number(value)}"
    if isinstance(extra, AtMost) and value > extra.bound:
        return f"must be at most {_number(extra.bound)}, not {_number(value)}"
    if isinstance(extra, Check):
        try:
            return (extra.func(value),)
        except ValueError as exc:
            return str(exc)
    return (value,)


def _number(value: float) -> str:
    """``3`` for 3.0, ``0.5``, ``1e+300``: a number as short as Python writes it."""
    if float(value).is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def _shown(value: Any) -> str:
    """``'many' (text)``: a wrong value as the user wrote it, and what it is."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (true or false)"
    if isinstance(value, int):
        if not _INT64_MIN <= value <= _INT64_MAX:
            return "a whole number past TOML's 64-bit range"
        return f"{value} (a whole number)"
    if isinstance(value, float):
        return f"{value} (a number)"
    if isinstance(value, str):
        return f"{value!r} (text)"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, dt.datetime):
        return f"{value.isoformat()} (a date and time)"
    if isinstance(value, dt.date):
        return f"{value.isoformat()} (a date)"
    return repr(value)
