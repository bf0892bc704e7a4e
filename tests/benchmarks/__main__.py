"""Run every benchmark, each in its own process, and print one markdown table.

python -m tests.benchmarks            # the full run (about 10 minutes on 2 cores)
python -m tests.benchmarks --quick    # a smoke run: few samples, shorter simulations
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from .data import REPO
from .harness import Result, from_json, machine, table

MODULES = (
    "sweep",
    "cold_start",
    "keypress",
    "composer_typing",
    "escape",
    "open_conversation",
    "idle",
    "latency",
    "memory",
    "team_day",
    "bulk",
)


def _run_module(name: str, quick: bool) -> list[Result]:
    command = [sys.executable, "-m", f"tests.benchmarks.{name}", "--json"]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, *(["--quick"] if quick else [])],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    print(f"{name}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    if done.returncode != 0:
        return [Result(f"{name} (failed, exit {done.returncode})", 0, "", "", met=False)]
    return from_json(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few runs: a smoke test")
    args = parser.parse_args()
    results = [result for name in MODULES for result in _run_module(name, args.quick)]
    print(f"Machine: {machine()}\n")
    print(table(results))


if __name__ == "__main__":
    main()
