"""Typed errors of the Crisp client.

Every error carries one human sentence (`str(error)`) that says what happened and what to do.
None of them ever holds a credential, a header or a request body.
"""

from __future__ import annotations


class CrispError(Exception):
    """Base of every error the client raises."""

    hint = "Something went wrong talking to Crisp."
    # Whether a write may have been stored despite this error (the outcome is unknown).
    maybe_stored = False

    def __init__(self, message: str | None = None, *, status: int | None = None, reason: str = ""):
        self.status = status
        self.reason = reason
        super().__init__(message or self.hint)

    @property
    def message(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, reason={self.reason!r})"


class AuthenticationError(CrispError):
    hint = (
        "Crisp rejected the credentials: check CRISP_TOKEN_ID, CRISP_TOKEN_KEY and CRISP_TIER "
        "(plugin or website)."
    )


class NotAllowedError(CrispError):
    hint = "This token is not allowed to do that: grant the plugin the needed scope in Crisp."


class NotFoundError(CrispError):
    hint = "Crisp found no such conversation or resource: check the session id."


class NotSubscribedError(CrispError):
    hint = (
        "The plugin is not subscribed to this website: check CRISP_WEBSITE_ID or install the "
        "plugin on it."
    )


class InvalidDataError(CrispError):
    hint = "Crisp refused the request as invalid."


class RateLimitedError(CrispError):
    hint = "Crisp is rate limiting this token: wait a minute and try again."


class QuotaExceededError(CrispError):
    hint = (
        "The daily Crisp API quota is used up: requests resume tomorrow (UTC), or raise the "
        "quota in the Crisp Marketplace."
    )


class ServerError(CrispError):
    hint = "Crisp had a server error: try again in a moment."
    maybe_stored = True


class NetworkError(CrispError):
    hint = "Could not reach Crisp: check the network connection and CRISP_API_URL."

    def __init__(self, message: str | None = None, *, maybe_stored: bool = True, **kwargs):
        super().__init__(message, **kwargs)
        self.maybe_stored = maybe_stored


class CrispTimeoutError(NetworkError):
    hint = "Crisp did not answer in time: check the network and try again."


class MalformedResponseError(CrispError):
    hint = "Crisp sent a response that could not be understood: try again, or report a bug."
    maybe_stored = True


class MissingCredentialsError(CrispError):
    """Raised before any request when a setting is absent; the message names the variable."""

    hint = "Crisp credentials are missing."
