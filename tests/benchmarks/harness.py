"""What every benchmark shares: the Result row, medians, side-by-side runs, the table, the CLI.

A benchmark module defines `run(quick: bool) -> list[Result]` and ends with
`if __name__ == "__main__": main(run)`, so it runs alone as `python -m tests.benchmarks.<name>`
(`--quick` for a smoke run, `--json` for the runner in `__main__`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

Sample = Callable[[], float]


@dataclass(frozen=True)
class Result:
    """One row of the table. `measured` and `peer` are medians in `unit`."""

    name: str
    measured: float
    unit: str
    goal: str
    met: bool | None  # None: informative, no goal of its own
    runs: int = 1
    peer: float | None = None
    peer_label: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.peer is None or self.peer == 0:
            return None
        return self.measured / self.peer


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def side_by_side(first: Sample, second: Sample, runs: int) -> tuple[list[float], list[float]]:
    """Run two measurements alternately (ABBA…, so drift hits both alike); all the samples."""
    a: list[float] = []
    b: list[float] = []
    for index in range(runs):
        pair = ((first, a), (second, b)) if index % 2 == 0 else ((second, b), (first, a))
        for sample, into in pair:
            into.append(sample())
    return a, b


def compared(
    name: str,
    unit: str,
    samples: tuple[list[float], list[float]],
    *,
    peer_label: str,
    max_ratio: float,
    goal: str,
    note: str = "",
) -> Result:
    """A row for measured-vs-peer, met when measured/peer <= max_ratio."""
    mine, theirs = samples
    measured, peer = median(mine), median(theirs)
    return Result(
        name,
        measured,
        unit,
        goal,
        met=peer > 0 and measured / peer <= max_ratio,
        runs=len(mine),
        peer=peer,
        peer_label=peer_label,
        note=note,
    )


# --- the table ------------------------------------------------------------------------------


def _number(value: float, unit: str) -> str:
    if unit == "ms" and value >= 1000:
        return f"{value / 1000:.2f} s"
    digits = 3 if abs(value) < 100 else 0
    text = f"{value:.{digits}g}" if digits else f"{value:,.0f}"
    return f"{text} {unit}".strip()


def _ratio(result: Result) -> str:
    ratio = result.ratio
    if ratio is None:
        return ""
    if ratio < 1:
        return f"{ratio:.2f}x ({1 / ratio:.1f}x faster)"
    return f"{ratio:.2f}x"


def table(results: Sequence[Result]) -> str:
    header = "| benchmark | measured | peer / baseline | ratio | goal | met? |"
    lines = [header, "|---|---|---|---|---|---|"]
    for r in results:
        runs = f" (median of {r.runs})" if r.runs > 1 else ""
        peer = f"{_number(r.peer, r.unit)} {r.peer_label}" if r.peer is not None else "—"
        met = {True: "yes", False: "**NO**", None: "—"}[r.met]
        lines.append(
            f"| {r.name} | {_number(r.measured, r.unit)}{runs} | {peer} | {_ratio(r)} "
            f"| {r.goal} | {met} |"
        )
    notes = [f"- {r.name}: {r.note}" for r in results if r.note]
    return "\n".join([*lines, "", *notes] if notes else lines)


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPUs · {cpu} · Python {platform.python_version()} · {sys.platform}"


def to_json(results: Sequence[Result]) -> str:
    return json.dumps([dataclasses.asdict(r) for r in results])


def from_json(text: str) -> list[Result]:
    return [Result(**item) for item in json.loads(text)]


def main(run: Callable[[bool], list[Result]]) -> None:
    parser = argparse.ArgumentParser(description=(sys.modules["__main__"].__doc__ or "").strip())
    parser.add_argument("--quick", action="store_true", help="few runs: a smoke test")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    results = run(args.quick)
    print(to_json(results) if args.json else table(results))
