"""Plain-text helpers for terminal output: display widths and fitting."""

from __future__ import annotations

import unicodedata

ELLIPSIS = "…"


def char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Columns `text` takes in a terminal (wide CJK characters count two, marks zero)."""
    return sum(map(char_width, text))


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` columns, ending with … when cut."""
    if cell_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        used += char_width(char)
        if used > width - 1:
            break
        kept.append(char)
    return "".join(kept) + ELLIPSIS if width > 0 else ""


def pad(text: str, width: int, align: str = "<") -> str:
    gap = " " * max(0, width - cell_width(text))
    return gap + text if align == ">" else text + gap
