"""Child processes of the cold-start and memory benchmarks (a fresh interpreter for each figure).

    python -m tests.benchmarks.probes first-paint minimal
    python -m tests.benchmarks.probes first-paint crisp STORE API_URL
    python -m tests.benchmarks.probes rss STORE API_URL SESSION_ID

`first-paint` prints "painted" once the screen has been refreshed with its content (the inbox list
with rows; the minimal app's one label), then exits at once. `rss` prints a JSON object of
resident set sizes in MB. Crisp modules are imported only where needed, so the minimal app pays
for Textual alone.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Label

from .headless import SIZE, painted, press, settle, until


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("crisp-tui")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


async def first_paint(kind: str, store: str, api_url: str) -> None:
    if kind == "minimal":
        app: App[object] = MinimalApp()
    else:
        # As a user starts it: settings (credentials included) from the environment.
        from crisp_tui.config import load_settings
        from crisp_tui.tui.app import create_app

        settings = load_settings({"api_url": api_url, "theme": "textual-dark"})
        crisp = create_app(settings, store_path=Path(store))
        app = crisp
    async with app.run_test(size=SIZE):
        if kind != "minimal":
            await until(lambda: crisp.main.inbox_list.option_count > 0)
        await painted(app)
        print("painted", flush=True)
        os._exit(0)  # the parent times start-up only


async def rss(store: str, api_url: str, session_id: str) -> None:
    from crisp_tui.tui.app import create_app

    from .data import app_settings
    from .tui import show_rows

    imported = rss_mb()
    app = create_app(app_settings(api_url), store_path=Path(store), poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await show_rows(pilot, app.inbox.store.conversations(limit=1_000_000))
        app.main.inbox_list.select_id(session_id)
        press(app, "enter")
        await until(lambda: bool(app.main.pane.message_log.messages))
        await settle(pilot)
        figures = {
            "imported": imported,
            "app": rss_mb(),
            "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "rows": app.main.inbox_list.option_count,
            "open_messages": len(app.main.pane.message_log.messages),
        }
    print(json.dumps(figures), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("probe", choices=("first-paint", "rss"))
    parser.add_argument("args", nargs="*")
    options = parser.parse_args()
    if options.probe == "first-paint":
        kind, *rest = options.args
        asyncio.run(first_paint(kind, *(rest or ["", ""])))
    else:
        asyncio.run(rss(*options.args))
    sys.exit(0)


if __name__ == "__main__":
    main()
