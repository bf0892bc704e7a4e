"""Width-dependent geometry of the conversation view.

A message is laid out in two steps so a long conversation stays cheap: `body_rows()` wraps it
to the width (needed up front, to know its height); `header_row()` and `decorate()` finish one
row only when that row scrolls into view.
"""

from __future__ import annotations

from textual.content import Content

from . import styles
from .messages import Side

BAR = "▌ "
MAX_MARGIN = 8  # how far our replies are pushed right (and visitor messages stop short)

_BAR_STYLE = {"visitor": styles.VISITOR, "operator": styles.OPERATOR, "note": styles.WARNING}
_BLOCK_STYLE = {"operator": styles.OPERATOR_BLOCK, "note": styles.NOTE_BLOCK}


def margin_for(width: int) -> int:
    return min(MAX_MARGIN, width // 8)


def inner_width(width: int) -> int:
    """Columns left for the text of a message once margin and bar are taken."""
    return max(1, width - margin_for(width) - len(BAR))


def header_row(header: Content, width: int) -> Content:
    return header.truncate(inner_width(width), ellipsis=True)


def body_rows(side: Side, body: Content, width: int) -> list[Content]:
    """The body wrapped to fit beside the bar; system lines are centred instead."""
    if side == "system":
        return centered(body, width, style=styles.EVENT)
    return body.wrap(inner_width(width))


def decorate(side: Side, row: Content, width: int) -> Content:
    """Visitor messages hug the left edge; our replies and notes are indented and sit on a
    tinted background (notes on the warning colour)."""
    if side == "system":
        return row
    inner = inner_width(width)
    block = Content.assemble((BAR, _BAR_STYLE[side]), row.extend_right(inner - row.cell_length))
    if side in _BLOCK_STYLE:
        block = block.stylize_before(_BLOCK_STYLE[side])
    return block if side == "visitor" else block.pad_left(margin_for(width))


def centered(text: Content, width: int, *, style: str = "") -> list[Content]:
    """`text` wrapped and centred (left padding only: strips are extended to the width)."""
    styled = text.stylize_before(style) if style else text
    lines = [line.rstrip() for line in styled.wrap(max(1, width))]
    return [line.pad_left(max(0, (width - line.cell_length) // 2)) for line in lines]


def separator(label: str, width: int) -> Content:
    """`──────── Today ────────` across the width."""
    title = f" {label} "
    left = max(0, (width - len(title)) // 2)
    right = max(0, width - left - len(title))
    return Content.assemble(
        ("─" * left, styles.MUTED), (title, f"bold {styles.MUTED}"), ("─" * right, styles.MUTED)
    ).truncate(width)
