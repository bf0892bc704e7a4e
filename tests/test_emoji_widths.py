"""Emoji sequences in what visitors write (issue #13 item 20): after cleaning, a terminal that
measures each character on its own and Textual, which measures grapheme clusters, agree on every
width, so rows, borders and panes stay aligned whatever a visitor calls themselves."""

from __future__ import annotations

import unicodedata

import pytest
from rich.cells import cell_len

from crisp_tui.untrusted import clean

NAMES = {
    "heart with VS16": "Ana ❤️ Silva",
    "keycap": "1️⃣ Bob",
    "ZWJ family": "👨‍👩‍👧 The Smiths",
    "rainbow flag": "🏳️‍🌈 Sam",
    "skin tone": "👍🏽 Lee",
    "country flag": "🇫🇷 Jean",
    "text presentation": "☎︎ Call me",
}


def per_character_width(text: str) -> int:
    """How a terminal without grapheme clustering (tmux, many others) lays `text` out."""
    width = 0
    for character in text:
        if unicodedata.combining(character) or unicodedata.category(character) in (
            "Mn",
            "Me",
            "Cf",
        ):
            continue
        width += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return width


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_every_terminal_and_textual_measure_a_cleaned_name_alike(name: str) -> None:
    cleaned = clean(name, single_line=True)
    assert cell_len(cleaned) == per_character_width(cleaned)


def test_cleaning_keeps_the_characters_and_their_meaning() -> None:
    cleaned = {key: clean(name, single_line=True) for key, name in NAMES.items()}
    assert cleaned["heart with VS16"] == "Ana ❤ Silva"
    assert cleaned["keycap"] == "1 Bob"
    assert cleaned["ZWJ family"] == "👨👩👧 The Smiths"
    assert cleaned["country flag"] == "FR Jean"
    assert clean("क्‍ष") == "क्‍ष"  # a joiner between letters (not emoji) stays
