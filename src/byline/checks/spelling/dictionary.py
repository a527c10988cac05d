"""The English word list behind ``spelling.typo``, and edit-distance neighbours.

Words and their frequencies come from pyspellchecker's English list (MIT): 160,000
words. Decoding that list (gzip + JSON) costs about a quarter of a second, more than
checking a whole blog, so the first run turns it into a ``WordIndex`` stored with
``marshal`` in byline's user cache folder (``$BYLINE_CACHE_DIR``, else
``$XDG_CACHE_HOME/byline``, else ``~/.cache/byline``), like Python's own ``.pyc``
files: keyed by the list file and byline's index format, rebuilt when damaged, and
kept in memory only when the folder cannot be written. The index holds words as
newline-delimited strings in buckets by their first letters, so loading it hashes a
few thousand bucket names instead of 160,000 words, and a lookup is one substring
search in a small bucket.

hunspell's suggestion engine costs 50-90 ms per unknown word; one edit of an unknown
word is generated in-process instead.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import marshal
import os
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from byline.checks.wordlists import wordlist

__all__ = [
    "COMMON",
    "WordIndex",
    "cache_root",
    "is_common",
    "is_word",
    "load_index",
    "misspellings",
    "neighbours",
    "vocabulary",
    "word_list_stamp",
]

COMMON = 500
"""Frequency above which a dictionary word counts as common (the list's floor is 50)."""

INDEX_FORMAT = 1
"""Bumped whenever ``WordIndex``'s stored layout changes."""

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_PREFIX = 3


def _buckets(words: list[str]) -> dict[str, str]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for word in words:
        grouped[word[:_PREFIX]].append(word)
    return {key: "\n" + "\n".join(group) + "\n" for key, group in grouped.items()}


@dataclass(frozen=True, slots=True)
class WordIndex:
    """Which words the list knows, which are common, and how common."""

    every: dict[str, str]
    """First letters -> ``"\\nword\\nword\\n"`` for every word of the list."""
    frequent: dict[str, str]
    """The same for the words seen at least ``COMMON`` times."""
    ranked: str
    """The common words, most frequent first, newline-delimited (for ordering)."""

    @classmethod
    def build(cls, frequencies: dict[str, int]) -> WordIndex:
        """The index of a word -> frequency mapping."""
        ranked = sorted(
            (w for w, n in frequencies.items() if n >= COMMON), key=lambda w: (-frequencies[w], w)
        )
        return cls(_buckets(list(frequencies)), _buckets(ranked), "\n" + "\n".join(ranked) + "\n")

    def known(self, word: str) -> bool:
        """True when ``word`` (lower case) is in the list."""
        bucket = self.every.get(word[:_PREFIX])
        return bucket is not None and f"\n{word}\n" in bucket

    def common(self, word: str) -> bool:
        """True when ``word`` is in the list at least ``COMMON`` times."""
        bucket = self.frequent.get(word[:_PREFIX])
        return bucket is not None and f"\n{word}\n" in bucket

    def rank(self, word: str) -> int:
        """A sort key: lower for more frequent common words; uncommon words sort last."""
        found = self.ranked.find(f"\n{word}\n") if word else -1
        return found if found >= 0 else len(self.ranked)

    def dump(self) -> bytes:
        return marshal.dumps((INDEX_FORMAT, self.every, self.frequent, self.ranked))

    @classmethod
    def load(cls, data: bytes) -> WordIndex:
        """The index stored by ``dump``; ``ValueError`` when the data is not one."""
        try:
            fmt, every, frequent, ranked = marshal.loads(data)  # noqa: S302 - our own file
        except (EOFError, TypeError, ValueError) as exc:
            raise ValueError("not a word index") from exc
        if fmt != INDEX_FORMAT or not isinstance(every, dict) or not isinstance(ranked, str):
            raise ValueError("not a word index")
        return cls(every, frequent, ranked)


def cache_root() -> Path:
    """byline's per-user cache folder (not the blog's ``.byline/``)."""
    if explicit := os.environ.get("BYLINE_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "byline"


def _source() -> Path:
    """pyspellchecker's English list, found without importing the package (a quarter of a
    second): a check answered from the cache never needs it."""
    spec = importlib.util.find_spec("spellchecker")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("pyspellchecker is not installed", name="spellchecker")
    return Path(spec.origin).parent / "resources" / "en.json.gz"


@cache
def word_list_stamp() -> str:
    """The English list's place, size and time: part of the keys of the word index and of
    cached check results, so that an upgraded pyspellchecker is never answered from them."""
    source = _source()
    stat = source.stat()
    return f"{source}|{stat.st_size}|{stat.st_mtime_ns}"


def load_index(*, use_memory: bool = True) -> WordIndex:
    """The word index: from memory, the user cache, or built from the list (and stored)."""
    if use_memory:
        return _memory()
    source = _source()
    key = hashlib.sha256(
        f"{INDEX_FORMAT}|{marshal.version}|{word_list_stamp()}".encode()
    ).hexdigest()[:20]
    path = cache_root() / f"spelling-{key}.marshal"
    try:
        return WordIndex.load(path.read_bytes())
    except (OSError, ValueError):
        pass
    words: dict[str, int] = json.loads(gzip.decompress(source.read_bytes()))
    index = WordIndex.build(words)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(index.dump())
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: the index lives in memory for this run
    return index


@cache
def _memory() -> WordIndex:
    return load_index(use_memory=False)


@cache
def vocabulary() -> frozenset[str]:
    """The shipped ML/dev vocabulary, lower case."""
    return frozenset(w.lower() for w in wordlist("vocabulary"))


@cache
def misspellings() -> dict[str, str]:
    """Known misspellings to their correction."""
    out = {}
    for entry in wordlist("misspellings"):
        typo, _, fix = entry.partition("->")
        out[typo.strip().lower()] = fix.strip()
    return out


def is_common(word: str) -> bool:
    """True when ``word`` (lower case) is a common English word."""
    return load_index().common(word)


@lru_cache(maxsize=65536)
def is_word(word: str, extra: frozenset[str] = frozenset()) -> bool:
    """True when ``word`` (lower case) or a simple inflection of it is known (remembered:
    a blog repeats its words, and an editor re-checks the same post on every keystroke)."""
    index = load_index()
    known = vocabulary()
    if word in known or word in extra or index.known(word):
        return True
    for suffix, repl in (
        ("s", ""),
        ("es", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("ly", ""),
        ("er", ""),
        ("ers", ""),
        ("ation", "e"),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: len(word) - len(suffix)] + repl
            if stem in known or stem in extra or index.known(stem):
                return True
    return False


def _edits(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    return deletes | transposes | replaces | inserts


def neighbours(word: str, extra: frozenset[str] = frozenset()) -> list[str]:
    """Common words one edit (Damerau) away from ``word``, most frequent first.

    Words of the vocabulary come before dictionary words."""
    if len(word) > max(_longest_known(), max(map(len, extra), default=0)) + 1:
        return []  # no edit of it is short enough to be a word (and _edits is quadratic)
    index = load_index()
    edits = _edits(word)
    edits.discard(word)
    mine = (edits & vocabulary()) | (edits & extra)
    found = mine | (edits & _common_words())
    return sorted(found, key=lambda w: (w not in mine, index.rank(w), w))


@cache
def _longest_known() -> int:
    """Letters in the longest common or vocabulary word."""
    return max(map(len, _common_words() | vocabulary()), default=0)


@cache
def _common_words() -> frozenset[str]:
    """The common words as a set: built once (a few ms) when a suspect word needs them."""
    return frozenset(load_index().ranked.split("\n")) - {""}
