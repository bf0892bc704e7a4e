"""#7 Memory: resident set size of the app with a warm cache of 10,000 conversations and 50,000
messages, all 10,000 conversations in the inbox list and the longest cached history open.

Measured in a fresh process (`probes rss`), headless, the API being the emulator in its own
process; also the RSS right after the imports, and the peak.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from .data import REPO, emulator_process, probe, probe_env, warm_cache
from .harness import Result, main, median

LIMIT_MB = 250


def run(quick: bool) -> list[Result]:
    with tempfile.TemporaryDirectory() as name, emulator_process() as url:
        folder = Path(name)
        store = folder / "store.sqlite3"
        session_id = warm_cache(store)
        command = probe("rss", str(store), url, session_id)
        figures = [
            json.loads(
                subprocess.run(
                    command, cwd=REPO, env=probe_env(folder), capture_output=True, text=True,
                    check=True,
                ).stdout
            )
            for _ in range(2 if quick else 3)
        ]  # fmt: skip
    app, peak = median([f["app"] for f in figures]), median([f["peak"] for f in figures])
    last = figures[-1]
    return [
        Result(
            f"7 memory (RSS), {last['rows']:,} rows listed, {last['open_messages']:,}-message "
            "conversation open",
            app,
            "MB",
            f"< {LIMIT_MB} MB",
            met=app < LIMIT_MB and peak < LIMIT_MB,
            runs=len(figures),
            peer=median([f["imported"] for f in figures]),
            peer_label="after imports",
            note=f"peak RSS {peak:.0f} MB",
        )
    ]


if __name__ == "__main__":
    main(run)
