"""Acting on many conversations: through a batch route a slice at a time, or one request each
(for what has no batch route, such as pending), with one outcome per conversation."""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from . import errors

# Crisp documents no limit on `sessions`; a slice the size of its largest page (50) keeps any
# one refused request small, and 50 conversations still cost one request.
BATCH_SIZE = 50
# Refusals about the conversations themselves: the next ones may still go through. Any other
# error (offline, quota, credentials, read-only) would refuse them all, so they are not sent.
_PER_SESSION = (errors.NotFoundError, errors.InvalidDataError)

Progress = Callable[[int, int], None]  # (conversations handled so far, total)


@dataclass(frozen=True)
class SessionOutcome:
    session_id: str
    error: errors.CrispError | None = None
    sent: bool = True  # False: not tried, an earlier request's error stood for it

    @property
    def ok(self) -> bool:
        return self.error is None


def distinct(session_ids: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(session_ids))


async def in_batches(
    request: Callable[[list[str]], Awaitable[None]],
    session_ids: Sequence[str],
    *,
    size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> list[SessionOutcome]:
    """`request` once per slice of at most `size` sessions."""
    ids = distinct(session_ids)
    return await _each([ids[i : i + size] for i in range(0, len(ids), size)], request, progress)


async def one_by_one(
    request: Callable[[str], Awaitable[None]],
    session_ids: Sequence[str],
    *,
    progress: Progress | None = None,
) -> list[SessionOutcome]:
    """`request` once per session, in order."""

    async def single(chunk: list[str]) -> None:
        await request(chunk[0])

    return await _each([[s] for s in distinct(session_ids)], single, progress)


def refused_for_itself(error: errors.CrispError) -> bool:
    """Crisp refused a conversation for what it is (unknown, invalid), not the request as such."""
    return isinstance(error, _PER_SESSION)


async def _each(
    chunks: list[list[str]],
    request: Callable[[list[str]], Awaitable[None]],
    progress: Progress | None,
) -> list[SessionOutcome]:
    total = sum(map(len, chunks))
    outcomes: list[SessionOutcome] = []
    queue = deque(chunks)
    while queue:
        chunk = queue.popleft()
        try:
            await request(chunk)
        except errors.CrispError as error:
            if refused_for_itself(error) and len(chunk) > 1:
                # Crisp refuses a whole batch for one unknown conversation: halves, in order,
                # find which (a few more requests) and the others are done.
                half = len(chunk) // 2
                queue.extendleft([chunk[half:], chunk[:half]])
                continue
            outcomes += [SessionOutcome(s, error) for s in chunk]
            if not refused_for_itself(error):
                outcomes += [SessionOutcome(s, error, sent=False) for c in queue for s in c]
                break
        else:
            outcomes += [SessionOutcome(s) for s in chunk]
        if progress is not None:
            progress(len(outcomes), total)
    return outcomes
