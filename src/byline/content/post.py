"""Front matter: splitting it off a post, and its typed, validated fields."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast, get_args

from byline.content.schemes import is_http_url, url_scheme
from byline.errors import InputError, not_utf8
from byline.pickle_cache import by_fields

if TYPE_CHECKING:
    import yaml

__all__ = [
    "AUDIENCES",
    "POST_TYPES",
    "STATUSES",
    "Audience",
    "FrontMatter",
    "PostType",
    "Status",
    "decode_source",
    "nearest",
    "parse_front_matter",
    "split_front_matter",
    "verify_front_matter_edit",
]

PostType = Literal["tutorial", "deep-dive", "comparison", "paper-summary", "opinion", "til"]
Status = Literal["idea", "outline", "draft", "review", "ready", "published"]
Audience = Literal["research", "product", "general"]
POST_TYPES: tuple[PostType, ...] = get_args(PostType)
STATUSES: tuple[Status, ...] = get_args(Status)
AUDIENCES: tuple[Audience, ...] = get_args(Audience)


@cache
def _loader_class() -> Any:
    """A safe loader that leaves dates as text, so a bad date is reported with its line.

    The C loader is ~10x faster; pure Python where libyaml is missing. Made on first
    use: PyYAML costs ~20 ms to import, and a build with nothing to do reads no YAML.
    """
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolvers = {
        first: [(tag, regexp) for tag, regexp in pairs if tag != "tag:yaml.org,2002:timestamp"]
        for first, pairs in base.yaml_implicit_resolvers.items()
    }

    def construct_object(self: Any, node: yaml.Node, deep: bool = False) -> Any:
        # PyYAML's constructors raise plain ValueError, KeyError, IndexError or
        # AttributeError for a value its tag cannot read ('!!int abc', '!!bool maybe',
        # '!!timestamp soon', a 5,000-digit number), with no line; the node knows it.
        try:
            return base.construct_object(self, node, deep)
        except (ValueError, LookupError, AttributeError):
            raise _UnreadableValue(node) from None

    namespace = {"yaml_implicit_resolvers": resolvers, "construct_object": construct_object}
    return type("_Loader", (base,), namespace)


class _UnreadableValue(Exception):
    """A scalar the constructor of its tag could not turn into a value."""

    def __init__(self, node: yaml.Node) -> None:
        super().__init__(node.tag)
        self.node = node


_TAG_READS = {
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "timestamp": "a date",
}


def _unreadable_value(error: _UnreadableValue, yaml_text: str, path: Path | str) -> InputError:
    node, mark = error.node, error.node.start_mark
    tag = str(node.tag).removeprefix("tag:yaml.org,2002:")
    reads = _TAG_READS.get(tag, f"a !!{tag} value")
    value = str(node.value)
    shown = repr(value) if len(value) <= 40 else f"{value[:20] + '...'!r} ({len(value)} characters)"
    if yaml_text[mark.index : mark.index + 1] == "!":
        problem = f"{shown} is not {reads}, as its '!!{tag}' tag says"
        advice = "Remove the tag, or fix the value."
    else:
        problem = f"{shown} is not {reads} byline can read"
        advice = "Quote the value to keep it as text."
    return InputError(f"front matter: {problem}. {advice}", path=path, line=mark.line + 2)


def nearest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The closest of ``choices`` to ``word``, for "did you mean" hints."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def decode_source(data: bytes, path: Path | str) -> str:
    """Decode a post's bytes as UTF-8 (a BOM is dropped), or say where it is not UTF-8."""
    if (nul := data.find(b"\0")) >= 0:
        line = data.count(b"\n", 0, nul) + 1
        column = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        raise InputError(
            f"contains NUL bytes (column {column}), so it is not a text file. "
            "Save the post as UTF-8 text.",
            path=path,
            line=line,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, message = not_utf8(data, exc)
        raise InputError(message, path=path, line=line) from None
    return text.removeprefix("\ufeff")


@dataclass(frozen=True, slots=True)
class FrontMatterBlock:
    """Where the front matter sits in the source."""

    yaml_text: str
    """The YAML between the fences."""
    body_start: int
    """Offset in the source of the first character after the closing fence line."""
    body_line: int
    """1-based line of that character."""


def split_front_matter(source: str, path: Path | str) -> FrontMatterBlock | None:
    """Find a ``---`` fenced YAML block at the top of ``source``; None when there is none."""
    if not (source.startswith("---\n") or source.startswith("---\r\n")):
        return None
    first_nl = source.index("\n") + 1
    pos = first_nl
    line = 2
    while pos <= len(source):
        end = source.find("\n", pos)
        stop = len(source) if end < 0 else end
        if source[pos:stop].rstrip() in ("---", "..."):
            body = len(source) if end < 0 else end + 1
            return FrontMatterBlock(source[first_nl:pos], body, line + 1)
        if end < 0:
            break
        pos, line = end + 1, line + 1
    raise InputError(
        "front matter has no closing '---'. Add '---' after the last field.", path=path, line=1
    )


@by_fields
@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A post's front matter fields, typed. Unknown fields are kept in ``extra``."""

    title: str = ""
    """The post's title (the page's H1)."""
    slug: str | None = None
    """URL slug; defaults to the file name."""
    date: dt.date | None = None
    """Publication date."""
    updated: dt.date | None = None
    """Date of the last substantive update."""
    status: Status = "draft"
    """Lifecycle stage: idea, outline, draft, review, ready, published."""
    type: PostType | None = None
    """Post type; selects the template of sections and word budgets."""
    description: str = ""
    """Meta description (150-160 characters)."""
    keyword: str = ""
    """Primary keyphrase."""
    keywords: tuple[str, ...] = ()
    """Secondary keywords."""
    tags: tuple[str, ...] = ()
    """Tags for the site's tag pages."""
    series: str | None = None
    """Name of a series of posts."""
    thesis: str = ""
    """The post's point in one sentence."""
    audience: Audience | None = None
    """Who the post is for: research, product or general."""
    canonical_url: str | None = None
    """Where the post first appeared, when not on this site."""
    image: str | None = None
    """Social card image (site path or URL)."""
    sources: tuple[str, ...] = ()
    """What the post draws on."""
    finding: str = ""
    """The one result a reader should remember."""
    check_ignore: tuple[str, ...] = ()
    """Rule ids switched off for this post (``check: {ignore: [...]}``)."""
    files: tuple[str, ...] = ()
    """Data files the post's code reads (part of the run cache key)."""
    env: tuple[str, ...] = ()
    """Environment variable names the post's code may see."""
    freeze: bool = False
    """Keep the passed results of ``byline run`` in ``frozen/<slug>.json``."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Fields byline does not know, kept as they are."""
    lines: dict[str, int] = field(default_factory=dict)
    """1-based file line of each top-level field."""


_STRING_FIELDS = ("title", "description", "keyword", "thesis", "finding")
_OPTIONAL_STRING_FIELDS = ("slug", "series", "canonical_url", "image")
_LIST_FIELDS = ("keywords", "tags", "sources", "files", "env")
_DATE_FIELDS = ("date", "updated")
_BOOLEAN_FIELDS = ("freeze",)
_CHOICE_FIELDS: dict[str, tuple[str, ...]] = {
    "status": STATUSES,
    "type": POST_TYPES,
    "audience": AUDIENCES,
}
_KNOWN = {*_STRING_FIELDS, *_OPTIONAL_STRING_FIELDS, *_LIST_FIELDS, *_DATE_FIELDS}
_KNOWN |= {*_CHOICE_FIELDS, *_BOOLEAN_FIELDS, "check", "deps"}


def _no_field_twice(node: yaml.Node | None, path: Path | str) -> None:
    """YAML keeps the last of two equal keys: the first would be dropped without a word."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return
    seen: dict[str, int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        line = key.start_mark.line + 2
        if key.value in seen:
            raise InputError(
                f"'{key.value}' is given twice (first on line {seen[key.value]}); byline "
                "would keep only this one. Merge them into one line.",
                path=path,
                line=line,
            )
        seen[key.value] = line


def _field_lines(node: yaml.Node | None, first_line: int) -> dict[str, int]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    return {
        str(key.value): key.start_mark.line + first_line
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }


# PyYAML notices an unclosed quote or bracket only where the text ends; its "context"
# says what was left open, and where.
_UNCLOSED = {
    "while scanning a quoted scalar": (
        "a quoted value starts on this line and is never closed",
        "Close the quote, or remove it.",
    ),
    "while parsing a flow sequence": (
        "a '[' list starts on this line and is never closed",
        "Close it with ']'.",
    ),
    "while parsing a flow mapping": (
        "a '{' mapping starts on this line and is never closed",
        "Close it with '}'.",
    ),
}


def _unclosed(exc: yaml.YAMLError) -> bool:
    """True when the error is a quote or bracket left open (not a bad value inside one)."""
    start, end = getattr(exc, "context_mark", None), getattr(exc, "problem_mark", None)
    context = str(getattr(exc, "context", ""))
    if context not in _UNCLOSED or start is None or end is None:
        return False
    return end.line > start.line and (
        "quoted" not in context or "end of stream" in str(getattr(exc, "problem", ""))
    )


def _yaml_error(exc: yaml.YAMLError, path: Path | str) -> InputError:
    context_mark = getattr(exc, "context_mark", None)
    if _unclosed(exc) and context_mark is not None:
        problem, advice = _UNCLOSED[str(getattr(exc, "context", ""))]
        return InputError(
            f"front matter is not valid YAML ({problem}). {advice}",
            path=path,
            line=context_mark.line + 2,
        )
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 2 if mark is not None else 1
    problem = getattr(exc, "problem", None) or str(exc)
    return InputError(
        f"front matter is not valid YAML ({problem}). "
        "Check the quoting and indentation on this line; quote values that contain ': '.",
        path=path,
        line=line,
    )


def parse_front_matter(block: FrontMatterBlock, path: Path | str) -> FrontMatter:
    """Parse and validate the YAML of a front matter block."""
    # One pass: the node tree gives each field's line, and the data is built from it.
    import yaml

    loader = _loader_class()(block.yaml_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path) from None
    except _UnreadableValue as exc:
        raise _unreadable_value(exc, block.yaml_text, path) from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(
            "front matter must be a mapping of 'field: value' lines. "
            "Write one field per line, such as 'title: My post'.",
            path=path,
            line=2,
        )
    _no_field_twice(node, path)
    lines = _field_lines(node, 2)
    return _validate(cast(dict[str, Any], data), lines, path)


def _validate(data: dict[str, Any], lines: dict[str, int], path: Path | str) -> FrontMatter:
    values: dict[str, Any] = {"lines": lines, "extra": {}}

    def fail(key: str, message: str) -> InputError:
        return InputError(message, path=path, line=lines.get(key, 1))

    problems: list[InputError] = []
    for raw_key, raw_value in data.items():
        try:
            _field(str(raw_key), raw_value, values, fail)
        except InputError as exc:
            problems.append(exc)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        problems.sort(key=lambda e: e.line or 0)
        first = problems[0]
        raise InputError(first.message, path=path, line=first.line, causes=problems)
    return FrontMatter(**values)


def _field(key: str, value: Any, values: dict[str, Any], fail: Any) -> None:
    """Validate one field into ``values`` (``fail(key, message)`` makes its error)."""
    if key in _STRING_FIELDS or key in _OPTIONAL_STRING_FIELDS:
        if value is None:
            value = "" if key in _STRING_FIELDS else None
        elif not isinstance(value, str | int | float):
            raise fail(key, f"'{key}' must be text, not a {_kind(value)}. Write it on one line.")
        values[key] = None if value is None else _one_line(key, str(value).strip(), fail)
        if values[key] and key in _URL_FIELDS:
            _URL_FIELDS[key](values[key], fail)
    elif key in _LIST_FIELDS:
        values[key] = _string_list(key, value, fail)
    elif key in _DATE_FIELDS:
        values[key] = _date(key, value, fail)
    elif key in _BOOLEAN_FIELDS:
        values[key] = _boolean(key, value, fail)
    elif key in _CHOICE_FIELDS:
        values[key] = _choice(key, value, _CHOICE_FIELDS[key], fail)
    elif key == "check":
        values["check_ignore"] = _check_ignore(value, fail)
    elif key == "deps":
        values["files"] = (*values.get("files", ()), *_string_list(key, value, fail))
    else:
        values["extra"][key] = value


def _one_line(key: str, text: str, fail: Any) -> str:
    # A title, description or slug lands in <title>, <meta>, feeds and one-line reports;
    # a line break there ('title: |') would split them.
    if len(lines := text.splitlines()) > 1:
        raise fail(
            key,
            f"'{key}' must be one line, not {len(lines)}. Write it on one line, or use a "
            f"folded block ('{key}: >-'), which joins its lines with spaces.",
        )
    return text


def _canonical_url(value: str, fail: Any) -> None:
    # The page links to it ("First published at") and names it canonical.
    if not is_http_url(value):
        raise fail(
            "canonical_url",
            f"'canonical_url' must be an http(s) URL such as 'https://dev.to/jane/my-post', "
            f"not {value!r}.",
        )


def _image(value: str, fail: Any) -> None:
    # A site path or a web address; another scheme (javascript:, C:) is no card image.
    if url_scheme(value) not in (None, "http", "https"):
        raise fail(
            "image",
            f"'image' must be a path such as '/images/card.png' or an http(s) URL, not {value!r}.",
        )


_URL_FIELDS = {"canonical_url": _canonical_url, "image": _image}


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "mapping"
    return "list" if isinstance(value, list) else type(value).__name__


def _string_list(key: str, value: object, fail: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return tuple(str(v).strip() for v in value)
    raise fail(key, f"'{key}' must be a list of words, such as [{key}-one, {key}-two].")


def _date(key: str, value: object, fail: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return _yaml_timestamp(text)
    except ValueError:
        raise fail(
            key,
            f"'{key}' is not a valid date: {value!r}. Use YYYY-MM-DD, or a date and time "
            "such as 2026-01-01 09:30 or 2026-01-01T09:30:00Z.",
        ) from None


def _yaml_timestamp(text: str) -> dt.date:
    """The date of a YAML timestamp (``2026-1-1``, ``2026-01-01 9:30:00 Z``), which the
    loader leaves as text; ValueError when ``text`` is none or names no real moment."""
    from yaml.constructor import SafeConstructor
    from yaml.nodes import ScalarNode

    if not SafeConstructor.timestamp_regexp.fullmatch(text):
        raise ValueError(text)
    node = ScalarNode("tag:yaml.org,2002:timestamp", text)
    moment: dt.date = SafeConstructor().construct_yaml_timestamp(node)
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _boolean(key: str, value: object, fail: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, list | dict):
        raise fail(key, f"'{key}' must be true or false, not a {_kind(value)}.")
    quoted = isinstance(value, str) and value.strip().lower() in ("true", "false")
    shown = repr(value) if isinstance(value, str) else str(value)
    raise fail(
        key,
        f"'{key}' must be true or false, not {shown}." + (" Remove the quotes." if quoted else ""),
    )


def _choice(key: str, value: object, choices: tuple[str, ...], fail: Any) -> str | None:
    if value is None or value == "":
        if key == "status":
            return "draft"
        return None
    text = str(value).strip()
    if text in choices:
        return text
    hint = nearest(text, choices)
    did_you_mean = f"Did you mean '{hint}'? " if hint else ""
    raise fail(
        key,
        f"unknown {key} '{text}'. {did_you_mean}Use one of: {', '.join(choices)}.",
    )


def _check_ignore(value: object, fail: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise fail("check", "'check' must be a mapping like {ignore: [prose.passive-voice]}.")
    for key in value:
        if key != "ignore":
            raise fail(
                "check",
                f"unknown key '{key}' in 'check'. It takes one key, 'ignore', "
                "such as check: {ignore: [prose.passive-voice]}.",
            )
    return _string_list("check", value.get("ignore"), fail)


def verify_front_matter_edit(
    before: str, after: str, path: Path | str, wanted: dict[str, Any], *, line: int = 1
) -> None:
    """Raise ``InputError`` unless ``after``'s front matter reads as ``before``'s with
    ``wanted`` fields set: byline edits front matter lines as text, and a layout it did not
    expect (a flow mapping ``{...}``, a value on the next line) must stop the edit, not
    corrupt the post or report a change it did not make."""
    old_block, new_block = split_front_matter(before, path), split_front_matter(after, path)
    old = parse_front_matter(old_block, path) if old_block else FrontMatter()
    try:
        new = parse_front_matter(new_block, path) if new_block else FrontMatter()
    except InputError:
        new = None
    kept = all(
        new is not None and getattr(new, name) == getattr(old, name)
        for name in old.lines
        if name not in wanted and name in FrontMatter.__dataclass_fields__
    )
    if new is None or not kept or any(getattr(new, k) != v for k, v in wanted.items()):
        fields = ", ".join(f"'{k}: {getattr(old, k)}'" for k in wanted)
        raise InputError(
            f"byline could not change {', '.join(wanted)} here without touching other "
            f"lines of the front matter. Write the front matter one field per line, "
            f"and write {fields} on a line of its own; then run this again.",
            path=path,
            line=line,
        )
