"""The spelling word index: same answers as the word list it is built from, built once."""

from __future__ import annotations

import gzip
import json
from importlib import resources
from pathlib import Path

import pytest

from byline.checks.spelling import dictionary
from byline.checks.spelling.dictionary import COMMON, WordIndex


@pytest.fixture(scope="module")
def source() -> dict[str, int]:
    data = resources.files("spellchecker").joinpath("resources/en.json.gz").read_bytes()
    words: dict[str, int] = json.loads(gzip.decompress(data))
    return words


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BYLINE_CACHE_DIR", str(folder))
    return folder


def test_index_answers_like_the_word_list(source: dict[str, int]) -> None:
    index = WordIndex.build(source)
    sample = list(source)[::97]
    for word in sample:
        assert index.known(word), word
        assert index.common(word) == (source[word] >= COMMON), word
    for word in ("pipline", "zzzq", "recieve", "a" * 40, "", "x"):
        assert index.known(word) == (word in source), word
        assert index.common(word) == (source.get(word, 0) >= COMMON), word


def test_rank_orders_common_words_by_frequency(source: dict[str, int]) -> None:
    index = WordIndex.build(source)
    common = [w for w, n in source.items() if n >= COMMON][:300:7]
    expected = sorted(common, key=lambda w: (-source[w], w))
    assert sorted(common, key=index.rank) == expected
    assert index.rank("zzzq") > index.rank(expected[-1])


def test_index_is_written_once_and_reused(cache_dir: Path) -> None:
    first = dictionary.load_index(use_memory=False)
    files = list(cache_dir.glob("spelling-*.marshal"))
    assert len(files) == 1
    stamp = files[0].stat().st_mtime_ns
    again = dictionary.load_index(use_memory=False)
    assert files[0].stat().st_mtime_ns == stamp
    assert again.known("pipeline") and first.known("pipeline")
    assert not again.known("pipline")


def test_a_damaged_index_is_rebuilt(cache_dir: Path) -> None:
    dictionary.load_index(use_memory=False)
    (path,) = cache_dir.glob("spelling-*.marshal")
    path.write_bytes(b"\x00garbage")
    index = dictionary.load_index(use_memory=False)
    assert index.known("pipeline")
    assert path.stat().st_size > 1000


def test_an_unwritable_cache_folder_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache folder's path runs through a file: nothing can be written (even as root)."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BYLINE_CACHE_DIR", str(blocker / "byline"))
    assert dictionary.load_index(use_memory=False).known("pipeline")


def test_neighbours_and_is_word_use_the_index() -> None:
    assert dictionary.is_word("pipelines")
    assert not dictionary.is_word("pipline")
    assert dictionary.neighbours("pipline")[0] == "pipeline"
    assert dictionary.is_common("after")
    assert not dictionary.is_common("fsdp")


def test_a_word_longer_than_every_known_word_has_no_neighbours() -> None:
    # Pasted data (a hash, a run of letters) makes one "word" of 100,000 letters; its
    # one-edit variants alone would take gigabytes, and none can be a known word.
    assert dictionary.neighbours("q" * 100_000) == []
    assert dictionary.neighbours("q" * 100, frozenset({"q" * 99})) == ["q" * 99]
