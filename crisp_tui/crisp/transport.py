"""One HTTP exchange with Crisp: send, unwrap the envelope, map failures to typed errors, retry.

In read-only mode every method but GET and HEAD is refused here, before anything is sent.
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
READ_METHODS = ("GET", "HEAD")


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


def _decode(content: bytes) -> Mapping[str, Any] | None:
    try:
        body = json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError):  # deep nesting exhausts the stack
        return None
    return body if isinstance(body, Mapping) else None


# Answers to a POST that may come after the message was stored (a proxy's timeout, a conflict,
# the edge losing the client, a 404 from a route that did store it): the outcome is unknown.
_POST_UNKNOWN_OUTCOME = (404, 408, 409, 499)


def short_detail(detail: str, limit: int = 120) -> str:
    """The first rule of Crisp's validator output ("data.type should be …, data should match
    some schema in anyOf"), cut to fit on one line."""
    first = " ".join(detail.split()).split(", data")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def error_for(
    status: int, envelope: Mapping[str, Any] | None, method: str = "GET"
) -> errors.CrispError:
    reason = str(envelope.get("reason", "")) if envelope else ""
    data = envelope.get("data") if envelope else None
    detail = data.get("message") if isinstance(data, Mapping) else None
    detail = detail if isinstance(detail, str) else ""
    maybe_stored = True if method == "POST" and status in _POST_UNKNOWN_OUTCOME else None
    cls: type[errors.CrispError]
    if status >= 500:
        cls = errors.ServerError
    elif status in (420, 429):  # whatever the reason says
        cls = errors.RateLimitedError
    elif status == 404:  # anything but not_subscribed means "no such thing", whatever the reason
        cls = errors.NotSubscribedError if reason == "not_subscribed" else errors.NotFoundError
    elif status in (408, 499):
        cls = errors.CrispTimeoutError
    else:
        cls = _REASON_ERRORS.get(reason) or _STATUS_ERRORS.get(status) or errors.CrispError
    message = None
    if cls is errors.InvalidDataError and detail:
        message = f"Crisp refused the request as invalid: {short_detail(detail)}."
    return cls(message, status=status, reason=reason, detail=detail, maybe_stored=maybe_stored)


class Transport:
    def __init__(
        self,
        connect: Callable[[], httpx.AsyncClient],
        *,
        retry: RetryPolicy,
        usage: RequestUsage,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        read_only: bool = False,
    ) -> None:
        self._connect = connect
        self.read_only = read_only
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
                try:
                    self._http = await asyncio.to_thread(self._connect)
                except (UnicodeEncodeError, ValueError):  # a header httpx cannot encode
                    raise errors.InvalidRequestError(
                        "A credential or the tier holds a character that cannot be sent over "
                        "HTTP: check CRISP_TOKEN_ID, CRISP_TOKEN_KEY and CRISP_TIER."
                    ) from None
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
        if self.read_only and method not in READ_METHODS:
            raise errors.ReadOnlyError()
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
        except httpx.DecodingError:  # e.g. `Content-Encoding: gzip` on a body that is not
            raise errors.MalformedResponseError() from None
        except (httpx.InvalidURL, UnicodeEncodeError):  # raised while building the request
            raise errors.InvalidRequestError() from None
        except (httpx.HTTPError, httpx.StreamError, httpx.CookieConflict) as error:
            # Only the class name is kept: nothing from the request can leak into the message.
            raise errors.NetworkError(
                f"The connection to Crisp broke ({type(error).__name__}): check the network "
                "and try again."
            ) from None
        envelope = _decode(response.content)
        if response.status_code >= 300 or (envelope and envelope.get("error") is True):
            raise error_for(response.status_code, envelope, method)
        if method == "HEAD":
            return Reply(response.status_code, None)
        if envelope is None or ("data" not in envelope and "reason" not in envelope):
            raise errors.MalformedResponseError(status=response.status_code)
        return Reply(response.status_code, envelope.get("data"))
