"""Aligned text columns that fit the terminal width."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .text import cell_width, fit, pad

GAP = "  "


@dataclass(frozen=True)
class Column:
    header: str
    align: str = "<"
    # A flexible column shrinks (down to min_width, cutting with …) so the row fits.
    flexible: bool = False
    min_width: int = 8
    max_width: int = 0  # 0: as wide as its content
    # Columns are dropped in increasing `drop` order while even the minimum does not fit; 0 = kept.
    drop: int = 0


def table(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int | None) -> str:
    """Rows of single-line, already cleaned cells laid out under a header row, fitting `width`
    columns; with no width (output to a file or a pipe) every value is kept whole."""

    def natural_width(i: int, column: Column) -> int:
        size = max([cell_width(column.header), *(cell_width(row[i]) for row in rows)])
        return min(size, column.max_width) if column.max_width and width else size

    if width is None:
        width = sum(natural_width(i, column) for i, column in enumerate(columns))
        width += len(GAP) * (len(columns) - 1)

    natural = [natural_width(i, column) for i, column in enumerate(columns)]
    shown = list(range(len(columns)))

    def minimum(i: int) -> int:
        return min(columns[i].min_width, natural[i]) if columns[i].flexible else natural[i]

    while sum(map(minimum, shown)) + len(GAP) * (len(shown) - 1) > width:
        droppable = [i for i in shown if columns[i].drop]
        if not droppable:
            break
        shown.remove(min(droppable, key=lambda i: columns[i].drop))

    widths = {i: minimum(i) for i in shown}
    spare = width - sum(widths.values()) - len(GAP) * (len(shown) - 1)
    for i in shown:
        if columns[i].flexible and spare > 0:
            grow = min(spare, natural[i] - widths[i])
            widths[i] += grow
            spare -= grow

    def line(cells: Sequence[str]) -> str:
        parts = [pad(fit(cells[i], widths[i]), widths[i], columns[i].align) for i in shown]
        return GAP.join(parts).rstrip()

    return "\n".join([line([c.header for c in columns]), *(line(row) for row in rows)])
