"""One HTTP exchange with Crisp: send, unwrap the envelope, map failures to typed errors, retry.

Retries only what is safe to repeat: idempotent methods after a network error, a 5xx, or a rate
limit, with exponential backoff and full jitter. A POST is never retried here.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import errors
from .usage import RequestUsage

if TYPE_CHECKING:
    import httpx

Sleep = Callable[[float], Awaitable[None]]

_REASON_ERRORS: Mapping[str, type[errors.CrispError]] = {
    "invalid_session": errors.AuthenticationError,
    "not_allowed": errors.NotAllowedError,
    "not_found": errors.NotFoundError,
    "session_not_found": errors.NotFoundError,
    "not_subscribed": errors.NotSubscribedError,
    "invalid_data": errors.InvalidDataError,
    "quota_limit_exceeded": errors.QuotaExceededError,
}

_STATUS_ERRORS: Mapping[int, type[errors.CrispError]] = {
    400: errors.InvalidDataError,
    401: errors.AuthenticationError,
    403: errors.NotAllowedError,
    404: errors.NotFoundError,
    423: errors.QuotaExceededError,
}


RETRYABLE = (errors.NetworkError, errors.ServerError, errors.RateLimitedError)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Full jitter: a random wait up to the exponential ceiling for this attempt."""
        return rng.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


@dataclass(frozen=True)
class Reply:
    status: int
    data: Any


def _decode(response: httpx.Response) -> Mapping[str, Any] | None:
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, Mapping) else None


def error_for(response: httpx.Response, envelope: Mapping[str, Any] | None) -> errors.CrispError:
    status = response.status_code
    reason = str(envelope.get("reason", "")) if envelope else ""
    if status >= 500:
        return errors.ServerError(status=status, reason=reason)
    if status in (420, 429):  # whatever the reason says
        return errors.RateLimitedError(status=status, reason=reason)
    cls = _REASON_ERRORS.get(reason) or _STATUS_ERRORS.get(status) or errors.CrispError
    message = None
    if cls is errors.InvalidDataError and envelope:
        detail = envelope.get("data")
        detail = detail.get("message") if isinstance(detail, Mapping) else None
        if isinstance(detail, str) and detail:
            message = f"Crisp refused the request as invalid: {detail[:300]}"
    return cls(message, status=status, reason=reason)


class Transport:
    def __init__(
        self,
        connect: Callable[[], httpx.AsyncClient],
        *,
        retry: RetryPolicy,
        usage: RequestUsage,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self._connect = connect
        self._http: httpx.AsyncClient | None = None
        self._opening = asyncio.Lock()
        self.retry = retry
        self.usage = usage
        self._sleep = sleep
        self._rng = rng or random.Random()

    async def pool(self) -> httpx.AsyncClient:
        """The connection pool, made on first use in a worker thread: importing httpx and
        building the client take ~150 ms that would otherwise freeze the UI after its first
        paint."""
        async with self._opening:
            if self._http is None:
                self._http = await asyncio.to_thread(self._connect)
        return self._http

    async def aclose(self) -> None:
        http, self._http = self._http, None  # a later request opens a fresh pool
        if http is not None:
            await http.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> Reply:
        attempts = 1 if method == "POST" else max(1, self.retry.attempts)
        for attempt in range(attempts):
            try:
                return await self.send_once(method, path, params=params, body=body)
            except RETRYABLE:
                if attempt + 1 >= attempts:
                    raise
                await self.back_off(attempt)
        raise AssertionError("unreachable")

    async def back_off(self, attempt: int) -> None:
        """Wait before the retry that follows failed attempt number `attempt` (from 0)."""
        await self._sleep(self.retry.delay(attempt, self._rng))

    async def send_once(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
    ) -> Reply:
        http = await self.pool()
        import httpx  # already loaded by pool()

        # Failures before the request left this machine: it cannot have been stored.
        never_sent = (
            httpx.ConnectError,
            httpx.ConnectTimeout,
            httpx.PoolTimeout,
            httpx.UnsupportedProtocol,
        )
        self.usage.record()
        try:
            response = await http.request(method, path, params=params, json=body)
        except never_sent as error:
            raise errors.NetworkError(
                f"Could not reach Crisp ({type(error).__name__}): check the network "
                "connection and CRISP_API_URL.",
                maybe_stored=False,
            ) from None
        except httpx.TimeoutException:
            raise errors.CrispTimeoutError() from None
        except httpx.TransportError as error:
            # Only the class name is kept: nothing from the request can leak into the message.
            raise errors.NetworkError(
                f"The connection to Crisp broke ({type(error).__name__}): check the network "
                "and try again."
            ) from None
        envelope = _decode(response)
        if response.status_code >= 300 or (envelope and envelope.get("error") is True):
            raise error_for(response, envelope)
        if method == "HEAD":
            return Reply(response.status_code, None)
        if envelope is None or ("data" not in envelope and "reason" not in envelope):
            raise errors.MalformedResponseError(status=response.status_code)
        return Reply(response.status_code, envelope.get("data"))
