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

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        reason: str = "",
        detail: str = "",
        maybe_stored: bool | None = None,
    ):
        self.status = status
        self.reason = reason
        # Crisp's own full message (`data.message`), which can be long validator output: kept
        # for the log and `--json`, while `str(error)` stays one short sentence.
        self.detail = detail
        if maybe_stored is not None:
            self.maybe_stored = maybe_stored
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
        "This token's plugin is not installed on that website: check CRISP_WEBSITE_ID, or "
        "install the plugin on the website in the Crisp Marketplace."
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
    maybe_stored = True


class CrispTimeoutError(NetworkError):
    hint = "Crisp did not answer in time: check the network and try again."


class MalformedResponseError(CrispError):
    hint = "Crisp sent a response that could not be understood: try again, or report a bug."
    maybe_stored = True


class InvalidRequestError(CrispError):
    """The request could not be built (a URL too long for HTTP, a character no header can carry):
    raised before anything is sent."""

    hint = "The request could not be sent as it is: shorten the search or check the settings."


class InvalidIdError(InvalidRequestError):
    """A website or session id that is not exactly one URL path segment (`..`, `a/b`, empty)."""

    hint = "That is not a valid Crisp id: copy the id exactly as Crisp shows it."


class ReadOnlyError(CrispError):
    """A request that would change something in Crisp, refused in read-only mode before it left
    this machine."""

    hint = (
        "crisp-tui is in read-only mode and sends nothing that changes Crisp: start it without "
        "--read-only (or set read_only = false) to do that."
    )


class MissingCredentialsError(CrispError):
    """Raised before any request when a setting is absent; the message names the variable."""

    hint = "Crisp credentials are missing."


class FileTransferError(CrispError):
    """An attachment could not be downloaded or uploaded; the message says why and what to do."""

    hint = "The file could not be transferred: try again."


class UnconfirmedSendError(CrispError):
    """A message whose POST got no clear answer and that is not (yet) in the conversation. It is
    never sent again on its own: it may still arrive."""

    hint = (
        "Crisp did not confirm the message and it is not in the conversation yet: it may still "
        "arrive, so look at the conversation before sending it again."
    )
