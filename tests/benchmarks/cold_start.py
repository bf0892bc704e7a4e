"""#2 Cold start to the first painted inbox, with a warm local cache (10,000 conversations and
50,000 messages), vs a minimal Textual app that paints one label; same method, same run.

Each start is a new process (`probes first-paint`), headless, timed from just before it is
spawned to the line it prints after the first refresh that shows its content: for crisp-tui,
the inbox list with rows. The API is the emulator in its own process (50 ms latency), so the
rows painted first come from the cache.

Both import from bytecode, as after `pip install` (which compiles what it installs): a checkout
run under PYTHONDONTWRITEBYTECODE would otherwise compile every module of ours on every start.
"""

from __future__ import annotations

import compileall
import subprocess
import tempfile
import time
from pathlib import Path

from .data import REPO, emulator_process, probe, probe_env, warm_cache
from .harness import Result, compared, main, side_by_side


def _start(command: list[str], env: dict[str, str]) -> float:
    """Milliseconds from spawning `command` to its "painted" line."""
    start = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=REPO, env=env) as child:
        assert child.stdout is not None
        line = child.stdout.readline()
        elapsed = (time.perf_counter() - start) * 1000
    if line.strip() != "painted":
        raise RuntimeError(f"{command[-1]}: no first paint")
    return elapsed


def run(quick: bool) -> list[Result]:
    for package in ("crisp_tui", "tests/benchmarks"):
        compileall.compile_dir(REPO / package, quiet=1)
    with tempfile.TemporaryDirectory() as name, emulator_process(latency_ms=50) as url:
        folder = Path(name)
        store = folder / "store.sqlite3"
        warm_cache(store)
        env = probe_env(folder)
        samples = side_by_side(
            lambda: _start(probe("first-paint", "crisp", str(store), url), env),
            lambda: _start(probe("first-paint", "minimal"), env),
            runs=2 if quick else 9,
        )
    return [
        compared(
            "2 cold start to first painted inbox (10,000 cached conversations)",
            "ms",
            samples,
            peer_label="minimal Textual app",
            max_ratio=1.5,
            goal="≤ 1.5x the minimal app",
        )
    ]


if __name__ == "__main__":
    main(run)
