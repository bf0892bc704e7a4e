"""`conversation resolve|unresolve|pending|read|unread|assign` on several session ids at once.

Two ids or more go through Crisp's batch routes (50 a request; pending has none, so one request
each; a batch Crisp refuses for an unknown conversation is split to find which, and the others
are done). The result lists every session: `{"session_id", "ok", …}` with an `error` object when
it was not done. Exit status 0 when all were done; 1 when some were not (they are named on
stderr); when none were for a reason that is not about them (offline, quota), that error decides,
as for one id.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable

from ..crisp import CrispClient
from ..crisp.batch import SessionOutcome, in_batches, one_by_one, refused_for_itself
from . import render
from .base import EXIT_CRISP_ERROR, Context
from .output import print_json

Send = Callable[[CrispClient, list[str]], Awaitable[list[SessionOutcome]]]


def set_state(state: str) -> Send:
    async def send(client: CrispClient, ids: list[str]) -> list[SessionOutcome]:
        if state == "pending":  # no batch route for pending
            return await one_by_one(lambda s: client.set_state(s, state), ids)
        batch = client.batch_resolve if state == "resolved" else client.batch_unresolve
        return await in_batches(batch, ids)

    return send


def mark(read: bool) -> Send:
    async def send(client: CrispClient, ids: list[str]) -> list[SessionOutcome]:
        return await in_batches(client.batch_mark_read if read else client.batch_mark_unread, ids)

    return send


def assign(user_id: str | None) -> Send:
    async def send(client: CrispClient, ids: list[str]) -> list[SessionOutcome]:
        return await in_batches(lambda chunk: client.batch_assign(chunk, user_id), ids)

    return send


async def run(
    ctx: Context,
    client: CrispClient,
    ids: list[str],
    send: Send,
    data: dict[str, object],
    sentence: Callable[[str], str],
) -> int:
    """Act on every session; print one result per session (`data` for each done), and say which
    were not done."""
    outcomes = await send(client, ids)
    failed = [o for o in outcomes if o.error is not None]
    if ctx.out.json_mode:
        print_results(outcomes, data)
    else:
        done = [sentence(render.one_line(o.session_id)) for o in outcomes if o.ok]
        ctx.out.result(None, lambda: "\n".join(done))
    first = failed[0].error if failed else None
    if first is not None and len(failed) == len(outcomes) and not refused_for_itself(first):
        raise first  # nothing done (offline, quota…): reported, exit status too, as for one id
    for outcome in failed:
        print(
            f"Not done for {render.one_line(outcome.session_id)}: {outcome.error}", file=sys.stderr
        )
    return EXIT_CRISP_ERROR if failed else 0


def print_results(outcomes: list[SessionOutcome], data: dict[str, object]) -> None:
    results = []
    for outcome in outcomes:
        result: dict[str, object] = {"session_id": outcome.session_id, "ok": outcome.ok}
        if outcome.error is None:
            result.update(data)
        else:
            error = outcome.error
            result["error"] = {
                "message": str(error),
                "reason": error.reason,
                "status": error.status,
                "sent": outcome.sent,
            }
        results.append(result)
    print_json(results)
