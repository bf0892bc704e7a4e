"""#9 Bulk triage: resolving 50 conversations with one bulk action (`Inbox.bulk.set_state`,
Crisp's `PATCH /website/{w}/batch/resolve`) against 50 single resolves (`Inbox.set_state`, one
`PATCH …/state` each, as 50 presses of `e` would send), side by side.

The emulator runs on loopback with 50 ms injected latency on every answer; before each sample the
50 conversations are made unresolved again in the emulator. Measured: wall time of the whole
action and the requests it cost (the inbox's own request counter, what the daily quota sees).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from crisp_tui.crisp.models import Conversation
from crisp_tui.emulator import EmulatorServer
from crisp_tui.inbox.inbox import Inbox, build_inbox

from .data import app_settings, emulator_settings
from .harness import Result, compared, main, median

LATENCY_MS = 50
COUNT = 50

Action = Callable[[Inbox, list[str]], Awaitable[None]]


async def _bulk(inbox: Inbox, ids: list[str]) -> None:
    result = await inbox.bulk.set_state(ids, "resolved")
    assert len(result.done) == len(ids), result.failed


async def _singles(inbox: Inbox, ids: list[str]) -> None:
    for session_id in ids:
        assert await inbox.set_state(session_id, "resolved")


async def _samples(server: EmulatorServer, store: Path, runs: int) -> dict[str, list[float]]:
    inbox, _ = build_inbox(app_settings(server.base_url), store_path=store)
    world = server.emulator.world
    with world.lock:
        ids = list(world.conversations)[:COUNT]
        inbox.apply_conversations([Conversation.parse(world.conversations[s]) for s in ids])
    samples: dict[str, list[float]] = {"bulk": [], "single": [], "bulk_n": [], "single_n": []}

    async def sample(name: str, action: Action) -> None:
        with world.lock:
            for session_id in ids:
                world.set_state(session_id, "unresolved", server.emulator.clock.now_ms())
        before = inbox.client.usage.count
        start = time.perf_counter()
        await action(inbox, ids)
        samples[name].append((time.perf_counter() - start) * 1000)
        samples[f"{name}_n"].append(inbox.client.usage.count - before)

    for index in range(runs):  # ABBA…, so drift hits both alike
        order = [("bulk", _bulk), ("single", _singles)]
        for name, action in order if index % 2 == 0 else order[::-1]:
            await sample(name, action)
    await inbox.stop()
    return samples


def run(quick: bool) -> list[Result]:
    settings = emulator_settings(latency_ms=LATENCY_MS)
    with EmulatorServer(settings) as server, tempfile.TemporaryDirectory() as folder:
        samples = asyncio.run(_samples(server, Path(folder) / "bulk.sqlite3", 2 if quick else 7))
    requests = median(samples["bulk_n"])
    return [
        compared(
            f"9 bulk resolve of {COUNT} conversations ({LATENCY_MS} ms latency)",
            "ms",
            (samples["bulk"], samples["single"]),
            peer_label=f"{COUNT} single resolves",
            max_ratio=1 / 10,
            goal=f"≥ 10x faster than {COUNT} single resolves",
            note="Inbox-level, over loopback HTTP; the batch route takes 50 sessions a request",
        ),
        Result(
            f"9 bulk resolve of {COUNT} conversations: requests",
            requests,
            "requests",
            "1 request (quota) instead of one per conversation",
            met=requests == 1,
            runs=len(samples["bulk_n"]),
            peer=median(samples["single_n"]),
            peer_label=f"{COUNT} single resolves",
        ),
    ]


if __name__ == "__main__":
    main(run)
