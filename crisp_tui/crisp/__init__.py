"""Async client for the Crisp REST API v1 (httpx only; knows nothing of the UI).

The names below load on first use, so importing a light submodule (errors, credentials, models)
does not pull in httpx.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "ConversationQuery": "client",
    "CrispClient": "client",
    "new_fingerprint": "client",
    "CrispError": "errors",
    "Conversation": "models",
    "ConversationMeta": "models",
    "Message": "models",
    "MessageBatch": "models",
    "Operator": "models",
    "Website": "models",
    "WebsiteInbox": "models",
    "RetryPolicy": "transport",
    "RequestUsage": "usage",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
