"""#1 Triage sweep: page 1 of the open inbox, then the newest messages of each of its conversations,
on the loopback emulator with 50 ms injected latency.

crisp-tui: one `CrispClient`, the message fetches concurrent (`asyncio.gather`, pooled
connections). Peer: the official `crisp-api` package (sync, `requests`), the same calls one after
another, as its API allows. Each sweep starts with a new client, so connection set-up counts.
"""

from __future__ import annotations

import asyncio
import time

from crisp_api import Crisp

from crisp_tui.config import Settings
from crisp_tui.crisp.client import ConversationQuery, CrispClient

from .data import app_settings, emulator_process
from .harness import Result, compared, main, side_by_side

LATENCY_MS = 50
PAGE = 20


def _crisp_tui(settings: Settings) -> float:
    async def sweep() -> float:
        # Made outside the timed part: the app builds its client once (see the report on its
        # SSL context), and the peer's constructor does no work either.
        client = CrispClient(settings.credentials(), api_url=settings.api_url)

        async def calls() -> int:
            page = await client.list_conversations(1, ConversationQuery(not_resolved=True))
            batches = await asyncio.gather(*(client.get_messages(c.session_id) for c in page))
            return len(batches)

        async with client:
            start = time.perf_counter()
            covered = await calls()
            return _checked(covered, start)

    return asyncio.run(sweep())


def _checked(covered: int, start: float) -> float:
    if covered != PAGE:
        raise RuntimeError(f"a sweep covered {covered} conversations, not {PAGE}")
    return (time.perf_counter() - start) * 1000


def _official(settings: Settings) -> float:
    client = Crisp()
    client.authenticate(settings.token_id, settings.token_key)
    client.set_tier(settings.tier)
    client.set_rest_host(settings.api_url.removesuffix("/v1"))
    client.set_rest_base_path("/v1")
    website = client.website
    start = time.perf_counter()
    page = website.search_conversations(
        settings.website_id, 1, filter_not_resolved="1", order_date_updated="1"
    )
    for conversation in page:
        website.get_messages_in_conversation(settings.website_id, conversation["session_id"], {})
    return _checked(len(page), start)


def run(quick: bool) -> list[Result]:
    with emulator_process(latency_ms=LATENCY_MS) as base_url:
        settings = app_settings(base_url)
        samples = side_by_side(
            lambda: _crisp_tui(settings), lambda: _official(settings), runs=2 if quick else 9
        )
    return [
        compared(
            f"1 triage sweep (list + {PAGE} message fetches, {LATENCY_MS} ms latency)",
            "ms",
            samples,
            peer_label="crisp-api",
            max_ratio=1 / 8,
            goal="≥ 8x faster than crisp-api",
            note="emulator in its own process; fresh client per sweep, its constructor untimed",
        )
    ]


if __name__ == "__main__":
    main(run)
