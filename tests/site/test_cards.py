"""Social cards: what is drawn, pixel for pixel, however the card is composed and encoded."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from byline.site import cards
from byline.site.cards import CARD_SIZE, make_card

TITLES = [
    "Short",
    "Fine-tune Llama 3 on one GPU with LoRA: a practical guide",
    "A practical guide to approximate nearest neighbour search with Optuna and FAISS, "
    "measured on three data sets and two machines, with every number explained twice over",
    "Große Übersicht: naïve café résumé — 日本語 ✓",
    "x" * 120,
    "Ǻ̈ gjpqy ÅÉÎ Ṩ̃ — stacked marks above, descenders below",
    "",
]


def _reference(title: str, author: str, site: str) -> Image.Image:
    """The card drawn the plain way: bar, title, author, site on one fresh image."""
    width, height = CARD_SIZE
    image = Image.new("L", CARD_SIZE, 0)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, height), fill=1)
    size = 68 if len(title) < 60 else 56
    font = cards._font(size, True)
    y = 120
    for line in cards._wrap(title, font, width - 160, 4):
        draw.text((88, y), line, font=font, fill=255)
        y += int(size * 1.25)
    draw.text((88, height - 130), author, font=cards._font(40, False), fill=215)
    draw.text((88, height - 80), site, font=cards._font(32, False), fill=165)
    image.putpalette(cards._PALETTE)
    return image


@pytest.mark.parametrize("title", TITLES)
def test_card_pixels_are_the_plain_drawing(title: str, tmp_path: Path) -> None:
    path = make_card(title, "Ada Lovelace", "Ada's notes", tmp_path)
    with Image.open(path) as card:
        card.load()
        assert card.format == "PNG"
        assert card.size == CARD_SIZE
        assert card.mode == "P"
        expected = _reference(title, "Ada Lovelace", "Ada's notes")
        assert card.getpalette() == expected.getpalette()
        assert card.tobytes() == expected.tobytes()


def test_cards_with_other_authors_and_sites_are_drawn_with_them(tmp_path: Path) -> None:
    for author, site in [("A", "B"), ("Grace Hopper", "COBOL daily"), ("A", "B")]:
        path = make_card("Same title", author, site, tmp_path / author)
        with Image.open(path) as card:
            card.load()
            assert card.tobytes() == _reference("Same title", author, site).tobytes()


def test_a_cached_card_is_reused(tmp_path: Path) -> None:
    first = make_card("Cached", "A", "B", tmp_path)
    stamp = first.stat().st_mtime_ns
    assert make_card("Cached", "A", "B", tmp_path) == first
    assert first.stat().st_mtime_ns == stamp


def test_a_card_written_to_the_site_is_also_cached(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "_site" / "cards"
    target = cards.write_card("Title", "A", "B", cache=cache, target=out / "post.png")
    assert target.read_bytes() == make_card("Title", "A", "B", cache).read_bytes()
    assert len(list(cache.iterdir())) == 1
    # From the cache the second time (a new output folder, as after a clean).
    again = cards.write_card("Title", "A", "B", cache=cache, target=tmp_path / "new" / "p.png")
    assert again.read_bytes() == target.read_bytes()
    with Image.open(again) as card:
        card.load()
        assert card.tobytes() == _reference("Title", "A", "B").tobytes()


def test_writing_a_card_replaces_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "cards" / "post.png"
    cards.write_card("Old title", "A", "B", cache=tmp_path / "cache", target=target)
    cards.write_card("New title", "A", "B", cache=tmp_path / "cache", target=target)
    with Image.open(target) as card:
        card.load()
        assert card.tobytes() == _reference("New title", "A", "B").tobytes()
    old = make_card("Old title", "A", "B", tmp_path / "cache")
    with Image.open(old) as card:  # the cached old card is untouched
        card.load()
        assert card.tobytes() == _reference("Old title", "A", "B").tobytes()


@pytest.mark.parametrize("title", TITLES[:3])
def test_card_png_is_well_formed(title: str, tmp_path: Path) -> None:
    # Chunk CRCs and the zlib stream's Adler-32 checked byte by byte (decoders differ in
    # how much of that they check).
    import struct
    import zlib

    data = make_card(title, "Ada", "Notes", tmp_path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, kinds, idat = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body)
        kinds.append(kind)
        idat += body if kind == b"IDAT" else b""
        pos += 12 + length
    assert kinds == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    raw = zlib.decompress(idat)  # raises on a bad stream or checksum
    width, height = CARD_SIZE
    assert len(raw) == (width + 1) * height


def test_a_cached_card_is_placed_after_the_site_folder_was_removed(tmp_path: Path) -> None:
    """``byline serve`` keeps one process: the site may be deleted between two builds."""
    import shutil

    cache, site = tmp_path / "cache", tmp_path / "_site"
    cards.write_card("Title", "Ada", "Blog", cache=cache, target=site / "cards" / "t.png")
    shutil.rmtree(site)
    out = cards.write_card("Title", "Ada", "Blog", cache=cache, target=site / "cards" / "t.png")
    assert out.read_bytes() == next(cache.glob("*.png")).read_bytes()
